import { test } from 'node:test';
import assert from 'node:assert/strict';

import { createAutosave } from '../../static/annotations/js/editor/autosave.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

// A clock the test moves by hand.
function fakeTimers() {
  let now = 0;
  let seq = 0;
  const due = new Map();
  return {
    setTimeout(fn, ms) {
      seq += 1;
      due.set(seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout(id) {
      due.delete(id);
    },
    // Runs every timer due within `ms`, letting promises settle after each.
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        const next = [...due.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!next) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].fn();
        await settle();
      }
      now = until;
      await settle();
    },
    delays: () => [...due.values()].map((t) => t.at - now),
  };
}

const response = (status, body) => ({ ok: status >= 200 && status < 300, status, json: async () => body });

// The server side: answers queued by the test, or a 200 echoing the quotes with ids.
function fakeServer() {
  const calls = [];
  const answers = [];
  let version = 1;
  let nextId = 100;
  async function request(url, method, body) {
    calls.push({ url, method, body: structuredClone(body) });
    const answer = answers.shift();
    if (answer) return answer(body);
    version += 1;
    return response(200, {
      version, status: 'in_progress', quotes: body.quotes.map((q) => ({ ...q, id: q.id ?? (nextId += 1) })),
    });
  }
  return { calls, answers, request };
}

function setUp({ serverIds = [1, 2, 3], records } = {}) {
  const timers = fakeTimers();
  const server = fakeServer();
  const ui = { states: [], banners: [], cleared: 0 };
  const remaps = [];
  const savedQuotes = [];
  const quotes = records || new Map(serverIds.map((id) => [id, { id, status: 'proposed' }]));
  const save = createAutosave({
    url: '/api/articles/1/annotation/',
    version: 1,
    status: 'in_progress',
    serverIds,
    request: server.request,
    recordOf: (id) => (quotes.has(id) ? { ...quotes.get(id) } : null),
    ui: {
      state: (label, cls) => ui.states.push([label, cls]),
      show: (message, options) => ui.banners.push([message, options]),
      clearError: () => { ui.cleared += 1; },
    },
    onRemap: (a, b) => {
      remaps.push([a, b]);
      quotes.set(b, { ...quotes.get(a), id: b });
      quotes.delete(a);
    },
    onQuoteSaved: (r, info) => savedQuotes.push([r.id, info.pending]),
    timers,
  });
  return { save, timers, server, ui, quotes, remaps, savedQuotes };
}

const lastState = (ui) => ui.states.at(-1)[0];

test('a change is saved after a short pause with only the changed quotes and the version', async () => {
  const { save, timers, server, ui } = setUp();
  save.changed(2, true);
  save.schedule();
  assert.equal(lastState(ui), 'Unsaved changes…');
  assert.ok(save.dirty());
  await timers.advance(299);
  assert.equal(server.calls.length, 0);
  await timers.advance(1);
  assert.deepEqual(server.calls, [{
    url: '/api/articles/1/annotation/', method: 'PATCH', body: { version: 1, quotes: [{ id: 2, status: 'proposed' }], deleted: [] },
  }]);
  assert.equal(lastState(ui), 'All changes saved (version 2)');
  assert.equal(save.version, 2);
  assert.ok(!save.dirty());
});

test('changes in quick succession share one save', async () => {
  const { save, timers, server } = setUp();
  save.changed(1, true);
  save.schedule();
  await timers.advance(200);
  save.changed(3, true);
  save.schedule();
  await timers.advance(300);
  assert.equal(server.calls.length, 1);
  assert.deepEqual(server.calls[0].body.quotes.map((q) => q.id), [1, 3]);
});

test('a new quote goes without an id and is renamed to the id the server gives it', async () => {
  const records = new Map([[-1, { id: -1, status: 'added' }]]);
  const { save, timers, server, remaps, savedQuotes } = setUp({ serverIds: [], records });
  save.changed(-1, true);
  save.schedule();
  await timers.advance(300);
  assert.deepEqual(server.calls[0].body.quotes, [{ status: 'added' }]);
  assert.deepEqual(remaps, [[-1, 101]]);
  assert.deepEqual(savedQuotes, [[101, false]]);
  assert.ok(save.isSaved(101));
  save.changed(101, true);
  save.schedule();
  await timers.advance(300);
  assert.deepEqual(server.calls[1].body, { version: 2, quotes: [{ id: 101, status: 'added' }], deleted: [] });
});

test('only quotes the server has are sent as deleted', async () => {
  const { save, timers, server } = setUp();
  save.changed(2, false);
  save.changed(-5, false);  // added and deleted before it was ever saved
  save.schedule();
  await timers.advance(300);
  assert.deepEqual(server.calls[0].body, { version: 1, quotes: [], deleted: [2] });
  assert.ok(!save.isSaved(2));
});

test('a change made while a save is on the way is saved right after it, on the new version', async () => {
  const { save, timers, server } = setUp();
  let release;
  server.answers.push(() => new Promise((resolve) => {
    release = () => resolve(response(200, { version: 2, status: 'in_progress', quotes: [{ id: 1 }] }));
  }));
  save.changed(1, true);
  const first = save.flush();
  await settle();
  assert.ok(save.busy() && !save.dirty());
  assert.equal(save.flush(), first, 'one save at a time');
  save.changed(2, true);
  release();
  assert.equal(await first, true);
  assert.deepEqual(server.calls.map((c) => [c.body.version, c.body.quotes.map((q) => q.id)]), [[1, [1]], [2, [2]]]);
  assert.ok(!save.busy());
  await timers.advance(1000);
  assert.equal(server.calls.length, 2);
});

test('onQuoteSaved says whether the quote changed again meanwhile', async () => {
  const { save, server, savedQuotes } = setUp();
  server.answers.push(async () => {
    save.changed(1, true);  // edited again while the save was on the way
    return response(200, { version: 2, status: 'in_progress', quotes: [{ id: 1 }] });
  });
  save.changed(1, true);
  await save.flush();
  assert.deepEqual(savedQuotes, [[1, true], [1, false]]);
});

test('a 409 conflict stops saving, keeps the changes and offers a reload', async () => {
  const { save, timers, server, ui } = setUp();
  server.answers.push(() => response(409, { detail: 'This annotation was changed elsewhere (version 2).' }));
  save.changed(1, true);
  save.changed(3, false);
  assert.equal(await save.flush(), false);
  assert.ok(save.conflict);
  assert.equal(lastState(ui), 'Not saved: conflict');
  assert.deepEqual(ui.banners.at(-1), [
    'This annotation was changed elsewhere (version 2). Your unsaved changes are kept and can be re-applied after reloading.',
    { reload: true },
  ]);
  save.changed(2, true);
  save.schedule();
  await timers.advance(120000);
  assert.equal(server.calls.length, 1, 'never retried over the newer version');
  assert.deepEqual(timers.delays(), []);
  assert.deepEqual(await save.submit('/submit/'), 'unsaved');
  assert.deepEqual(save.takeUnsaved(), { ids: [1, 2], deleted: [3] });
  assert.ok(!save.dirty());
});

test('a server error keeps the changes and retries with a growing delay, reset after success', async () => {
  const { save, timers, server, ui } = setUp();
  for (let i = 0; i < 7; i += 1) server.answers.push(() => response(503, { detail: 'maintenance' }));
  save.changed(1, true);
  await save.flush();
  assert.deepEqual(ui.banners.at(-1), ['Saving failed (503: maintenance). Your changes are kept here.', { retry: true }]);
  assert.equal(lastState(ui), 'Not saved');
  const delays = [];
  for (let i = 0; i < 6; i += 1) {
    delays.push(...timers.delays());
    await timers.advance(timers.delays()[0]);
  }
  assert.deepEqual(delays, [2000, 4000, 8000, 16000, 32000, 60000]);
  assert.equal(server.calls.length, 7);
  assert.deepEqual(timers.delays(), [60000], 'capped at a minute');
  await timers.advance(60000);
  assert.equal(lastState(ui), 'All changes saved (version 2)');
  assert.deepEqual(server.calls.at(-1).body.quotes.map((q) => q.id), [1]);
  assert.ok(ui.cleared >= 1);
  server.answers.push(() => response(500, {}));
  save.changed(2, true);
  await save.flush();
  assert.deepEqual(timers.delays(), [2000]);
  assert.equal(ui.banners.at(-1)[0], 'Saving failed (500). Your changes are kept here.');
});

test('an unreachable server is retried too', async () => {
  const { save, timers, server, ui } = setUp();
  server.answers.push(() => Promise.reject(new TypeError('Failed to fetch')));
  save.changed(1, true);
  await save.flush();
  assert.match(ui.banners.at(-1)[0], /could not be reached/);
  await timers.advance(2000);
  assert.equal(server.calls.length, 2);
  assert.ok(!save.dirty());
});

test('a refused change (400) is not retried by itself; Retry sends it again', async () => {
  const { save, timers, server, ui } = setUp();
  server.answers.push(() => response(400, { detail: 'fragments overlap' }));
  save.changed(1, true);
  await save.flush();
  assert.equal(ui.banners.at(-1)[0], 'The server refused the change: fragments overlap. Undo it, or retry.');
  assert.deepEqual(timers.delays(), []);
  assert.ok(save.dirty());
  await save.retryNow();
  assert.equal(server.calls.length, 2);
  assert.equal(save.version, 2);
});

test('an answer that is not JSON is a failure like any other', async () => {
  const { save, server, ui } = setUp();
  server.answers.push(() => ({ ok: false, status: 502, json: async () => { throw new SyntaxError('not JSON'); } }));
  save.changed(1, true);
  assert.equal(await save.flush(), false);
  assert.equal(ui.banners.at(-1)[0], 'Saving failed (502). Your changes are kept here.');
});

test('submit saves first, then posts the version', async () => {
  const { save, server, ui } = setUp();
  // The PATCH gets the default answer (null: none queued), the POST this one.
  server.answers.push(null, () => response(200, { version: 3, status: 'submitted' }));
  save.changed(1, true);
  assert.equal(await save.submit('/submit/'), 'submitted');
  assert.deepEqual(server.calls.map((c) => [c.method, c.url, c.body.version]),
    [['PATCH', '/api/articles/1/annotation/', 1], ['POST', '/submit/', 2]]);
  assert.deepEqual(ui.states.map(([label]) => label), ['Submitting…', 'Saving…', 'All changes saved (version 2)']);
  assert.deepEqual([save.version, save.status], [3, 'submitted']);
});

test('submit waits for a failed save and does not post', async () => {
  const { save, server } = setUp();
  server.answers.push(() => response(503, {}));
  save.changed(1, true);
  assert.equal(await save.submit('/submit/'), 'unsaved');
  assert.deepEqual(server.calls.map((c) => c.method), ['PATCH']);
});

test('submit reports conflicts and failures', async () => {
  let { save, server, ui } = setUp();
  server.answers.push(() => response(409, { detail: 'Changed elsewhere (version 4).' }));
  assert.equal(await save.submit('/submit/'), 'conflict');
  assert.ok(save.conflict);
  assert.deepEqual(ui.banners.at(-1), ['Changed elsewhere (version 4).', { reload: true }]);

  ({ save, server, ui } = setUp());
  server.answers.push(() => response(403, { detail: 'Not yours.' }));
  assert.equal(await save.submit('/submit/'), 'failed');
  assert.deepEqual(ui.banners.at(-1), ['Submitting failed: Not yours.', { retry: true }]);

  ({ save, server, ui } = setUp());
  server.answers.push(() => Promise.reject(new TypeError('offline')));
  assert.equal(await save.submit('/submit/'), 'failed');
  assert.equal(ui.banners.at(-1)[0], 'The server could not be reached; nothing was submitted.');
  assert.equal(save.version, 1);
});

test('a frozen (submitted) annotation schedules and sends nothing', async () => {
  const { save, timers, server } = setUp();
  save.changed(1, true);
  save.schedule();
  save.freeze();
  assert.ok(save.frozen);
  await timers.advance(5000);
  save.changed(2, true);
  save.schedule();
  assert.equal(await save.flush(), false);
  await timers.advance(5000);
  assert.deepEqual(server.calls, []);
  assert.deepEqual(timers.delays(), []);
});
