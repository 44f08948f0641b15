// Saving the gold version: one PUT { version, quotes } with every gold quote, when the
// reviewer says so (no autosave: a gold save moves the article to "gold"). The answer's
// version is the base of the next save. A 409 (someone saved a newer gold meanwhile) stops
// saving until the reviewer reloads, so nothing is overwritten; a 400 lists what the server
// refused; a network failure keeps everything here for a retry.
//
// It has the autosave's interface where the editor's controller calls it (changed,
// schedule), so the controller works unchanged. The network comes in as `request` and the
// page is only told what to show (`ui`), so this runs under `node --test`.
'use strict';

export function createGoldSave({ url, version, request, records, ui, onSaved = () => {} }) {
  let changes = 0;     // changes since the page loaded; the last save covered `savedAt` of them
  let savedAt = 0;
  let inflight = null;
  let conflict = null; // { current } once the server said the gold moved on

  const dirty = () => changes !== savedAt;
  const savedLabel = () => (version ? `Saved: gold version ${version}` : 'Not saved yet (no gold version)');

  function renderState() {
    if (conflict) ui.state('Not saved: conflict', 'error');
    else if (dirty()) ui.state('Unsaved changes', 'pending');
    else ui.state(savedLabel(), 'saved');
  }

  function conflictMessage(detail) {
    return `${detail || 'The gold was saved elsewhere meanwhile.'} Your curation here is not saved. Reload to see the newer gold; your unsaved changes will be offered back to re-apply on top of it, nothing is dropped without asking.`;
  }

  async function doSave() {
    if (conflict) {
      ui.show(conflictMessage(), { reload: true });
      return 'conflict';
    }
    const covers = changes;
    const body = { version, quotes: records() };
    ui.state('Saving…', 'pending');
    let resp;
    try {
      resp = await request(url, 'PUT', body);
    } catch (err) {
      ui.state('Not saved', 'error');
      ui.show('The server could not be reached. Nothing was saved; your curation is still here.', { retry: true });
      return 'failed';
    }
    let answer = {};
    try {
      answer = await resp.json();
    } catch (err) {
      answer = {};
    }
    if (resp.ok) {
      version = answer.version;
      savedAt = covers;
      ui.clearError();
      renderState();
      onSaved(answer);
      return 'saved';
    }
    if (resp.status === 409) {
      conflict = { current: answer.errors?.current_version ?? null };
      renderState();
      ui.show(conflictMessage(answer.detail), { reload: true });
      return 'conflict';
    }
    ui.state('Not saved', 'error');
    if (resp.status === 400) {
      const list = Array.isArray(answer.errors) ? answer.errors : [];
      const more = list.length > 1 ? ` Every problem: ${list.join('; ')}.` : '';
      ui.show(`The server refused the gold: ${answer.detail || 'invalid data'}.${more} Fix it here and save again.`, {});
      return 'invalid';
    }
    ui.show(`Saving failed (${resp.status}${answer.detail ? `: ${answer.detail}` : ''}). Your curation is still here.`, { retry: true });
    return 'failed';
  }

  return {
    // The controller's calls: a change happened; show that it is not saved yet.
    changed() {
      changes += 1;
    },
    schedule: renderState,
    // One save at a time; a second click while one is on the way waits for it.
    save() {
      if (!inflight) {
        inflight = doSave().finally(() => {
          inflight = null;
        });
      }
      return inflight;
    },
    dirty,
    busy: () => dirty() || inflight != null,
    renderState,
    get version() {
      return version;
    },
    get conflict() {
      return conflict;
    },
  };
}
