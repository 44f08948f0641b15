// The speaker type-ahead without the DOM: ranking the registry for a query, the options
// to show, which one is highlighted, and what Enter does.
//
// Creating a speaker is never the default: Enter picks the highlighted existing speaker,
// and the "Create …" option is only highlighted when the user moves to it (arrow keys) or
// clicks it. Otherwise a stray Enter after typing over an old name ("Anthony BlinkenMark")
// would add a speaker to the project's registry.
'use strict';

export const MAX_OPTIONS = 8;

const squash = (s) => s.trim().replace(/\s+/g, ' ');

// Speakers whose name or an alias starts with the query first, then those containing it,
// each group by name; an empty query lists the registry's first speakers.
export function rankSpeakers(speakers, query, limit = MAX_OPTIONS) {
  const qy = query.trim().toLowerCase();
  if (!qy) return speakers.slice(0, limit);
  const scored = [];
  for (const s of speakers) {
    const names = [s.name, ...(s.aliases || [])].map((n) => n.toLowerCase());
    const rank = names.some((n) => n.startsWith(qy)) ? 0 : names.some((n) => n.includes(qy)) ? 1 : -1;
    if (rank >= 0) scored.push([rank, s]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].name.localeCompare(b[1].name));
  return scored.slice(0, limit).map(([, s]) => s);
}

const hasName = (speakers, name) => speakers.some((s) => s.name.toLowerCase() === name.toLowerCase());

// { options: [{ speaker, label, hint, create }], active } for the typed text. The create
// option comes last and only when no speaker has exactly that name; `active` is the first
// existing speaker, or -1 when there is none (the create option is never active at first).
export function speakerOptions(speakers, query) {
  const q = query.trim();
  const options = rankSpeakers(speakers, q).map((s) => ({
    speaker: s, label: s.name, hint: (s.aliases || []).slice(0, 3).join(', '), create: false,
  }));
  if (q && !hasName(speakers, q)) {
    options.push({ speaker: { id: null, name: squash(q) }, label: `Create “${q}”`, hint: 'new speaker', create: true });
  }
  return { options, active: options.length && !options[0].create ? 0 : -1 };
}

// Arrow keys: down from nothing goes to the first option, up from nothing to the last.
export function moveActive(count, active, delta) {
  if (!count) return -1;
  if (active < 0) return delta > 0 ? 0 : count - 1;
  return (active + delta + count) % count;
}

// What Enter does: 'clear' (the field is empty: no speaker), 'pick' (the highlighted
// option, which is a create option only if the user chose it), or 'show' (nothing is
// highlighted: show the options and a hint, and change nothing).
export function enterChoice({ query, open, active }) {
  if (!query.trim()) return 'clear';
  if (open && active >= 0) return 'pick';
  return 'show';
}

// The hint after an Enter that picked nothing.
export function noMatchHint(options, query) {
  const create = options.find((o) => o.create);
  if (!create) return 'Choose a speaker from the list.';
  return `No speaker in the registry matches “${query.trim()}”. To add one, choose ${create.label} (↓ then Enter, or click it).`;
}
