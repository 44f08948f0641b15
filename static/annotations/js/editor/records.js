// Interchange records (the API's quote objects) <-> the editor's internal quote objects.
//
// Internally a quote keeps spans as [start, end] pairs (frags, cue, mention); the derived
// fields of a record (start, end, text, cue, speaker) are recomputed from the text when it
// goes back to the server, and unknown keys ride along in `extra` so nothing is lost.
'use strict';

export function fromRecord(r, vocab) {
  const extra = {};
  for (const [k, v] of Object.entries(r)) if (!vocab.quoteKeys.has(k)) extra[k] = v;
  return {
    id: r.id,
    frags: r.fragments && r.fragments.length ? r.fragments.map((f) => [f[0], f[1]]) : [[r.start, r.end]],
    kind: r.kind || vocab.kinds[0],
    cue: r.cue_start != null ? [r.cue_start, r.cue_end] : null,
    mention: r.speaker_start != null ? [r.speaker_start, r.speaker_end] : null,
    entity: r.speaker_entity || '',
    speakerId: r.speaker_id ?? null,
    speakerType: r.speaker_type || '',
    confidence: r.confidence ?? null,
    status: r.status || 'added',
    extra,
  };
}

export function toRecord(q, text) {
  const start = q.frags[0][0];
  const end = q.frags[q.frags.length - 1][1];
  const r = { ...q.extra, start, end, text: text.slice(start, end), kind: q.kind };
  if (q.frags.length > 1) r.fragments = q.frags.map((f) => [f[0], f[1]]);
  if (q.cue) Object.assign(r, { cue: text.slice(q.cue[0], q.cue[1]), cue_start: q.cue[0], cue_end: q.cue[1] });
  if (q.mention) {
    Object.assign(r, { speaker: text.slice(q.mention[0], q.mention[1]), speaker_start: q.mention[0], speaker_end: q.mention[1] });
  }
  if (q.entity) r.speaker_entity = q.entity;
  if (q.speakerType) r.speaker_type = q.speakerType;
  // The proposer's confidence was about its proposal: a quote a person edited or added has
  // none (the server drops it too, so the page and the API agree).
  if (q.confidence != null && q.status !== 'edited' && q.status !== 'added') r.confidence = q.confidence;
  // The order of these last keys matches what the API returns (editorState() is compared
  // with the API's JSON in the browser tests).
  r.id = q.id;
  r.status = q.status;
  r.speaker_id = q.speakerId;
  return r;
}

// A quote the annotator adds by selecting text: no cue, no speaker yet.
export function newQuote(id, span, kind) {
  return {
    id, frags: [span], kind, cue: null, mention: null, entity: '', speakerId: null, speakerType: '',
    confidence: null, status: 'added', extra: {},
  };
}
