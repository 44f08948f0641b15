// The speaker field: an ARIA combobox over the project's speaker registry.
//
// Focusing it selects its text, so typing replaces the old name instead of appending to
// it. Enter picks the highlighted existing speaker; creating a speaker takes an explicit
// choice of the "Create …" option (arrow keys or a click), see speaker-match.js.
'use strict';

import { enterChoice, moveActive, noMatchHint, speakerOptions } from './speaker-match.js';

export function createSpeakerCombo(ed, { input, optionsEl, hintEl }, { setSpeaker, leave, restore, announce }) {
  let options = [];
  let active = -1;
  let focusByMouse = false;

  function markActive() {
    optionsEl.querySelectorAll('[role=option]').forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    if (active >= 0) input.setAttribute('aria-activedescendant', `speaker-option-${active}`);
    else input.removeAttribute('aria-activedescendant');
  }

  function open() {
    ({ options, active } = speakerOptions(ed.speakers, input.value));
    optionsEl.replaceChildren(...options.map((o, i) => {
      const li = document.createElement('li');
      li.id = `speaker-option-${i}`;
      li.setAttribute('role', 'option');
      li.dataset.index = String(i);
      if (o.create) li.className = 'combo-create';
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
    markActive();
  }

  function close() {
    optionsEl.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function hint(message) {
    hintEl.textContent = message;
    hintEl.hidden = !message;
    if (message) announce(message);
  }

  function pick(i) {
    const o = options[i];
    close();
    hint('');
    if (!o) return;
    // A new name joins the local registry at once (without an id until the server saves it).
    if (o.create && !ed.speakers.some((s) => s.name === o.speaker.name)) ed.speakers.push({ ...o.speaker, aliases: [] });
    input.value = o.speaker.name;
    setSpeaker(o.speaker);
  }

  input.addEventListener('input', () => {
    hint('');
    open();
  });
  input.addEventListener('focus', () => {
    open();
    input.select();
  });
  // Some browsers (WebKit) place the caret on the mouseup of the click that focused the
  // field, undoing the selection made on focus; Chromium keeps it either way. Later clicks
  // place the caret as usual.
  input.addEventListener('mousedown', () => {
    focusByMouse = document.activeElement !== input;
  });
  input.addEventListener('mouseup', (e) => {
    if (focusByMouse) e.preventDefault();
    focusByMouse = false;
  });
  input.addEventListener('blur', () => {
    hint('');
    setTimeout(close, 150);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (optionsEl.hidden) open();
      active = moveActive(options.length, active, e.key === 'ArrowDown' ? 1 : -1);
      markActive();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const choice = enterChoice({ query: input.value, open: !optionsEl.hidden, active });
      if (choice === 'show') {
        // Nothing highlighted to pick: keep the field and what was typed, show the options
        // and, when no existing speaker matches, say how to add one.
        open();
        if (active < 0) hint(noMatchHint(options, input.value));
        return;
      }
      if (choice === 'clear') {
        close();
        setSpeaker(null);
      } else {
        pick(active);
      }
      leave();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
      leave();
      restore();  // after leaving, so the field shows the quote's speaker again
    }
  });
  optionsEl.addEventListener('mousedown', (e) => e.preventDefault());  // keep the focus in the field
  optionsEl.addEventListener('click', (e) => {
    const li = e.target.closest('[role=option]');
    if (li) pick(Number(li.dataset.index));
  });

  return { focus: () => input.focus() };
}
