// The panel showing the selected quote: status, excerpt, kind, fragments, cue, mention,
// mention type and speaker. It only shows state; the entry module wires its controls.
// The markup is templates/annotations/_quote_detail.html, shared by the editor and the
// curation page, so the element ids are the same on both.
'use strict';

import { excerpt } from './quotes.js';
import { statusLabel } from './vocab.js';

// `deletable(q)`: whether the Delete button shows for the quote (the editor deletes only
// quotes the annotator added; the curation page removes quotes its own way).
export function createDetailPanel(ed, $, { deletable = (q) => q.status === 'added' } = {}) {
  const { text } = ed;
  const quoted = (span) => (span ? `“${text.slice(span[0], span[1])}”` : '(none)');

  function fragmentItem(q, f, i) {
    const li = document.createElement('li');
    li.className = i === ed.activeFrag ? 'active' : '';
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
  }

  function render() {
    const q = ed.quotes.get(ed.selectedId);
    $('detail-body').hidden = !q;
    $('detail-empty').hidden = Boolean(q);
    if (!q) {
      $('detail-title').textContent = 'No quote selected';
      return;
    }
    $('detail-title').textContent = `Quote ${ed.order.indexOf(q.id) + 1} of ${ed.order.length}`;
    const st = $('detail-status');
    st.className = `badge st-${q.status}`;
    st.textContent = statusLabel(ed.vocab, q.status);
    $('detail-confidence').textContent = q.confidence != null ? `proposal confidence ${q.confidence.toFixed(2)}` : '';
    $('detail-excerpt').textContent = excerpt(q, text, 400);
    $('detail-kind').value = q.kind;
    $('btn-delete').hidden = !deletable(q);
    $('detail-fragments').replaceChildren(...q.frags.map((f, i) => fragmentItem(q, f, i)));
    $('detail-cue').textContent = quoted(q.cue);
    $('detail-mention').textContent = quoted(q.mention);
    $('detail-no-speaker').checked = q.speakerType === 'none';
    $('detail-speaker-type').value = q.speakerType;
    // Not while the user is typing in it.
    const input = $('speaker-input');
    if (document.activeElement !== input) input.value = q.entity;
  }

  return { render };
}

// The panel's own controls, wired to the actions the same way on every page that shows it
// (the editor and the curation page share the panel's template).
export function wireDetailControls($, actions) {
  const clicks = {
    'btn-add-fragment': actions.addFragment,
    'btn-set-cue': () => actions.setSpan('cue'),
    'btn-set-mention': () => actions.setSpan('mention'),
    'btn-clear-cue': () => actions.clearSpan('cue'),
    'btn-clear-mention': () => actions.clearSpan('mention'),
  };
  for (const [id, fn] of Object.entries(clicks)) $(id).addEventListener('click', () => fn());
  $('detail-kind').addEventListener('change', (e) => actions.setKind(e.target.value));
  $('detail-speaker-type').addEventListener('change', (e) => actions.setSpeakerType(e.target.value));
  $('detail-no-speaker').addEventListener('change', (e) => actions.setSpeakerType(e.target.checked ? 'none' : ''));
  $('detail-fragments').addEventListener('click', (e) => {
    const b = e.target.closest('[data-remove-frag]');
    if (b) actions.removeFragment(Number(b.dataset.removeFrag));
  });
  // Buttons that act on the text selection must not take it away when clicked.
  for (const id of ['btn-add-fragment', 'btn-set-cue', 'btn-set-mention']) $(id).addEventListener('mousedown', (e) => e.preventDefault());
}
