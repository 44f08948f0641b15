// The annotation set as a whole: its status, submitting it, and keeping unsaved changes
// over a reload after a conflict (stashed in sessionStorage, offered back afterwards).
'use strict';

import { countStatus } from './quotes.js';
import { toRecord } from './records.js';
import { readStash, stashSize, stashStates, writeStash } from './stash.js';

export function createSession(ed, { $, save, banner, ctl, announce, submitUrl, stashKey, storage, onSubmitted = () => {} }) {
  const dialog = $('submit-dialog');

  function renderStatus() {
    const submitted = save.status === 'submitted';
    $('btn-submit').textContent = submitted ? 'Submitted ✓' : 'Submit';
    banner.state(submitted ? `Submitted (version ${save.version})` : `All changes saved (version ${save.version})`, 'saved');
  }

  async function submit() {
    if (dialog.open) dialog.close();
    const result = await save.submit(submitUrl);
    if (result === 'unsaved') return announce('Submit waits until every change is saved.');
    if (result !== 'submitted') return;  // the banner says why
    renderStatus();
    onSubmitted();
    banner.show('Submitted. Thank you! Open the next article when you are ready.', { kind: 'success' });
    $('link-next').focus();
  }

  // Unreviewed proposals are worth a question; otherwise submit straight away.
  function askSubmit() {
    const left = countStatus(ed.quotes, 'proposed');
    if (!left) return submit();
    $('submit-warning').textContent = `${left} proposal${left === 1 ? ' is' : 's are'} still unreviewed. They will count as neither accepted nor rejected.`;
    dialog.showModal();
    $('btn-submit-cancel').focus();
  }

  function stashAndReload() {
    const { ids, deleted } = save.takeUnsaved();
    const records = ids.map((id) => ed.quotes.get(id)).filter(Boolean).map((q) => toRecord(q, ed.text));
    writeStash(storage, stashKey, { records, deleted, baseVersion: save.version });
    window.location.reload();
  }

  function offerStash() {
    const stash = readStash(storage, stashKey);
    if (!stash) return;
    const n = stashSize(stash);
    const done = () => {
      storage.removeItem(stashKey);
      banner.hide();
    };
    banner.ask(`You have ${n} unsaved change${n === 1 ? '' : 's'} from before reloading. Re-apply them on top of the latest version?`, [
      ['Re-apply my changes', () => {
        done();
        const states = stashStates(stash, { vocab: ed.vocab, has: (id) => ed.quotes.has(id), newId: ctl.newTempId });
        ctl.commit('re-applied unsaved changes', states);
      }],
      ['Discard them', done],
    ]);
  }

  return { renderStatus, submit, askSubmit, stashAndReload, offerStash, dialog };
}
