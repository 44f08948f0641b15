// Offset maths on the article text: word boundaries, moving fragment edges by word, the
// span of a selection, and first guesses for a new quote's kind and a mention's type.
// Offsets index the text as the server stores it; the DOM never enters here.
'use strict';

export const isSpace = (ch) => ch === undefined || /\s/.test(ch);

// A selection's span without the white space at either end, or null when nothing is left.
export function trimSpan(text, s, e) {
  while (s < e && isSpace(text[s])) s += 1;
  while (e > s && isSpace(text[e - 1])) e -= 1;
  return s < e ? [s, e] : null;
}

// Where a fragment's start goes one word left / right, and its end one word left / right.
export function wordStartLeft(text, p) {
  let i = p;
  while (i > 0 && isSpace(text[i - 1])) i -= 1;
  while (i > 0 && !isSpace(text[i - 1])) i -= 1;
  return i;
}

export function wordStartRight(text, p) {
  let i = p;
  while (i < text.length && !isSpace(text[i])) i += 1;
  while (i < text.length && isSpace(text[i])) i += 1;
  return i;
}

export function wordEndRight(text, p) {
  let i = p;
  while (i < text.length && isSpace(text[i])) i += 1;
  while (i < text.length && !isSpace(text[i])) i += 1;
  return i;
}

export function wordEndLeft(text, p) {
  let i = p;
  while (i > 0 && isSpace(text[i - 1])) i -= 1;
  while (i > 0 && !isSpace(text[i - 1])) i -= 1;
  while (i > 0 && isSpace(text[i - 1])) i -= 1;
  return i;
}

// The new position of a fragment edge moved one word in `dir` (-1 left, +1 right).
export function nudgedEdge(text, frag, edge, dir) {
  if (edge === 'start') return dir < 0 ? wordStartLeft(text, frag[0]) : wordStartRight(text, frag[0]);
  return dir < 0 ? wordEndLeft(text, frag[1]) : wordEndRight(text, frag[1]);
}

// A dragged edge lands between words: a start snaps left to the start of its word, an end
// right to the end of its word.
export function snapToWord(text, pos, edge) {
  let p = pos;
  if (edge === 'start') while (p > 0 && !isSpace(text[p - 1])) p -= 1;
  else while (p < text.length && !isSpace(text[p])) p += 1;
  return p;
}

// Fragments with one edge of fragment `fi` moved to `pos`: { frags } (a new array), or
// { error } when the fragment would be empty or overlap a neighbour, or { same: true }.
export function moveEdge(frags, fi, edge, pos, textLength) {
  const next = frags.map((f) => [f[0], f[1]]);
  const f = next[fi];
  const lo = fi > 0 ? next[fi - 1][1] : 0;
  const hi = fi < next.length - 1 ? next[fi + 1][0] : textLength;
  if (edge === 'start') f[0] = pos;
  else f[1] = pos;
  if (!(f[0] < f[1]) || f[0] < lo || f[1] > hi) return { error: 'That would make the fragment empty or overlap another one.' };
  if (f[0] === frags[fi][0] && f[1] === frags[fi][1]) return { same: true };
  return { frags: next };
}

export const overlapsAny = (frags, span) => frags.some((f) => span[0] < f[1] && f[0] < span[1]);

// Fragments with `span` added, in text order, and the index it got.
export function withFragment(frags, span) {
  const next = [...frags.map((f) => [f[0], f[1]]), [span[0], span[1]]].sort((a, b) => a[0] - b[0]);
  return { frags: next, index: next.findIndex((f) => f[0] === span[0]) };
}

// Enclosed in quotation marks: kinds[0] (direct); marks inside only: kinds[2] (mixed);
// none: kinds[1] (indirect). Apostrophes do not make a quote mixed.
export function guessKind(s, vocab) {
  const [direct, indirect, mixed] = vocab.kinds;
  const marks = vocab.marks;
  const t = s.trim().replace(/[.,;:!?]+$/, '');
  if (t && marks.includes(t[0]) && marks.includes(t[t.length - 1])) return direct;
  if ([...t].some((ch) => marks.includes(ch) && ch !== "'" && ch !== '’')) return mixed;
  return indirect;
}

const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'i', 'we', 'you', 'him', 'her', 'them', 'his', 'hers']);

// The mention type the words of a speaker mention suggest (English heuristics).
export function guessSpeakerType(words) {
  if (PRONOUNS.has(words.toLowerCase())) return 'pronoun';
  return /^[A-Z]/.test(words) && !/^The\b/.test(words) ? 'named' : 'description';
}
