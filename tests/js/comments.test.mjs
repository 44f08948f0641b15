import { test } from 'node:test';
import assert from 'node:assert/strict';

import { commentsForPanel, isOpenFlag, sentBackComment } from '../../static/annotations/js/editor/comments.js';

const c = (id, kind, at, extra = {}) => ({ id, kind, body: `c${id}`, author: 'rev', created_at: at, resolved_at: null, ...extra });

test('the reason for a send-back is the comment the server linked to it', () => {
  const comments = [c(1, 'sent_back', '2025-01-01T10:00:00Z'), c(2, 'sent_back', '2025-01-02T10:00:00Z'), c(3, 'comment', '2025-01-03T10:00:00Z')];
  assert.equal(sentBackComment(comments, { at: '2025-01-02T10:00:00.5+00:00', comment: 1 }).id, 1);
  assert.equal(sentBackComment(comments, null), null);
});

test('without a link, the latest sent-back comment made by the time of the send-back', () => {
  const comments = [c(1, 'sent_back', '2025-01-01T10:00:00Z'), c(2, 'sent_back', '2025-01-02T10:00:00Z'), c(3, 'sent_back', '2025-01-03T10:00:00Z')];
  assert.equal(sentBackComment(comments, { at: '2025-01-02T10:00:00.000400+00:00', comment: null }).id, 2);
  assert.equal(sentBackComment(comments, { at: '2025-01-02T10:00:00+00:00', comment: 99 }).id, 2);  // linked one not visible
  assert.equal(sentBackComment(comments, { at: '2024-12-31T00:00:00Z', comment: null }), null);
  assert.equal(sentBackComment([c(4, 'comment', '2025-01-01T00:00:00Z')], { at: '2025-02-01T00:00:00Z' }), null);
});

test('the panel lists open flags first, oldest first, then the rest newest first', () => {
  const comments = [
    c(1, 'unclear', '2025-01-01T10:00:00Z'), c(2, 'comment', '2025-01-02T10:00:00Z'),
    c(3, 'skip', '2025-01-03T10:00:00Z', { resolved_at: '2025-01-04T10:00:00Z' }), c(4, 'skip', '2025-01-05T10:00:00Z'),
    c(5, 'sent_back', '2025-01-06T10:00:00Z'),
  ];
  const { open, rest } = commentsForPanel(comments);
  assert.deepEqual(open.map((x) => x.id), [1, 4]);
  assert.deepEqual(rest.map((x) => x.id), [5, 3, 2]);
  assert.ok(isOpenFlag(comments[0]) && !isOpenFlag(comments[2]) && !isOpenFlag(comments[1]));
});
