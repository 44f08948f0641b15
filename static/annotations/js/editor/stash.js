// Unsaved changes kept over a reload (after a 409 conflict): the records and deleted ids
// go to sessionStorage (passed in as `storage`), and after the reload the user may
// re-apply them on top of the latest version.
'use strict';

import { fromRecord } from './records.js';

export const stashKey = (articleId) => `annotator-editor-stash-${articleId}`;

// Nothing is written when there is nothing to keep.
export function writeStash(storage, key, { records, deleted, baseVersion }) {
  if (!records.length && !deleted.length) return false;
  storage.setItem(key, JSON.stringify({ records, deleted, baseVersion }));
  return true;
}

// The stash, or null; an unreadable one is dropped.
export function readStash(storage, key) {
  const raw = storage.getItem(key);
  if (!raw) return null;
  try {
    const stash = JSON.parse(raw);
    if (Array.isArray(stash.records) && Array.isArray(stash.deleted)) return stash;
  } catch (err) {
    // fall through
  }
  storage.removeItem(key);
  return null;
}

export const stashSize = (stash) => stash.records.length + stash.deleted.length;

// The states [[id, quote | null]] that re-apply a stash. A stashed quote the latest version
// no longer has (or one that was never saved) comes back as a new quote with a fresh
// temporary id from `newId()`; deletions apply to quotes that still exist.
export function stashStates(stash, { vocab, has, newId }) {
  const states = stash.records.map((r) => {
    const q = fromRecord(r, vocab);
    if (q.id == null || !has(q.id)) q.id = newId();
    return [q.id, q];
  });
  for (const id of stash.deleted) if (has(id)) states.push([id, null]);
  return states;
}
