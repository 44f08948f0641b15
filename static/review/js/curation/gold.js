// The gold version in progress, built from the aligned groups of the curation API.
//
// Quotes are the editor's internal objects (records.fromRecord) with one more field,
// `group`: the index of the aligned group a gold quote was taken for (quotes the reviewer
// adds have none and belong to the group they overlap most). A group is "taken" while it
// has gold quotes, "out" when the reviewer decided it is not a quote (an undoable side
// value, see controller.js), else "undecided". Nothing here touches the DOM or the network.
'use strict';

import { clone, edited, qEnd, qStart, sortedIds } from '../../../annotations/js/editor/quotes.js';
import { fromRecord, toRecord } from '../../../annotations/js/editor/records.js';

export const FIELDS = ['span', 'kind', 'cue', 'mention', 'speaker'];
export const FIELD_LABELS = { span: 'Fragments', kind: 'Kind', cue: 'Cue', mention: 'Mention', speaker: 'Speaker' };

// The side value that leaves group `g` out of the gold, and back.
export const outId = (g) => `out:${g}`;
export const isOutId = (id) => typeof id === 'string' && id.startsWith('out:');
export const groupOfOutId = (id) => Number(id.slice(4));

export const isHuman = (source) => source.kind === 'human';
// Annotators by username; the machine set is "proposer".
export const sourceLabel = (source) => (isHuman(source) ? source.owner || `set ${source.set_id}` : 'proposer');

// A source's quote as an internal quote (the curation keys set_id and owner dropped).
export function sourceQuote(record, vocab) {
  const q = fromRecord(record, vocab);
  delete q.extra.set_id;
  delete q.extra.owner;
  return q;
}

// For each group, the source quotes by set id: Map(set_id -> [internal quotes]).
export function membersOf(group, vocab) {
  const by = new Map();
  for (const r of group.quotes) {
    if (!by.has(r.set_id)) by.set(r.set_id, []);
    by.get(r.set_id).push(sourceQuote(r, vocab));
  }
  return by;
}

// A gold copy of a source quote: a new id, the group, the status the reviewer's choice
// gives it, no proposal confidence (a person decided on it).
export function goldCopy(q, { id, group, status = 'accepted' }) {
  const c = clone(q);
  Object.assign(c, { id, group, status, confidence: null });
  return c;
}

// All annotators agree on every field, each with one quote they decided on (not an
// unreviewed proposal). Groups of the proposals alone never count: they are nobody's choice.
export function isAgreed(group, sources) {
  const humans = sources.filter(isHuman);
  if (!humans.length || !FIELDS.every((f) => group.agreed[f])) return false;
  return humans.every((s) => {
    const mine = group.quotes.filter((r) => r.set_id === s.set_id);
    return mine.length === 1 && mine[0].status !== 'proposed';
  });
}

// The gold a first curation starts with: one accepted copy of the agreed quote of each
// agreed group. `newId()` gives gold ids.
export function prefill(groups, sources, vocab, newId) {
  const first = sources.find(isHuman);
  const out = [];
  groups.forEach((group, g) => {
    if (!isAgreed(group, sources)) return;
    const r = group.quotes.find((x) => x.set_id === first.set_id);
    out.push(goldCopy(sourceQuote(r, vocab), { id: newId(), group: g }));
  });
  return out;
}

const overlap = (a0, a1, b0, b1) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

// The group a quote overlaps most (index), or null.
export function overlapGroup(groups, q) {
  let best = null;
  let most = 0;
  for (const f of q.frags) {
    groups.forEach((g, i) => {
      const o = overlap(f[0], f[1], g.start, g.end);
      if (o > most) [best, most] = [i, o];
    });
  }
  return best;
}

export const groupOf = (groups, q) => (q.group ?? overlapGroup(groups, q));

// A saved gold version as the page's starting state: its quotes in their groups, and every
// group without one counted as left out (that was decided when it was saved).
export function fromSavedGold(records, groups, vocab, newId) {
  const quotes = records.map((r) => {
    const q = sourceQuote(r, vocab);
    q.id = newId();
    q.group = overlapGroup(groups, q);
    return q;
  });
  const taken = new Set(quotes.map((q) => q.group));
  const out = groups.map((g, i) => i).filter((i) => !taken.has(i));
  return { quotes, out };
}

// The gold quote ids of group g, in text order. From the quotes themselves, not `order`:
// the text view asks while a change is being drawn, before the order is brought up to date.
export function goldIdsOf(g, { quotes, groups }) {
  return sortedIds(new Map([...quotes].filter(([, q]) => groupOf(groups, q) === g)));
}

export function groupState(g, state) {
  if (goldIdsOf(g, state).length) return 'taken';
  return state.out.has(g) ? 'out' : 'undecided';
}

export function undecidedCount(state) {
  let n = 0;
  state.groups.forEach((group, g) => {
    if (groupState(g, state) === 'undecided') n += 1;
  });
  return n;
}

// The states (for controller.commit) that make `quotes` the gold of group g: its gold
// quotes go, the "out" mark clears (or is set, when `quotes` is empty: the reviewer took a
// source that has no quote here).
export function replaceGroupStates(g, quotes, state) {
  const states = goldIdsOf(g, state).map((id) => [id, null]);
  for (const q of quotes) states.push([q.id, q]);
  states.push([outId(g), quotes.length ? null : 'out']);
  return states;
}

// Take a source's whole version of group g (all its quotes there; none: leave the group
// out). Taken as it is, a quote is "accepted" in the gold, the proposer's too.
export function takeQuoteStates(g, setId, state, vocab, newId) {
  const mine = state.groups[g].quotes.filter((r) => r.set_id === setId);
  const quotes = mine.map((r) => goldCopy(sourceQuote(r, vocab), { id: newId(), group: g }));
  return replaceGroupStates(g, quotes, state);
}

const nameKey = (name) => (name || '').trim().replace(/\s+/g, ' ').toLowerCase();

// Field values as the reviewer compares them; null when the quote has none.
export function fieldValue(q, field) {
  if (!q) return undefined;
  switch (field) {
    case 'span': return JSON.stringify(q.frags);
    case 'kind': return q.kind;
    case 'cue': return q.cue ? q.cue.join('-') : null;
    case 'mention': return q.mention ? q.mention.join('-') : null;
    case 'speaker':
      if (q.speakerId != null) return `id:${q.speakerId}`;
      return q.entity ? `name:${nameKey(q.entity)}` : null;
    default: throw new Error(`unknown field ${field}`);
  }
}

// The same field when the registry id of one side is not known yet: compare names then.
export function sameField(a, b, field) {
  if (field === 'speaker' && a && b && (a.speakerId == null) !== (b.speakerId == null)) {
    return nameKey(a.entity) === nameKey(b.entity);
  }
  return fieldValue(a, field) === fieldValue(b, field);
}

// The gold quote with one field taken from a source quote; a change makes it "edited".
export function withField(gold, src, field) {
  const c = edited(gold);
  if (field === 'span') c.frags = src.frags.map((f) => [f[0], f[1]]);
  else if (field === 'kind') c.kind = src.kind;
  else if (field === 'cue') c.cue = src.cue ? [...src.cue] : null;
  else if (field === 'mention') {
    c.mention = src.mention ? [...src.mention] : null;
    c.speakerType = src.speakerType;
  } else if (field === 'speaker') {
    c.entity = src.entity;
    c.speakerId = src.speakerId;
  } else throw new Error(`unknown field ${field}`);
  return c;
}

// Take a whole source set: every group gets that source's version (its unreviewed
// proposals excepted when it is an annotator's: those groups stay undecided), and quotes
// the reviewer added outside the groups go. Returns { states, undecided }.
export function takeSetStates(setId, state, vocab, newId) {
  const source = state.sources.find((s) => s.set_id === setId);
  const human = source ? isHuman(source) : false;
  const states = [];
  let undecided = 0;
  state.groups.forEach((group, g) => {
    const mine = group.quotes.filter((r) => r.set_id === setId);
    const decided = human ? mine.filter((r) => r.status !== 'proposed') : mine;
    const quotes = decided.map((r) => goldCopy(sourceQuote(r, vocab), { id: newId(), group: g }));
    const replaced = replaceGroupStates(g, quotes, state);
    if (mine.length && !decided.length) {
      replaced[replaced.length - 1] = [outId(g), null];  // not "out": nobody decided yet
      undecided += 1;
    }
    states.push(...replaced);
  });
  for (const id of state.order) if (groupOf(state.groups, state.quotes.get(id)) == null) states.push([id, null]);
  return { states, undecided };
}

// The rows of the curation list: every group, and each added quote outside the groups, in
// text order. Keys: `g:<index>` and `q:<id>`.
export function rowsOf(state) {
  const rows = state.groups.map((g, i) => ({ key: `g:${i}`, group: i, start: g.start, end: g.end }));
  for (const id of state.order) {
    const q = state.quotes.get(id);
    if (groupOf(state.groups, q) == null) rows.push({ key: `q:${id}`, quoteId: id, start: qStart(q), end: qEnd(q) });
  }
  return rows.sort((a, b) => a.start - b.start || a.end - b.end || (a.group ?? Infinity) - (b.group ?? Infinity));
}

// The row a gold quote is shown in.
export function rowKeyOf(state, id) {
  const q = state.quotes.get(id);
  if (!q) return null;
  const g = groupOf(state.groups, q);
  return g == null ? `q:${id}` : `g:${g}`;
}

// The quotes of a PUT /gold/ body: records without ids (the gold set's quotes are its own).
export function goldRecords(state, text) {
  return state.order.map((id) => {
    const r = toRecord(state.quotes.get(id), text);
    delete r.id;
    return r;
  });
}

// What a reload after a conflict keeps (see the page's stash): the quotes with their group
// and the "out" marks, based on `baseVersion`.
export function snapshot(state, text, baseVersion) {
  return {
    baseVersion,
    quotes: state.order.map((id) => ({ group: state.quotes.get(id).group ?? null, record: toRecord(state.quotes.get(id), text) })),
    out: [...state.out].sort((a, b) => a - b),
  };
}

// The states that replace the gold in progress with a snapshot (a fresh id for each quote).
export function restoreStates(snap, state, vocab, newId) {
  const states = state.order.map((id) => [id, null]);
  for (const { group, record } of snap.quotes) {
    const q = sourceQuote(record, vocab);
    q.id = newId();
    if (group != null) q.group = group;
    states.push([q.id, q]);
  }
  const out = new Set(snap.out);
  state.groups.forEach((group, g) => {
    if (out.has(g) !== state.out.has(g)) states.push([outId(g), out.has(g) ? 'out' : null]);
  });
  return states;
}
