// Comments and flags on an article as the comments API gives them
// ({ id, kind, author, body, created_at, resolved_at, ... }): which one explains a send-back,
// and the order the curation page lists them in. Pure: no DOM, no network.
'use strict';

const FLAGS = new Set(['unclear', 'skip']);
export const isFlag = (c) => FLAGS.has(c.kind);
export const isOpenFlag = (c) => isFlag(c) && !c.resolved_at;

// The reviewer's reason for the last send-back of this annotator's set. `sentBack` is the
// editor's { at, comment }: the comment's id when the server linked it, else the latest
// "sent back" comment made by `at` (it is written just before the send-back is recorded).
export function sentBackComment(comments, sentBack) {
  if (!sentBack) return null;
  const reasons = comments.filter((c) => c.kind === 'sent_back');
  if (sentBack.comment != null) {
    const linked = reasons.find((c) => c.id === sentBack.comment);
    if (linked) return linked;
  }
  const by = Date.parse(sentBack.at);
  const before = reasons.filter((c) => !(Date.parse(c.created_at) > by));
  return before.length ? before[before.length - 1] : null;
}

// Open flags first (oldest first), then the other comments and resolved flags, newest first.
export function commentsForPanel(comments) {
  const time = (c) => Date.parse(c.created_at) || 0;
  const open = comments.filter(isOpenFlag).sort((a, b) => time(a) - time(b) || a.id - b.id);
  const rest = comments.filter((c) => !isOpenFlag(c)).sort((a, b) => time(b) - time(a) || b.id - a.id);
  return { open, rest };
}
