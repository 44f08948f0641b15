// The curation page's keyboard: the editor's map (keymap.js) with the moves between
// aligned groups instead of quotes, and the curation keys on top: Shift+1…9 take source
// 1…9's version of the group, Ctrl+S (or Shift+S, the editor's submit key) saves the gold.
'use strict';

import { isField, resolveKey } from '../../../annotations/js/editor/keymap.js';

// Editor actions that mean something else here; null: no such action on this page.
const RENAMED = {
  next: 'nextGroup', prev: 'prevGroup', accept: 'nextUndecided', reject: 'remove', delete: 'remove',
  submit: 'save', acceptAll: null,
};

// `e` as for keymap.resolveKey, plus `code` (the physical key: Shift+1 is "!" on one layout
// and "1" on another, Digit1 on both). Returns { action, arg?, preventDefault } or null.
export function resolveCurationKey(e, { kindCount = 0, sourceCount = 0 } = {}) {
  const ctrl = e.ctrlKey || e.metaKey;
  // Saving works from a field too, where the browser would otherwise save the page.
  if (ctrl && !e.altKey && (e.key === 's' || e.key === 'S')) return { action: 'save', preventDefault: true };
  const t = e.target || {};
  const digit = /^Digit([1-9])$/.exec(e.code || '');
  if (digit && e.shiftKey && !ctrl && !e.altKey && !isField(t)) {
    const i = Number(digit[1]) - 1;
    return i < sourceCount ? { action: 'takeSource', arg: i, preventDefault: true } : null;
  }
  const hit = resolveKey(e, { kindCount });
  if (!hit) return null;
  if (!Object.hasOwn(RENAMED, hit.action)) return hit;
  const action = RENAMED[hit.action];
  return action ? { ...hit, action } : null;
}
