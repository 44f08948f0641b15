// The interchange vocabulary as the server passes it (`editor-data` → `vocab`): quote kinds,
// mention types, statuses, the record keys the editor owns, and the quotation marks. The
// browser never spells these out itself, so a new kind or status is a change in one place.
'use strict';

export function makeVocab(raw) {
  return {
    // Values in the server's order: keys 1, 2, 3… pick kinds[0], kinds[1], kinds[2]…, and
    // kinds[0] (direct), kinds[1] (indirect), kinds[2] (mixed) are what guessKind returns.
    kinds: raw.kinds.map((k) => k.value),
    kindLabel: new Map(raw.kinds.map((k) => [k.value, k.label])),
    speakerTypes: raw.speaker_types.map((t) => t.value),
    statusLabel: new Map(raw.statuses.map((s) => [s.value, s.label])),
    // Keys the editor reads and writes; any other key of a record travels through unchanged.
    quoteKeys: new Set(raw.quote_keys),
    marks: raw.quotation_marks,
  };
}

export const statusLabel = (vocab, status) => vocab.statusLabel.get(status) ?? status;
