"""Plain data the parse is reduced to: character offsets, no spaCy objects.

Keeping the parse-derived facts in plain dataclasses lets long texts be parsed
in chunks and the document-level steps (pairing quotes, resolving speakers) run
once over the whole text with global offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass(frozen=True)
class Mention:
    """A noun phrase that may name a speaker."""

    start: int
    end: int
    text: str
    kind: str  # "named" | "pronoun" | "description" | "other"
    head: str  # lower-cased head word
    #: (start, end, text, label) of named entities inside the phrase
    names: tuple[tuple[int, int, str, str], ...] = ()
    #: lower-cased content words of the phrase (for matching descriptions)
    words: frozenset[str] = frozenset()
    #: the phrase up to its head (plus an "of" complement): the name of an unnamed source
    core: str = ""


@dataclass
class Attribution:
    """A reporting cue found in the parse, with what it reports and who reports it."""

    cue: Span
    lemma: str
    group: str  # "speech" | "belief" | "intent" | "source" | "headline"
    content: tuple[Span, ...]  # reported clause fragments; empty when only a quotation can supply it
    speaker: Mention | None
    sent: Span
    #: True when the cue has no subject of its own ("..., considered.")
    subjectless: bool = False
    #: the cue is followed by a colon (``He said:``): it introduces what follows
    colon: bool = False


#: ``PersonMention.label`` of a capitalised sentence subject the NER did not tag as a
#: person; it counts only if it is the surname of a person named elsewhere.
CANDIDATE = "CANDIDATE"
#: ``PersonMention.label`` of such a subject that the NER gave no label at all ("Okonkwo
#: rolled up his sleeves."): a person of its own when no known person has it as surname,
#: so that a following "he" or "she" can refer to it.
UNTAGGED = "UNTAGGED"


@dataclass(frozen=True)
class PersonMention:
    """A named person (or organisation) mention and the words describing it nearby."""

    start: int
    end: int
    text: str
    label: str
    is_subject: bool
    context: frozenset[str] = frozenset()


@dataclass
class DocFacts:
    """Everything the document-level steps need from one parsed chunk."""

    attributions: list[Attribution] = field(default_factory=list)
    entities: list[PersonMention] = field(default_factory=list)

    def shifted(self, offset: int) -> DocFacts:
        """The same facts with every offset moved by ``offset`` (chunk -> text)."""
        if offset == 0:
            return self

        def sp(s: Span) -> Span:
            return (s[0] + offset, s[1] + offset)

        def mn(m: Mention | None) -> Mention | None:
            if m is None:
                return None
            return Mention(
                m.start + offset,
                m.end + offset,
                m.text,
                m.kind,
                m.head,
                tuple((a + offset, b + offset, t, lab) for a, b, t, lab in m.names),
                m.words,
                m.core,
            )

        return DocFacts(
            attributions=[
                Attribution(
                    sp(a.cue),
                    a.lemma,
                    a.group,
                    tuple(sp(c) for c in a.content),
                    mn(a.speaker),
                    sp(a.sent),
                    a.subjectless,
                    a.colon,
                )
                for a in self.attributions
            ],
            entities=[
                PersonMention(e.start + offset, e.end + offset, e.text, e.label, e.is_subject, e.context)
                for e in self.entities
            ],
        )
