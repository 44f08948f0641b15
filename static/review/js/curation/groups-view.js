// The aligned list: one row per group of quotes that are the same quote across the sources,
// each source's version field by field beside the gold's, with buttons to take a version or
// one field of it; and one row per quote the reviewer added outside every group.
//
// To the editor's controller this is the quote list (render, update, setSelected, …): the
// gold quotes live in the rows of their groups. The row in focus ("current") holds the
// editor's quote panel for its gold quote. Text reaches the DOM only as text nodes.
'use strict';

import { renderLegend } from '../../../annotations/js/editor/quote-list.js';
import { excerpt } from '../../../annotations/js/editor/quotes.js';
import {
  FIELDS, FIELD_LABELS, goldIdsOf, groupOfOutId, groupState, isHuman, isOutId, membersOf, rowKeyOf, rowsOf, sameField,
  sourceLabel, undecidedCount,
} from './gold.js';

const STATE_LABELS = { taken: 'In gold', out: 'Left out', undecided: 'Undecided' };
const LEGEND_KEYS = [['frag st-accepted spk-none', 'gold quote'], ['ghost ghost-undecided', 'undecided'], ['cue', 'cue'],
  ['mention', 'speaker mention']];

export const rowId = (key) => `row-${key.replace(':', '-').replace('--', '-n')}`;  // q:-1 -> row-q-n1

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

function kbd(text) {
  return el('kbd', null, text);
}

export function createGroupsView(ed, { listEl, countEl, undecidedEl, legendEl, detailEl, detailHome, emptyEl, titleEl, textView }) {
  const { text, vocab } = ed;
  const members = ed.groups.map((g) => membersOf(g, vocab));
  let rows = [];
  const rowEls = new Map();   // row key -> li
  const rowOfId = new Map();  // gold quote id -> row key, as last drawn
  let current = null;

  const quoted = (span) => (span ? `“${text.slice(span[0], span[1])}”` : '(none)');
  const fragsText = (q) => q.frags.map((f) => text.slice(f[0], f[1])).join(' … ');
  const kindLabel = (k) => vocab.kindLabel.get(k) ?? k;

  function value(q, field) {
    switch (field) {
      case 'span': return fragsText(q);
      case 'kind': return kindLabel(q.kind);
      case 'cue': return quoted(q.cue);
      case 'mention':
        if (q.speakerType === 'none') return 'no speaker in text';
        return q.mention ? `${quoted(q.mention)}${q.speakerType ? ` (${q.speakerType})` : ''}` : '(none)';
      case 'speaker': return q.entity || '(none)';
      default: return '';
    }
  }

  function ghostLook(id) {
    const g = Number(id.slice(2));
    const state = groupState(g, ed);
    return {
      cls: `ghost ghost-${state}${id === current ? ' ghost-sel' : ''}`,
      title: `Quote ${g + 1}: ${STATE_LABELS[state].toLowerCase()}`,
    };
  }
  ed.ghostLook = ghostLook;

  // --- one group row ---------------------------------------------------------------------
  function headOf(g, state) {
    const head = el('div', 'group-head');
    head.append(el('span', 'group-num', String(g + 1)), el('span', `badge state-badge state-${state}`, STATE_LABELS[state]));
    const humans = ed.sources.filter(isHuman);
    if (ed.agreed[g]) {
      head.append(el('span', 'badge agreed-badge', humans.length > 1 ? 'annotators agree' : `as ${sourceLabel(humans[0])} has it`));
    }
    const missing = humans.filter((s) => !members[g].has(s.set_id)).map(sourceLabel);
    const split = humans.filter((s) => (members[g].get(s.set_id) || []).length > 1).map(sourceLabel);
    const notes = [];
    if (humans.length && missing.length === humans.length) notes.push('no annotator has this quote');
    else if (missing.length) notes.push(`no quote here from ${missing.join(', ')}`);
    if (split.length) notes.push(`split in pieces by ${split.join(', ')}`);
    if (notes.length) head.append(el('span', 'group-note', notes.join('; ')));
    return head;
  }

  function sourceHeader(g, s, i) {
    const th = el('th', 'source-col');
    th.scope = 'col';
    const mine = members[g].get(s.set_id) || [];
    const name = el('span', 'source-name', `${i + 1} ${sourceLabel(s)}`);
    if (mine.some((q) => q.status === 'proposed') && isHuman(s)) name.append(el('span', 'muted', ' (unreviewed)'));
    const b = el('button', 'small take-btn');
    b.type = 'button';
    b.dataset.take = String(s.set_id);
    b.dataset.group = String(g);
    b.append(mine.length ? 'Take ' : 'Leave out ', kbd(`⇧${i + 1}`));
    b.setAttribute('aria-label', mine.length
      ? `Take ${sourceLabel(s)}’s version of quote ${g + 1}` : `Leave quote ${g + 1} out, as ${sourceLabel(s)} has it`);
    th.append(name, ' ', b);
    return th;
  }

  function tick() {
    const t = el('span', 'tick', ' ✓');
    t.title = 'as in the gold';
    t.setAttribute('aria-label', 'as in the gold');
    return t;
  }

  function takeFieldButton(g, s, field) {
    const b = el('button', 'small take-field', 'take');
    b.type = 'button';
    b.dataset.takeField = field;
    b.dataset.take = String(s.set_id);
    b.dataset.group = String(g);
    b.setAttribute('aria-label', `Take ${sourceLabel(s)}’s ${FIELD_LABELS[field].toLowerCase()} for quote ${g + 1}`);
    return b;
  }

  // One source's value of a field (all its quotes here), with a tick when the gold has the
  // same, else a button to take it into the gold.
  function cell(g, s, field, gold, colSpan = 1) {
    const td = el('td', 'field-cell');
    td.colSpan = colSpan;
    const mine = members[g].get(s.set_id) || [];
    if (!mine.length) {
      td.append(el('span', 'muted', field === 'span' ? '— no quote' : '—'));
      return td;
    }
    for (const q of mine) td.append(el('span', `field-value${mine.length > 1 ? ' multi' : ''}`, value(q, field)));
    if (colSpan > 1) td.prepend(el('span', 'all-same', 'all: '));
    if (mine.length === 1 && gold.length === 1) {
      if (sameField(mine[0], gold[0], field)) {
        td.classList.add('in-gold');
        td.append(tick());
      } else td.append(' ', takeFieldButton(g, s, field));
    }
    return td;
  }

  // Every source has one quote here with the same value: one cell says so for all.
  function allSame(g, field) {
    const qs = ed.sources.map((s) => members[g].get(s.set_id) || []);
    return qs.every((m) => m.length === 1) && qs.every((m) => sameField(m[0], qs[0][0], field));
  }

  function goldCell(field, gold, state) {
    const td = el('td', 'field-cell gold-cell');
    if (!gold.length) td.append(el('span', 'muted', field === 'span' ? STATE_LABELS[state].toLowerCase() : '—'));
    for (const q of gold) td.append(el('span', `field-value${gold.length > 1 ? ' multi' : ''}`, value(q, field)));
    return td;
  }

  function tableOf(g, state, gold) {
    const table = el('table', 'versions');
    const caption = el('caption', 'visually-hidden', `Quote ${g + 1}, each source’s version and the gold`);
    const head = el('tr');
    const corner = el('th', 'corner', '');
    corner.scope = 'col';
    head.append(corner, ...ed.sources.map((s, i) => sourceHeader(g, s, i)));
    const goldTh = el('th', 'gold-col', 'Gold');
    goldTh.scope = 'col';
    head.append(goldTh);
    const thead = el('thead');
    thead.append(head);
    const tbody = el('tbody');
    const agreed = ed.groups[g].agreed;
    const several = ed.sources.filter(isHuman).length > 1;
    for (const field of FIELDS) {
      const differ = several && !agreed[field];
      const tr = el('tr', `field-row field-${field} ${differ ? 'differ' : 'agree'}`);
      const th = el('th', null, FIELD_LABELS[field]);
      th.scope = 'row';
      if (differ) th.append(el('span', 'differ-mark', ' ≠'), el('span', 'visually-hidden', ' (annotators disagree)'));
      else if (several) th.append(el('span', 'agree-mark', ' ='), el('span', 'visually-hidden', ' (annotators agree)'));
      const cells = ed.sources.length > 1 && allSame(g, field)
        ? [cell(g, ed.sources[0], field, gold, ed.sources.length)]
        : ed.sources.map((s) => cell(g, s, field, gold));
      tr.append(th, ...cells, goldCell(field, gold, state));
      tbody.append(tr);
    }
    table.append(caption, thead, tbody);
    const wrap = el('div', 'versions-wrap');
    wrap.append(table);
    return wrap;
  }

  // An agreed group whose gold is still the agreed quote, away from the focus: one line.
  function summaryOf(g, gold) {
    const first = ed.sources.find(isHuman);
    const agreedQ = first && (members[g].get(first.set_id) || [])[0];
    if (!ed.agreed[g] || gold.length !== 1 || !agreedQ || !FIELDS.every((f) => sameField(gold[0], agreedQ, f))) return null;
    const q = gold[0];
    const line = el('p', 'group-summary');
    line.append(el('span', 'summary-text', fragsText(q)), ' ',
      el('span', 'muted', `— ${value(q, 'kind')} · cue ${value(q, 'cue')} · mention ${value(q, 'mention')} · ${value(q, 'speaker')}`));
    return line;
  }

  function fillGroupRow(li, g) {
    const state = groupState(g, ed);
    const isCurrent = li.dataset.key === current;
    li.className = `group-row state-${state}${ed.agreed[g] ? ' agreed' : ''}${isCurrent ? ' current' : ''}`;
    const gold = goldIdsOf(g, ed).map((id) => ed.quotes.get(id));
    const summary = isCurrent ? null : summaryOf(g, gold);
    li.querySelector('.row-body').replaceChildren(headOf(g, state), summary || tableOf(g, state, gold));
    for (const id of goldIdsOf(g, ed)) rowOfId.set(id, li.dataset.key);
  }

  function fillQuoteRow(li, id) {
    const q = ed.quotes.get(id);
    li.className = `group-row added-row state-taken${li.dataset.key === current ? ' current' : ''}`;
    const head = el('div', 'group-head');
    head.append(el('span', 'badge state-badge state-taken', 'Added by you'), el('span', 'group-text', excerpt(q, text, 10000)));
    li.querySelector('.row-body').replaceChildren(head);
    rowOfId.set(id, li.dataset.key);
  }

  function makeRow(row) {
    const li = el('li');
    li.id = rowId(row.key);
    li.dataset.key = row.key;
    li.append(el('div', 'row-body'), el('div', 'row-gold'));
    if (row.group != null) fillGroupRow(li, row.group);
    else fillQuoteRow(li, row.quoteId);
    if (row.key === current) li.setAttribute('aria-current', 'true');
    return li;
  }

  // --- the controller's quote-list interface -------------------------------------------------
  function render() {
    detailHome.append(detailEl);  // out of the rows while they are rebuilt
    rows = rowsOf(ed);
    rowEls.clear();
    rowOfId.clear();
    if (current != null && !rows.some((r) => r.key === current)) current = null;
    const out = document.createDocumentFragment();
    for (const row of rows) {
      const li = makeRow(row);
      rowEls.set(row.key, li);
      out.append(li);
    }
    listEl.replaceChildren(out);
    if (!rows.length) listEl.append(el('li', 'muted', 'No quotes in any source. Select text and press n to add one.'));
    placeDetail();
    ed.groups.forEach((group, g) => textView.reclassify(`g:${g}`));
  }

  function updateRow(key) {
    const li = rowEls.get(key);
    if (!li) return;
    if (key.startsWith('g:')) {
      fillGroupRow(li, Number(key.slice(2)));
      textView.reclassify(key);
    } else if (ed.quotes.has(Number(key.slice(2)))) fillQuoteRow(li, Number(key.slice(2)));
  }

  function update(id) {
    if (rowsOf(ed).map((r) => r.key).join() !== rows.map((r) => r.key).join()) return render();
    const keys = new Set([rowOfId.get(id), isOutId(id) ? `g:${groupOfOutId(id)}` : rowKeyOf(ed, id)]);
    for (const key of keys) if (key) updateRow(key);
    renderEmptyText();
  }

  function renderCounts() {
    const n = undecidedCount(ed);
    countEl.textContent = `(${ed.groups.length} group${ed.groups.length === 1 ? '' : 's'}; ${n} undecided)`;
    undecidedEl.textContent = n ? `${n} undecided` : 'All decided';
    undecidedEl.className = `badge undecided-count ${n ? 'some' : 'none'}`;
  }

  // Without a gold quote the panel says what the current group is waiting for (run after
  // the editor's panel has drawn itself).
  function renderEmptyText() {
    if (current == null || !current.startsWith('g:') || ed.selectedId != null) return;
    const g = Number(current.slice(2));
    const state = groupState(g, ed);
    if (state === 'out') {
      titleEl.textContent = `Quote ${g + 1}: left out`;
      emptyEl.textContent = `Quote ${g + 1} is left out of the gold. Take a version (Shift+1…) to bring it back, or undo.`;
    } else if (state === 'undecided') {
      titleEl.textContent = `Quote ${g + 1}: not in the gold yet`;
      emptyEl.textContent = `Take a source’s version (Shift+1…), leave it out (r), or select text and press n to add your own.`;
    }
  }

  function placeDetail() {
    const li = current != null ? rowEls.get(current) : null;
    if (li) li.querySelector('.row-gold').append(detailEl);
    else detailHome.append(detailEl);
    renderEmptyText();
  }

  function setCurrent(key) {
    if (key === current) return placeDetail();
    const old = current;
    current = key;
    for (const k of [old, key]) {
      const li = k != null ? rowEls.get(k) : null;
      if (!li) continue;
      li.classList.toggle('current', k === key);
      if (k === key) li.setAttribute('aria-current', 'true');
      else li.removeAttribute('aria-current');
      updateRow(k);  // the current row shows the whole table, an agreed one elsewhere a line
    }
    placeDetail();
  }

  return {
    render,
    update,
    renderCounts,
    renderLegend: () => renderLegend(ed, legendEl, LEGEND_KEYS),
    setSelected(id, selected) {
      if (selected) setCurrent(rowKeyOf(ed, id));
    },
    clearActive() {},  // an undecided group stays current without a gold quote
    remapId() {},      // gold quotes keep the page's ids; the server's are never needed
    has: (id) => rowOfId.has(id) || isOutId(id),
    scrollTo(id) {
      rowEls.get(rowKeyOf(ed, id))?.scrollIntoView({ block: 'nearest' });
    },
    focus: (options) => listEl.focus(options),
    // The curation page's own calls.
    setCurrent,
    renderEmptyText,
    current: () => current,
    rowKeys: () => rows.map((r) => r.key),
    rowEl: (key) => rowEls.get(key),
    members: (g) => members[g],
  };
}
