"""The editor actions that turn an article's proposals into its gold: human effort, counted.

The fewest actions a person needs in the editor, each one key press or one selection
with its key (weight 1 each; `ACTIONS` lists them):

| action | when | in the editor |
|---|---|---|
| `accept` | a proposal right in every field | `a` |
| `reject` | a proposal that matches no gold quote | `r` |
| `boundary` | per fragment edge (start or end) in the wrong place | `[` `]` `{` `}` or a drag |
| `fragment` | per fragment to add or remove | select + `f`, or *Remove fragment* |
| `kind` | the wrong kind | `1` `2` `3` |
| `cue` | a cue missing, wrong or too many | select + `c`, or clear it |
| `mention` | a speaker mention missing, wrong or too many | select + `m`, or `0` |
| `person` | the gold names a person the proposal does not | type the name in the speaker field |
| `add` | per gold quote no proposal matches | select + `n` |

A proposal that needs any change is decided on by that change, so it costs its changes
and no `accept`. An added quote then costs the fields the gold gives it: its kind when the
editor's guess from the quotation marks is wrong (as `guessKind` in
`static/annotations/js/editor/offsets.js`), its cue, its mention, its person and each
fragment after the first. Annotating from scratch is the same count with no proposals.

Quotes are paired as the scorer pairs them (`scoring.pair_spans`: spans trimmed of white
space, quotation marks and edge punctuation, one to one, largest overlap first); edges are
compared trimmed, cue and mention are right when they overlap the gold's, the person when
`scoring.same_person` says so. Counts add up (`+=`), so a project sums them chunk by chunk.
Pure Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.interchange.scoring import Span, Summed, overlap, pair_spans, same_person, trimmed
from annotator.interchange.vocabulary import QUOTATION_MARKS

ACTIONS = ("accept", "reject", "boundary", "fragment", "kind", "cue", "mention", "person", "add")
# The editor's own key order for the kinds (1, 2, 3): what its guess can return.
DIRECT, INDIRECT, MIXED = "direct", "indirect", "mixed"
_TRAILING = ".,;:!?"
_APOSTROPHES = "'’"


def guessed_kind(words: str) -> str:
    """The kind the editor gives a quote it adds, from its quotation marks (`guessKind`)."""
    t = words.strip().rstrip(_TRAILING)
    if t and t[0] in QUOTATION_MARKS and t[-1] in QUOTATION_MARKS:
        return DIRECT
    if any(ch in QUOTATION_MARKS and ch not in _APOSTROPHES for ch in t):
        return MIXED
    return INDIRECT


@dataclass
class Effort(Summed):
    """Actions counted over quotes (see the module's table); `gold` and `proposals` are the
    quotes they were counted on."""

    gold: int = 0
    proposals: int = 0
    accept: int = 0
    reject: int = 0
    boundary: int = 0
    fragment: int = 0
    kind: int = 0
    cue: int = 0
    mention: int = 0
    person: int = 0
    add: int = 0

    @property
    def actions(self) -> int:
        return sum(getattr(self, name) for name in ACTIONS)

    def figures(self) -> dict:
        return {
            "gold": self.gold,
            "proposals": self.proposals,
            "actions": self.actions,
            "per_gold_quote": round(self.actions / self.gold, 4) if self.gold else None,
            "by_action": {name: getattr(self, name) for name in ACTIONS},
        }


@dataclass
class EffortTally:
    """Effort with the proposals and without them (from scratch), overall and by gold kind.

    By kind, a gold quote's actions (accepting, changing or adding it) count for its kind;
    rejecting a spurious proposal counts only overall, as it belongs to no gold quote.
    """

    proposed: Effort = field(default_factory=Effort)
    scratch: Effort = field(default_factory=Effort)
    kinds: dict = field(default_factory=dict)  # kind -> [proposed Effort, scratch Effort]

    def __iadd__(self, other: EffortTally) -> EffortTally:
        self.proposed += other.proposed
        self.scratch += other.scratch
        for kind, (proposed, scratch) in other.kinds.items():
            mine = self.kinds.setdefault(kind, [Effort(), Effort()])
            mine[0] += proposed
            mine[1] += scratch
        return self

    def figures(self) -> dict:
        proposed, scratch = self.proposed, self.scratch
        return {
            "proposals": proposed.figures(),
            "scratch": scratch.figures(),
            "saved": round(1 - proposed.actions / scratch.actions, 4) if scratch.actions else None,
            "by_kind": {
                kind: {
                    "gold": p.gold,
                    "per_gold_quote": p.figures()["per_gold_quote"],
                    "scratch_per_gold_quote": s.figures()["per_gold_quote"],
                }
                for kind, (p, s) in sorted(self.kinds.items())
            },
        }


def _fragments(text: str, quote: dict) -> list[Span]:
    pieces = quote.get("fragments") or [[quote["start"], quote["end"]]]
    return [trimmed(text, start, end) for start, end in pieces]


def _span(quote: dict, name: str) -> Span | None:
    start = quote.get(f"{name}_start")
    return None if start is None else (start, quote[f"{name}_end"])


def _field_wrong(gold: Span | None, proposed: Span | None) -> bool:
    """A cue or mention to set, change or clear: right only when both are absent or they overlap."""
    if gold is None or proposed is None:
        return (gold is None) != (proposed is None)
    return overlap(gold, proposed) == 0


def _person_wrong(gold: dict, proposed: dict | None) -> bool:
    name = gold.get("speaker_entity")
    return bool(name) and not (proposed is not None and same_person(proposed.get("speaker_entity"), name))


def _changes(text: str, gold: dict, proposed: dict) -> Effort:
    e = Effort()
    mine, theirs = _fragments(text, gold), _fragments(text, proposed)
    e.fragment = abs(len(mine) - len(theirs))
    for a, b in zip(mine, theirs, strict=False):
        e.boundary += (a[0] != b[0]) + (a[1] != b[1])
    e.kind = int(gold.get("kind") != proposed.get("kind"))
    e.cue = int(_field_wrong(_span(gold, "cue"), _span(proposed, "cue")))
    e.mention = int(_field_wrong(_span(gold, "speaker"), _span(proposed, "speaker")))
    e.person = int(_person_wrong(gold, proposed))
    e.accept = int(e.actions == 0)
    return e


def _added(text: str, gold: dict) -> Effort:
    e = Effort(add=1)
    e.fragment = len(_fragments(text, gold)) - 1
    # The editor guesses from the selection it adds the quote with: the first fragment.
    first_start, first_end = (gold.get("fragments") or [[gold["start"], gold["end"]]])[0]
    e.kind = int(gold.get("kind") != guessed_kind(text[first_start:first_end]))
    e.cue = int(_span(gold, "cue") is not None)
    e.mention = int(_span(gold, "speaker") is not None)
    e.person = int(_person_wrong(gold, None))
    return e


def effort_tally(text: str, gold: list[dict], proposed: list[dict]) -> EffortTally:
    """The actions that turn `proposed` into `gold` on one text, and those from scratch."""
    result = EffortTally()
    result.proposed.gold = result.scratch.gold = len(gold)
    result.proposed.proposals = len(proposed)
    gold_spans = [trimmed(text, q["start"], q["end"]) for q in gold]
    pairs = pair_spans(gold_spans, [trimmed(text, q["start"], q["end"]) for q in proposed])
    partner = {i: j for _, i, j in pairs}
    result.proposed.reject = len(proposed) - len(pairs)
    for i, quote in enumerate(gold):
        from_scratch = _added(text, quote)
        with_proposals = _changes(text, quote, proposed[partner[i]]) if i in partner else from_scratch
        # Counts of one gold quote, so `gold` is 1 in its kind's efforts.
        with_proposals.gold = from_scratch.gold = 1
        result.proposed += _without_counts(with_proposals)
        result.scratch += _without_counts(from_scratch)
        kind = result.kinds.setdefault(quote.get("kind") or "unknown", [Effort(), Effort()])
        kind[0] += with_proposals
        kind[1] += from_scratch
    return result


def _without_counts(e: Effort) -> Effort:
    """`e`'s actions alone: the quote counts (`gold`, `proposals`) are set once per text."""
    return Effort(**{name: getattr(e, name) for name in ACTIONS})


def effort_figures(gold_docs: list[dict], pred_docs: list[dict]) -> dict:
    """`EffortTally.figures()` over documents (interchange records, paired by `id`); a gold
    document without predictions counts as one annotated from scratch."""
    preds = {str(d["id"]): d for d in pred_docs}
    total = EffortTally()
    for doc in gold_docs:
        pred = preds.get(str(doc["id"]))
        total += effort_tally(doc["text"], doc.get("quotes", []), pred.get("quotes", []) if pred else [])
    return total.figures()
