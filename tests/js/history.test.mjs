import { test } from 'node:test';
import assert from 'node:assert/strict';

import { createHistory } from '../../static/annotations/js/editor/history.js';

const q = (id, status) => ({ id, status, frags: [[0, 1]] });

test('undo gives the before states, redo the after states', () => {
  const h = createHistory();
  const state = new Map([[1, q(1, 'proposed')]]);
  assert.ok(!h.canUndo && !h.canRedo);
  h.record('accepted', [[1, q(1, 'accepted')]], (id) => state.get(id));
  assert.ok(h.canUndo && !h.canRedo);
  const undo = h.undo();
  assert.equal(undo.entry.label, 'accepted');
  assert.deepEqual(undo.states, [[1, q(1, 'proposed')]]);
  assert.equal(undo.first.id, 1);
  assert.ok(!h.canUndo && h.canRedo);
  assert.deepEqual(h.redo().states, [[1, q(1, 'accepted')]]);
  assert.equal(h.redo(), null);
});

test('states are copied: later edits of the objects do not change the history', () => {
  const h = createHistory();
  const before = q(1, 'proposed');
  const after = q(1, 'accepted');
  h.record('accepted', [[1, after]], () => before);
  before.status = 'x';
  after.status = 'y';
  assert.deepEqual(h.undo().states, [[1, q(1, 'proposed')]]);
});

test('an added quote has no before state; undoing it has nothing to select', () => {
  const h = createHistory();
  h.record('quote added', [[-1, q(-1, 'added')]], () => undefined);
  const undo = h.undo();
  assert.deepEqual(undo.states, [[-1, null]]);
  assert.equal(undo.first, undefined);
});

test('a new change clears the redo stack; an empty change is not recorded', () => {
  const h = createHistory();
  h.record('a', [[1, q(1, 'accepted')]], () => q(1, 'proposed'));
  h.undo();
  h.record('b', [[1, q(1, 'rejected')]], () => q(1, 'proposed'));
  assert.ok(!h.canRedo);
  assert.equal(h.record('nothing', [], () => null), null);
  assert.equal(h.undo().entry.label, 'b');
  assert.equal(h.undo(), null);
});

test('the history keeps the last `limit` changes', () => {
  const h = createHistory(3);
  for (let i = 0; i < 5; i += 1) h.record(`c${i}`, [[1, q(1, String(i))]], () => null);
  const labels = [];
  for (let step = h.undo(); step; step = h.undo()) labels.push(step.entry.label);
  assert.deepEqual(labels, ['c4', 'c3', 'c2']);
});

test('remapId renames a temporary id in both stacks and in the states', () => {
  const h = createHistory();
  h.record('added', [[-1, q(-1, 'added')]], () => null);
  h.record('edited', [[-1, q(-1, 'added')], [2, q(2, 'accepted')]], (id) => (id === 2 ? q(2, 'proposed') : q(-1, 'added')));
  h.undo();
  h.remapId(-1, 10);
  const redo = h.redo();
  assert.deepEqual(redo.states.map(([id, s]) => [id, s.id]), [[10, 10], [2, 2]]);
  h.undo();
  assert.deepEqual(h.undo().states, [[10, null]]);
});
