'use strict';
// A background import's page: while the job is pending or running, poll its API entry
// every second, move the progress bar, and reload once it has finished so the report
// (rendered by the server) appears.

const root = document.getElementById('import-job');
const STEPS = { checking: 'Checking', writing: 'Writing' };

function describe(job) {
  if (job.status === 'pending') return `Waiting for a worker · ${job.progress}%`;
  return `${STEPS[job.step] || 'Running'} ${job.current_file} · ${job.progress}%`;
}

async function poll(timer) {
  const response = await fetch(root.dataset.pollUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) return;
  const job = await response.json();
  if (job.status === 'done' || job.status === 'failed') {
    window.clearInterval(timer);
    window.location.reload();
    return;
  }
  const bar = root.querySelector('progress');
  const text = root.querySelector('.import-progress-text');
  if (bar) bar.value = job.progress;
  if (text) text.textContent = describe(job);
}

if (root && (root.dataset.status === 'pending' || root.dataset.status === 'running')) {
  const timer = window.setInterval(() => {
    poll(timer).catch(() => window.clearInterval(timer));
  }, 1000);
}
