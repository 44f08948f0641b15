'use strict';
// A table of background jobs (releases, trained proposer models): while a row is still busy,
// poll the API's list every second, move the row's progress bar and text, and reload the
// page once one has finished, so its outcome (a download link, a comparison) appears by itself.

export function followProgress({ table, rowSelector, rowId, textSelector, busy, done, describe }) {
  if (!table) return;
  const busyRows = () => [...table.querySelectorAll(rowSelector)].filter((row) => busy.includes(row.dataset.status));

  async function poll() {
    const response = await fetch(table.dataset.pollUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) return;
    const body = await response.json();
    const byId = new Map(body.results.map((job) => [String(job.id), job]));
    let finished = false;
    for (const row of busyRows()) {
      const job = byId.get(rowId(row));
      if (!job) continue;
      if (done.includes(job.status)) {
        finished = true;
        continue;
      }
      const bar = row.querySelector('progress');
      const text = row.querySelector(textSelector);
      if (bar) bar.value = job.progress;
      if (text) text.textContent = describe(job);
    }
    if (finished) window.location.reload();
  }

  if (busyRows().length) {
    const timer = window.setInterval(() => {
      poll().catch(() => window.clearInterval(timer));
    }, 1000);
  }
}
