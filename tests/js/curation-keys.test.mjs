import { test } from 'node:test';
import assert from 'node:assert/strict';

import { resolveCurationKey } from '../../static/review/js/curation/keys.js';

const BODY = { tagName: 'BODY' };
const key = (k, extra = {}) => ({ key: k, code: '', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, target: BODY, ...extra });
const action = (k, extra, opts = { kindCount: 3, sourceCount: 3 }) => resolveCurationKey(key(k, extra), opts)?.action ?? null;

test('j / k and the arrows move between groups', () => {
  for (const k of ['j', 'ArrowDown']) assert.equal(action(k), 'nextGroup');
  for (const k of ['k', 'ArrowUp']) assert.equal(action(k), 'prevGroup');
});

test('Shift and a digit take that source’s version, whatever the layout prints', () => {
  assert.deepEqual(resolveCurationKey(key('!', { code: 'Digit1', shiftKey: true }), { sourceCount: 3 }), {
    action: 'takeSource', arg: 0, preventDefault: true,
  });
  assert.equal(resolveCurationKey(key('1', { code: 'Digit3', shiftKey: true }), { sourceCount: 3 }).arg, 2);
  assert.equal(action('$', { code: 'Digit4', shiftKey: true }), null, 'only as many as there are sources');
  assert.equal(action('!', { code: 'Digit1', shiftKey: true, target: { tagName: 'INPUT' } }), null, 'typing in a field');
  assert.equal(action('1', { code: 'Digit1' }), 'setKind', 'without Shift a digit is still the kind');
});

test('saving: Ctrl+S anywhere (also in a field), and Shift+S, the editor’s submit key', () => {
  assert.equal(action('s', { ctrlKey: true }), 'save');
  assert.equal(action('s', { metaKey: true, target: { tagName: 'INPUT' } }), 'save');
  assert.equal(action('S', { shiftKey: true }), 'save');
  assert.equal(action('s'), 'setMention');
});

test('the editor’s review keys mean curation moves; accept all means nothing here', () => {
  assert.equal(action('a'), 'nextUndecided');
  assert.equal(action('Enter'), 'nextUndecided');
  assert.equal(action('r'), 'remove');
  assert.equal(action('Delete'), 'remove');
  assert.equal(action('A'), null);
  for (const [k, name] of [['[', 'startLeft'], ['}', 'endRight'], ['n', 'addQuote'], ['c', 'setCue'], ['u', 'undo'], ['p', 'pickSpeaker'], ['?', 'help']]) {
    assert.equal(action(k), name, k);
  }
  assert.equal(action('z', { ctrlKey: true }), 'undo');
  assert.equal(action('Escape', { target: { tagName: 'INPUT' } }), 'leaveField');
});
