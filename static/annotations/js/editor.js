// The annotation workspace: one article's text with its quotes, edited keyboard-first.
//
// This entry module only wires the parts in ./editor/: the state and its one way to change
// (controller.js: every action is a change with a before and an after state, for undo and
// redo, applied to the DOM surgically), the views (text, list, detail panel, speaker
// field), autosave with PATCH under optimistic locking (autosave.js) and the keyboard map.
// The page data, including the interchange vocabulary, comes from the `editor-data`
// json_script block; article text only reaches the DOM through text nodes.
//
// A submitted annotation is read-only on the server (a write gets 409 until a reviewer
// sends it back), so here too: a notice says so, the keys and controls that change quotes
// are off and autosave sends nothing. A set that was sent back shows the reviewer's reason.
'use strict';

import { createActions } from './editor/actions.js';
import { createAutosave } from './editor/autosave.js';
import { createBanner } from './editor/banner.js';
import { createController } from './editor/controller.js';
import { createDetailPanel, wireDetailControls } from './editor/detail-panel.js';
import { createHandles } from './editor/handles.js';
import { request } from './editor/http.js';
import { changesQuotes, resolveKey } from './editor/keymap.js';
import { sentBackComment } from './editor/comments.js';
import { createQuoteList } from './editor/quote-list.js';
import { createColours, parseAt, quoteAt, sortedIds } from './editor/quotes.js';
import { fromRecord, toRecord } from './editor/records.js';
import { idsUnder } from './editor/segments.js';
import { createSession } from './editor/session.js';
import { createSpeakerCombo } from './editor/speaker-combo.js';
import { stashKey } from './editor/stash.js';
import { createTextView } from './editor/text-view.js';
import { makeVocab } from './editor/vocab.js';

const PALETTE_SIZE = 8;

function init(root) {
  const dataEl = document.getElementById('editor-data');
  if (!dataEl) return;
  const data = JSON.parse(dataEl.textContent);
  const $ = (id) => document.getElementById(id);
  const vocab = makeVocab(data.vocab);
  const ed = {
    text: data.article.text, vocab, quotes: new Map(), order: [], selectedId: null, activeFrag: 0,
    speakers: data.speakers.slice(), colourClass: createColours(PALETTE_SIZE),
  };
  for (const r of data.annotation.quotes) {
    const q = fromRecord(r, vocab);
    ed.quotes.set(q.id, q);
  }

  const liveRegion = document.createElement('div');
  liveRegion.className = 'visually-hidden';
  liveRegion.setAttribute('aria-live', 'polite');
  root.appendChild(liveRegion);
  const announce = (message) => {
    liveRegion.textContent = message;
  };

  const textEl = $('article-text');
  const banner = createBanner({
    stateEl: $('save-state'), bannerEl: $('editor-banner'), textEl: $('editor-banner-text'), retryBtn: $('btn-retry'), reloadBtn: $('btn-reload'),
  });
  let readOnly = data.annotation.status === 'submitted';
  const textView = createTextView(ed, textEl);
  const list = createQuoteList(ed, { listEl: $('quote-list'), countEl: $('quote-count'), acceptAllBtn: $('btn-accept-all'), legendEl: $('legend') });
  const detail = createDetailPanel(ed, $);
  // The callbacks below use ctl and actions, declared further down: they only run after start-up.
  const save = createAutosave({
    url: data.urls.annotation,
    version: data.annotation.version,
    status: data.annotation.status,
    serverIds: ed.quotes.keys(),
    request,
    ui: banner,
    recordOf: (id) => (ed.quotes.has(id) ? toRecord(ed.quotes.get(id), ed.text) : null),
    onRemap: (oldId, newId) => ctl.remapId(oldId, newId),
    onQuoteSaved: (r, info) => ctl.speakerSaved(r, info),
  });
  const handles = createHandles(ed, textEl, textView, (frag, edge, pos) => {
    if (pos == null) return ctl.afterFrame();
    ed.activeFrag = frag;
    actions.setBoundary(frag, edge, pos);
  }, { enabled: () => !readOnly });
  const ctl = createController(ed, {
    textView, list, detail, placeHandles: handles.place, save, announce, undoBtn: $('btn-undo'), redoBtn: $('btn-redo'),
  });
  const actions = createActions(ed, ctl, { textView, detail, announce });
  const combo = createSpeakerCombo(
    ed,
    { input: $('speaker-input'), optionsEl: $('speaker-options'), hintEl: $('speaker-hint') },
    { setSpeaker: actions.setSpeaker, leave: () => list.focus(), restore: detail.render, announce },
  );
  const session = createSession(ed, {
    $, save, banner, ctl, announce, submitUrl: data.urls.submit, stashKey: stashKey(data.article.id), storage: sessionStorage,
    onSubmitted: () => setReadOnly(true),
  });

  // --- read-only (submitted) and sent back -------------------------------------------------
  const notice = $('editor-notice');
  const EDIT_CONTROLS = ['btn-undo', 'btn-redo', 'btn-accept-all', 'btn-submit'];
  function setReadOnly(on) {
    readOnly = on;
    $('detail-fields').disabled = on;
    if (on) {
      save.freeze();
      for (const id of EDIT_CONTROLS) $(id).disabled = true;
      notice.className = 'editor-notice readonly';
      notice.textContent = 'Submitted: this annotation is read-only now. A reviewer can send it back to you if it needs changes.';
      notice.hidden = false;
    }
    root.classList.toggle('read-only', on);
    handles.place();
  }
  async function showSentBack() {
    if (readOnly || !data.sent_back) return;
    let comments = [];
    try {
      const resp = await fetch(`${data.urls.comments}?page_size=500`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (resp.ok) comments = (await resp.json()).results || [];
    } catch (err) {
      comments = [];  // the notice below still says the set came back
    }
    const c = sentBackComment(comments, data.sent_back);
    notice.className = 'editor-notice sent-back';
    const head = document.createElement('strong');
    head.textContent = c ? `Sent back by ${c.author || 'a reviewer'}: ` : 'A reviewer sent this annotation back to you. ';
    notice.replaceChildren(head, c ? c.body : 'Change what needs changing and submit it again.');
    notice.hidden = false;
  }

  // --- keyboard ---------------------------------------------------------------------------
  const help = $('help-dialog');
  const run = {
    next: () => ctl.move(1), prev: () => ctl.move(-1), accept: actions.accept, reject: actions.reject,
    acceptAll: actions.acceptAll, undo: ctl.undo, redo: ctl.redo, addQuote: actions.addQuote, addFragment: actions.addFragment,
    setCue: () => actions.setSpan('cue'), setMention: () => actions.setSpan('mention'),
    startLeft: () => actions.nudge('start', -1), startRight: () => actions.nudge('start', 1),
    endLeft: () => actions.nudge('end', -1), endRight: () => actions.nudge('end', 1),
    nextFragment: actions.cycleFragment, setKind: (i) => actions.setKind(vocab.kinds[i]),
    toggleNoSpeaker: actions.toggleNoSpeaker, pickSpeaker: () => ctl.current() && combo.focus(),
    delete: actions.deleteQuote, help: () => help.showModal(), submit: session.askSubmit,
    leaveField: (arg, e) => {
      e.target.blur();
      list.focus();
    },
  };
  document.addEventListener('keydown', (e) => {
    if (help.open || session.dialog.open) return;
    const hit = resolveKey(e, { kindCount: vocab.kinds.length });
    if (!hit) return;
    if (readOnly && changesQuotes(hit.action)) {
      e.preventDefault();
      announce('This annotation is submitted and read-only.');
      return;
    }
    if (hit.preventDefault) e.preventDefault();
    run[hit.action](hit.arg, e);
  });

  // --- pointer and buttons ------------------------------------------------------------------
  $('quote-list').addEventListener('click', (e) => {
    const li = e.target.closest('[role=option]');
    if (li) ctl.select(Number(li.dataset.id));
  });
  textEl.addEventListener('click', (e) => {
    if (!window.getSelection().isCollapsed) return;
    const span = e.target.closest('span.hl');
    const info = span && textView.infoOf(span);
    if (!info) return;
    // Clicking again on overlapping quotes goes through them, fragments first.
    const ids = idsUnder(info);
    ctl.select(ids[(ids.indexOf(ed.selectedId) + 1) % ids.length], { scroll: false });
    list.scrollTo(ed.selectedId);  // the list only: the text is where the user is
  });
  const clicks = {
    'btn-accept': actions.accept, 'btn-reject': actions.reject, 'btn-delete': actions.deleteQuote,
    'btn-accept-all': actions.acceptAll, 'btn-undo': ctl.undo, 'btn-redo': ctl.redo, 'btn-help': () => help.showModal(),
    'btn-submit': session.askSubmit, 'btn-submit-confirm': session.submit, 'btn-submit-cancel': () => session.dialog.close(),
    'btn-retry': save.retryNow, 'btn-reload': session.stashAndReload,
  };
  for (const [id, fn] of Object.entries(clicks)) $(id).addEventListener('click', () => fn());
  wireDetailControls($, actions);
  window.addEventListener('resize', () => handles.place());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && save.dirty()) save.flush();
  });
  window.addEventListener('beforeunload', (e) => {
    if (save.busy()) {
      e.preventDefault();
      e.returnValue = '';
    }
  });

  // --- start --------------------------------------------------------------------------------
  ed.order = sortedIds(ed.quotes);
  for (const id of ed.order) ed.colourClass(ed.quotes.get(id));  // colours in text order
  textView.renderAll();
  list.render();
  list.renderCounts();
  list.renderLegend();
  session.renderStatus();
  if (readOnly) setReadOnly(true);
  else showSentBack();
  const firstTodo = ed.order.find((id) => ed.quotes.get(id).status === 'proposed') ?? ed.order[0];
  // A link to a place (the dashboard's error list: "#at=start-end") opens on the quote there.
  const at = parseAt(window.location.hash);
  const linked = at ? quoteAt(ed.order, ed.quotes, at[0], at[1]) : null;
  if (linked != null) ctl.select(linked);
  else if (firstTodo != null) ctl.select(firstTodo, { scroll: false });
  if (at && linked == null) textView.selectRange(at[0], at[1]);
  list.focus({ preventScroll: true });
  if (!readOnly) session.offerStash();  // a stash can only be re-applied to a draft
  root.dataset.ready = '1';
  performance.mark('editor-ready');

  // For the benchmark and tests: the state as the API sees it.
  // The comments panel asks which quote a comment is about.
  root.selectedQuoteId = () => (typeof ed.selectedId === 'number' ? ed.selectedId : null);
  root.editorState = () => ({ version: save.version, status: save.status, quotes: ed.order.map((id) => toRecord(ed.quotes.get(id), ed.text)) });
}

const editorRoot = document.getElementById('editor');
if (editorRoot) init(editorRoot);
