// The editor's state and the one way to change it.
//
// `ed` holds the state the views read (quotes, order, selectedId, activeFrag). Every edit
// is commit(label, states) with the states after it; the history keeps the states before,
// the changed paragraphs, list items and panel are re-rendered surgically, and the change
// is queued for autosave.
//
// A page may keep more undoable state than the quotes (the curation page's "leave this group
// out" decisions): `side` { owns(id), get(id), set(id, value) } takes the ids it owns, so a
// change can mix quotes and side values and undo restores both in one step.
'use strict';

import { createHistory } from './history.js';
import { clone, sameSpans, sortedIds, stepIndex } from './quotes.js';

export function createController(ed, { textView, list, detail, placeHandles, save, announce, undoBtn, redoBtn, side = null }) {
  const history = createHistory();
  let tempSeq = 0;
  const owned = (id) => side != null && side.owns(id);
  const stateOf = (id) => (owned(id) ? side.get(id) : ed.quotes.get(id));

  function apply(states) {
    // states: [id, quote | null]; returns the paragraphs whose spans changed.
    const touched = new Set();
    for (const [id, q] of states) {
      if (owned(id)) {
        side.set(id, q);
        save.changed(id, q != null);
        continue;
      }
      const old = ed.quotes.get(id);
      if (q) ed.quotes.set(id, clone(q));
      else ed.quotes.delete(id);
      if (!old || !q || !sameSpans(old, q)) {
        if (old) textView.parasOfQuote(old, touched);
        if (q) textView.parasOfQuote(q, touched);
      }
      save.changed(id, Boolean(q));
    }
    return touched;
  }

  function refresh(ids, touched) {
    if (touched.size) textView.renderParas(touched);
    for (const id of ids) textView.reclassify(id);
    const before = ed.order.join(',');
    ed.order = sortedIds(ed.quotes);
    if (ed.order.join(',') !== before || ids.some((id) => !list.has(id))) list.render();
    else for (const id of ids) list.update(id);
    list.renderCounts();
    list.renderLegend();
    if (ed.selectedId != null && !ed.quotes.has(ed.selectedId)) ed.selectedId = null;
    if (ed.selectedId != null) list.setSelected(ed.selectedId, true);
    detail.render();
    afterFrame();
    undoBtn.disabled = !history.canUndo;
    redoBtn.disabled = !history.canRedo;
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
      if (scrollWanted && ed.selectedId != null) {
        list.scrollTo(ed.selectedId);
        const spans = textView.spansOf(ed.selectedId);
        if (spans && spans.length) spans[0].scrollIntoView({ block: 'nearest' });
      }
      scrollWanted = false;
      placeHandles();
    });
  }

  function select(id, { scroll = true } = {}) {
    const prev = ed.selectedId;
    ed.selectedId = ed.quotes.has(id) ? id : null;
    if (prev !== ed.selectedId) ed.activeFrag = 0;
    if (prev != null && prev !== ed.selectedId) {
      textView.reclassify(prev);
      list.setSelected(prev, false);
    }
    if (ed.selectedId != null) {
      textView.reclassify(ed.selectedId);
      list.setSelected(ed.selectedId, true);
    } else {
      list.clearActive();
    }
    detail.render();
    afterFrame(scroll);
  }

  function commit(label, afterStates, { select: selectAfter } = {}) {
    if (!history.record(label, afterStates, stateOf)) return;
    const spans = apply(afterStates);
    refresh(afterStates.map(([id]) => id), spans);
    if (selectAfter !== undefined) select(selectAfter);
    announce(label);
    save.schedule();
  }

  function travel(step, verb) {
    if (!step) return;
    const spans = apply(step.states);
    refresh(step.states.map(([id]) => id), spans);
    const first = step.states.find(([id, q]) => q && !owned(id));  // the first quote that is there
    if (first) select(first[0]);
    announce(`${verb}: ${step.entry.label}`);
    save.schedule();
  }

  // A quote created here got its id from the server: rename it everywhere.
  function remapId(oldId, newId) {
    const q = ed.quotes.get(oldId);
    if (q) {
      ed.quotes.delete(oldId);
      q.id = newId;
      ed.quotes.set(newId, q);
      textView.remapId(oldId, newId);
      list.remapId(oldId, newId);
      ed.order = ed.order.map((id) => (id === oldId ? newId : id));
    }
    if (ed.selectedId === oldId) ed.selectedId = newId;
    history.remapId(oldId, newId);
  }

  // The server matched a typed speaker name to the registry (or created the speaker): the
  // quote and the local registry take its id, unless the quote changed again meanwhile.
  // Not an undoable change: the annotator's choice was the name.
  function speakerSaved(r, { pending }) {
    const q = ed.quotes.get(r.id);
    if (!q || r.speaker_id == null || q.speakerId != null || pending) return;
    const typed = q.entity;
    q.speakerId = r.speaker_id;
    q.entity = r.speaker_entity;
    const known = ed.speakers.find((s) => s.name === typed && s.id == null);
    if (known) Object.assign(known, { id: r.speaker_id, name: r.speaker_entity });
    textView.reclassify(r.id);
    list.update(r.id);
    if (r.id === ed.selectedId) detail.render();
  }

  function current() {
    const q = ed.quotes.get(ed.selectedId);
    if (!q) announce('Select a quote first (j / k).');
    return q;
  }

  return {
    commit,
    undo: () => travel(history.undo(), 'Undone'),
    redo: () => travel(history.redo(), 'Redone'),
    select,
    move: (delta) => {
      const i = stepIndex(ed.order, ed.selectedId, delta);
      if (i >= 0) select(ed.order[i]);
    },
    afterFrame,
    remapId,
    speakerSaved,
    current,
    newTempId: () => (tempSeq -= 1),
  };
}
