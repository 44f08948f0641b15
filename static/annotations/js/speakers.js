// The speaker registry: ask before merging, since a merge moves every quote.
'use strict';

const table = document.getElementById('speaker-table');
if (table) {
  table.addEventListener('submit', (e) => {
    const form = e.target;
    if (form.elements.action.value !== 'merge') return;
    const source = form.closest('tr').querySelector('th').firstChild.textContent.trim();
    const target = form.elements.into_name.value.trim();
    // eslint-disable-next-line no-alert
    if (!window.confirm(`Merge ${source} into ${target}? Every quote of ${source} moves to ${target}.`)) e.preventDefault();
  });
}
