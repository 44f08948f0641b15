import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  clone, countStatus, createColours, edited, excerpt, nextUnreviewed, sameSpans, sortedIds, stepIndex,
} from '../../static/annotations/js/editor/quotes.js';
import { newQuote } from '../../static/annotations/js/editor/records.js';

const quote = (id, frags, status = 'proposed', entity = '') => ({ ...newQuote(id, frags[0], 'direct'), frags, status, entity });
const mapOf = (...qs) => new Map(qs.map((q) => [q.id, q]));

test('quotes sort by start, then end, then id', () => {
  const quotes = mapOf(quote(3, [[10, 20]]), quote(1, [[0, 5]]), quote(2, [[10, 15]]), quote(-1, [[10, 15]]));
  assert.deepEqual(sortedIds(quotes), [1, -1, 2, 3]);
});

test('edited: a proposal becomes edited, an added quote stays added, the original is untouched', () => {
  const p = quote(1, [[0, 5]]);
  const e = edited(p);
  assert.equal(e.status, 'edited');
  assert.equal(p.status, 'proposed');
  e.frags[0][0] = 2;
  assert.equal(p.frags[0][0], 0);
  assert.equal(edited(quote(2, [[0, 5]], 'added')).status, 'added');
});

test('clone copies deeply and passes null through', () => {
  const q = quote(1, [[0, 5]]);
  assert.notEqual(clone(q).frags, q.frags);
  assert.equal(clone(null), null);
});

test('sameSpans compares fragments, cue and mention only', () => {
  const a = quote(1, [[0, 5]]);
  const b = { ...clone(a), status: 'accepted', entity: 'X' };
  assert.ok(sameSpans(a, b));
  b.cue = [6, 8];
  assert.ok(!sameSpans(a, b));
});

test('excerpt joins fragments, squashes white space and cuts long text', () => {
  const text = 'one  two\nthree four five';
  assert.equal(excerpt(quote(1, [[0, 8], [15, 19]]), text), 'one two … four');
  assert.equal(excerpt(quote(1, [[0, 24]]), text, 10), 'one two t…');
});

test('stepIndex clamps, and starts from either end without a selection', () => {
  const order = [5, 6, 7];
  assert.equal(stepIndex(order, 6, 1), 2);
  assert.equal(stepIndex(order, 7, 1), 2);
  assert.equal(stepIndex(order, 5, -1), 0);
  assert.equal(stepIndex(order, null, 1), 0);
  assert.equal(stepIndex(order, null, -1), 2);
  assert.equal(stepIndex([], null, 1), -1);
});

test('nextUnreviewed wraps round to the next proposal, else takes the next quote', () => {
  const quotes = mapOf(quote(1, [[0, 1]]), quote(2, [[2, 3]], 'accepted'), quote(3, [[4, 5]], 'rejected'));
  const order = [1, 2, 3];
  assert.equal(nextUnreviewed(order, quotes, 3), 1);
  assert.equal(nextUnreviewed(order, quotes, 2), 1);
  quotes.get(1).status = 'accepted';
  assert.equal(nextUnreviewed(order, quotes, 1), 2);
  assert.equal(nextUnreviewed(order, quotes, 3), 3);
});

test('countStatus counts quotes with one status', () => {
  assert.equal(countStatus(mapOf(quote(1, [[0, 1]]), quote(2, [[0, 1]], 'accepted'), quote(3, [[0, 1]])), 'proposed'), 2);
});

test('colours follow the speaker name (case-insensitive), in order of first appearance, cycling the palette', () => {
  const colourClass = createColours(2);
  assert.equal(colourClass(quote(1, [[0, 1]], 'proposed', 'Anna Berg')), 'spk-0');
  assert.equal(colourClass(quote(2, [[0, 1]], 'proposed', 'Jan Minister')), 'spk-1');
  assert.equal(colourClass(quote(3, [[0, 1]], 'proposed', 'anna berg')), 'spk-0');
  assert.equal(colourClass(quote(4, [[0, 1]], 'proposed', 'Third')), 'spk-0');
  assert.equal(colourClass(quote(5, [[0, 1]])), 'spk-none');
});

test('a link to a place in the text selects the quote that covers most of it', async () => {
  const { parseAt, quoteAt } = await import('../../static/annotations/js/editor/quotes.js');
  assert.deepEqual(parseAt('#at=12-40'), [12, 40]);
  assert.equal(parseAt('#at=40-12'), null);
  assert.equal(parseAt('#quote-3'), null);
  const quotes = mapOf(quote(1, [[0, 15]]), quote(2, [[14, 30], [35, 50]]), quote(3, [[60, 70]]));
  const order = sortedIds(quotes);
  assert.equal(quoteAt(order, quotes, 10, 45), 2);
  assert.equal(quoteAt(order, quotes, 0, 12), 1);
  assert.equal(quoteAt(order, quotes, 52, 58), null);
});
