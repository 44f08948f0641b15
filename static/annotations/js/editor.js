// The annotation workspace: one article's text with its quotes, edited keyboard-first.
//
// State lives here (a Map of quotes); every action is a change with a before and an
// after state (undo/redo), applied to the DOM surgically, then autosaved with PATCH
// (only changed quotes travel) under optimistic locking. Article text only ever reaches
// the DOM through text nodes, never innerHTML.
'use strict';

const KNOWN_KEYS = new Set([
  'start', 'end', 'text', 'kind', 'fragments', 'cue', 'cue_start', 'cue_end', 'speaker', 'speaker_start',
  'speaker_end', 'speaker_entity', 'speaker_type', 'confidence', 'status', 'id', 'speaker_id',
]);
const STATUS_LABEL = { proposed: 'Proposed', accepted: 'Accepted', rejected: 'Rejected', edited: 'Edited', added: 'Added' };
const PALETTE_SIZE = 8;
const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'i', 'we', 'you', 'him', 'her', 'them', 'his', 'hers']);
const QUOTE_MARKS = '"\'“”„‟«»‹›‘’‚‛「」『』';

function init(root) {
  const dataEl = document.getElementById('editor-data');
  if (!dataEl) return;
  const data = JSON.parse(dataEl.textContent);
  const text = data.article.text;
  const urls = data.urls;
  const $ = (id) => document.getElementById(id);
  const textEl = $('article-text');
  const listEl = $('quote-list');
  const saveStateEl = $('save-state');
  const banner = $('editor-banner');
  const speakers = data.speakers.slice();
  const stashKey = `annotator-editor-stash-${data.article.id}`;

  let version = data.annotation.version;
  let setStatus = data.annotation.status;
  let selectedId = null;
  let activeFrag = 0;
  let tempSeq = 0;
  const quotes = new Map();
  let order = [];
  const serverIds = new Set();
  const colourOf = new Map();

  // --- quotes: interchange records <-> internal objects -------------------------------
  function fromRecord(r) {
    const extra = {};
    for (const [k, v] of Object.entries(r)) if (!KNOWN_KEYS.has(k)) extra[k] = v;
    return {
      id: r.id,
      frags: r.fragments && r.fragments.length ? r.fragments.map((f) => [f[0], f[1]]) : [[r.start, r.end]],
      kind: r.kind || 'direct',
      cue: r.cue_start != null ? [r.cue_start, r.cue_end] : null,
      mention: r.speaker_start != null ? [r.speaker_start, r.speaker_end] : null,
      entity: r.speaker_entity || '',
      speakerId: r.speaker_id ?? null,
      speakerType: r.speaker_type || '',
      confidence: r.confidence ?? null,
      status: r.status || 'added',
      extra,
    };
  }

  function toRecord(q) {
    const start = q.frags[0][0];
    const end = q.frags[q.frags.length - 1][1];
    const r = { ...q.extra, start, end, text: text.slice(start, end), kind: q.kind };
    if (q.frags.length > 1) r.fragments = q.frags.map((f) => [f[0], f[1]]);
    if (q.cue) Object.assign(r, { cue: text.slice(q.cue[0], q.cue[1]), cue_start: q.cue[0], cue_end: q.cue[1] });
    if (q.mention) {
      Object.assign(r, { speaker: text.slice(q.mention[0], q.mention[1]), speaker_start: q.mention[0], speaker_end: q.mention[1] });
    }
    if (q.entity) r.speaker_entity = q.entity;
    if (q.speakerType) r.speaker_type = q.speakerType;
    if (q.confidence != null) r.confidence = q.confidence;
    r.id = q.id;
    r.status = q.status;
    r.speaker_id = q.speakerId;
    return r;
  }

  const clone = (q) => (q ? structuredClone(q) : null);
  const qStart = (q) => q.frags[0][0];
  const qEnd = (q) => q.frags[q.frags.length - 1][1];
  const sameSpans = (a, b) => JSON.stringify([a.frags, a.cue, a.mention]) === JSON.stringify([b.frags, b.cue, b.mention]);

  function sortOrder() {
    order = [...quotes.values()]
      .sort((a, b) => qStart(a) - qStart(b) || qEnd(a) - qEnd(b) || a.id - b.id)
      .map((q) => q.id);
  }

  // Speaker names are unique in a project, so the name keys the colour (it stays the same
  // when a newly typed speaker gets its id from the server).
  const speakerKey = (q) => (q.entity ? q.entity.toLowerCase() : '');

  function colourClass(q) {
    const key = speakerKey(q);
    if (!key) return 'spk-none';
    if (!colourOf.has(key)) colourOf.set(key, colourOf.size % PALETTE_SIZE);
    return `spk-${colourOf.get(key)}`;
  }

  // --- text offsets ------------------------------------------------------------------
  const isSpace = (ch) => ch === undefined || /\s/.test(ch);
  let nodeStart = new WeakMap();
  let spanInfo = new WeakMap();
  let quoteSpans = new Map();

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

  function selectionSpan() {
    const sel = window.getSelection();
    if (!sel.rangeCount || sel.isCollapsed) return null;
    const r = sel.getRangeAt(0);
    if (!textEl.contains(r.startContainer) || !textEl.contains(r.endContainer)) return null;
    let s = offsetOf(r.startContainer, r.startOffset);
    let e = offsetOf(r.endContainer, r.endOffset);
    if (s == null || e == null) return null;
    while (s < e && isSpace(text[s])) s += 1;
    while (e > s && isSpace(text[e - 1])) e -= 1;
    return s < e ? [s, e] : null;
  }

  // --- rendering the text -------------------------------------------------------------
  // The text is split after each run of newlines into block elements (paragraphs). Each
  // paragraph is built in one pass over its sorted boundaries into a DocumentFragment; a
  // change re-builds (and the browser re-lays out) only the paragraphs it touches.
  const paras = [];
  {
    const re = /\n+/g;
    let last = 0;
    let m;
    while ((m = re.exec(text))) {
      const end = m.index + m[0].length;
      paras.push([last, end]);
      last = end;
    }
    if (last < text.length || !paras.length) paras.push([last, text.length]);
  }
  let paraEls = [];
  const paraSpans = paras.map(() => []);

  function paraOf(pos) {
    let lo = 0;
    let hi = paras.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (paras[mid][0] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  function quoteIvs(q) {
    const ivs = q.frags.map((f) => [f[0], f[1], q.id, 'f']);
    if (q.cue) ivs.push([q.cue[0], q.cue[1], q.id, 'c']);
    if (q.mention) ivs.push([q.mention[0], q.mention[1], q.id, 'm']);
    return ivs;
  }

  function eachPara(iv, fn) {
    for (let i = paraOf(iv[0]); i < paras.length && paras[i][0] < iv[1]; i += 1) fn(i);
  }

  function parasOfQuote(q, into) {
    for (const iv of quoteIvs(q)) eachPara(iv, (i) => into.add(i));
    return into;
  }

  function buildPara(i, ivs) {
    const [ps, pe] = paras[i];
    const points = new Set([ps, pe]);
    for (const iv of ivs) {
      if (iv[0] > ps) points.add(iv[0]);
      if (iv[1] < pe) points.add(iv[1]);
    }
    const bounds = [...points].sort((x, y) => x - y);
    ivs.sort((x, y) => x[0] - y[0]);
    const el = document.createElement('div');
    el.className = 'para';
    const out = document.createDocumentFragment();
    const spans = (paraSpans[i] = []);
    let active = [];
    let k = 0;
    for (let j = 0; j < bounds.length - 1; j += 1) {
      const a = bounds[j];
      const b = bounds[j + 1];
      if (active.length) active = active.filter((iv) => iv[1] > a);
      while (k < ivs.length && ivs[k][0] <= a) {
        if (ivs[k][1] > a) active.push(ivs[k]);
        k += 1;
      }
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

  function renderText() {
    const buckets = paras.map(() => []);
    for (const q of quotes.values()) for (const iv of quoteIvs(q)) eachPara(iv, (i) => buckets[i].push(iv));
    nodeStart = new WeakMap();
    spanInfo = new WeakMap();
    quoteSpans = new Map();
    paraEls = paras.map((p, i) => buildPara(i, buckets[i]));
    const out = document.createDocumentFragment();
    out.append(...paraEls);
    textEl.replaceChildren(out);
    placeHandles();
  }

  function renderParas(indices) {
    const buckets = new Map([...indices].map((i) => [i, []]));
    for (const q of quotes.values()) {
      for (const iv of quoteIvs(q)) eachPara(iv, (i) => buckets.has(i) && buckets.get(i).push(iv));
    }
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

  function classify(span) {
    let fragQ = null;
    let cue = false;
    let mention = false;
    let sel = false;
    for (const it of spanInfo.get(span)) {
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
    span.className = cls;
    span.title = fragQ
      ? `${STATUS_LABEL[fragQ.status]} ${fragQ.kind} quote${fragQ.entity ? ` by ${fragQ.entity}` : ''}${
        fragQ.confidence != null && fragQ.status === 'proposed' ? `, confidence ${fragQ.confidence.toFixed(2)}` : ''}`
      : cue ? 'Cue' : 'Speaker mention';
  }

  function reclassifyQuote(id) {
    for (const span of quoteSpans.get(id) || []) classify(span);
  }

  // --- drag handles on the selected quote's fragments -----------------------------------
  let handles = [];
  function placeHandles() {
    for (const h of handles) h.remove();
    handles = [];
    const q = quotes.get(selectedId);
    if (!q) return;
    const box = textEl.getBoundingClientRect();
    q.frags.forEach((f, i) => {
      for (const edge of ['start', 'end']) {
        const pos = edge === 'start' ? f[0] : f[1];
        const rect = caretRect(pos, edge);
        if (!rect) continue;
        const h = document.createElement('div');
        h.className = `handle handle-${edge}${i === activeFrag ? ' active' : ''}`;
        h.dataset.frag = String(i);
        h.dataset.edge = edge;
        h.setAttribute('aria-hidden', 'true');
        h.title = `Drag to move the ${edge} of fragment ${i + 1}`;
        h.style.left = `${rect.left - box.left + textEl.scrollLeft - (edge === 'start' ? 4 : 0)}px`;
        h.style.top = `${rect.top - box.top + textEl.scrollTop}px`;
        h.style.height = `${rect.height}px`;
        textEl.appendChild(h);
        handles.push(h);
      }
    });
  }

  function locate(pos) {
    // The text node containing `pos` (for an end position, the node it ends).
    const walker = document.createTreeWalker(textEl, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const n = walker.currentNode;
      const s = nodeStart.get(n);
      if (s !== undefined && pos >= s && pos <= s + n.length) return [n, pos - s];
    }
    return null;
  }

  function caretRect(pos, edge) {
    const spans = quoteSpans.get(selectedId) || [];
    // Fast path: the boundary is at the edge of one of the quote's spans.
    let hit = null;
    for (const span of spans) {
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

  let drag = null;
  textEl.addEventListener('pointerdown', (e) => {
    const h = e.target.closest('.handle');
    if (!h) return;
    e.preventDefault();
    drag = { h, frag: Number(h.dataset.frag), edge: h.dataset.edge };
    h.setPointerCapture(e.pointerId);
  });
  textEl.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const box = textEl.getBoundingClientRect();
    drag.h.style.left = `${e.clientX - box.left + textEl.scrollLeft}px`;
    drag.h.style.top = `${e.clientY - box.top + textEl.scrollTop - 8}px`;
  });
  textEl.addEventListener('pointerup', (e) => {
    if (!drag) return;
    const { h, frag, edge } = drag;
    drag = null;
    h.style.visibility = 'hidden';
    const caret = document.caretRangeFromPoint ? document.caretRangeFromPoint(e.clientX, e.clientY) : null;
    let pos = caret ? offsetOf(caret.startContainer, caret.startOffset) : null;
    if (pos == null) return afterFrame();
    if (edge === 'start') while (pos > 0 && !isSpace(text[pos - 1])) pos -= 1;
    else while (pos < text.length && !isSpace(text[pos])) pos += 1;
    activeFrag = frag;
    setBoundary(frag, edge, pos);
  });

  // --- the quote list ------------------------------------------------------------------
  const itemId = (id) => `q-item-${String(id).replace('-', 'n')}`;
  const items = new Map();

  function excerpt(q, max = 140) {
    const parts = q.frags.map((f) => text.slice(f[0], f[1]));
    const s = parts.join(' … ').replace(/\s+/g, ' ');
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
  }

  function makeItem(q) {
    const li = document.createElement('li');
    li.id = itemId(q.id);
    li.className = `quote-item st-${q.status}`;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', String(q.id === selectedId));
    li.dataset.id = String(q.id);
    const sw = document.createElement('span');
    sw.className = `swatch ${colourClass(q)}`;
    sw.setAttribute('aria-hidden', 'true');
    const ex = document.createElement('span');
    ex.className = 'q-excerpt';
    ex.textContent = excerpt(q);
    const meta = document.createElement('span');
    meta.className = 'q-meta';
    const cue = q.cue ? text.slice(q.cue[0], q.cue[1]) : '—';
    const who = q.entity || (q.speakerType === 'none' ? 'no speaker in text' : q.mention ? `“${text.slice(q.mention[0], q.mention[1])}”` : 'no speaker');
    meta.textContent = `${q.kind} · cue: ${cue} · ${who}`;
    const st = document.createElement('span');
    st.className = `badge q-status st-${q.status}`;
    st.textContent = STATUS_LABEL[q.status];
    li.append(sw, ex, meta, st);
    if (q.confidence != null && q.status === 'proposed') {
      const c = document.createElement('span');
      c.className = 'q-conf';
      c.textContent = `${Math.round(q.confidence * 100)}%`;
      c.title = 'Proposal confidence';
      li.append(c);
    }
    return li;
  }

  function renderList() {
    items.clear();
    const out = document.createDocumentFragment();
    for (const id of order) {
      const li = makeItem(quotes.get(id));
      items.set(id, li);
      out.appendChild(li);
    }
    listEl.replaceChildren(out);
    if (!order.length) {
      const li = document.createElement('li');
      li.className = 'muted';
      li.textContent = 'No quotes yet. Select text and press n to add one.';
      listEl.appendChild(li);
    }
  }

  function updateItem(id) {
    const old = items.get(id);
    const q = quotes.get(id);
    if (!old || !q) return;
    const li = makeItem(q);
    old.replaceWith(li);
    items.set(id, li);
  }

  function renderCounts() {
    let proposed = 0;
    for (const q of quotes.values()) if (q.status === 'proposed') proposed += 1;
    $('quote-count').textContent = `(${quotes.size}; ${proposed} to review)`;
    $('btn-accept-all').disabled = proposed === 0;
  }

  function renderLegend() {
    const counts = new Map();
    for (const id of order) {
      const q = quotes.get(id);
      if (q.status === 'rejected') continue;
      const key = speakerKey(q);
      const entry = counts.get(key) || { q, n: 0 };
      entry.n += 1;
      counts.set(key, entry);
    }
    const legend = $('legend');
    const out = document.createDocumentFragment();
    const title = document.createElement('span');
    title.className = 'legend-title';
    title.textContent = 'Speakers:';
    out.append(title);
    for (const [key, { q, n }] of counts) {
      const item = document.createElement('span');
      item.className = 'legend-item';
      const sw = document.createElement('span');
      sw.className = `swatch ${colourClass(q)}`;
      sw.setAttribute('aria-hidden', 'true');
      item.append(sw, `${key ? q.entity || 'unnamed' : 'no speaker'} (${n})`);
      out.append(item);
    }
    const keyItems = [['frag st-proposed spk-none', 'proposal (dashed)'], ['frag st-accepted spk-none', 'confirmed'],
      ['cue', 'cue'], ['mention', 'speaker mention']];
    for (const [cls, label] of keyItems) {
      const item = document.createElement('span');
      item.className = 'legend-item legend-key';
      const sample = document.createElement('span');
      sample.className = `hl ${cls}`;
      sample.textContent = label;
      item.append(sample);
      out.append(item);
    }
    legend.replaceChildren(out);
  }

  // --- the detail panel ------------------------------------------------------------------
  function renderDetail() {
    const q = quotes.get(selectedId);
    $('detail-body').hidden = !q;
    $('detail-empty').hidden = Boolean(q);
    if (!q) {
      $('detail-title').textContent = 'No quote selected';
      return;
    }
    const n = order.indexOf(q.id) + 1;
    $('detail-title').textContent = `Quote ${n} of ${order.length}`;
    const st = $('detail-status');
    st.className = `badge st-${q.status}`;
    st.textContent = STATUS_LABEL[q.status];
    $('detail-confidence').textContent = q.confidence != null ? `proposal confidence ${q.confidence.toFixed(2)}` : '';
    $('detail-excerpt').textContent = excerpt(q, 400);
    $('detail-kind').value = q.kind;
    $('btn-delete').hidden = q.status !== 'added';
    const fl = $('detail-fragments');
    fl.replaceChildren(...q.frags.map((f, i) => {
      const li = document.createElement('li');
      li.className = i === activeFrag ? 'active' : '';
      const span = document.createElement('span');
      span.textContent = `${f[0]}–${f[1]}: ${text.slice(f[0], f[1]).slice(0, 60)}${f[1] - f[0] > 60 ? '…' : ''}`;
      li.append(span);
      if (q.frags.length > 1) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'small';
        b.dataset.removeFrag = String(i);
        b.textContent = 'Remove';
        b.setAttribute('aria-label', `Remove fragment ${i + 1}`);
        li.append(' ', b);
      }
      return li;
    }));
    $('detail-cue').textContent = q.cue ? `“${text.slice(q.cue[0], q.cue[1])}”` : '(none)';
    $('detail-mention').textContent = q.mention ? `“${text.slice(q.mention[0], q.mention[1])}”` : '(none)';
    $('detail-no-speaker').checked = q.speakerType === 'none';
    $('detail-speaker-type').value = q.speakerType;
    const input = $('speaker-input');
    if (document.activeElement !== input) input.value = q.entity;
  }

  // --- selection -------------------------------------------------------------------------
  function select(id, { scroll = true } = {}) {
    const prev = selectedId;
    selectedId = quotes.has(id) ? id : null;
    if (prev !== selectedId) activeFrag = 0;
    if (prev != null && prev !== selectedId) {
      reclassifyQuote(prev);
      const li = items.get(prev);
      if (li) li.setAttribute('aria-selected', 'false');
    }
    if (selectedId != null) {
      reclassifyQuote(selectedId);
      const li = items.get(selectedId);
      if (li) {
        li.setAttribute('aria-selected', 'true');
        listEl.setAttribute('aria-activedescendant', li.id);
      }
    } else {
      listEl.removeAttribute('aria-activedescendant');
    }
    renderDetail();
    afterFrame(scroll);
  }

  // Work that reads layout (scrolling into view, placing the handles) waits for the next
  // frame, so a keystroke costs one layout, not several forced ones.
  let frameQueued = false;
  let scrollWanted = false;
  function afterFrame(scroll = false) {
    scrollWanted = scrollWanted || scroll;
    if (frameQueued) return;
    frameQueued = true;
    requestAnimationFrame(() => {
      frameQueued = false;
      if (scrollWanted && selectedId != null) {
        items.get(selectedId)?.scrollIntoView({ block: 'nearest' });
        const spans = quoteSpans.get(selectedId);
        if (spans && spans.length) spans[0].scrollIntoView({ block: 'nearest' });
      }
      scrollWanted = false;
      placeHandles();
    });
  }

  function move(delta) {
    if (!order.length) return;
    const i = order.indexOf(selectedId);
    const next = i < 0 ? (delta > 0 ? 0 : order.length - 1) : Math.min(Math.max(i + delta, 0), order.length - 1);
    select(order[next]);
  }

  function nextUnreviewed(fromId) {
    const i = order.indexOf(fromId);
    for (let k = 1; k <= order.length; k += 1) {
      const id = order[(i + k) % order.length];
      if (quotes.get(id).status === 'proposed') return id;
    }
    return i >= 0 && i + 1 < order.length ? order[i + 1] : fromId;
  }

  // --- changes, undo and redo ----------------------------------------------------------------
  const undoStack = [];
  const redoStack = [];

  function apply(states) {
    // states: [id, quote|null]; returns the paragraphs whose spans changed.
    const touched = new Set();
    for (const [id, q] of states) {
      const old = quotes.get(id);
      if (q) quotes.set(id, clone(q));
      else quotes.delete(id);
      if (!old || !q || !sameSpans(old, q)) {
        if (old) parasOfQuote(old, touched);
        if (q) parasOfQuote(q, touched);
      }
      if (!q) pendingUp.delete(id), pendingDel.add(id);
      else pendingUp.add(id), pendingDel.delete(id);
    }
    return touched;
  }

  function refresh(ids, touched) {
    if (touched.size) renderParas(touched);
    for (const id of ids) reclassifyQuote(id);
    const before = order.join(',');
    sortOrder();
    if (order.join(',') !== before || ids.some((id) => !items.has(id))) renderList();
    else for (const id of ids) updateItem(id);
    renderCounts();
    renderLegend();
    if (selectedId != null && !quotes.has(selectedId)) selectedId = null;
    if (selectedId != null && items.get(selectedId)) items.get(selectedId).setAttribute('aria-selected', 'true');
    renderDetail();
    afterFrame();
    $('btn-undo').disabled = !undoStack.length;
    $('btn-redo').disabled = !redoStack.length;
  }

  function commit(label, afterStates, { select: selectAfter } = {}) {
    const entry = { label, items: afterStates.map(([id, q]) => ({ id, before: clone(quotes.get(id)), after: clone(q) })) };
    if (!entry.items.length) return;
    undoStack.push(entry);
    if (undoStack.length > 500) undoStack.shift();
    redoStack.length = 0;
    const spans = apply(afterStates);
    refresh(afterStates.map(([id]) => id), spans);
    if (selectAfter !== undefined) select(selectAfter);
    announce(label);
    scheduleSave();
  }

  function undo() {
    const entry = undoStack.pop();
    if (!entry) return;
    redoStack.push(entry);
    const spans = apply(entry.items.map((it) => [it.id, it.before]));
    refresh(entry.items.map((it) => it.id), spans);
    const first = entry.items.find((it) => it.before);
    if (first) select(first.id);
    announce(`Undone: ${entry.label}`);
    scheduleSave();
  }

  function redo() {
    const entry = redoStack.pop();
    if (!entry) return;
    undoStack.push(entry);
    const spans = apply(entry.items.map((it) => [it.id, it.after]));
    refresh(entry.items.map((it) => it.id), spans);
    const first = entry.items.find((it) => it.after);
    if (first) select(first.id);
    announce(`Redone: ${entry.label}`);
    scheduleSave();
  }

  function remapId(oldId, newId) {
    // A quote created here got its id from the server: rename it everywhere.
    const q = quotes.get(oldId);
    if (q) {
      quotes.delete(oldId);
      q.id = newId;
      quotes.set(newId, q);
      const spans = quoteSpans.get(oldId);
      if (spans) {
        quoteSpans.delete(oldId);
        quoteSpans.set(newId, spans);
        for (const span of spans) for (const it of spanInfo.get(span)) if (it.id === oldId) it.id = newId;
      }
      const li = items.get(oldId);
      if (li) {
        items.delete(oldId);
        items.set(newId, li);
        li.id = itemId(newId);
        li.dataset.id = String(newId);
        if (selectedId === oldId) listEl.setAttribute('aria-activedescendant', li.id);
      }
      order = order.map((id) => (id === oldId ? newId : id));
    }
    if (selectedId === oldId) selectedId = newId;
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
    if (pendingUp.delete(oldId)) pendingUp.add(newId);
    if (pendingDel.delete(oldId)) pendingDel.add(newId);
  }

  function edited(q) {
    const c = clone(q);
    if (c.status !== 'added') c.status = 'edited';
    return c;
  }

  // --- actions ---------------------------------------------------------------------------------
  function current() {
    const q = quotes.get(selectedId);
    if (!q) announce('Select a quote first (j / k).');
    return q;
  }

  function accept() {
    const q = current();
    if (!q) return;
    const c = clone(q);
    if (c.status === 'proposed' || c.status === 'rejected') c.status = 'accepted';
    if (c.status === q.status) return select(nextUnreviewed(q.id));
    commit('accepted', [[q.id, c]], { select: nextUnreviewed(q.id) });
  }

  function reject() {
    const q = current();
    if (!q) return;
    if (q.status === 'rejected') return select(nextUnreviewed(q.id));
    const c = clone(q);
    c.status = 'rejected';
    commit('rejected', [[q.id, c]], { select: nextUnreviewed(q.id) });
  }

  function acceptAll() {
    const states = [];
    for (const id of order) {
      const q = quotes.get(id);
      if (q.status !== 'proposed') continue;
      const c = clone(q);
      c.status = 'accepted';
      states.push([id, c]);
    }
    if (!states.length) return announce('No proposals left to review.');
    commit(`accepted ${states.length} remaining proposal${states.length > 1 ? 's' : ''}`, states);
  }

  function guessKind(s) {
    const t = s.trim().replace(/[.,;:!?]+$/, '');
    if (t && QUOTE_MARKS.includes(t[0]) && QUOTE_MARKS.includes(t[t.length - 1])) return 'direct';
    if ([...t].some((ch) => QUOTE_MARKS.includes(ch) && ch !== "'" && ch !== '’')) return 'mixed';
    return 'indirect';
  }

  function addQuote() {
    const span = selectionSpan();
    if (!span) return announce('Select the words of the quote in the text first.');
    tempSeq -= 1;
    const q = {
      id: tempSeq, frags: [span], kind: guessKind(text.slice(span[0], span[1])), cue: null, mention: null, entity: '',
      speakerId: null, speakerType: '', confidence: null, status: 'added', extra: {},
    };
    window.getSelection().removeAllRanges();
    commit('quote added', [[q.id, q]], { select: q.id });
  }

  function addFragment() {
    const q = current();
    if (!q) return;
    const span = selectionSpan();
    if (!span) return announce('Select the text of the fragment first.');
    if (q.frags.some((f) => span[0] < f[1] && f[0] < span[1])) return announce('That overlaps a fragment of this quote.');
    const c = edited(q);
    c.frags.push(span);
    c.frags.sort((a, b) => a[0] - b[0]);
    activeFrag = c.frags.findIndex((f) => f[0] === span[0]);
    window.getSelection().removeAllRanges();
    commit('fragment added', [[q.id, c]]);
  }

  function removeFragment(i) {
    const q = current();
    if (!q || q.frags.length < 2) return;
    const c = edited(q);
    c.frags.splice(i, 1);
    activeFrag = 0;
    commit('fragment removed', [[q.id, c]]);
  }

  function setSpan(which) {
    const q = current();
    if (!q) return;
    const span = selectionSpan();
    if (!span) return announce(`Select the ${which === 'cue' ? 'cue' : 'speaker mention'} in the text first.`);
    const c = edited(q);
    c[which] = span;
    if (which === 'mention') {
      const words = text.slice(span[0], span[1]);
      if (!c.speakerType || c.speakerType === 'none') {
        c.speakerType = PRONOUNS.has(words.toLowerCase()) ? 'pronoun' : /^[A-Z]/.test(words) && !/^The\b/.test(words) ? 'named' : 'description';
      }
    }
    window.getSelection().removeAllRanges();
    commit(which === 'cue' ? 'cue set' : 'speaker mention set', [[q.id, c]]);
  }

  function clearSpan(which) {
    const q = current();
    if (!q || !q[which]) return;
    const c = edited(q);
    c[which] = null;
    commit(which === 'cue' ? 'cue cleared' : 'speaker mention cleared', [[q.id, c]]);
  }

  const wordStartLeft = (p) => { let i = p; while (i > 0 && isSpace(text[i - 1])) i -= 1; while (i > 0 && !isSpace(text[i - 1])) i -= 1; return i; };
  const wordStartRight = (p) => { let i = p; while (i < text.length && !isSpace(text[i])) i += 1; while (i < text.length && isSpace(text[i])) i += 1; return i; };
  const wordEndRight = (p) => { let i = p; while (i < text.length && isSpace(text[i])) i += 1; while (i < text.length && !isSpace(text[i])) i += 1; return i; };
  const wordEndLeft = (p) => { let i = p; while (i > 0 && isSpace(text[i - 1])) i -= 1; while (i > 0 && !isSpace(text[i - 1])) i -= 1; while (i > 0 && isSpace(text[i - 1])) i -= 1; return i; };

  function setBoundary(fi, edge, pos) {
    const q = current();
    if (!q || !q.frags[fi]) return afterFrame();
    const c = edited(q);
    const f = c.frags[fi];
    const lo = fi > 0 ? c.frags[fi - 1][1] : 0;
    const hi = fi < c.frags.length - 1 ? c.frags[fi + 1][0] : text.length;
    if (edge === 'start') f[0] = pos;
    else f[1] = pos;
    if (!(f[0] < f[1]) || f[0] < lo || f[1] > hi) {
      afterFrame();
      return announce('That would make the fragment empty or overlap another one.');
    }
    if (f[0] === q.frags[fi][0] && f[1] === q.frags[fi][1]) return afterFrame();
    commit(`fragment ${edge} moved`, [[q.id, c]]);
  }

  function nudge(edge, dir) {
    const q = current();
    if (!q) return;
    const fi = Math.min(activeFrag, q.frags.length - 1);
    const f = q.frags[fi];
    const pos = edge === 'start' ? (dir < 0 ? wordStartLeft(f[0]) : wordStartRight(f[0])) : dir < 0 ? wordEndLeft(f[1]) : wordEndRight(f[1]);
    setBoundary(fi, edge, pos);
  }

  function cycleFragment() {
    const q = current();
    if (!q) return;
    activeFrag = (activeFrag + 1) % q.frags.length;
    renderDetail();
    afterFrame();
    announce(`Fragment ${activeFrag + 1} of ${q.frags.length} active`);
  }

  function setKind(kind) {
    const q = current();
    if (!q || q.kind === kind) return;
    const c = edited(q);
    c.kind = kind;
    commit(`kind set to ${kind}`, [[q.id, c]]);
  }

  function setSpeakerType(type) {
    const q = current();
    if (!q || q.speakerType === type) return;
    const c = edited(q);
    c.speakerType = type;
    if (type === 'none') c.mention = null;
    commit(type === 'none' ? 'no speaker in text' : `mention type ${type || 'cleared'}`, [[q.id, c]]);
  }

  function setSpeaker(speaker) {
    const q = current();
    if (!q) return;
    const name = speaker ? speaker.name : '';
    if (q.entity === name && q.speakerId === (speaker ? speaker.id : null)) return;
    const c = edited(q);
    c.entity = name;
    c.speakerId = speaker ? speaker.id : null;
    commit(name ? `speaker set to ${name}` : 'speaker cleared', [[q.id, c]]);
  }

  function deleteQuote() {
    const q = current();
    if (!q) return;
    if (q.status !== 'added') return announce('Proposals are rejected (r), not deleted.');
    const i = order.indexOf(q.id);
    const next = order[i + 1] ?? order[i - 1] ?? null;
    commit('quote deleted', [[q.id, null]], { select: next });
  }

  // --- the speaker type-ahead (ARIA combobox) ---------------------------------------------------
  const input = $('speaker-input');
  const optionsEl = $('speaker-options');
  let options = [];
  let activeOption = -1;

  function matches(query) {
    const qy = query.trim().toLowerCase();
    if (!qy) return speakers.slice(0, 8);
    const scored = [];
    for (const s of speakers) {
      const names = [s.name, ...(s.aliases || [])].map((n) => n.toLowerCase());
      const rank = names.some((n) => n.startsWith(qy)) ? 0 : names.some((n) => n.includes(qy)) ? 1 : -1;
      if (rank >= 0) scored.push([rank, s]);
    }
    scored.sort((a, b) => a[0] - b[0] || a[1].name.localeCompare(b[1].name));
    return scored.slice(0, 8).map(([, s]) => s);
  }

  function openOptions() {
    const query = input.value.trim();
    options = matches(query).map((s) => ({ speaker: s, label: s.name, hint: (s.aliases || []).slice(0, 3).join(', ') }));
    if (query && !speakers.some((s) => s.name.toLowerCase() === query.toLowerCase())) {
      options.push({ speaker: { id: null, name: query.replace(/\s+/g, ' ') }, label: `Create “${query}”`, hint: 'new speaker' });
    }
    activeOption = options.length ? 0 : -1;
    optionsEl.replaceChildren(...options.map((o, i) => {
      const li = document.createElement('li');
      li.id = `speaker-option-${i}`;
      li.setAttribute('role', 'option');
      li.dataset.index = String(i);
      li.textContent = o.label;
      if (o.hint) {
        const h = document.createElement('span');
        h.className = 'muted';
        h.textContent = ` ${o.hint}`;
        li.append(h);
      }
      return li;
    }));
    optionsEl.hidden = !options.length;
    input.setAttribute('aria-expanded', String(options.length > 0));
    markActiveOption();
  }

  function markActiveOption() {
    optionsEl.querySelectorAll('[role=option]').forEach((li, i) => li.setAttribute('aria-selected', String(i === activeOption)));
    if (activeOption >= 0) input.setAttribute('aria-activedescendant', `speaker-option-${activeOption}`);
    else input.removeAttribute('aria-activedescendant');
  }

  function closeOptions() {
    optionsEl.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function pickOption(i) {
    const o = options[i];
    closeOptions();
    if (!o) return;
    if (o.speaker.id == null && !speakers.some((s) => s.name === o.speaker.name)) speakers.push({ ...o.speaker, aliases: [] });
    input.value = o.speaker.name;
    setSpeaker(o.speaker);
  }

  input.addEventListener('input', openOptions);
  input.addEventListener('focus', openOptions);
  input.addEventListener('blur', () => setTimeout(closeOptions, 150));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (optionsEl.hidden) openOptions();
      const n = options.length;
      if (n) activeOption = (activeOption + (e.key === 'ArrowDown' ? 1 : -1) + n) % n;
      markActiveOption();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (!input.value.trim()) {
        closeOptions();
        setSpeaker(null);
      } else if (!optionsEl.hidden && activeOption >= 0) pickOption(activeOption);
      listEl.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      closeOptions();
      renderDetail();
      listEl.focus();
    }
  });
  optionsEl.addEventListener('mousedown', (e) => e.preventDefault());
  optionsEl.addEventListener('click', (e) => {
    const li = e.target.closest('[role=option]');
    if (li) pickOption(Number(li.dataset.index));
  });

  // --- autosave with optimistic locking ----------------------------------------------------------
  const pendingUp = new Set();
  const pendingDel = new Set();
  let inflight = null;
  let saveTimer = null;
  let retryDelay = 2000;
  let conflict = false;

  function csrfToken() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    const field = document.querySelector('input[name=csrfmiddlewaretoken]');
    return field ? field.value : '';
  }

  function setSaveState(label, cls = '') {
    saveStateEl.textContent = label;
    saveStateEl.className = `save-state ${cls}`;
  }

  function showBanner(message, { retry = false, reload = false, kind = 'error' } = {}) {
    $('editor-banner-text').textContent = message;
    $('btn-retry').hidden = !retry;
    $('btn-reload').hidden = !reload;
    banner.className = `editor-banner ${kind}`;
    banner.hidden = false;
  }

  function hideBanner() {
    banner.hidden = true;
  }

  const dirty = () => pendingUp.size > 0 || pendingDel.size > 0;

  function scheduleSave(delay = 300) {
    if (conflict) return;
    setSaveState('Unsaved changes…', 'pending');
    clearTimeout(saveTimer);
    saveTimer = setTimeout(flush, delay);
  }

  async function request(url, method, body) {
    return fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRFToken': csrfToken() },
      body: JSON.stringify(body),
    });
  }

  function flush() {
    if (inflight) return inflight;
    inflight = doFlush().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  async function doFlush() {
    clearTimeout(saveTimer);
    if (conflict) return false;
    if (!dirty()) {
      setSaveState(`All changes saved (version ${version})`, 'saved');
      return true;
    }
    const upIds = [...pendingUp];
    const delIds = [...pendingDel];
    pendingUp.clear();
    pendingDel.clear();
    const sent = [];
    const records = [];
    for (const id of upIds) {
      const q = quotes.get(id);
      if (!q) continue;
      const r = toRecord(q);
      if (!serverIds.has(id)) delete r.id;
      sent.push(id);
      records.push(r);
    }
    const deleted = delIds.filter((id) => serverIds.has(id));
    const restore = () => {
      for (const id of upIds) if (!pendingDel.has(id)) pendingUp.add(id);
      for (const id of delIds) if (!pendingUp.has(id)) pendingDel.add(id);
    };
    setSaveState('Saving…', 'pending');
    let resp;
    try {
      resp = await request(urls.annotation, 'PATCH', { version, quotes: records, deleted });
    } catch (err) {
      restore();
      failed('The server could not be reached. Your changes are kept here and will be saved when it answers.');
      return false;
    }
    let body = {};
    try {
      body = await resp.json();
    } catch (err) {
      body = {};
    }
    if (resp.ok) {
      version = body.version;
      setStatus = body.status;
      for (const id of deleted) serverIds.delete(id);
      body.quotes.forEach((r, i) => {
        const id = sent[i];
        if (r.id !== id) remapId(id, r.id);
        serverIds.add(r.id);
        const q = quotes.get(r.id);
        if (q && r.speaker_id != null && q.speakerId == null && !pendingUp.has(r.id)) {
          // The server matched the typed name to the registry (or created the speaker).
          const typed = q.entity;
          q.speakerId = r.speaker_id;
          q.entity = r.speaker_entity;
          const known = speakers.find((s) => s.name === typed && s.id == null);
          if (known) Object.assign(known, { id: r.speaker_id, name: r.speaker_entity });
          reclassifyQuote(r.id);
          updateItem(r.id);
          if (r.id === selectedId) renderDetail();
        }
      });
      retryDelay = 2000;
      if (!banner.classList.contains('info')) hideBanner();
      if (dirty()) return doFlush();
      setSaveState(`All changes saved (version ${version})`, 'saved');
      return true;
    }
    restore();
    if (resp.status === 409) {
      conflict = true;
      setSaveState('Not saved: conflict', 'error');
      showBanner(
        `${body.detail || 'This annotation was changed elsewhere.'} Your unsaved changes are kept and can be re-applied after reloading.`,
        { reload: true },
      );
      return false;
    }
    if (resp.status === 400) {
      failed(`The server refused the change: ${body.detail || 'invalid data'}. Undo it, or retry.`, false);
      return false;
    }
    failed(`Saving failed (${resp.status}${body.detail ? `: ${body.detail}` : ''}). Your changes are kept here.`);
    return false;
  }

  let retryTimer = null;
  function failed(message, auto = true) {
    setSaveState('Not saved', 'error');
    showBanner(message, { retry: true });
    clearTimeout(retryTimer);
    if (auto) {
      retryTimer = setTimeout(flush, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 60000);
    }
  }

  function stashAndReload() {
    const records = [...pendingUp].map((id) => quotes.get(id)).filter(Boolean).map(toRecord);
    const deleted = [...pendingDel].filter((id) => serverIds.has(id));
    if (records.length || deleted.length) {
      sessionStorage.setItem(stashKey, JSON.stringify({ records, deleted, baseVersion: version }));
    }
    pendingUp.clear();
    pendingDel.clear();
    window.location.reload();
  }

  function offerStash() {
    const raw = sessionStorage.getItem(stashKey);
    if (!raw) return;
    let stash;
    try {
      stash = JSON.parse(raw);
    } catch (err) {
      sessionStorage.removeItem(stashKey);
      return;
    }
    const n = stash.records.length + stash.deleted.length;
    showBanner(`You have ${n} unsaved change${n === 1 ? '' : 's'} from before reloading. Re-apply them on top of the latest version?`,
      { kind: 'info' });
    const yes = document.createElement('button');
    yes.type = 'button';
    yes.textContent = 'Re-apply my changes';
    const no = document.createElement('button');
    no.type = 'button';
    no.textContent = 'Discard them';
    $('editor-banner-text').append(' ', yes, ' ', no);
    yes.addEventListener('click', () => {
      sessionStorage.removeItem(stashKey);
      const states = stash.records.map((r) => {
        const q = fromRecord(r);
        if (q.id == null || !quotes.has(q.id)) q.id = (tempSeq -= 1);
        return [q.id, q];
      });
      for (const id of stash.deleted) if (quotes.has(id)) states.push([id, null]);
      hideBanner();
      commit('re-applied unsaved changes', states);
    });
    no.addEventListener('click', () => {
      sessionStorage.removeItem(stashKey);
      hideBanner();
    });
  }

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && dirty()) flush();
  });
  window.addEventListener('beforeunload', (e) => {
    if (dirty() || inflight) {
      e.preventDefault();
      e.returnValue = '';
    }
  });

  // --- submit ------------------------------------------------------------------------------------
  const submitDialog = $('submit-dialog');
  function askSubmit() {
    let left = 0;
    for (const q of quotes.values()) if (q.status === 'proposed') left += 1;
    if (left) {
      $('submit-warning').textContent = `${left} proposal${left === 1 ? ' is' : 's are'} still unreviewed. They will count as neither accepted nor rejected.`;
      submitDialog.showModal();
      $('btn-submit-cancel').focus();
      return;
    }
    submit();
  }

  async function submit() {
    if (submitDialog.open) submitDialog.close();
    setSaveState('Submitting…', 'pending');
    await flush();
    if (dirty() || conflict) {
      announce('Submit waits until every change is saved.');
      return;
    }
    let resp;
    try {
      resp = await request(urls.submit, 'POST', { version });
    } catch (err) {
      return failed('The server could not be reached; nothing was submitted.', false);
    }
    const body = await resp.json().catch(() => ({}));
    if (resp.status === 409) {
      conflict = true;
      showBanner(`${body.detail || 'Changed elsewhere.'}`, { reload: true });
      return;
    }
    if (!resp.ok) return failed(`Submitting failed: ${body.detail || resp.status}`, false);
    version = body.version;
    setStatus = body.status;
    renderSetStatus();
    showBanner('Submitted. Thank you! Open the next article when you are ready.', { kind: 'success' });
    $('link-next').focus();
  }

  function renderSetStatus() {
    const b = $('btn-submit');
    b.textContent = setStatus === 'submitted' ? 'Submitted ✓ (submit again)' : 'Submit';
    setSaveState(setStatus === 'submitted' ? `Submitted (version ${version})` : `All changes saved (version ${version})`, 'saved');
  }

  // --- keyboard ------------------------------------------------------------------------------------
  const help = $('help-dialog');
  const liveRegion = document.createElement('div');
  liveRegion.className = 'visually-hidden';
  liveRegion.setAttribute('aria-live', 'polite');
  root.appendChild(liveRegion);
  function announce(message) {
    liveRegion.textContent = message;
  }

  document.addEventListener('keydown', (e) => {
    if (help.open || submitDialog.open) return;
    const t = e.target;
    const tag = t.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || t.isContentEditable) {
      if (e.key === 'Escape') {
        t.blur();
        listEl.focus();
      }
      return;
    }
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && (e.key === 'z' || e.key === 'Z')) {
      e.preventDefault();
      return e.shiftKey ? redo() : undo();
    }
    if (ctrl && e.key === 'y') {
      e.preventDefault();
      return redo();
    }
    if (ctrl || e.altKey) return;
    if ((tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') && (e.key === 'Enter' || e.key === ' ')) return;
    const actions = {
      j: () => move(1), ArrowDown: () => move(1), k: () => move(-1), ArrowUp: () => move(-1),
      a: accept, Enter: accept, r: reject, A: acceptAll, u: undo,
      n: addQuote, f: addFragment, c: () => setSpan('cue'), s: () => setSpan('mention'),
      '[': () => nudge('start', -1), ']': () => nudge('start', 1), '{': () => nudge('end', -1), '}': () => nudge('end', 1),
      '.': cycleFragment, 1: () => setKind('direct'), 2: () => setKind('indirect'), 3: () => setKind('mixed'),
      0: () => { const q = current(); if (q) setSpeakerType(q.speakerType === 'none' ? '' : 'none'); },
      p: () => { if (current()) input.focus(); }, Delete: deleteQuote, '?': () => help.showModal(), S: askSubmit,
    };
    const action = actions[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  });

  // --- wiring --------------------------------------------------------------------------------------
  listEl.addEventListener('click', (e) => {
    const li = e.target.closest('[role=option]');
    if (li) select(Number(li.dataset.id));
  });
  textEl.addEventListener('click', (e) => {
    if (!window.getSelection().isCollapsed) return;
    const span = e.target.closest('span.hl');
    if (!span || !spanInfo.has(span)) return;
    const info = spanInfo.get(span);
    const ids = [...new Set([...info.filter((it) => it.t === 'f'), ...info].map((it) => it.id))];
    const i = ids.indexOf(selectedId);
    select(ids[(i + 1) % ids.length], { scroll: false });
    items.get(selectedId)?.scrollIntoView({ block: 'nearest' });  // the list only: the text is where the user is
  });
  $('btn-accept').addEventListener('click', accept);
  $('btn-reject').addEventListener('click', reject);
  $('btn-delete').addEventListener('click', deleteQuote);
  $('btn-accept-all').addEventListener('click', acceptAll);
  $('btn-undo').addEventListener('click', undo);
  $('btn-redo').addEventListener('click', redo);
  $('btn-help').addEventListener('click', () => help.showModal());
  $('btn-submit').addEventListener('click', askSubmit);
  $('btn-submit-confirm').addEventListener('click', submit);
  $('btn-submit-cancel').addEventListener('click', () => submitDialog.close());
  $('btn-add-fragment').addEventListener('click', addFragment);
  $('btn-set-cue').addEventListener('click', () => setSpan('cue'));
  $('btn-set-mention').addEventListener('click', () => setSpan('mention'));
  $('btn-clear-cue').addEventListener('click', () => clearSpan('cue'));
  $('btn-clear-mention').addEventListener('click', () => clearSpan('mention'));
  $('btn-retry').addEventListener('click', () => {
    clearTimeout(retryTimer);
    flush();
  });
  $('btn-reload').addEventListener('click', stashAndReload);
  $('detail-kind').addEventListener('change', (e) => setKind(e.target.value));
  $('detail-speaker-type').addEventListener('change', (e) => setSpeakerType(e.target.value));
  $('detail-no-speaker').addEventListener('change', (e) => setSpeakerType(e.target.checked ? 'none' : ''));
  $('detail-fragments').addEventListener('click', (e) => {
    const b = e.target.closest('[data-remove-frag]');
    if (b) removeFragment(Number(b.dataset.removeFrag));
  });
  // Buttons that act on the text selection must not take it away when clicked.
  for (const id of ['btn-add-fragment', 'btn-set-cue', 'btn-set-mention']) $(id).addEventListener('mousedown', (e) => e.preventDefault());
  window.addEventListener('resize', () => placeHandles());

  // --- start -------------------------------------------------------------------------------------------
  for (const r of data.annotation.quotes) {
    const q = fromRecord(r);
    quotes.set(q.id, q);
    serverIds.add(q.id);
  }
  sortOrder();
  for (const id of order) colourClass(quotes.get(id));
  renderText();
  renderList();
  renderCounts();
  renderLegend();
  renderSetStatus();
  const firstTodo = order.find((id) => quotes.get(id).status === 'proposed') ?? order[0];
  if (firstTodo != null) select(firstTodo, { scroll: false });
  listEl.focus({ preventScroll: true });
  offerStash();
  root.dataset.ready = '1';
  performance.mark('editor-ready');

  // For the benchmark and tests: the state as the API sees it.
  root.editorState = () => ({ version, status: setStatus, quotes: order.map((id) => toRecord(quotes.get(id))) });
}

const editorRoot = document.getElementById('editor');
if (editorRoot) init(editorRoot);
