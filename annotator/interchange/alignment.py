"""Aligning several annotations of one text quote by quote, for curation.

Each source (an annotator's set, the proposals) is a list of interchange quote records.
Quotes are matched as whole objects with the scorer's own rule: spans trimmed of white
space, quotation marks and edge punctuation, paired one to one, largest overlap first.
Sources are taken in turn against the groups made so far. A quote left unpaired joins a
group it overlaps when its own source's quotes there do not overlap it (one side split a
quote in two); otherwise, as a quote nested inside another one, it starts a group of its
own. Pure Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.interchange.scoring import Span, overlap, pair_spans, trimmed

FIELDS = ("span", "kind", "cue", "mention", "speaker")


@dataclass
class Group:
    """Quotes of several sources that are the same quote; `members` are (source, quote index)."""

    members: list[tuple[int, int]] = field(default_factory=list)
    span: Span = (0, 0)  # the trimmed envelope of every member

    def add(self, source: int, index: int, span: Span) -> None:
        first = not self.members
        self.members.append((source, index))
        self.span = span if first else (min(self.span[0], span[0]), max(self.span[1], span[1]))


def _spans(text: str, quotes: list[dict]) -> list[Span]:
    return [trimmed(text, q["start"], q["end"]) for q in quotes]


def align(text: str, sources: list[list[dict]]) -> list[Group]:
    """Groups of matching quotes across `sources`, in text order."""
    groups: list[Group] = []
    for source, quotes in enumerate(sources):
        spans = _spans(text, quotes)
        paired = pair_spans([g.span for g in groups], spans)
        taken = set()
        for _, g, j in paired:
            groups[g].add(source, j, spans[j])
            taken.add(j)
        for j, span in enumerate(spans):
            if j in taken:
                continue
            home = _split_home(groups, source, span, spans)
            if home is None:
                home = Group()
                groups.append(home)
            home.add(source, j, span)
    groups.sort(key=lambda g: (g.span, g.members))
    return groups


def _split_home(groups: list[Group], source: int, span: Span, spans: list[Span]) -> Group | None:
    """The group this unpaired quote is a piece of, if any (most overlap first)."""
    best, best_overlap = None, 0
    for group in groups:
        shared = overlap(group.span, span)
        if shared <= best_overlap:
            continue
        own = [spans[j] for s, j in group.members if s == source]
        if own and all(overlap(o, span) == 0 for o in own):
            best, best_overlap = group, shared
    return best


def _fragments(text: str, quote: dict) -> tuple[Span, ...]:
    pieces = quote.get("fragments") or [[quote["start"], quote["end"]]]
    return tuple(trimmed(text, s, e) for s, e in pieces)


def speaker_key(quote: dict) -> tuple[str, object] | None:
    """Who a quote names: its registry speaker id, else its speaker name folded; `None` for nobody."""
    if quote.get("speaker_id") is not None:
        return ("id", quote["speaker_id"])
    entity = " ".join((quote.get("speaker_entity") or "").split()).casefold()
    return ("name", entity) if entity else None


def field_values(text: str, quote: dict) -> dict[str, object]:
    """What curation compares, per field: trimmed fragments, kind, cue and mention spans, speaker."""
    return {
        "span": _fragments(text, quote),
        "kind": quote.get("kind"),
        "cue": (quote.get("cue_start"), quote.get("cue_end")),
        "mention": (quote.get("speaker_start"), quote.get("speaker_end")),
        "speaker": speaker_key(quote),
    }


def agreement(text: str, group: Group, sources: list[list[dict]], among: list[int]) -> dict[str, bool]:
    """Per field, whether every source in `among` has exactly one quote here and they agree."""
    mine = {s: [j for t, j in group.members if t == s] for s in among}
    if not among or any(len(v) != 1 for v in mine.values()):
        return dict.fromkeys(FIELDS, False)
    values = [field_values(text, sources[s][mine[s][0]]) for s in among]
    return {f: all(v[f] == values[0][f] for v in values) for f in FIELDS}
