import { test } from 'node:test';
import assert from 'node:assert/strict';

import { changesQuotes, isField, resolveKey, VIEW_ACTIONS } from '../../static/annotations/js/editor/keymap.js';

const BODY = { tagName: 'BODY' };
const key = (k, extra = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, target: BODY, ...extra });
const action = (k, extra, opts = { kindCount: 3 }) => resolveKey(key(k, extra), opts)?.action ?? null;

test('plain keys resolve to their actions', () => {
  const table = {
    j: 'next', ArrowDown: 'next', k: 'prev', ArrowUp: 'prev', a: 'accept', Enter: 'accept', r: 'reject',
    A: 'acceptAll', u: 'undo', n: 'addQuote', f: 'addFragment', c: 'setCue', s: 'setMention',
    '[': 'startLeft', ']': 'startRight', '{': 'endLeft', '}': 'endRight', '.': 'nextFragment',
    0: 'toggleNoSpeaker', p: 'pickSpeaker', Delete: 'delete', '?': 'help', S: 'submit',
  };
  for (const [k, name] of Object.entries(table)) assert.equal(action(k), name, k);
  assert.equal(resolveKey(key('j')).preventDefault, true);
});

test('unknown keys are not ours (and not prevented)', () => {
  for (const k of ['x', 'Tab', ' ', 'toString', 'constructor', 'Shift']) assert.equal(resolveKey(key(k), { kindCount: 3 }), null, k);
});

test('digits pick kinds by position, only as many as the vocabulary has', () => {
  assert.deepEqual(resolveKey(key('1'), { kindCount: 3 }), { action: 'setKind', arg: 0, preventDefault: true });
  assert.deepEqual(resolveKey(key('3'), { kindCount: 3 }).arg, 2);
  assert.equal(resolveKey(key('4'), { kindCount: 3 }), null);
  assert.equal(resolveKey(key('5'), { kindCount: 5 }).arg, 4);
  assert.equal(resolveKey(key('1')), null);
});

test('undo and redo with Ctrl or Cmd; other Ctrl and Alt combinations are left alone', () => {
  assert.equal(action('z', { ctrlKey: true }), 'undo');
  assert.equal(action('Z', { ctrlKey: true, shiftKey: true }), 'redo');
  assert.equal(action('z', { metaKey: true }), 'undo');
  assert.equal(action('y', { ctrlKey: true }), 'redo');
  assert.equal(action('a', { ctrlKey: true }), null);
  assert.equal(action('c', { metaKey: true }), null);  // copy stays copy
  assert.equal(action('a', { altKey: true }), null);
});

test('in a field every key is the field’s, except Escape, which leaves it without preventDefault', () => {
  for (const tagName of ['INPUT', 'SELECT', 'TEXTAREA']) {
    const target = { tagName };
    assert.ok(isField(target));
    for (const k of ['a', 'j', 'p', 'Enter', '1', 'Delete']) assert.equal(action(k, { target }), null, `${tagName} ${k}`);
    assert.equal(action('z', { target, ctrlKey: true }), null, 'Ctrl+Z undoes typing, not the annotation');
    assert.deepEqual(resolveKey(key('Escape', { target })), { action: 'leaveField', preventDefault: false });
  }
  assert.equal(action('a', { target: { tagName: 'DIV', isContentEditable: true } }), null);
});

test('Enter and Space on buttons and links keep their meaning; other keys still work there', () => {
  for (const tagName of ['BUTTON', 'A', 'SUMMARY']) {
    assert.equal(action('Enter', { target: { tagName } }), null);
    assert.equal(action(' ', { target: { tagName } }), null);
    assert.equal(action('j', { target: { tagName } }), 'next');
  }
  assert.equal(action('Enter', { target: { tagName: 'OL' } }), 'accept');  // the quote list
  assert.equal(action('Escape'), null);
});

test('a read-only annotation keeps only the keys that look', () => {
  assert.deepEqual([...VIEW_ACTIONS].sort(), ['help', 'leaveField', 'next', 'nextFragment', 'prev']);
  for (const k of ['j', 'k', 'ArrowDown', '.', '?']) assert.ok(!changesQuotes(action(k)), k);
  for (const k of ['a', 'r', 'A', 'u', 'n', 'f', 'c', 's', '[', '}', '0', 'p', 'Delete', 'S', '1']) {
    assert.ok(changesQuotes(action(k)), k);
  }
  assert.ok(changesQuotes(action('z', { ctrlKey: true })));
});
