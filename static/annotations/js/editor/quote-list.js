// The list of quotes beside the text (an ARIA listbox), the count of quotes still to
// review and the speaker colour legend. Everything is text content: no innerHTML.
'use strict';

import { countStatus, excerpt, speakerKey } from './quotes.js';
import { statusLabel } from './vocab.js';

export const itemId = (id) => `q-item-${String(id).replace('-', 'n')}`;

const LEGEND_KEYS = [['frag st-proposed spk-none', 'proposal (dashed)'], ['frag st-accepted spk-none', 'confirmed'],
  ['cue', 'cue'], ['mention', 'speaker mention']];

// The speaker colour legend of the quotes in `ed` (rejected ones left out) and `keys` to
// the highlight styles ([class, label]); shared with the curation page, which has no quote list.
export function renderLegend(ed, legendEl, keys = LEGEND_KEYS) {
  const counts = new Map();
  for (const id of ed.order) {
    const q = ed.quotes.get(id);
    if (q.status === 'rejected') continue;
    const key = speakerKey(q);
    const entry = counts.get(key) || { q, n: 0 };
    entry.n += 1;
    counts.set(key, entry);
  }
  const out = document.createDocumentFragment();
  const title = document.createElement('span');
  title.className = 'legend-title';
  title.textContent = 'Speakers:';
  out.append(title);
  for (const [key, { q, n }] of counts) {
    const item = document.createElement('span');
    item.className = 'legend-item';
    const sw = document.createElement('span');
    sw.className = `swatch ${ed.colourClass(q)}`;
    sw.setAttribute('aria-hidden', 'true');
    item.append(sw, `${key ? q.entity || 'unnamed' : 'no speaker'} (${n})`);
    out.append(item);
  }
  for (const [cls, label] of keys) {
    const item = document.createElement('span');
    item.className = 'legend-item legend-key';
    const sample = document.createElement('span');
    sample.className = `hl ${cls}`;
    sample.textContent = label;
    item.append(sample);
    out.append(item);
  }
  legendEl.replaceChildren(out);
}

export function createQuoteList(ed, { listEl, countEl, acceptAllBtn, legendEl }) {
  const items = new Map();
  const { text } = ed;

  function makeItem(q) {
    const li = document.createElement('li');
    li.id = itemId(q.id);
    li.className = `quote-item st-${q.status}`;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', String(q.id === ed.selectedId));
    li.dataset.id = String(q.id);
    const sw = document.createElement('span');
    sw.className = `swatch ${ed.colourClass(q)}`;
    sw.setAttribute('aria-hidden', 'true');
    const ex = document.createElement('span');
    ex.className = 'q-excerpt';
    ex.textContent = excerpt(q, text);
    const meta = document.createElement('span');
    meta.className = 'q-meta';
    const cue = q.cue ? text.slice(q.cue[0], q.cue[1]) : '—';
    const who = q.entity || (q.speakerType === 'none' ? 'no speaker in text' : q.mention ? `“${text.slice(q.mention[0], q.mention[1])}”` : 'no speaker');
    meta.textContent = `${q.kind} · cue: ${cue} · ${who}`;
    const st = document.createElement('span');
    st.className = `badge q-status st-${q.status}`;
    st.textContent = statusLabel(ed.vocab, q.status);
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

  function render() {
    items.clear();
    const out = document.createDocumentFragment();
    for (const id of ed.order) {
      const li = makeItem(ed.quotes.get(id));
      items.set(id, li);
      out.appendChild(li);
    }
    listEl.replaceChildren(out);
    if (!ed.order.length) {
      const li = document.createElement('li');
      li.className = 'muted';
      li.textContent = 'No quotes yet. Select text and press n to add one.';
      listEl.appendChild(li);
    }
  }

  function update(id) {
    const old = items.get(id);
    const q = ed.quotes.get(id);
    if (!old || !q) return;
    const li = makeItem(q);
    old.replaceWith(li);
    items.set(id, li);
  }

  function renderCounts() {
    const proposed = countStatus(ed.quotes, 'proposed');
    countEl.textContent = `(${ed.quotes.size}; ${proposed} to review)`;
    acceptAllBtn.disabled = proposed === 0;
  }

  const renderLegendHere = () => renderLegend(ed, legendEl);

  function setSelected(id, selected) {
    const li = items.get(id);
    if (!li) return;
    li.setAttribute('aria-selected', String(selected));
    if (selected) listEl.setAttribute('aria-activedescendant', li.id);
  }

  function remapId(oldId, newId) {
    const li = items.get(oldId);
    if (!li) return;
    items.delete(oldId);
    items.set(newId, li);
    li.id = itemId(newId);
    li.dataset.id = String(newId);
    if (ed.selectedId === oldId) listEl.setAttribute('aria-activedescendant', li.id);
  }

  return {
    render,
    update,
    renderCounts,
    renderLegend: renderLegendHere,
    setSelected,
    clearActive: () => listEl.removeAttribute('aria-activedescendant'),
    remapId,
    has: (id) => items.has(id),
    scrollTo: (id) => items.get(id)?.scrollIntoView({ block: 'nearest' }),
    focus: (options) => listEl.focus(options),
  };
}
