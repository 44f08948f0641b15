// Undo and redo. Every change is an entry { label, items: [{ id, before, after }] } where
// before / after are whole quote states (null: the quote does not exist), so undoing is
// applying the befores and redoing the afters; nothing is recomputed.
'use strict';

import { clone } from './quotes.js';

export function createHistory(limit = 500) {
  const undoStack = [];
  const redoStack = [];

  return {
    // `states` is [[id, quote | null]] after the change; `currentOf(id)` gives the state before.
    record(label, states, currentOf) {
      const entry = { label, items: states.map(([id, q]) => ({ id, before: clone(currentOf(id)), after: clone(q) })) };
      if (!entry.items.length) return null;
      undoStack.push(entry);
      if (undoStack.length > limit) undoStack.shift();
      redoStack.length = 0;
      return entry;
    },
    // The entry to undo, with the states to apply, or null; it moves to the redo stack.
    undo() {
      const entry = undoStack.pop();
      if (!entry) return null;
      redoStack.push(entry);
      return { entry, states: entry.items.map((it) => [it.id, it.before]), first: entry.items.find((it) => it.before) };
    },
    redo() {
      const entry = redoStack.pop();
      if (!entry) return null;
      undoStack.push(entry);
      return { entry, states: entry.items.map((it) => [it.id, it.after]), first: entry.items.find((it) => it.after) };
    },
    get canUndo() {
      return undoStack.length > 0;
    },
    get canRedo() {
      return redoStack.length > 0;
    },
    // A quote created here got its id from the server: older entries must follow it.
    remapId(oldId, newId) {
      for (const stack of [undoStack, redoStack]) {
        for (const entry of stack) {
          for (const it of entry.items) {
            if (it.id !== oldId) continue;
            it.id = newId;
            if (it.before) it.before.id = newId;
            if (it.after) it.after.id = newId;
          }
        }
      }
    },
  };
}
