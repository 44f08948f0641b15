// Small pure helpers on internal quote objects and on the ordered list of them.
'use strict';

export const clone = (q) => (q ? structuredClone(q) : null);
export const qStart = (q) => q.frags[0][0];
export const qEnd = (q) => q.frags[q.frags.length - 1][1];
export const sameSpans = (a, b) => JSON.stringify([a.frags, a.cue, a.mention]) === JSON.stringify([b.frags, b.cue, b.mention]);

// Text order: by start, then end, then id (negative ids are quotes not saved yet).
export function sortedIds(quotes) {
  return [...quotes.values()]
    .sort((a, b) => qStart(a) - qStart(b) || qEnd(a) - qEnd(b) || a.id - b.id)
    .map((q) => q.id);
}

// A copy to edit: a proposal that is changed becomes "edited"; an added quote stays "added".
export function edited(q) {
  const c = clone(q);
  if (c.status !== 'added') c.status = 'edited';
  return c;
}

export function excerpt(q, text, max = 140) {
  const s = q.frags.map((f) => text.slice(f[0], f[1])).join(' … ').replace(/\s+/g, ' ');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

// The index `delta` steps from the selected id, clamped; from no selection, the first
// (forwards) or the last (backwards).
export function stepIndex(order, selectedId, delta) {
  if (!order.length) return -1;
  const i = order.indexOf(selectedId);
  if (i < 0) return delta > 0 ? 0 : order.length - 1;
  return Math.min(Math.max(i + delta, 0), order.length - 1);
}

// The next proposal still to review after `fromId` (wrapping round); when none is left,
// simply the next quote (or `fromId` itself at the end).
export function nextUnreviewed(order, quotes, fromId) {
  const i = order.indexOf(fromId);
  for (let k = 1; k <= order.length; k += 1) {
    const id = order[(i + k) % order.length];
    if (quotes.get(id).status === 'proposed') return id;
  }
  return i >= 0 && i + 1 < order.length ? order[i + 1] : fromId;
}

export function countStatus(quotes, status) {
  let n = 0;
  for (const q of quotes.values()) if (q.status === status) n += 1;
  return n;
}

// Speaker names are unique in a project, so the name keys the colour (it stays the same
// when a newly typed speaker gets its id from the server).
export const speakerKey = (q) => (q.entity ? q.entity.toLowerCase() : '');

// Colours are handed out in order of first appearance and never change during the session.
export function createColours(paletteSize) {
  const colourOf = new Map();
  return function colourClass(q) {
    const key = speakerKey(q);
    if (!key) return 'spk-none';
    if (!colourOf.has(key)) colourOf.set(key, colourOf.size % paletteSize);
    return `spk-${colourOf.get(key)}`;
  };
}

// A place in the text named by a link such as the dashboard's error list: "#at=120-184"
// gives [120, 184]; anything else null.
export function parseAt(hash) {
  const m = /^#at=(\d+)-(\d+)$/.exec(hash || '');
  if (!m) return null;
  const span = [Number(m[1]), Number(m[2])];
  return span[0] < span[1] ? span : null;
}

// The id of the quote that shares most characters with [start, end), or null when none does.
export function quoteAt(order, quotes, start, end) {
  let best = null;
  let most = 0;
  for (const id of order) {
    const shared = quotes.get(id).frags.reduce((n, [s, e]) => n + Math.max(0, Math.min(e, end) - Math.max(s, start)), 0);
    if (shared > most) [best, most] = [id, shared];
  }
  return best;
}
