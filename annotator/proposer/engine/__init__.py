"""Quote proposer: text in, quote proposals out (no Django, no ORM, no settings).

``propose(text)`` returns the quotes of one article: their fragments, kind
(direct / indirect / mixed), reporting cue, speaker mention and the canonical
person that mention refers to across the article.  ``propose_many`` does the
same for many texts with a single ``nlp.pipe`` pass.  Offsets are Python string
indices into the text as given.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from annotator.proposer.version import ENGINE_NAME, ENGINE_VERSION

from .assemble import Assembler, Draft
from .chunking import chunk_text
from .cues import extract
from .facts import DocFacts, PersonMention
from .model import default_model_name, load_pipeline
from .quotes import QuoteSpan, find_quote_spans
from .speakers import EntityRegistry, SpeakerResolver

__all__ = [
    "ENGINE_NAME",
    "ENGINE_VERSION",
    "Proposal",
    "default_model_name",
    "load_pipeline",
    "parse_texts",
    "proposals_from_facts",
    "propose",
    "propose_many",
    "proposal_to_dict",
]


_INHERIT_PARAGRAPHS = 2  # a quote without cue takes the speaker of a quote at most this many lines back


@dataclass(frozen=True)
class Proposal:
    """One proposed quote; every offset is a character offset into the text."""

    fragments: tuple[tuple[int, int], ...]
    kind: str
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    speaker_entity: str | None
    speaker_type: str
    confidence: float

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


def propose(text: str, *, model_name: str | None = None) -> list[Proposal]:
    """Quote proposals for one text, in text order."""
    return next(propose_many([text], model_name=model_name))


def propose_many(
    texts: Iterable[str], *, model_name: str | None = None, batch_size: int = 16
) -> Iterator[list[Proposal]]:
    """Quote proposals for each text, in input order, parsing with one ``nlp.pipe``.

    Long texts are parsed in chunks cut at line breaks; results are mapped back
    to offsets in the whole text before the document-level steps run.
    """
    for text, docs in parse_texts(texts, model_name=model_name, batch_size=batch_size):
        yield _finish(text, [extract(doc).shifted(offset) for offset, doc in docs])


def parse_texts(
    texts: Iterable[str], *, model_name: str | None = None, batch_size: int = 16
) -> Iterator[tuple[str, list[tuple[int, Doc]]]]:
    """Each text with its parsed chunks ``(offset in the text, doc)``, in input order, in one ``nlp.pipe``.

    The one parse loop of the engine: ``propose_many`` and the learned proposer
    (``engine/learned``) both reduce these docs.
    """
    nlp = load_pipeline(model_name)
    pending: dict[int, tuple[str, int]] = {}  # text index -> (text, number of chunks)

    def chunks() -> Iterator[tuple[str, tuple[int, int]]]:
        for ti, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"text {ti} is {type(text).__name__}, not str")
            pieces = chunk_text(_for_parser(text), limit=_chunk_limit(nlp))
            pending[ti] = (text, len(pieces))
            for offset, piece in pieces:
                yield piece, (ti, offset)

    current: int | None = None
    docs: list[tuple[int, Doc]] = []
    for doc, (ti, offset) in nlp.pipe(chunks(), as_tuples=True, batch_size=batch_size):
        if current is not None and ti != current:
            yield pending.pop(current)[0], docs
            docs = []
        current = ti
        docs.append((offset, doc))
    if current is not None:
        yield pending.pop(current)[0], docs


#: Invisible format characters (zero-width spaces and joiners, byte-order and
#: direction marks) glue to words in scraped text and confuse the tokenizer.
_INVISIBLE = str.maketrans(
    {
        ch: " "
        for ch in "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    }
)


def _for_parser(text: str) -> str:
    """The text as the parser sees it: invisible characters become spaces.

    One character is replaced by one character, so every offset stays valid
    for the original text.
    """
    return text.translate(_INVISIBLE)


def _chunk_limit(nlp: Language) -> int:
    return max(1000, min(50_000, nlp.max_length // 2))


def _finish(text: str, chunk_facts: list[DocFacts]) -> list[Proposal]:
    """Document-level steps over the facts of all chunks of one text."""
    merged = DocFacts()
    for f in chunk_facts:
        merged.attributions.extend(f.attributions)
        merged.entities.extend(f.entities)
    quotes = find_quote_spans(text)
    names = sorted((e.start, e.end, e.text) for e in merged.entities if e.label in ("PERSON", "ORG"))
    assembler = Assembler(text, quotes, merged.attributions, names)
    drafts = assembler.build()
    lone_names = {
        a.speaker.text
        for a in merged.attributions
        if a.speaker is not None and a.speaker.kind == "named" and " " not in a.speaker.text
    }
    entities = _outside_quotes_as_subjects(merged.entities, quotes)
    resolver = SpeakerResolver(EntityRegistry(entities, lone_names))
    proposals: list[Proposal] = []
    last: tuple[int, Proposal] | None = None  # (paragraph of the quote, proposal) with a speaker
    for d in drafts:
        p = _resolve(text, d, resolver, last, assembler)
        if p is None:
            continue
        proposals.append(p)
        plural = d.mention is not None and (
            (d.mention.kind == "other" and (d.mention.core or "x").split()[-1].endswith("s"))
            or (p.speaker_type == "named" and " and " in (p.speaker_entity or ""))  # "Lee and Berg said"
        )
        resolver.note_speaker(p.speaker[0] if p.speaker else p.start, p.speaker_entity, group=plural)
        if p.speaker_entity is not None or p.speaker is not None:
            last = (assembler.paragraph_of(p.end - 1), p)
    return proposals


def proposals_from_facts(text: str, chunk_facts: list[DocFacts]) -> list[Proposal]:
    """The document-level steps alone: proposals from the facts of the parsed chunks (learned proposer's hook)."""
    return _finish(text, chunk_facts)


def _outside_quotes_as_subjects(entities: list[PersonMention], quotes: list[QuoteSpan]) -> list[PersonMention]:
    """People named inside quotations are not antecedents of the reporter's pronouns."""
    starts = [q.start for q in quotes]
    out = []
    for e in entities:
        k = bisect.bisect_right(starts, e.start) - 1
        if e.is_subject and k >= 0 and quotes[k].closed and e.end <= quotes[k].end:
            e = replace(e, is_subject=False)
        out.append(e)
    return out


def _resolve(
    text: str, d: Draft, resolver: SpeakerResolver, last: tuple[int, Proposal] | None, assembler: Assembler
) -> Proposal | None:
    frags = _clean_fragments(text, d.fragments)
    if not frags:
        return None
    cue = d.cue if d.cue and 0 <= d.cue[0] < d.cue[1] <= len(text) else None
    speaker: tuple[int, int] | None = None
    entity: str | None = None
    stype = "none"
    conf = d.confidence
    if d.mention is not None:
        entity, stype, speaker = resolver.resolve(d.mention, tuple(frags))
    elif d.inherit:
        # News style: a quotation without its own speaker continues the previous
        # quote's speaker, unless a person introduced since then (subject of a
        # sentence in between, "Ann Lee, a nurse, described the night.") takes over.
        prev_pos = last[1].end if last is not None else -1
        introduced = resolver.subject_between(prev_pos, frags[0][0])
        here = assembler.paragraph_of(frags[0][0])
        if introduced is not None and here - assembler.paragraph_of(introduced[1][0]) <= 1:
            entity, speaker, stype = introduced[0], introduced[1], "named"
            conf = min(conf, 0.8) if cue else conf + 0.1
        elif last is not None and here - last[0] <= _INHERIT_PARAGRAPHS:
            prev = last[1]
            speaker, entity, stype = prev.speaker, prev.speaker_entity, prev.speaker_type
            # the speaker is a guess from context: cap what the cue alone would earn
            conf = min(conf, 0.8) if cue else conf + 0.2
    if speaker is not None and not (0 <= speaker[0] < speaker[1] <= len(text)):
        speaker = None
    if d.kind == "indirect" and speaker is None and entity is None:
        return None  # a reported clause with no source at all ("it was reported that") is too weak to propose
    return Proposal(tuple(frags), d.kind, cue, speaker, entity, stype, round(min(conf, 0.99), 3))


def _clean_fragments(text: str, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Strip white space at fragment edges, drop empty ones, keep them ordered and disjoint.

    A quotation running over several paragraphs becomes one fragment per
    paragraph: the line breaks between them are not quoted text.
    """
    out: list[tuple[int, int]] = []
    for s0, e0 in sorted(frags):
        s0, e0 = max(0, s0), min(len(text), e0)
        for s, e in _lines(text, s0, e0):
            if out and (s < out[-1][1] or not text[out[-1][1] : s].strip() and "\n" not in text[out[-1][1] : s]):
                out[-1] = (out[-1][0], max(out[-1][1], e))
            else:
                out.append((s, e))
    return out


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The stripped pieces of ``text[start:end]`` between line breaks that hold a word."""
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        s, e = pos, stop
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and (any(ch.isalnum() for ch in text[s:e]) or (nl == -1 and pos == start)):
            yield s, e
        pos = stop + 1


def proposal_to_dict(p: Proposal, text: str) -> dict:
    """The proposal as an interchange-format quote record."""
    out: dict = {"start": p.start, "end": p.end, "text": text[p.start : p.end], "kind": p.kind}
    if len(p.fragments) > 1:
        out["fragments"] = [[s, e] for s, e in p.fragments]
    out["cue"] = text[p.cue[0] : p.cue[1]] if p.cue else None
    out["cue_start"], out["cue_end"] = p.cue if p.cue else (None, None)
    out["speaker"] = text[p.speaker[0] : p.speaker[1]] if p.speaker else None
    out["speaker_start"], out["speaker_end"] = p.speaker if p.speaker else (None, None)
    out["speaker_entity"] = p.speaker_entity
    out["speaker_type"] = p.speaker_type
    out["confidence"] = p.confidence
    return out
