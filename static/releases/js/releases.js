'use strict';
// Release list: while a release is pending or building, poll the API and reload the
// page once every build has finished, so progress and the download link appear by themselves.

const table = document.getElementById('release-table');

function busyRows() {
  return [...table.querySelectorAll('tr[data-release-id]')].filter(
    (row) => row.dataset.status === 'pending' || row.dataset.status === 'building',
  );
}

async function poll() {
  const response = await fetch(table.dataset.pollUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) return;
  const body = await response.json();
  const byId = new Map(body.results.map((release) => [String(release.id), release]));
  let finished = false;
  for (const row of busyRows()) {
    const release = byId.get(row.dataset.releaseId);
    if (!release) continue;
    if (release.status === 'ready' || release.status === 'failed') {
      finished = true;
      continue;
    }
    const bar = row.querySelector('progress');
    const text = row.querySelector('.release-progress-text');
    if (bar) bar.value = release.progress;
    if (text) text.textContent = `${release.status === 'building' ? 'Building' : 'Pending'} ${release.progress}%`;
  }
  if (finished) window.location.reload();
}

if (table && busyRows().length) {
  const timer = window.setInterval(() => {
    poll().catch(() => window.clearInterval(timer));
  }, 1000);
}
