"""Annotations made in other tools, read into one shape (`ForeignDoc`) and mapped onto quote records.

Each reader (`brat`, `labelstudio`, `doccano`, `prodigy`) turns one tool's export into
documents: the text, who annotated it, labelled spans (several fragments each, with their
attributes and notes) and the links between spans (relations, and the members of an
event). `mapping.Mapping` then says which labels are quotes, cues and speakers, and
`mapping.to_record` builds the interchange record, keeping what no rule maps as metadata.
A reader refuses a bad file whole: `ForeignFormatError` lists every problem with the
file and its line (or task) number. Pure Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ForeignFormatError(Exception):
    """A file that cannot be read as the format says; `errors` has every problem with where it is."""

    def __init__(self, errors: list[str]):
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}" if errors else "the file cannot be read")
        self.errors = errors


@dataclass
class ForeignSpan:
    id: str
    label: str
    fragments: list[tuple[int, int]]
    attributes: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def start(self) -> int:
        return min(s for s, _ in self.fragments)

    @property
    def end(self) -> int:
        return max(e for _, e in self.fragments)


@dataclass
class ForeignLink:
    """A relation (`source` → `target`), or one argument of an event (trigger → argument, `type` "Event:Role")."""

    type: str
    source: str
    target: str


@dataclass
class ForeignDoc:
    id: str
    text: str
    where: str  # the file (and task) it came from, for messages
    annotator: str | None = None  # None: the tool's own predictions, or no annotator recorded
    spans: list[ForeignSpan] = field(default_factory=list)
    links: list[ForeignLink] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)

    def join_continued(self) -> None:
        """Join the spans a `continues` link chains (the fragments of an interrupted quote, as our own
        Label Studio and WebAnno exports write them, neither format having discontinuous spans)."""
        by_id = {s.id: s for s in self.spans}
        for link in [lk for lk in self.links if lk.type == "continues"]:
            first, rest = by_id.get(link.source), by_id.get(link.target)
            if first is None or rest is None or first.label != rest.label or rest not in self.spans:
                continue
            first.fragments.extend(rest.fragments)
            self.spans.remove(rest)
            self.links = [
                ForeignLink(lk.type, first.id if lk.source == rest.id else lk.source,
                            first.id if lk.target == rest.id else lk.target)
                for lk in self.links
                if lk is not link
            ]  # fmt: skip
            by_id[rest.id] = first


def utf16_to_index(text: str) -> list[int]:
    """`table[u]` is the code-point index of UTF-16 offset `u` (JavaScript counts astral characters
    such as emoji as two), for the tools whose offsets come from a browser (Label Studio)."""
    table = []
    for i, ch in enumerate(text):
        table.append(i)
        if ord(ch) > 0xFFFF:
            table.append(i)  # the second half of a surrogate pair: no offset of its own in Python
    table.append(len(text))
    return table
