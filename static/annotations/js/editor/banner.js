// The save state next to the toolbar and the banner under it (errors, the 409 conflict,
// the offer to re-apply stashed changes, the thank-you after submitting).
'use strict';

export function createBanner($) {
  const saveStateEl = $('save-state');
  const banner = $('editor-banner');
  const textEl = $('editor-banner-text');

  function show(message, { retry = false, reload = false, kind = 'error' } = {}) {
    textEl.textContent = message;
    $('btn-retry').hidden = !retry;
    $('btn-reload').hidden = !reload;
    banner.className = `editor-banner ${kind}`;
    banner.hidden = false;
  }

  const hide = () => {
    banner.hidden = true;
  };

  function button(label, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  }

  return {
    state(label, cls = '') {
      saveStateEl.textContent = label;
      saveStateEl.className = `save-state ${cls}`;
    },
    show,
    hide,
    // After a successful save an error goes away; a question (info) stays until answered.
    clearError() {
      if (!banner.classList.contains('info')) hide();
    },
    // A question with buttons in the banner: choices is [[label, onClick], ...].
    ask(message, choices) {
      show(message, { kind: 'info' });
      for (const [label, onClick] of choices) textEl.append(' ', button(label, onClick));
    },
  };
}
