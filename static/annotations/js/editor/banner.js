// The save state next to the toolbar and the banner under it (errors, the 409 conflict,
// the offer to re-apply stashed changes, the thank-you after submitting). The elements come
// in as parameters, so the editor and the curation page share it.
'use strict';

// els: { stateEl, bannerEl, textEl, retryBtn, reloadBtn }; the buttons are shown or hidden
// here, their clicks are wired by the page.
export function createBanner({ stateEl, bannerEl, textEl, retryBtn, reloadBtn }) {
  function show(message, { retry = false, reload = false, kind = 'error' } = {}) {
    textEl.textContent = message;
    retryBtn.hidden = !retry;
    reloadBtn.hidden = !reload;
    bannerEl.className = `editor-banner ${kind}`;
    bannerEl.hidden = false;
  }

  const hide = () => {
    bannerEl.hidden = true;
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
      stateEl.textContent = label;
      stateEl.className = `save-state ${cls}`;
    },
    show,
    hide,
    // After a successful save an error goes away; a question (info) stays until answered.
    clearError() {
      if (!bannerEl.classList.contains('info')) hide();
    },
    // A question with buttons in the banner: choices is [[label, onClick], ...].
    ask(message, choices) {
      show(message, { kind: 'info' });
      for (const [label, onClick] of choices) textEl.append(' ', button(label, onClick));
    },
  };
}
