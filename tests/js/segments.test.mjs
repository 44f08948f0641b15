import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  idsUnder, paragraphs, paraOf, parasOfQuote, quoteIntervals, segments, spanLook,
} from '../../static/annotations/js/editor/segments.js';
import { createColours } from '../../static/annotations/js/editor/quotes.js';
import { newQuote } from '../../static/annotations/js/editor/records.js';
import { VOCAB } from './vocab.mjs';

test('paragraphs end after each run of newlines and cover the text', () => {
  assert.deepEqual(paragraphs('ab\n\ncd\nef'), [[0, 4], [4, 7], [7, 9]]);
  assert.deepEqual(paragraphs('ab\n'), [[0, 3]]);
  assert.deepEqual(paragraphs(''), [[0, 0]]);
});

test('paraOf finds the paragraph of an offset', () => {
  const paras = paragraphs('ab\n\ncd\nef');
  assert.deepEqual([0, 3, 4, 6, 7, 9].map((p) => paraOf(paras, p)), [0, 0, 1, 1, 2, 2]);
});

test('a quote covers fragments, cue and mention, in every paragraph they reach', () => {
  const q = { ...newQuote(1, [0, 2], 'direct'), frags: [[0, 2], [7, 9]], cue: [4, 6] };
  assert.deepEqual(quoteIntervals(q), [[0, 2, 1, 'f'], [7, 9, 1, 'f'], [4, 6, 1, 'c']]);
  assert.deepEqual([...parasOfQuote(paragraphs('ab\n\ncd\nef'), q)].sort(), [0, 1, 2]);
  const long = newQuote(2, [1, 8], 'direct');
  assert.deepEqual([...parasOfQuote(paragraphs('ab\n\ncd\nef'), long)].sort(), [0, 1, 2]);
});

test('segments cut a paragraph at every boundary with the intervals active on each piece', () => {
  const ivs = [[2, 6, 1, 'f'], [4, 8, 2, 'f'], [12, 20, 3, 'c']];
  const got = segments([0, 15], ivs).map(([a, b, active]) => [a, b, active.map((iv) => iv[2])]);
  assert.deepEqual(got, [[0, 2, []], [2, 4, [1]], [4, 6, [1, 2]], [6, 8, [2]], [8, 12, []], [12, 15, [3]]]);
});

test('segments of a paragraph without intervals: one plain piece', () => {
  assert.deepEqual(segments([5, 9], []), [[5, 9, []]]);
});

const look = (info, quotes, selectedId = null) => spanLook(info, { quotes, selectedId, colourClass: createColours(8), vocab: VOCAB });

test('the look of a segment: status, colour, cue, mention, selection and a tooltip', () => {
  const q = { ...newQuote(1, [0, 5], 'direct'), status: 'proposed', entity: 'Anna Berg', confidence: 0.5 };
  const quotes = new Map([[1, q]]);
  assert.deepEqual(look([{ id: 1, t: 'f' }], quotes), {
    cls: 'hl frag st-proposed spk-0', title: 'Proposed direct quote by Anna Berg, confidence 0.50',
  });
  assert.deepEqual(look([{ id: 1, t: 'f' }, { id: 1, t: 'c' }], quotes, 1).cls, 'hl frag st-proposed spk-0 cue sel');
  assert.deepEqual(look([{ id: 1, t: 'm' }], quotes), { cls: 'hl mention', title: 'Speaker mention' });
});

test('a rejected quote gives way to another and hides its cue unless selected', () => {
  const rejected = { ...newQuote(1, [0, 5], 'direct'), status: 'rejected' };
  const other = { ...newQuote(2, [0, 5], 'indirect'), status: 'accepted' };
  const quotes = new Map([[1, rejected], [2, other]]);
  assert.equal(look([{ id: 1, t: 'f' }, { id: 2, t: 'f' }], quotes).cls, 'hl frag st-accepted spk-none');
  assert.equal(look([{ id: 1, t: 'f' }, { id: 2, t: 'f' }], quotes, 1).cls, 'hl frag st-rejected spk-none sel');
  assert.deepEqual(look([{ id: 1, t: 'c' }], quotes), { cls: 'hl', title: 'Speaker mention' });
  assert.equal(look([{ id: 1, t: 'c' }], quotes, 1).cls, 'hl cue sel');
});

test('clicking goes through the quotes under a segment, fragments first', () => {
  assert.deepEqual(idsUnder([{ id: 1, t: 'c' }, { id: 2, t: 'f' }, { id: 1, t: 'm' }, { id: 3, t: 'f' }]), [2, 3, 1]);
});

test('a page’s own intervals (type g) look as the page says, under the quotes', () => {
  const q = { ...newQuote(1, [0, 5], 'direct'), status: 'accepted' };
  const quotes = new Map([[1, q]]);
  const ghostLook = (id) => ({ cls: `ghost ghost-${id}`, title: `Group ${id}` });
  const withGhosts = (info, selectedId = null) => spanLook(info, { quotes, selectedId, colourClass: createColours(8), vocab: VOCAB, ghostLook });
  assert.deepEqual(withGhosts([{ id: 'g:2', t: 'g' }]), { cls: 'hl ghost ghost-g:2', title: 'Group g:2' });
  assert.deepEqual(withGhosts([{ id: 1, t: 'f' }, { id: 'g:2', t: 'g' }, { id: 'g:3', t: 'g' }]), {
    cls: 'hl frag st-accepted spk-none ghost ghost-g:2', title: 'Accepted direct quote',
  });
  // Without ghostLook (the editor) they add no class.
  assert.equal(look([{ id: 'g:2', t: 'g' }], quotes).cls, 'hl');
});
