// Which action a key press means. Plain keys act on the quote list and the text; in a
// field (input, select, textarea, contenteditable) they are the field's own, except Escape,
// which leaves it. Enter and Space on a button or link keep their usual meaning.
'use strict';

const PLAIN = {
  j: 'next', ArrowDown: 'next', k: 'prev', ArrowUp: 'prev',
  a: 'accept', Enter: 'accept', r: 'reject', A: 'acceptAll', u: 'undo',
  n: 'addQuote', f: 'addFragment', c: 'setCue', s: 'setMention',
  '[': 'startLeft', ']': 'startRight', '{': 'endLeft', '}': 'endRight',
  '.': 'nextFragment', 0: 'toggleNoSpeaker', p: 'pickSpeaker', Delete: 'delete', '?': 'help', S: 'submit',
};

// The actions that only look: what is left of the map on a read-only (submitted) annotation.
export const VIEW_ACTIONS = new Set(['next', 'prev', 'nextFragment', 'help', 'leaveField']);
export const changesQuotes = (action) => !VIEW_ACTIONS.has(action);

const FIELDS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
const ACTIVATED = new Set(['BUTTON', 'A', 'SUMMARY']);

export const isField = (target) => FIELDS.has(target.tagName) || Boolean(target.isContentEditable);

// `e` is a KeyboardEvent or anything with key, ctrlKey, metaKey, shiftKey, altKey and
// target { tagName, isContentEditable }. Digits 1… pick kinds[0]… (as many as there are
// kinds, at most nine). Returns { action, arg?, preventDefault } or null (not ours).
export function resolveKey(e, { kindCount = 0 } = {}) {
  const t = e.target || {};
  if (isField(t)) return e.key === 'Escape' ? { action: 'leaveField', preventDefault: false } : null;
  const ctrl = e.ctrlKey || e.metaKey;
  if (ctrl && (e.key === 'z' || e.key === 'Z')) return { action: e.shiftKey ? 'redo' : 'undo', preventDefault: true };
  if (ctrl && e.key === 'y') return { action: 'redo', preventDefault: true };
  if (ctrl || e.altKey) return null;
  if (ACTIVATED.has(t.tagName) && (e.key === 'Enter' || e.key === ' ')) return null;
  if (/^[1-9]$/.test(e.key)) {
    const i = Number(e.key) - 1;
    return i < kindCount ? { action: 'setKind', arg: i, preventDefault: true } : null;
  }
  const action = Object.hasOwn(PLAIN, e.key) ? PLAIN[e.key] : null;
  return action ? { action, preventDefault: true } : null;
}
