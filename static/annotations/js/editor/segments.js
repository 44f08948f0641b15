// How the article text is cut up for rendering: paragraphs, the intervals a quote covers
// (fragments, cue, mention), the segments of a paragraph with the intervals active on each,
// and the class and tooltip of a highlighted segment. Pure: the text view builds the DOM.
'use strict';

import { statusLabel } from './vocab.js';

// The text split after each run of newlines: [start, end] per paragraph (at least one).
export function paragraphs(text) {
  const paras = [];
  const re = /\n+/g;
  let last = 0;
  let m;
  while ((m = re.exec(text))) {
    const end = m.index + m[0].length;
    paras.push([last, end]);
    last = end;
  }
  if (last < text.length || !paras.length) paras.push([last, text.length]);
  return paras;
}

// The index of the paragraph containing `pos` (binary search).
export function paraOf(paras, pos) {
  let lo = 0;
  let hi = paras.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (paras[mid][0] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// [start, end, quote id, type] with type 'f' (fragment), 'c' (cue) or 'm' (mention)
// ('g' is a page's own interval, see spanLook).
export function quoteIntervals(q) {
  const ivs = q.frags.map((f) => [f[0], f[1], q.id, 'f']);
  if (q.cue) ivs.push([q.cue[0], q.cue[1], q.id, 'c']);
  if (q.mention) ivs.push([q.mention[0], q.mention[1], q.id, 'm']);
  return ivs;
}

export function eachPara(paras, iv, fn) {
  for (let i = paraOf(paras, iv[0]); i < paras.length && paras[i][0] < iv[1]; i += 1) fn(i);
}

export function parasOfQuote(paras, q, into = new Set()) {
  for (const iv of quoteIntervals(q)) eachPara(paras, iv, (i) => into.add(i));
  return into;
}

// One pass over the sorted boundaries of a paragraph: [start, end, active intervals] for
// each piece, in order, covering the paragraph exactly.
export function segments(para, ivs) {
  const [ps, pe] = para;
  const points = new Set([ps, pe]);
  for (const iv of ivs) {
    if (iv[0] > ps) points.add(iv[0]);
    if (iv[1] < pe) points.add(iv[1]);
  }
  const bounds = [...points].sort((x, y) => x - y);
  const sorted = [...ivs].sort((x, y) => x[0] - y[0]);
  const out = [];
  let active = [];
  let k = 0;
  for (let j = 0; j < bounds.length - 1; j += 1) {
    const a = bounds[j];
    const b = bounds[j + 1];
    if (active.length) active = active.filter((iv) => iv[1] > a);
    while (k < sorted.length && sorted[k][0] <= a) {
      if (sorted[k][1] > a) active.push(sorted[k]);
      k += 1;
    }
    out.push([a, b, [...active]]);  // a copy: `active` changes as the pass goes on
  }
  return out;
}

// The look of a highlighted segment. `info` is [{ id, t }] for the intervals on it. The
// fragment colour comes from the selected quote, else a quote that is not rejected; cue and
// mention marks of rejected quotes are hidden unless that quote is selected. Intervals of
// type 'g' are not quotes but a page's own marks under the quotes (the curation page's
// aligned groups): `ghostLook(id)` gives their { cls, title }.
export function spanLook(info, { quotes, selectedId, colourClass, vocab, ghostLook = null }) {
  let fragQ = null;
  let cue = false;
  let mention = false;
  let sel = false;
  let ghost = null;
  for (const it of info) {
    if (it.t === 'g') {
      if (ghost == null) ghost = it.id;
      continue;
    }
    const q = quotes.get(it.id);
    if (!q) continue;
    const isSel = it.id === selectedId;
    if (isSel) sel = true;
    if (it.t === 'f') {
      if (!fragQ || isSel || (fragQ.id !== selectedId && fragQ.status === 'rejected' && q.status !== 'rejected')) fragQ = q;
    } else if (q.status !== 'rejected' || isSel) {
      if (it.t === 'c') cue = true;
      else mention = true;
    }
  }
  let cls = 'hl';
  if (fragQ) cls += ` frag st-${fragQ.status} ${colourClass(fragQ)}`;
  if (cue) cls += ' cue';
  if (mention) cls += ' mention';
  if (sel) cls += ' sel';
  const g = ghost != null && ghostLook ? ghostLook(ghost) : null;
  if (g) cls += ` ${g.cls}`;
  const title = fragQ
    ? `${statusLabel(vocab, fragQ.status)} ${fragQ.kind} quote${fragQ.entity ? ` by ${fragQ.entity}` : ''}${
      fragQ.confidence != null && fragQ.status === 'proposed' ? `, confidence ${fragQ.confidence.toFixed(2)}` : ''}`
    : cue ? 'Cue' : g && !mention ? g.title : 'Speaker mention';
  return { cls, title };
}

// The quotes under a highlighted segment, those with a fragment there first.
export const idsUnder = (info) => [...new Set([...info.filter((it) => it.t === 'f'), ...info].map((it) => it.id))];
