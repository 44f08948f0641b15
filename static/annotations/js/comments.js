// The comments panel of an article: list the comments and flags the reader may see, post
// one (a comment, a flag "unclear", or a skip with its reason). Text goes into the page
// through textContent only. A skip takes the annotator on to their next article.
'use strict';

const KIND_LABEL = { comment: 'Comment', unclear: 'Flag: unclear', skip: 'Skipped', sent_back: 'Sent back' };

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : '';
}

function item(comment) {
  const li = document.createElement('li');
  li.className = `comment comment-${comment.kind}${comment.resolved_at ? ' resolved' : ''}`;
  const head = document.createElement('p');
  head.className = 'muted small';
  const when = new Date(comment.created_at).toLocaleString();
  const about = comment.quote_id ? ` · on quote ${comment.quote_id}` : '';
  const state = comment.resolved_at ? ` · resolved by ${comment.resolved_by || 'a reviewer'}` : '';
  head.textContent = `${KIND_LABEL[comment.kind] || comment.kind} · ${comment.author || 'someone'} · ${when}${about}${state}`;
  const body = document.createElement('p');
  body.textContent = comment.body;
  li.append(head, body);
  return li;
}

async function load(panel) {
  const response = await fetch(panel.dataset.url, { headers: { Accept: 'application/json' } });
  if (!response.ok) return;
  const page = await response.json();
  const list = panel.querySelector('#comments-list');
  list.replaceChildren(...page.results.map(item));
  if (!page.results.length) {
    const empty = document.createElement('li');
    empty.className = 'muted';
    empty.textContent = 'No comments yet.';
    list.append(empty);
  }
  const open = page.results.filter((c) => (c.kind === 'unclear' || c.kind === 'skip') && !c.resolved_at).length;
  panel.querySelector('#comments-count').textContent = open ? `${page.count} · ${open} open` : String(page.count);
}

function init(panel) {
  const form = panel.querySelector('#comment-form');
  const error = panel.querySelector('#comment-error');
  const onQuote = panel.querySelector('#comment-on-quote');
  const editor = document.getElementById('editor');
  // The editor tells which quote is selected, if it is on this page.
  const selectedQuote = () => (editor && typeof editor.selectedQuoteId === 'function' ? editor.selectedQuoteId() : null);
  if (editor && typeof editor.selectedQuoteId === 'function') panel.querySelector('#comment-on-quote-label').hidden = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const kind = form.elements.kind.value;
    const quoteId = onQuote.checked ? selectedQuote() : null;
    const response = await fetch(panel.dataset.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrfToken(), Accept: 'application/json' },
      body: JSON.stringify({ kind, body: form.elements.body.value, quote_id: typeof quoteId === 'number' ? quoteId : null }),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      error.textContent = body.detail || `Not posted (HTTP ${response.status}).`;
      error.hidden = false;
      return;
    }
    form.reset();
    if (kind === 'skip') {
      window.location.assign(panel.dataset.nextUrl);
      return;
    }
    await load(panel);
  });
  load(panel);
}

const panel = document.getElementById('comments-panel');
if (panel) init(panel);
