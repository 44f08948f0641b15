import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  fieldValue, fromSavedGold, goldIdsOf, goldRecords, groupState, isAgreed, outId, prefill, restoreStates, rowKeyOf,
  rowsOf, sameField, snapshot, sourceLabel, sourceQuote, takeQuoteStates, takeSetStates, undecidedCount, withField,
} from '../../static/review/js/curation/gold.js';
import { sortedIds } from '../../static/annotations/js/editor/quotes.js';
import { newQuote } from '../../static/annotations/js/editor/records.js';
import { CURATION, TEXT } from './curation-data.mjs';
import { VOCAB } from './vocab.mjs';

const copy = (x) => structuredClone(x);
const ids = () => {
  let n = 0;
  return () => (n += 1);
};

// The page's state: the gold quotes, their order, the groups, the sources, the "out" marks;
// apply() does what the controller does with commit states.
function stateWith(quotes = [], { groups = CURATION.groups, sources = CURATION.sources } = {}) {
  const state = { quotes: new Map(quotes.map((q) => [q.id, q])), order: [], groups, sources, out: new Set() };
  state.order = sortedIds(state.quotes);
  state.apply = (states) => {
    for (const [id, v] of states) {
      if (typeof id === 'string') {
        const g = Number(id.slice(4));
        if (v) state.out.add(g);
        else state.out.delete(g);
      } else if (v) state.quotes.set(id, v);
      else state.quotes.delete(id);
    }
    state.order = sortedIds(state.quotes);
    return state;
  };
  return state;
}

test('sources are named by their annotator; the machine set is the proposer', () => {
  assert.deepEqual(CURATION.sources.map(sourceLabel), ['ann1', 'ann2', 'proposer']);
});

test('a group is agreed when every annotator has one decided quote there and all fields agree', () => {
  const [g0, g1, g2] = CURATION.groups;
  assert.ok(isAgreed(g0, CURATION.sources));
  assert.ok(!isAgreed(g1, CURATION.sources), 'they disagree on the kind');
  assert.ok(isAgreed(g2, CURATION.sources));
  const unreviewed = copy(g0);
  unreviewed.quotes[1].status = 'proposed';
  assert.ok(!isAgreed(unreviewed, CURATION.sources), 'an unreviewed proposal is nobody’s decision');
  const machineOnly = CURATION.sources.filter((s) => s.kind === 'machine');
  assert.ok(!isAgreed(g0, machineOnly), 'the proposals alone never pre-fill the gold');
});

test('pre-fill: agreed groups start in the gold as accepted copies, the rest stay undecided', () => {
  const gold = prefill(CURATION.groups, CURATION.sources, VOCAB, ids());
  assert.deepEqual(gold.map((q) => [q.id, q.group, q.status, q.confidence]), [[1, 0, 'accepted', null], [2, 2, 'accepted', null]]);
  assert.deepEqual(gold[1].frags, [[95, 114], [131, 155]]);
  assert.deepEqual(gold[1].extra, { rule: 'colon' }, 'the curation keys set_id and owner are not part of the quote');
  const state = stateWith(gold);
  assert.deepEqual(CURATION.groups.map((g, i) => groupState(i, state)), ['taken', 'undecided', 'taken']);
  assert.equal(undecidedCount(state), 1);
});

test('with one annotator, their decided quotes are all there is: every such group is pre-filled', () => {
  const sources = CURATION.sources.filter((s) => s.owner !== 'ann2');
  const groups = copy(CURATION.groups).map((g) => ({
    ...g, quotes: g.quotes.filter((q) => q.owner !== 'ann2'), agreed: { span: true, kind: true, cue: true, mention: true, speaker: true },
  }));
  assert.equal(prefill(groups, sources, VOCAB, ids()).length, 3);
});

test('taking a source’s quote replaces the group’s gold, as accepted, the proposer’s too; undo-able as one change', () => {
  const newId = ids();
  const state = stateWith(prefill(CURATION.groups, CURATION.sources, VOCAB, newId));
  const ann2 = takeQuoteStates(1, 4, state, VOCAB, newId);
  assert.deepEqual(ann2.map(([id, q]) => [id, q && q.kind]), [[3, 'mixed'], [outId(1), null]]);
  state.apply(ann2);
  assert.equal(groupState(1, state), 'taken');
  const machine = takeQuoteStates(1, 2, state, VOCAB, newId);
  assert.deepEqual(machine.map(([id, q]) => [id, q && [q.kind, q.status]]), [[3, null], [4, ['indirect', 'accepted']], [outId(1), null]]);
  state.apply(machine);
  assert.deepEqual(goldIdsOf(1, state), [4]);
});

test('taking the version of a source that has no quote leaves the group out', () => {
  const groups = copy(CURATION.groups);
  groups[1].quotes = groups[1].quotes.filter((q) => q.owner !== 'ann1');
  const state = stateWith([], { groups });
  state.apply(takeQuoteStates(1, 3, state, VOCAB, ids()));
  assert.equal(groupState(1, state), 'out');
  assert.equal(undecidedCount(state), 2);
});

test('taking one field makes the gold quote edited and changes only that field', () => {
  const [ann1, ann2] = CURATION.groups[1].quotes.map((r) => sourceQuote(r, VOCAB));
  const gold = { ...ann1, id: 7, group: 1, status: 'accepted' };
  const kind = withField(gold, ann2, 'kind');
  assert.deepEqual([kind.kind, kind.status, kind.frags, kind.cue], ['mixed', 'edited', gold.frags, gold.cue]);
  assert.equal(gold.kind, 'indirect', 'the gold quote itself is not changed');
  const [berg] = CURATION.groups[2].quotes.map((r) => sourceQuote(r, VOCAB));
  const speaker = withField(gold, berg, 'speaker');
  assert.deepEqual([speaker.entity, speaker.speakerId], ['Anna Berg', 2]);
  const mention = withField(gold, berg, 'mention');
  assert.deepEqual([mention.mention, mention.speakerType], [[120, 129], 'named']);
  const span = withField(gold, berg, 'span');
  assert.deepEqual(span.frags, [[95, 114], [131, 155]]);
  span.frags[0][0] = 0;
  assert.equal(berg.frags[0][0], 95, 'a copy, not the source’s arrays');
  const added = withField({ ...gold, status: 'added' }, ann2, 'cue');
  assert.equal(added.status, 'added');
});

test('fields compare as the reviewer sees them', () => {
  const [a, b, m] = CURATION.groups[1].quotes.map((r) => sourceQuote(r, VOCAB));
  assert.ok(sameField(a, b, 'span') && sameField(a, b, 'cue') && !sameField(a, b, 'kind'));
  assert.ok(sameField(a, m, 'kind'));
  assert.equal(fieldValue(a, 'speaker'), null);
  const named = { ...a, entity: ' Anna  Berg', speakerId: null };
  const known = { ...a, entity: 'Anna Berg', speakerId: 2 };
  assert.ok(sameField(named, known, 'speaker'), 'a typed name matches the registry speaker of that name');
  assert.ok(!sameField(undefined, a, 'kind'));
});

test('taking a whole set fills every group from it and leaves out what it does not have', () => {
  const newId = ids();
  const state = stateWith(prefill(CURATION.groups, CURATION.sources, VOCAB, newId));
  state.quotes.set(-1, newQuote(-1, [43, 52], 'indirect'));  // "on Monday": the reviewer's own, outside the groups
  state.order = sortedIds(state.quotes);
  const groups = copy(CURATION.groups);
  groups[2].quotes = groups[2].quotes.filter((q) => q.owner !== 'ann2');
  state.groups = groups;
  const { states, undecided } = takeSetStates(4, state, VOCAB, newId);
  state.apply(states);
  assert.equal(undecided, 0);
  assert.deepEqual(groups.map((g, i) => groupState(i, state)), ['taken', 'taken', 'out']);
  assert.ok(!state.quotes.has(-1));
  assert.deepEqual(state.order.map((id) => state.quotes.get(id).kind), ['direct', 'mixed']);
});

test('a whole annotator set leaves their unreviewed proposals undecided; the proposer’s is taken as accepted', () => {
  const groups = copy(CURATION.groups);
  groups[0].quotes[0].status = 'proposed';
  const state = stateWith([], { groups });
  state.out.add(0);
  const { states, undecided } = takeSetStates(3, state, VOCAB, ids());
  state.apply(states);
  assert.equal(undecided, 1);
  assert.deepEqual(groups.map((g, i) => groupState(i, state)), ['undecided', 'taken', 'taken']);
  const machine = stateWith([], { groups });
  machine.apply(takeSetStates(2, machine, VOCAB, ids()).states);
  assert.deepEqual([...machine.quotes.values()].map((q) => q.status), ['accepted', 'accepted', 'accepted']);
});

test('rows: every group and each added quote outside them, in text order', () => {
  const state = stateWith([newQuote(-1, [43, 52], 'indirect'), newQuote(-2, [100, 110], 'direct')]);
  assert.deepEqual(rowsOf(state).map((r) => r.key), ['g:0', 'q:-1', 'g:1', 'g:2']);
  assert.equal(rowKeyOf(state, -2), 'g:2', 'an added quote inside a group belongs to it');
  assert.equal(rowKeyOf(state, 99), null);
});

test('gold records for the PUT have no ids and keep what the API gave', () => {
  const state = stateWith(prefill(CURATION.groups, CURATION.sources, VOCAB, ids()));
  const records = goldRecords(state, TEXT);
  assert.equal(records.length, 2);
  assert.ok(records.every((r) => !('id' in r) && r.status === 'accepted' && !('set_id' in r) && !('owner' in r)));
  assert.deepEqual(records[1], {
    rule: 'colon', start: 95, end: 155, text: TEXT.slice(95, 155), kind: 'direct', fragments: [[95, 114], [131, 155]],
    cue: 'said', cue_start: 115, cue_end: 119, speaker: 'Anna Berg', speaker_start: 120, speaker_end: 129,
    speaker_entity: 'Anna Berg', speaker_type: 'named', status: 'accepted', speaker_id: 2,
  });
});

test('a saved gold version starts the page: its quotes in their groups, the other groups out', () => {
  const saved = [CURATION.groups[2].quotes[0]].map(({ set_id: s, owner, ...r }) => ({ ...r, id: 55, status: 'edited' }));
  const { quotes, out } = fromSavedGold(saved, CURATION.groups, VOCAB, ids());
  assert.deepEqual(quotes.map((q) => [q.id, q.group, q.status]), [[1, 2, 'edited']]);
  assert.deepEqual(out, [0, 1]);
});

test('a snapshot survives a reload and replaces the gold in progress', () => {
  const newId = ids();
  const state = stateWith(prefill(CURATION.groups, CURATION.sources, VOCAB, newId));
  state.apply(takeQuoteStates(1, 4, state, VOCAB, newId));
  state.apply([[outId(2), 'out'], [2, null]]);
  const snap = JSON.parse(JSON.stringify(snapshot(state, TEXT, 3)));
  assert.deepEqual([snap.baseVersion, snap.out, snap.quotes.map((q) => q.group)], [3, [2], [0, 1]]);

  const later = stateWith(prefill(CURATION.groups, CURATION.sources, VOCAB, ids()));
  const fresh = ids();
  const restored = later.apply(restoreStates(snap, later, VOCAB, () => 100 + fresh()));
  assert.deepEqual(CURATION.groups.map((g, i) => groupState(i, restored)), ['taken', 'taken', 'out']);
  assert.deepEqual(restored.order.map((id) => restored.quotes.get(id).kind), ['direct', 'mixed']);
});
