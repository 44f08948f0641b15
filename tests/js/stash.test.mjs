import { test } from 'node:test';
import assert from 'node:assert/strict';

import { readStash, stashKey, stashSize, stashStates, writeStash } from '../../static/annotations/js/editor/stash.js';
import { VOCAB } from './vocab.mjs';

function memoryStorage() {
  const data = new Map();
  return {
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
    removeItem: (k) => data.delete(k),
    data,
  };
}

const KEY = stashKey(42);

test('the stash key is per article', () => {
  assert.equal(KEY, 'annotator-editor-stash-42');
});

test('unsaved changes survive a round trip through storage', () => {
  const storage = memoryStorage();
  const stash = { records: [{ id: 1, start: 0, end: 4, status: 'rejected' }], deleted: [3], baseVersion: 2 };
  assert.equal(writeStash(storage, KEY, stash), true);
  assert.deepEqual(readStash(storage, KEY), stash);
  assert.equal(stashSize(stash), 2);
});

test('nothing is written when there is nothing to keep, and nothing is read then', () => {
  const storage = memoryStorage();
  assert.equal(writeStash(storage, KEY, { records: [], deleted: [], baseVersion: 1 }), false);
  assert.equal(storage.data.size, 0);
  assert.equal(readStash(storage, KEY), null);
});

test('an unreadable stash is dropped', () => {
  const storage = memoryStorage();
  storage.setItem(KEY, '{not json');
  assert.equal(readStash(storage, KEY), null);
  assert.equal(storage.data.size, 0);
  storage.setItem(KEY, '{"records": 3}');
  assert.equal(readStash(storage, KEY), null);
  assert.equal(storage.data.size, 0);
});

test('re-applying: known quotes keep their id, others come back as new quotes, deletions of existing quotes apply', () => {
  const stash = {
    records: [
      { id: 1, start: 0, end: 4, status: 'rejected', kind: 'direct' },
      { id: -3, start: 5, end: 9, status: 'added' },   // never saved
      { id: 9, start: 10, end: 12, status: 'edited' }, // gone from the latest version
    ],
    deleted: [2, 7],
    baseVersion: 1,
  };
  const existing = new Set([1, 2]);
  let seq = -10;
  const states = stashStates(stash, { vocab: VOCAB, has: (id) => existing.has(id), newId: () => (seq -= 1) });
  assert.deepEqual(states.map(([id, q]) => [id, q && q.id, q && q.status]),
    [[1, 1, 'rejected'], [-11, -11, 'added'], [-12, -12, 'edited'], [2, null, null]]);
  assert.deepEqual(states[1][1].frags, [[5, 9]]);
  assert.equal(states[1][1].kind, 'direct');  // the vocabulary's first kind
});
