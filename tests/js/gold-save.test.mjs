import { test } from 'node:test';
import assert from 'node:assert/strict';

import { createGoldSave } from '../../static/review/js/curation/gold-save.js';

const response = (status, body) => ({ ok: status >= 200 && status < 300, status, json: async () => body });

function setUp({ version = 0 } = {}) {
  const calls = [];
  const answers = [];
  let serverVersion = version;
  const ui = { states: [], banners: [], cleared: 0 };
  let quotes = [{ start: 0, end: 4, status: 'accepted' }];
  const saved = [];
  const save = createGoldSave({
    url: '/api/articles/1/gold/',
    version,
    request: async (url, method, body) => {
      calls.push({ url, method, body: structuredClone(body) });
      const answer = answers.shift();
      if (answer) return answer(body);
      serverVersion += 1;
      return response(200, { version: serverVersion, quotes: body.quotes });
    },
    records: () => quotes,
    ui: {
      state: (label, cls) => ui.states.push([label, cls]),
      show: (message, options) => ui.banners.push([message, options]),
      clearError: () => { ui.cleared += 1; },
    },
    onSaved: (body) => saved.push(body.version),
  });
  return { save, calls, answers, ui, saved, setQuotes: (q) => { quotes = q; } };
}

const lastState = (ui) => ui.states.at(-1);

test('a change only marks the gold unsaved; saving sends every quote with the version edited', async () => {
  const { save, calls, ui, saved } = setUp();
  save.renderState();
  assert.deepEqual(lastState(ui), ['Not saved yet (no gold version)', 'saved']);
  save.changed();
  save.schedule();
  assert.deepEqual(lastState(ui), ['Unsaved changes', 'pending']);
  assert.ok(save.dirty());
  assert.equal(calls.length, 0, 'no autosave');
  assert.equal(await save.save(), 'saved');
  assert.deepEqual(calls, [{ url: '/api/articles/1/gold/', method: 'PUT', body: { version: 0, quotes: [{ start: 0, end: 4, status: 'accepted' }] } }]);
  assert.deepEqual(lastState(ui), ['Saved: gold version 1', 'saved']);
  assert.deepEqual([save.version, save.dirty(), saved], [1, false, [1]]);
  save.changed();
  await save.save();
  assert.equal(calls[1].body.version, 1, 'the next save is based on the answer');
});

test('a change made while saving stays unsaved', async () => {
  const { save, answers } = setUp();
  let release;
  answers.push((body) => new Promise((resolve) => { release = () => resolve(response(200, { version: 1, quotes: body.quotes })); }));
  save.changed();
  const saving = save.save();
  save.changed();
  assert.equal(save.save(), saving, 'one save at a time');
  release();
  await saving;
  assert.ok(save.dirty());
});

test('a 409 stops saving and offers the reload; nothing is sent after it', async () => {
  const { save, calls, answers, ui } = setUp({ version: 2 });
  answers.push(() => response(409, { detail: 'The gold version changed meanwhile (you edited version 2, it is now 3).', errors: { current_version: 3 } }));
  save.changed();
  assert.equal(await save.save(), 'conflict');
  assert.deepEqual(save.conflict, { current: 3 });
  assert.deepEqual(lastState(ui), ['Not saved: conflict', 'error']);
  const [message, options] = ui.banners.at(-1);
  assert.match(message, /^The gold version changed meanwhile .* Reload to see the newer gold/);
  assert.deepEqual(options, { reload: true });
  assert.equal(await save.save(), 'conflict');
  assert.equal(calls.length, 1);
  save.schedule();
  assert.deepEqual(lastState(ui), ['Not saved: conflict', 'error']);
});

test('a 400 shows every problem and keeps the changes', async () => {
  const { save, answers, ui } = setUp();
  answers.push(() => response(400, {
    detail: "Gold quotes must be decided on: quote 1: status 'proposed' (and 1 more)",
    errors: ["quote 1: status 'proposed'", "quote 2: status 'proposed'"],
  }));
  save.changed();
  assert.equal(await save.save(), 'invalid');
  assert.ok(save.dirty());
  assert.match(ui.banners.at(-1)[0], /Every problem: quote 1: status 'proposed'; quote 2: status 'proposed'\./);
});

test('a network failure or a server error keeps everything and offers a retry', async () => {
  const { save, answers, ui } = setUp();
  answers.push(() => Promise.reject(new TypeError('offline')));
  answers.push(() => response(503, { detail: 'maintenance' }));
  save.changed();
  assert.equal(await save.save(), 'failed');
  assert.deepEqual(ui.banners.at(-1), ['The server could not be reached. Nothing was saved; your curation is still here.', { retry: true }]);
  assert.equal(await save.save(), 'failed');
  assert.deepEqual(ui.banners.at(-1), ['Saving failed (503: maintenance). Your curation is still here.', { retry: true }]);
  assert.equal(await save.save(), 'saved');
  assert.equal(ui.cleared, 1);
  assert.ok(!save.dirty());
});
