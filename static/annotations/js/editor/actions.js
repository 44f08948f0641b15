// What the annotator can do to quotes. Each action reads the selected quote, builds the
// state after the change and hands it to commit(); offsets come from the text view.
'use strict';

import { clone, edited, nextUnreviewed } from './quotes.js';
import { guessKind, guessSpeakerType, moveEdge, nudgedEdge, overlapsAny, withFragment } from './offsets.js';
import { newQuote } from './records.js';

export function createActions(ed, ctl, { textView, detail, announce }) {
  const { text } = ed;
  const { commit, current, select } = ctl;
  const next = (q) => nextUnreviewed(ed.order, ed.quotes, q.id);

  function accept() {
    const q = current();
    if (!q) return;
    const c = clone(q);
    if (c.status === 'proposed' || c.status === 'rejected') c.status = 'accepted';
    if (c.status === q.status) return select(next(q));
    commit('accepted', [[q.id, c]], { select: next(q) });
  }

  function reject() {
    const q = current();
    if (!q) return;
    if (q.status === 'rejected') return select(next(q));
    const c = clone(q);
    c.status = 'rejected';
    commit('rejected', [[q.id, c]], { select: next(q) });
  }

  function acceptAll() {
    const states = [];
    for (const id of ed.order) {
      const q = ed.quotes.get(id);
      if (q.status !== 'proposed') continue;
      const c = clone(q);
      c.status = 'accepted';
      states.push([id, c]);
    }
    if (!states.length) return announce('No proposals left to review.');
    commit(`accepted ${states.length} remaining proposal${states.length > 1 ? 's' : ''}`, states);
  }

  function addQuote() {
    const span = textView.selectionSpan();
    if (!span) return announce('Select the words of the quote in the text first.');
    const q = newQuote(ctl.newTempId(), span, guessKind(text.slice(span[0], span[1]), ed.vocab));
    textView.clearSelection();
    commit('quote added', [[q.id, q]], { select: q.id });
  }

  function addFragment() {
    const q = current();
    if (!q) return;
    const span = textView.selectionSpan();
    if (!span) return announce('Select the text of the fragment first.');
    if (overlapsAny(q.frags, span)) return announce('That overlaps a fragment of this quote.');
    const c = edited(q);
    const added = withFragment(q.frags, span);
    c.frags = added.frags;
    ed.activeFrag = added.index;  // the new fragment is the one [ ] { } move
    textView.clearSelection();
    commit('fragment added', [[q.id, c]]);
  }

  function removeFragment(i) {
    const q = current();
    if (!q || q.frags.length < 2) return;
    const c = edited(q);
    c.frags.splice(i, 1);
    ed.activeFrag = 0;
    commit('fragment removed', [[q.id, c]]);
  }

  // which: 'cue' or 'mention'. A new mention also guesses the mention type when none is set.
  function setSpan(which) {
    const q = current();
    if (!q) return;
    const span = textView.selectionSpan();
    if (!span) return announce(`Select the ${which === 'cue' ? 'cue' : 'speaker mention'} in the text first.`);
    const c = edited(q);
    c[which] = span;
    if (which === 'mention' && (!c.speakerType || c.speakerType === 'none')) {
      c.speakerType = guessSpeakerType(text.slice(span[0], span[1]));
    }
    textView.clearSelection();
    commit(which === 'cue' ? 'cue set' : 'speaker mention set', [[q.id, c]]);
  }

  function clearSpan(which) {
    const q = current();
    if (!q || !q[which]) return;
    const c = edited(q);
    c[which] = null;
    commit(which === 'cue' ? 'cue cleared' : 'speaker mention cleared', [[q.id, c]]);
  }

  function setBoundary(fi, edge, pos) {
    const q = current();
    if (!q || !q.frags[fi]) return ctl.afterFrame();
    const moved = moveEdge(q.frags, fi, edge, pos, text.length);
    if (moved.error) {
      ctl.afterFrame();
      return announce(moved.error);
    }
    if (moved.same) return ctl.afterFrame();
    const c = edited(q);
    c.frags = moved.frags;
    commit(`fragment ${edge} moved`, [[q.id, c]]);
  }

  function nudge(edge, dir) {
    const q = current();
    if (!q) return;
    const fi = Math.min(ed.activeFrag, q.frags.length - 1);
    setBoundary(fi, edge, nudgedEdge(text, q.frags[fi], edge, dir));
  }

  function cycleFragment() {
    const q = current();
    if (!q) return;
    ed.activeFrag = (ed.activeFrag + 1) % q.frags.length;
    detail.render();
    ctl.afterFrame();
    announce(`Fragment ${ed.activeFrag + 1} of ${q.frags.length} active`);
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

  function toggleNoSpeaker() {
    const q = current();
    if (q) setSpeakerType(q.speakerType === 'none' ? '' : 'none');
  }

  // speaker: { id, name } (id null for a name the server has not seen yet) or null.
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
    const i = ed.order.indexOf(q.id);
    commit('quote deleted', [[q.id, null]], { select: ed.order[i + 1] ?? ed.order[i - 1] ?? null });
  }

  return {
    accept, reject, acceptAll, addQuote, addFragment, removeFragment, setSpan, clearSpan, setBoundary, nudge,
    cycleFragment, setKind, setSpeakerType, toggleNoSpeaker, setSpeaker, deleteQuote,
  };
}
