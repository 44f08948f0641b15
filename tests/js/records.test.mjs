import { test } from 'node:test';
import assert from 'node:assert/strict';

import { makeVocab, statusLabel } from '../../static/annotations/js/editor/vocab.js';
import { fromRecord, newQuote, toRecord } from '../../static/annotations/js/editor/records.js';
import { OTHER_VOCAB, RAW_VOCAB, VOCAB } from './vocab.mjs';

const TEXT = '"We will not back down," the minister said on Monday.';

const RECORD = {
  start: 0, end: 24, text: '"We will not back down,"', kind: 'direct', cue: 'said', cue_start: 38, cue_end: 42,
  speaker: 'the minister', speaker_start: 25, speaker_end: 37, speaker_entity: 'Jan Minister', speaker_type: 'description',
  confidence: 0.91, id: 7, status: 'proposed', speaker_id: 3,
};

test('fromRecord keeps spans as pairs and the rest as fields', () => {
  assert.deepEqual(fromRecord(RECORD, VOCAB), {
    id: 7, frags: [[0, 24]], kind: 'direct', cue: [38, 42], mention: [25, 37], entity: 'Jan Minister', speakerId: 3,
    speakerType: 'description', confidence: 0.91, status: 'proposed', extra: {},
  });
});

test('a record round-trips unchanged, key order included', () => {
  const back = toRecord(fromRecord(RECORD, VOCAB), TEXT);
  assert.deepEqual(back, RECORD);
  assert.deepEqual(Object.keys(back).slice(-3), ['id', 'status', 'speaker_id']);
});

test('unknown keys travel along in extra; which keys are known comes from the vocabulary', () => {
  const r = { ...RECORD, metadata: { rule: 'colon' } };
  assert.deepEqual(fromRecord(r, VOCAB).extra, { metadata: { rule: 'colon' } });
  assert.deepEqual(toRecord(fromRecord(r, VOCAB), TEXT).metadata, { rule: 'colon' });
  // A vocabulary without "confidence" treats it as an unknown key (kept, not interpreted).
  const q = fromRecord(r, OTHER_VOCAB);
  assert.equal(q.extra.confidence, 0.91);
});

test('defaults: one fragment from start/end, the first kind of the vocabulary, status added', () => {
  const q = fromRecord({ start: 4, end: 8 }, VOCAB);
  assert.deepEqual([q.frags, q.kind, q.cue, q.mention, q.entity, q.speakerId, q.speakerType, q.confidence, q.status],
    [[[4, 8]], 'direct', null, null, '', null, '', null, 'added']);
  assert.equal(fromRecord({ start: 4, end: 8 }, OTHER_VOCAB).kind, 'dq');
});

test('several fragments: start and end span them all, fragments are listed', () => {
  const text = 'abcdefghijklmnopqrstuvwxyz';
  const q = fromRecord({ start: 0, end: 20, fragments: [[0, 3], [10, 20]], kind: 'mixed', id: 1, status: 'edited' }, VOCAB);
  assert.deepEqual(q.frags, [[0, 3], [10, 20]]);
  const r = toRecord(q, text);
  assert.deepEqual([r.start, r.end, r.text, r.fragments], [0, 20, text.slice(0, 20), [[0, 3], [10, 20]]]);
});

test('toRecord leaves out what is not set and recomputes the text of spans', () => {
  const q = newQuote(-1, [29, 42], 'indirect');
  assert.deepEqual(toRecord(q, TEXT), {
    start: 29, end: 42, text: 'minister said', kind: 'indirect', id: -1, status: 'added', speaker_id: null,
  });
  q.cue = [38, 42];
  assert.equal(toRecord(q, TEXT).cue, 'said');
});

test('the vocabulary gives status labels and kinds in order', () => {
  const v = makeVocab(RAW_VOCAB);
  assert.deepEqual(v.kinds, ['direct', 'indirect', 'mixed']);
  assert.equal(statusLabel(v, 'rejected'), 'Rejected');
  assert.equal(statusLabel(OTHER_VOCAB, 'accepted'), 'Confirmed');
  assert.equal(statusLabel(v, 'unknown'), 'unknown');
  assert.ok(v.quoteKeys.has('speaker_id'));
});

test('an edited or added quote loses the proposer confidence, an accepted one keeps it', () => {
  const text = 'He said "yes" today.';
  const base = fromRecord({ id: 1, start: 8, end: 13, kind: 'direct', confidence: 0.9, status: 'accepted' }, VOCAB);
  assert.equal(toRecord(base, text).confidence, 0.9);
  assert.equal('confidence' in toRecord({ ...base, status: 'edited' }, text), false);
  assert.equal('confidence' in toRecord({ ...base, status: 'added' }, text), false);
});
