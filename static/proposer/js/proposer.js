'use strict';
// Proposer page: while a model is queued or training, poll the API, move its progress bar,
// and reload the page once it has finished, so the comparison and the Activate button appear.

const table = document.getElementById('proposer-models');

function busyRows() {
  return [...table.querySelectorAll('tr[data-model-id]')].filter(
    (row) => row.dataset.status === 'queued' || row.dataset.status === 'training',
  );
}

async function poll() {
  const response = await fetch(table.dataset.pollUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) return;
  const body = await response.json();
  const byId = new Map(body.results.map((model) => [String(model.id), model]));
  let finished = false;
  for (const row of busyRows()) {
    const model = byId.get(row.dataset.modelId);
    if (!model) continue;
    if (model.status === 'ready' || model.status === 'failed') {
      finished = true;
      continue;
    }
    const bar = row.querySelector('progress');
    const text = row.querySelector('.model-progress-text');
    if (bar) bar.value = model.progress;
    if (text) {
      const stage = model.stage ? ` (${model.stage})` : '';
      text.textContent = `${model.status === 'training' ? 'Training' : 'Queued'} ${model.progress}%${stage}`;
    }
  }
  if (finished) window.location.reload();
}

if (table && busyRows().length) {
  const timer = window.setInterval(() => {
    poll().catch(() => window.clearInterval(timer));
  }, 1000);
}
