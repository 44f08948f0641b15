// The curation page: the reviewer builds an article's gold version from the annotators'
// submitted sets and the proposals, aligned quote by quote.
//
// The gold in progress is edited with the editor's own parts (../../annotations/js/editor/:
// the controller with its undo history, the text view, the quote panel, the speaker field,
// the drag handles, the keyboard map and actions); the aligned list (curation/groups-view.js)
// stands in for the editor's quote list. What to take, pre-fill and save is pure code in
// curation/gold.js; saving is an explicit PUT (curation/gold-save.js) under optimistic
// locking. The page data comes from the `curation-data` json_script block.
'use strict';

import { createActions } from '../../annotations/js/editor/actions.js';
import { createBanner } from '../../annotations/js/editor/banner.js';
import { createController } from '../../annotations/js/editor/controller.js';
import { createDetailPanel, wireDetailControls } from '../../annotations/js/editor/detail-panel.js';
import { createHandles } from '../../annotations/js/editor/handles.js';
import { request } from '../../annotations/js/editor/http.js';
import { createColours, sortedIds } from '../../annotations/js/editor/quotes.js';
import { idsUnder } from '../../annotations/js/editor/segments.js';
import { createSpeakerCombo } from '../../annotations/js/editor/speaker-combo.js';
import { createTextView } from '../../annotations/js/editor/text-view.js';
import { makeVocab } from '../../annotations/js/editor/vocab.js';
import {
  FIELD_LABELS, fromSavedGold, goldIdsOf, goldRecords, groupOf, groupOfOutId, groupState, isAgreed, isOutId, outId,
  prefill, restoreStates, snapshot, sourceLabel, sourceQuote, takeQuoteStates, takeSetStates, undecidedCount, withField,
} from './curation/gold.js';
import { createGoldSave } from './curation/gold-save.js';
import { createGroupsView } from './curation/groups-view.js';
import { resolveCurationKey } from './curation/keys.js';
import { createFlagsPanel, createSourcesPanel } from './curation/side-panels.js';

const PALETTE_SIZE = 8;
const stashKeyOf = (articleId) => `annotator-curation-stash-${articleId}`;

function init(root) {
  const dataEl = document.getElementById('curation-data');
  if (!dataEl) return;
  const data = JSON.parse(dataEl.textContent);
  const $ = (id) => document.getElementById(id);
  const vocab = makeVocab(data.vocab);
  const { groups, sources } = data.curation;
  const ed = {
    text: data.article.text, vocab, quotes: new Map(), order: [], selectedId: null, activeFrag: 0,
    speakers: data.speakers.slice(), colourClass: createColours(PALETTE_SIZE),
    groups, sources, out: new Set(), agreed: groups.map((g) => isAgreed(g, sources)),
  };
  let goldSeq = 0;
  const newGoldId = () => (goldSeq += 1);  // positive; quotes added with n get negative ids

  // Start from the saved gold; before the first save, from what every annotator agrees on.
  const start = data.gold.version > 0
    ? fromSavedGold(data.gold.quotes, groups, vocab, newGoldId)
    : { quotes: prefill(groups, sources, vocab, newGoldId), out: [] };
  for (const q of start.quotes) ed.quotes.set(q.id, q);
  for (const g of start.out) ed.out.add(g);

  const liveRegion = document.createElement('div');
  liveRegion.className = 'visually-hidden';
  liveRegion.setAttribute('aria-live', 'polite');
  root.appendChild(liveRegion);
  const announce = (message) => {
    liveRegion.textContent = message;
  };

  // --- the parts -----------------------------------------------------------------------------
  const textEl = $('article-text');
  const banner = createBanner({
    stateEl: $('save-state'), bannerEl: $('editor-banner'), textEl: $('editor-banner-text'), retryBtn: $('btn-retry'), reloadBtn: $('btn-reload'),
  });
  const textView = createTextView(ed, textEl, { extraIntervals: () => groups.map((g, i) => [g.start, g.end, `g:${i}`, 'g']) });
  const view = createGroupsView(ed, {
    listEl: $('groups'), countEl: $('group-count'), undecidedEl: $('undecided-count'), legendEl: $('legend'),
    detailEl: $('quote-detail'), detailHome: $('detail-home'), emptyEl: $('detail-empty'), titleEl: $('detail-title'), textView,
  });
  // The editor's panel for the gold quote; with none, the group's own words.
  const panel = createDetailPanel(ed, $, { deletable: () => false });
  const detail = {
    render() {
      panel.render();
      view.renderEmptyText();
    },
  };
  const save = createGoldSave({
    url: data.urls.gold, version: data.gold.version, request, records: () => goldRecords(ed, ed.text), ui: banner, onSaved,
  });
  const handles = createHandles(ed, textEl, textView, (frag, edge, pos) => {
    if (pos == null) return ctl.afterFrame();
    ed.activeFrag = frag;
    actions.setBoundary(frag, edge, pos);
  });
  const ctl = createController(ed, {
    textView, list: view, detail, placeHandles: handles.place, save, announce, undoBtn: $('btn-undo'), redoBtn: $('btn-redo'),
    // "Leave group g out" is undoable with the quotes: the side value out:g.
    side: {
      owns: isOutId,
      get: (id) => (ed.out.has(groupOfOutId(id)) ? 'out' : null),
      set: (id, v) => (v ? ed.out.add(groupOfOutId(id)) : ed.out.delete(groupOfOutId(id))),
    },
  });
  const actions = createActions(ed, ctl, { textView, detail, announce });
  const combo = createSpeakerCombo(
    ed,
    { input: $('speaker-input'), optionsEl: $('speaker-options'), hintEl: $('speaker-hint') },
    { setSpeaker: actions.setSpeaker, leave: () => view.focus(), restore: detail.render, announce },
  );
  const sourcesPanel = createSourcesPanel(ed, {
    listEl: $('sources'), dialog: $('send-back-dialog'), reasonEl: $('send-back-reason'), errorEl: $('send-back-error'),
    formEl: $('send-back-form'), cancelBtn: $('btn-send-back-cancel'), sendBackUrls: data.urls.send_back, request,
    onTakeSet: takeSet, banner,
  });
  const quoteGroups = new Map();
  groups.forEach((g, i) => g.quotes.forEach((r) => quoteGroups.set(r.id, i)));
  const flags = createFlagsPanel({
    listEl: $('flags'), emptyEl: $('flags-empty'), countEl: $('flag-count'), url: data.urls.comments,
    resolveUrl: (id) => data.urls.resolve.replace('/0/', `/${id}/`), kindLabels: new Map(data.comment_kinds.map((k) => [k.value, k.label])),
    request, onQuote: (g) => selectRow(`g:${g}`), quoteGroup: (id) => quoteGroups.get(id) ?? null,
  });

  // --- moving between rows -------------------------------------------------------------------
  function selectRow(key, { scroll = true } = {}) {
    if (key == null) return;
    view.setCurrent(key);
    const ids = key.startsWith('g:') ? goldIdsOf(Number(key.slice(2)), ed) : [Number(key.slice(2))];
    ctl.select(ids[0] ?? null, { scroll });
    if (ids.length || !scroll) return;
    // An undecided or left-out group has no gold quote to scroll to: show the row and its text.
    requestAnimationFrame(() => {
      view.rowEl(key)?.scrollIntoView({ block: 'nearest' });
      textView.spansOf(key)?.[0]?.scrollIntoView({ block: 'nearest' });
    });
  }

  function moveRow(delta) {
    const keys = view.rowKeys();
    if (!keys.length) return;
    const i = keys.indexOf(view.current());
    const next = i < 0 ? (delta > 0 ? 0 : keys.length - 1) : Math.min(Math.max(i + delta, 0), keys.length - 1);
    selectRow(keys[next]);
  }

  function nextUndecided() {
    const keys = view.rowKeys();
    const i = keys.indexOf(view.current());
    for (let k = 1; k <= keys.length; k += 1) {
      const key = keys[(i + k + keys.length) % keys.length];
      if (key.startsWith('g:') && groupState(Number(key.slice(2)), ed) === 'undecided') return selectRow(key);
    }
    announce('Every group is decided. Save the gold when you are done (Ctrl+S).');
    moveRow(1);
  }

  function currentGroup() {
    const key = view.current();
    if (key && key.startsWith('g:')) return Number(key.slice(2));
    announce('Move to a quote group first (j / k).');
    return null;
  }

  // --- taking from the sources -----------------------------------------------------------------
  function takeSource(i) {
    const g = currentGroup();
    const source = sources[i];
    if (g == null || !source) return;
    takeFrom(g, source.set_id);
  }

  function takeFrom(g, setId) {
    const source = sources.find((s) => s.set_id === setId);
    const states = takeQuoteStates(g, setId, ed, vocab, newGoldId);
    const taken = states.filter(([id, q]) => q && !isOutId(id));
    const label = taken.length
      ? `took ${sourceLabel(source)}’s version of quote ${g + 1}`
      : `left quote ${g + 1} out, as ${sourceLabel(source)} has it`;
    view.setCurrent(`g:${g}`);
    ctl.commit(label, states, { select: taken.length ? taken[0][0] : null });
  }

  function takeField(g, setId, field) {
    const source = sources.find((s) => s.set_id === setId);
    const gold = goldIdsOf(g, ed);
    const mine = groups[g].quotes.filter((r) => r.set_id === setId);
    if (gold.length !== 1 || mine.length !== 1) return announce('Take a whole version first: this field has no single gold quote to go into.');
    const q = ed.quotes.get(gold[0]);
    view.setCurrent(`g:${g}`);
    ctl.commit(`took ${sourceLabel(source)}’s ${FIELD_LABELS[field].toLowerCase()} for quote ${g + 1}`,
      [[q.id, withField(q, sourceQuote(mine[0], vocab), field)]], { select: q.id });
  }

  function takeSet(setId) {
    const source = sources.find((s) => s.set_id === setId);
    const { states, undecided } = takeSetStates(setId, ed, vocab, newGoldId);
    ctl.commit(`took ${sourceLabel(source)}’s whole set`, states);
    const key = view.current();
    if (key) selectRow(key, { scroll: false });
    if (undecided) {
      banner.show(`${undecided} group${undecided === 1 ? '' : 's'} stay undecided: ${sourceLabel(source)} left the proposal unreviewed there.`, { kind: 'info' });
    }
  }

  // r / Delete: out of the gold. The last gold quote of a group leaves the group out; an
  // undecided group is left out as it is.
  function remove() {
    const q = ed.quotes.get(ed.selectedId);
    if (q) {
      const g = groupOf(groups, q);
      const states = [[q.id, null]];
      if (g != null && goldIdsOf(g, ed).length === 1) states.push([outId(g), 'out']);
      ctl.commit(g != null ? `quote ${g + 1} removed from the gold` : 'your quote removed', states);
      return;
    }
    const g = currentGroup();
    if (g == null) return;
    if (ed.out.has(g)) return announce(`Quote ${g + 1} is left out already.`);
    ctl.commit(`left quote ${g + 1} out`, [[outId(g), 'out']]);
  }

  // --- saving ------------------------------------------------------------------------------------
  const saveDialog = $('save-dialog');
  function askSave() {
    const n = undecidedCount(ed);
    if (!n) return save.save();
    $('save-warning').textContent = `${n} group${n === 1 ? ' is' : 's are'} still undecided. ${n === 1 ? 'It' : 'They'} will not be in the gold.`;
    saveDialog.showModal();
    $('btn-save-cancel').focus();
    return null;
  }

  function onSaved(body) {
    banner.show(`Gold version ${body.version} saved with ${body.quotes.length} quote${body.quotes.length === 1 ? '' : 's'}. The article is gold.`, { kind: 'success' });
    const status = $('article-status');
    status.textContent = data.gold_status.label;
    status.className = `badge status-${data.gold_status.value}`;
  }

  // After a 409 the curation here is kept in sessionStorage over the reload and offered back.
  const stashKey = stashKeyOf(data.article.id);
  function stashAndReload() {
    if (save.dirty()) sessionStorage.setItem(stashKey, JSON.stringify(snapshot(ed, ed.text, save.version)));
    window.location.reload();
  }

  function offerStash() {
    let snap = null;
    try {
      snap = JSON.parse(sessionStorage.getItem(stashKey) || 'null');
    } catch (err) {
      snap = null;
    }
    if (!snap || !Array.isArray(snap.quotes) || !Array.isArray(snap.out)) return sessionStorage.removeItem(stashKey);
    const done = () => {
      sessionStorage.removeItem(stashKey);
      banner.hide();
    };
    banner.ask(`You have an unsaved curation from before reloading (based on gold version ${snap.baseVersion}; the gold is now version ${data.gold.version}). Use it instead of the gold shown here? Nothing is saved until you save.`, [
      ['Re-apply my curation', () => {
        done();
        ctl.commit('re-applied your unsaved curation', restoreStates(snap, ed, vocab, newGoldId));
      }],
      ['Discard it', done],
    ]);
  }

  // --- keyboard ------------------------------------------------------------------------------------
  const help = $('help-dialog');
  const dialogs = [help, saveDialog, $('send-back-dialog')];
  const run = {
    nextGroup: () => moveRow(1), prevGroup: () => moveRow(-1), nextUndecided, remove, takeSource,
    undo: ctl.undo, redo: ctl.redo, addQuote: actions.addQuote, addFragment: actions.addFragment,
    setCue: () => actions.setSpan('cue'), setMention: () => actions.setSpan('mention'),
    startLeft: () => actions.nudge('start', -1), startRight: () => actions.nudge('start', 1),
    endLeft: () => actions.nudge('end', -1), endRight: () => actions.nudge('end', 1),
    nextFragment: actions.cycleFragment, setKind: (i) => actions.setKind(vocab.kinds[i]),
    toggleNoSpeaker: actions.toggleNoSpeaker, pickSpeaker: () => ctl.current() && combo.focus(),
    help: () => help.showModal(), save: askSave,
    leaveField: (arg, e) => {
      e.target.blur();
      view.focus();
    },
  };
  document.addEventListener('keydown', (e) => {
    if (dialogs.some((d) => d.open)) return;
    const hit = resolveCurationKey(e, { kindCount: vocab.kinds.length, sourceCount: sources.length });
    if (!hit || !run[hit.action]) return;
    if (hit.preventDefault) e.preventDefault();
    run[hit.action](hit.arg, e);
  });

  // --- pointer and buttons ---------------------------------------------------------------------------
  $('groups').addEventListener('click', (e) => {
    const take = e.target.closest('[data-take]');
    if (take) {
      const g = Number(take.dataset.group);
      const setId = Number(take.dataset.take);
      if (take.dataset.takeField) takeField(g, setId, take.dataset.takeField);
      else takeFrom(g, setId);
      return;
    }
    if (e.target.closest('#quote-detail')) return;  // the panel's own controls
    const li = e.target.closest('.group-row');
    if (li && li.dataset.key !== view.current()) selectRow(li.dataset.key, { scroll: false });
  });
  textEl.addEventListener('click', (e) => {
    if (!window.getSelection().isCollapsed) return;
    const span = e.target.closest('span.hl');
    const info = span && textView.infoOf(span);
    if (!info) return;
    const ids = idsUnder(info);
    const gold = ids.filter((id) => typeof id === 'number');
    if (gold.length) {
      // Clicking again on overlapping quotes goes through them, as in the editor.
      ctl.select(gold[(gold.indexOf(ed.selectedId) + 1) % gold.length], { scroll: false });
      view.scrollTo(ed.selectedId);
      return;
    }
    const ghost = ids.find((id) => typeof id === 'string' && id.startsWith('g:'));
    if (ghost) {
      selectRow(ghost, { scroll: false });
      view.rowEl(ghost)?.scrollIntoView({ block: 'nearest' });
    }
  });
  const clicks = {
    'btn-reject': remove, 'btn-undo': ctl.undo, 'btn-redo': ctl.redo, 'btn-help': () => help.showModal(),
    'btn-save': askSave, 'btn-save-confirm': () => {
      saveDialog.close();
      save.save();
    },
    'btn-save-cancel': () => saveDialog.close(),
    'btn-retry': () => save.save(), 'btn-reload': stashAndReload,
  };
  for (const [id, fn] of Object.entries(clicks)) $(id).addEventListener('click', () => fn());
  wireDetailControls($, actions);
  window.addEventListener('resize', () => handles.place());
  window.addEventListener('beforeunload', (e) => {
    if (save.busy() && !save.conflict) {
      e.preventDefault();
      e.returnValue = '';
    }
  });

  // --- start ------------------------------------------------------------------------------------------
  ed.order = sortedIds(ed.quotes);
  for (const id of ed.order) ed.colourClass(ed.quotes.get(id));  // colours in text order
  textView.renderAll();
  view.render();
  view.renderCounts();
  view.renderLegend();
  sourcesPanel.render();
  save.renderState();
  const firstRow = view.rowKeys().find((k) => k.startsWith('g:') && groupState(Number(k.slice(2)), ed) === 'undecided') ?? view.rowKeys()[0];
  if (firstRow) selectRow(firstRow, { scroll: false });
  view.focus({ preventScroll: true });
  offerStash();
  flags.load();
  root.dataset.ready = '1';

  // For the tests: the gold as the next save would send it.
  root.curationState = () => ({ version: save.version, undecided: undecidedCount(ed), quotes: goldRecords(ed, ed.text) });
}

const curationRoot = document.getElementById('curation');
if (curationRoot) init(curationRoot);
