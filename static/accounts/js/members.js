// Members page: copy the set-password link, and ask before removing someone.
'use strict';

for (const button of document.querySelectorAll('button[data-copy]')) {
  const input = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector('.copy-status');
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      if (status) status.textContent = 'Copied.';
    } catch {
      // No clipboard access (an insecure origin, or refused): select it for Ctrl+C.
      input.focus();
      input.select();
      if (status) status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  });
}

const table = document.getElementById('member-table');
if (table) {
  table.addEventListener('submit', (e) => {
    const form = e.target;
    if (!form.classList.contains('remove-form')) return;
    const { username } = form.closest('tr').dataset;
    // eslint-disable-next-line no-alert
    if (!window.confirm(`Remove ${username} from this project? Their account and their work stay.`)) e.preventDefault();
  });
}
