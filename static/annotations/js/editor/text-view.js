// The article text with its quotes highlighted.
//
// The text is split after each run of newlines into block elements (paragraphs). Each
// paragraph is built in one pass over its sorted boundaries into a DocumentFragment; a
// change re-builds (and the browser re-lays out) only the paragraphs it touches. Article
// text only ever reaches the DOM through text nodes (createTextNode), never innerHTML, so
// markup in an article stays inert.
//
// `extraIntervals()` adds a page's own marks under the quotes ([start, end, id, 'g'], see
// segments.spanLook): the curation page shows its aligned groups that way.
'use strict';

import { trimSpan } from './offsets.js';
import { eachPara, paragraphs, parasOfQuote, quoteIntervals, segments, spanLook } from './segments.js';

export function createTextView(ed, textEl, { extraIntervals = () => [] } = {}) {
  const { text } = ed;
  const paras = paragraphs(text);
  const paraSpans = paras.map(() => []);
  let paraEls = [];
  // Text node -> its offset in the text; highlight span -> [{ id, t }]; quote id -> its spans.
  let nodeStart = new WeakMap();
  let spanInfo = new WeakMap();
  let quoteSpans = new Map();

  function classify(span) {
    const look = spanLook(spanInfo.get(span), ed);
    span.className = look.cls;
    span.title = look.title;
  }

  function buildPara(i, ivs) {
    const el = document.createElement('div');
    el.className = 'para';
    const out = document.createDocumentFragment();
    const spans = (paraSpans[i] = []);
    for (const [a, b, active] of segments(paras[i], ivs)) {
      const node = document.createTextNode(text.slice(a, b));
      nodeStart.set(node, a);
      if (!active.length) {
        out.appendChild(node);
        continue;
      }
      const span = document.createElement('span');
      span.appendChild(node);
      const info = active.map((iv) => ({ id: iv[2], t: iv[3] }));
      spanInfo.set(span, info);
      for (const it of info) {
        let list = quoteSpans.get(it.id);
        if (!list) quoteSpans.set(it.id, (list = []));
        if (list[list.length - 1] !== span) list.push(span);
      }
      spans.push(span);
      classify(span);
      out.appendChild(span);
    }
    el.appendChild(out);
    return el;
  }

  function renderAll() {
    const buckets = paras.map(() => []);
    for (const q of ed.quotes.values()) for (const iv of quoteIntervals(q)) eachPara(paras, iv, (i) => buckets[i].push(iv));
    for (const iv of extraIntervals()) eachPara(paras, iv, (i) => buckets[i].push(iv));
    nodeStart = new WeakMap();
    spanInfo = new WeakMap();
    quoteSpans = new Map();
    paraEls = paras.map((p, i) => buildPara(i, buckets[i]));
    const out = document.createDocumentFragment();
    out.append(...paraEls);
    textEl.replaceChildren(out);
  }

  function renderParas(indices) {
    const buckets = new Map([...indices].map((i) => [i, []]));
    const into = (iv) => eachPara(paras, iv, (i) => buckets.has(i) && buckets.get(i).push(iv));
    for (const q of ed.quotes.values()) for (const iv of quoteIntervals(q)) into(iv);
    for (const iv of extraIntervals()) into(iv);
    const stale = new Set();
    for (const i of indices) for (const span of paraSpans[i]) stale.add(span);
    for (const [id, list] of quoteSpans) {
      if (!list.some((sp) => stale.has(sp))) continue;
      const kept = list.filter((sp) => !stale.has(sp));
      if (kept.length) quoteSpans.set(id, kept);
      else quoteSpans.delete(id);
    }
    const touched = new Set();
    for (const i of [...indices].sort((x, y) => x - y)) {
      const el = buildPara(i, buckets.get(i));
      for (const span of paraSpans[i]) for (const it of spanInfo.get(span)) touched.add(it.id);
      paraEls[i].replaceWith(el);
      paraEls[i] = el;
    }
    for (const id of touched) quoteSpans.get(id).sort((x, y) => nodeStart.get(x.firstChild) - nodeStart.get(y.firstChild));
  }

  function reclassify(id) {
    for (const span of quoteSpans.get(id) || []) classify(span);
  }

  // A quote created here got its id from the server.
  function remapId(oldId, newId) {
    const spans = quoteSpans.get(oldId);
    if (!spans) return;
    quoteSpans.delete(oldId);
    quoteSpans.set(newId, spans);
    for (const span of spans) for (const it of spanInfo.get(span)) if (it.id === oldId) it.id = newId;
  }

  // --- DOM positions <-> text offsets ---------------------------------------------------
  function firstText(node, last = false) {
    if (node.nodeType === Node.TEXT_NODE) return node;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    let found = null;
    while (walker.nextNode()) {
      found = walker.currentNode;
      if (!last) break;
    }
    return found;
  }

  // The text offset of a DOM position (node, offset), or null outside the text.
  function offsetOf(node, off) {
    if (node.nodeType === Node.TEXT_NODE) {
      const s = nodeStart.get(node);
      return s === undefined ? null : s + off;
    }
    if (!textEl.contains(node)) return null;
    const child = node.childNodes[off];
    if (!child) {
      const t = firstText(node, true);
      return t ? nodeStart.get(t) + t.length : text.length;
    }
    const t = firstText(child);
    return t && nodeStart.has(t) ? nodeStart.get(t) : text.length;
  }

  // The selected text as [start, end] without white space at the ends, or null.
  function selectionSpan() {
    const sel = window.getSelection();
    if (!sel.rangeCount || sel.isCollapsed) return null;
    const r = sel.getRangeAt(0);
    if (!textEl.contains(r.startContainer) || !textEl.contains(r.endContainer)) return null;
    const s = offsetOf(r.startContainer, r.startOffset);
    const e = offsetOf(r.endContainer, r.endOffset);
    if (s == null || e == null) return null;
    return trimSpan(text, s, e);
  }

  // The text node containing `pos` (for an end position, the node it ends).
  function locate(pos) {
    const walker = document.createTreeWalker(textEl, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const n = walker.currentNode;
      const s = nodeStart.get(n);
      if (s !== undefined && pos >= s && pos <= s + n.length) return [n, pos - s];
    }
    return null;
  }

  // Select [s, e) of the text and bring it into view (a link to a quote the proposals
  // missed: `n` then adds it). False when the offsets are not in the text.
  function selectRange(s, e) {
    const a = locate(s);
    const b = locate(e);
    if (!a || !b) return false;
    const range = document.createRange();
    range.setStart(a[0], a[1]);
    range.setEnd(b[0], b[1]);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    a[0].parentElement.scrollIntoView({ block: 'center' });
    return true;
  }

  // The screen box of the character after (start) or before (end) the offset.
  function caretRect(id, pos, edge) {
    // Fast path: the boundary is at the edge of one of the quote's spans.
    let hit = null;
    for (const span of quoteSpans.get(id) || []) {
      const n = span.firstChild;
      const s = nodeStart.get(n);
      if (edge === 'start' && s === pos) hit = [n, 0];
      if (edge === 'end' && s + n.length === pos) hit = [n, n.length];
      if (hit) break;
    }
    hit = hit || locate(pos);
    if (!hit) return null;
    const range = document.createRange();
    const [node, off] = hit;
    if (edge === 'start') range.setStart(node, off), range.setEnd(node, Math.min(off + 1, node.length));
    else range.setStart(node, Math.max(off - 1, 0)), range.setEnd(node, off);
    const rects = range.getClientRects();
    if (!rects.length) return null;
    const r = edge === 'start' ? rects[0] : rects[rects.length - 1];
    return { left: edge === 'start' ? r.left : r.right, top: r.top, height: r.height };
  }

  return {
    renderAll,
    clearSelection: () => window.getSelection().removeAllRanges(),
    renderParas,
    reclassify,
    remapId,
    offsetOf,
    selectionSpan,
    selectRange,
    caretRect,
    parasOfQuote: (q, into) => parasOfQuote(paras, q, into),
    spansOf: (id) => quoteSpans.get(id),
    infoOf: (span) => spanInfo.get(span),
  };
}
