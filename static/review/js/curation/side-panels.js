// The curation page's side panels: the sources (take a whole set, send an annotator's set
// back with a reason) and the article's flags and comments (resolve a flag). They talk to
// the API through `request`; what they show is text content only.
'use strict';

import { commentsForPanel, isOpenFlag } from '../../../annotations/js/editor/comments.js';
import { isHuman, sourceLabel } from './gold.js';

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

function button(label, cls, onClick) {
  const b = el('button', cls, label);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

async function bodyOf(resp) {
  try {
    return await resp.json();
  } catch (err) {
    return {};
  }
}

// --- sources --------------------------------------------------------------------------------

export function createSourcesPanel(ed, { listEl, dialog, reasonEl, errorEl, formEl, cancelBtn, sendBackUrls, request, onTakeSet, banner }) {
  const sentBack = new Set();
  let target = null;

  function render() {
    const items = ed.sources.map((s, i) => {
      const li = el('li', 'source-item');
      const name = el('span', 'source-name');
      name.append(el('span', 'source-num', String(i + 1)), ' ', el('strong', null, sourceLabel(s)));
      const what = isHuman(s) ? `annotator · ${s.quotes} quote${s.quotes === 1 ? '' : 's'}` : `${s.source || 'machine'} · ${s.quotes} proposal${s.quotes === 1 ? '' : 's'}`;
      li.append(name, ' ', el('span', 'muted', what));
      if (sentBack.has(s.set_id)) li.append(' ', el('span', 'badge status-in_progress', 'sent back'));
      const buttons = el('span', 'source-buttons');
      const take = button('Take whole set', 'small', () => onTakeSet(s.set_id));
      take.setAttribute('aria-label', `Take ${sourceLabel(s)}’s whole set into the gold`);
      buttons.append(take);
      if (isHuman(s) && sendBackUrls[String(s.set_id)]) {
        const back = button('Send back…', 'small', () => ask(s));
        back.disabled = sentBack.has(s.set_id);
        back.setAttribute('aria-label', `Send ${sourceLabel(s)}’s set back`);
        buttons.append(back);
      }
      li.append(buttons);
      return li;
    });
    listEl.replaceChildren(...items);
    if (!items.length) listEl.append(el('li', 'muted', 'No submitted set and no proposals yet.'));
  }

  function ask(source) {
    target = source;
    dialog.querySelector('h2').textContent = `Send ${sourceLabel(source)}’s annotation back`;
    reasonEl.value = '';
    errorEl.hidden = true;
    dialog.showModal();
    reasonEl.focus();
  }

  formEl.addEventListener('submit', async (e) => {
    e.preventDefault();
    const comment = reasonEl.value.trim();
    if (!comment) {
      errorEl.textContent = 'Say why, so the annotator knows what to change.';
      errorEl.hidden = false;
      return;
    }
    const source = target;
    let resp;
    try {
      resp = await request(sendBackUrls[String(source.set_id)], 'POST', { comment });
    } catch (err) {
      errorEl.textContent = 'The server could not be reached; nothing was sent back.';
      errorEl.hidden = false;
      return;
    }
    const body = await bodyOf(resp);
    if (!resp.ok) {
      errorEl.textContent = body.detail || `Sending back failed (${resp.status}).`;
      errorEl.hidden = false;
      return;
    }
    dialog.close();
    sentBack.add(source.set_id);
    render();
    banner.show(`Sent back to ${sourceLabel(source)}: their set is a draft again and their editor shows your reason. Their version stays here until you reload.`, { kind: 'success' });
  });
  cancelBtn.addEventListener('click', () => dialog.close());

  return { render };
}

// --- flags and comments ----------------------------------------------------------------------

export function createFlagsPanel({ listEl, emptyEl, countEl, url, resolveUrl, kindLabels, request, onQuote, quoteGroup }) {
  let comments = [];

  function item(c) {
    const li = el('li', `comment-item kind-${c.kind}${isOpenFlag(c) ? ' open' : ''}`);
    const meta = el('div', 'comment-meta');
    meta.append(el('span', `badge comment-kind kind-${c.kind}`, kindLabels.get(c.kind) ?? c.kind), ' ',
      el('strong', null, c.author || 'someone'), ' ', el('span', 'muted', new Date(c.created_at).toLocaleString()));
    const g = c.quote_id != null ? quoteGroup(c.quote_id) : null;
    if (g != null) meta.append(' ', button(`on quote ${g + 1}`, 'small link-like', () => onQuote(g)));
    li.append(meta, el('p', 'comment-body', c.body));
    if (c.resolved_at) li.append(el('p', 'muted', `Resolved by ${c.resolved_by || 'a reviewer'}`));
    else if (isOpenFlag(c)) {
      const b = button('Resolve', 'small', () => resolve(c, b));
      b.setAttribute('aria-label', `Resolve the flag by ${c.author || 'someone'}: ${c.body.slice(0, 40)}`);
      li.append(b);
    }
    return li;
  }

  function render() {
    const { open, rest } = commentsForPanel(comments);
    listEl.replaceChildren(...open.map(item), ...rest.map(item));
    countEl.textContent = `(${open.length} open flag${open.length === 1 ? '' : 's'}, ${comments.length} in all)`;
    emptyEl.hidden = comments.length > 0;
    emptyEl.textContent = 'No flags or comments on this article.';
  }

  async function resolve(c, b) {
    b.disabled = true;
    let resp;
    try {
      resp = await request(resolveUrl(c.id), 'POST', {});
    } catch (err) {
      resp = null;
    }
    if (!resp || !resp.ok) {
      b.disabled = false;
      b.textContent = 'Resolve (failed, retry)';
      return;
    }
    const updated = await bodyOf(resp);
    comments = comments.map((x) => (x.id === c.id ? { ...x, ...updated } : x));
    render();
  }

  async function load() {
    try {
      const resp = await fetch(`${url}?page_size=500`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!resp.ok) throw new Error(String(resp.status));
      comments = (await resp.json()).results || [];
      render();
    } catch (err) {
      emptyEl.textContent = 'The comments could not be loaded.';
      emptyEl.hidden = false;
    }
  }

  return { load, render };
}
