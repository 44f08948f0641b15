// Autosave under optimistic locking. Changed and deleted quote ids queue up; a save sends
// one PATCH { version, quotes, deleted } with only those, and the answer's version is the
// base of the next one. A 409 (someone saved a newer version) stops saving until reload, so
// nothing is overwritten; other failures keep the changes queued and retry with backoff.
//
// The network and the clock come in as parameters (`request`, `timers`) and the page is
// only told what to show (`ui`), so all of this runs under `node --test` too.
'use strict';

const FIRST_RETRY_MS = 2000;
const MAX_RETRY_MS = 60000;

export function createAutosave({
  url,
  version,
  status,
  serverIds = [],
  request,              // (url, method, body) => Promise<Response-like { ok, status, json() }>
  recordOf,             // id => the quote's record as it is now, or null when it is gone
  ui,                   // { state(label, cls), show(message, options), clearError() }
  onRemap = () => {},   // (tempId, serverId): a new quote got its id
  onQuoteSaved = () => {}, // (record, { pending }): each quote as the server stored it
  timers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (t) => clearTimeout(t) },
}) {
  const pendingUp = new Set();
  const pendingDel = new Set();
  const saved = new Set(serverIds);
  let inflight = null;
  let saveTimer = null;
  let retryTimer = null;
  let retryDelay = FIRST_RETRY_MS;
  let conflict = false;
  // A submitted annotation is read-only on the server: nothing is scheduled or sent.
  let frozen = false;

  const dirty = () => pendingUp.size > 0 || pendingDel.size > 0;
  const savedLabel = () => `All changes saved (version ${version})`;

  function changed(id, exists) {
    if (exists) pendingUp.add(id), pendingDel.delete(id);
    else pendingUp.delete(id), pendingDel.add(id);
  }

  function schedule(delay = 300) {
    if (conflict || frozen) return;
    ui.state('Unsaved changes…', 'pending');
    timers.clearTimeout(saveTimer);
    saveTimer = timers.setTimeout(flush, delay);
  }

  // One save at a time: a flush while one is on the way waits for it.
  function flush() {
    if (inflight) return inflight;
    inflight = doFlush().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  function failed(message, auto = true) {
    ui.state('Not saved', 'error');
    ui.show(message, { retry: true });
    timers.clearTimeout(retryTimer);
    if (auto) {
      retryTimer = timers.setTimeout(flush, retryDelay);
      retryDelay = Math.min(retryDelay * 2, MAX_RETRY_MS);
    }
  }

  function remap(oldId, newId) {
    if (pendingUp.delete(oldId)) pendingUp.add(newId);
    if (pendingDel.delete(oldId)) pendingDel.add(newId);
    onRemap(oldId, newId);
  }

  async function doFlush() {
    timers.clearTimeout(saveTimer);
    if (conflict || frozen) return false;
    if (!dirty()) {
      ui.state(savedLabel(), 'saved');
      return true;
    }
    const upIds = [...pendingUp];
    const delIds = [...pendingDel];
    pendingUp.clear();
    pendingDel.clear();
    const sent = [];
    const records = [];
    for (const id of upIds) {
      const r = recordOf(id);
      if (!r) continue;
      if (!saved.has(id)) delete r.id;  // new on the server: it answers with the id
      sent.push(id);
      records.push(r);
    }
    const deleted = delIds.filter((id) => saved.has(id));
    // On failure the ids go back in the queue, unless changed again meanwhile.
    const restore = () => {
      for (const id of upIds) if (!pendingDel.has(id)) pendingUp.add(id);
      for (const id of delIds) if (!pendingUp.has(id)) pendingDel.add(id);
    };
    ui.state('Saving…', 'pending');
    let resp;
    try {
      resp = await request(url, 'PATCH', { version, quotes: records, deleted });
    } catch (err) {
      restore();
      failed('The server could not be reached. Your changes are kept here and will be saved when it answers.');
      return false;
    }
    let body = {};
    try {
      body = await resp.json();
    } catch (err) {
      body = {};
    }
    if (resp.ok) {
      version = body.version;
      status = body.status;
      for (const id of deleted) saved.delete(id);
      body.quotes.forEach((r, i) => {
        const id = sent[i];
        if (r.id !== id) remap(id, r.id);
        saved.add(r.id);
        onQuoteSaved(r, { pending: pendingUp.has(r.id) });
      });
      retryDelay = FIRST_RETRY_MS;
      ui.clearError();
      if (dirty()) return doFlush();
      ui.state(savedLabel(), 'saved');
      return true;
    }
    restore();
    if (resp.status === 409) {
      conflict = true;
      ui.state('Not saved: conflict', 'error');
      ui.show(
        `${body.detail || 'This annotation was changed elsewhere.'} Your unsaved changes are kept and can be re-applied after reloading.`,
        { reload: true },
      );
      return false;
    }
    if (resp.status === 400) {
      failed(`The server refused the change: ${body.detail || 'invalid data'}. Undo it, or retry.`, false);
      return false;
    }
    failed(`Saving failed (${resp.status}${body.detail ? `: ${body.detail}` : ''}). Your changes are kept here.`);
    return false;
  }

  // Submitting saves first and only goes ahead with nothing left to save. Returns
  // 'submitted', 'unsaved', 'conflict' or 'failed'.
  async function submit(submitUrl) {
    ui.state('Submitting…', 'pending');
    await flush();
    if (dirty() || conflict) return 'unsaved';
    let resp;
    try {
      resp = await request(submitUrl, 'POST', { version });
    } catch (err) {
      failed('The server could not be reached; nothing was submitted.', false);
      return 'failed';
    }
    const body = await resp.json().catch(() => ({}));
    if (resp.status === 409) {
      conflict = true;
      ui.show(`${body.detail || 'Changed elsewhere.'}`, { reload: true });
      return 'conflict';
    }
    if (!resp.ok) {
      failed(`Submitting failed: ${body.detail || resp.status}`, false);
      return 'failed';
    }
    version = body.version;
    status = body.status;
    return 'submitted';
  }

  return {
    changed,
    schedule,
    flush,
    submit,
    dirty,
    busy: () => dirty() || inflight != null,
    retryNow() {
      timers.clearTimeout(retryTimer);
      return flush();
    },
    isSaved: (id) => saved.has(id),
    // No more saves (the set was submitted); the queue is dropped, it can only be empty or
    // refused by the server now.
    freeze() {
      frozen = true;
      timers.clearTimeout(saveTimer);
      timers.clearTimeout(retryTimer);
      pendingUp.clear();
      pendingDel.clear();
    },
    get frozen() {
      return frozen;
    },
    // The queued changes, for keeping them over a reload; the queue is emptied.
    takeUnsaved() {
      const out = { ids: [...pendingUp], deleted: [...pendingDel].filter((id) => saved.has(id)) };
      pendingUp.clear();
      pendingDel.clear();
      return out;
    },
    get version() {
      return version;
    },
    get status() {
      return status;
    },
    get conflict() {
      return conflict;
    },
  };
}
