// Drag handles on the edges of the selected quote's fragments. A dropped handle snaps to a
// word boundary and moves that edge through `onDrop(fragment, edge, pos)`; a drop outside
// the text (`onDrop` with pos null) just puts the handles back. While `enabled()` is false
// (a submitted, read-only annotation) no handles are shown.
'use strict';

import { snapToWord } from './offsets.js';

export function createHandles(ed, textEl, textView, onDrop, { enabled = () => true } = {}) {
  let handles = [];
  let drag = null;

  function place() {
    for (const h of handles) h.remove();
    handles = [];
    const q = ed.quotes.get(ed.selectedId);
    if (!q || !enabled()) return;
    const box = textEl.getBoundingClientRect();
    q.frags.forEach((f, i) => {
      for (const edge of ['start', 'end']) {
        const rect = textView.caretRect(q.id, edge === 'start' ? f[0] : f[1], edge);
        if (!rect) continue;
        const h = document.createElement('div');
        h.className = `handle handle-${edge}${i === ed.activeFrag ? ' active' : ''}`;
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
    // Hidden, so the caret position under the pointer is the text's, not the handle's.
    h.style.visibility = 'hidden';
    const caret = document.caretRangeFromPoint ? document.caretRangeFromPoint(e.clientX, e.clientY) : null;
    const pos = caret ? textView.offsetOf(caret.startContainer, caret.startOffset) : null;
    onDrop(frag, edge, pos == null ? null : snapToWord(ed.text, pos, edge));
  });

  return { place };
}
