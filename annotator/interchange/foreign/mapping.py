"""Which of a tool's labels are quotes, cues and speakers, and the quote records they make.

A mapping is a JSON object (the command's `--mapping FILE`, the page's form):

    {"quote": {"Quote": null, "DirectQuote": "direct"},   # or a list of labels
     "cue": ["Cue"], "speaker": ["Source", "Speaker"],
     "kind_attribute": "Kind",          # the quote's attribute that holds its kind
     "person_attribute": null,          # the speaker's (or quote's) attribute that names the person
     "person_from_notes": true,         # else brat's AnnotatorNotes / normalisations on the speaker
     "person_from_mention": false,      # else the mention's own text
     "links": null}                     # relation or event types that join them (null: any)

A quote's cue and speaker are the spans of those labels it is linked to (a relation either
way, or an event they share), the nearest first; a quote with a label's kind, or the kind
attribute, gets that kind, else the importer guesses it from its quotation marks. Every
span no rule takes (another label, or a cue or speaker linked to no quote) is kept in the
record's metadata under `unmapped`, never dropped. `suggest` proposes a mapping for the
usual names (Quote/Content, Cue/Trigger, Source/Speaker).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from annotator.interchange.quotes import OffsetMap
from annotator.interchange.vocabulary import QUOTE_KINDS

from . import ForeignDoc, ForeignFormatError, ForeignSpan

QUOTE_NAMES = {"quote", "quotation", "content", "attribution", "directquote", "indirectquote", "mixedquote",
               "direct", "indirect", "mixed", "quote_direct", "quote_indirect", "quote_mixed"}  # fmt: skip
CUE_NAMES = {"cue", "trigger", "reportingverb", "reporting_verb", "verb", "cueword", "attributioncue"}
SPEAKER_NAMES = {"source", "speaker", "agent", "holder", "sayer", "attributionsource"}
KIND_ATTRIBUTES = ("Kind", "kind", "Type", "type", "QuoteType")
KEYS = {"quote", "cue", "speaker", "kind_attribute", "person_attribute", "person_from_notes",
        "person_from_mention", "links"}  # fmt: skip


def _key(label: str) -> str:
    return label.lower().replace("-", "").replace(" ", "")


@dataclass
class Mapping:
    quote: dict[str, str | None]
    cue: set[str] = field(default_factory=set)
    speaker: set[str] = field(default_factory=set)
    kind_attribute: str | None = "Kind"
    person_attribute: str | None = None
    person_from_notes: bool = True
    person_from_mention: bool = False
    links: set[str] | None = None

    @classmethod
    def from_json(cls, data: object) -> Mapping:
        """A mapping from its JSON object; every mistake in it is listed."""
        errors: list[str] = []
        if not isinstance(data, dict):
            raise ForeignFormatError(["mapping: must be a JSON object"])
        errors += [f"mapping: unknown key {k!r} (known: {', '.join(sorted(KEYS))})" for k in data if k not in KEYS]
        quote = data.get("quote")
        if isinstance(quote, list) and all(isinstance(q, str) for q in quote):
            quote = dict.fromkeys(quote)
        if not isinstance(quote, dict) or not quote:
            errors.append("mapping: 'quote' must name at least one label (a list, or an object of label: kind)")
            quote = {}
        for label, kind in quote.items():
            if kind is not None and kind not in QUOTE_KINDS:
                errors.append(f"mapping: quote label {label!r} has kind {kind!r}, not one of {', '.join(QUOTE_KINDS)}")
        labels = {}
        for name in ("cue", "speaker"):
            value = data.get(name, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors.append(f"mapping: {name!r} must be a list of labels")
                value = []
            labels[name] = set(value)
        taken = Counter([*quote, *labels["cue"], *labels["speaker"]])
        errors += [f"mapping: label {label!r} is given more than one role" for label, n in taken.items() if n > 1]
        for name in ("kind_attribute", "person_attribute"):
            if data.get(name) is not None and not isinstance(data.get(name), str):
                errors.append(f"mapping: {name!r} must be an attribute name or null")
        for name in ("person_from_notes", "person_from_mention"):
            if name in data and not isinstance(data[name], bool):
                errors.append(f"mapping: {name!r} must be true or false")
        links = data.get("links")
        if links is not None and (not isinstance(links, list) or not all(isinstance(v, str) for v in links)):
            errors.append("mapping: 'links' must be a list of relation or event types, or null for any")
        if errors:
            raise ForeignFormatError(errors)
        return cls(
            quote=quote,
            cue=labels["cue"],
            speaker=labels["speaker"],
            kind_attribute=data.get("kind_attribute", "Kind"),
            person_attribute=data.get("person_attribute"),
            person_from_notes=data.get("person_from_notes", True),
            person_from_mention=data.get("person_from_mention", False),
            links=set(links) if links is not None else None,
        )

    def as_json(self) -> dict:
        return {
            "quote": dict(sorted(self.quote.items())),
            "cue": sorted(self.cue),
            "speaker": sorted(self.speaker),
            "kind_attribute": self.kind_attribute,
            "person_attribute": self.person_attribute,
            "person_from_notes": self.person_from_notes,
            "person_from_mention": self.person_from_mention,
            "links": sorted(self.links) if self.links is not None else None,
        }


def found(docs: list[ForeignDoc]) -> dict:
    """What the documents hold: span labels, link types and attribute names, each with its count."""
    labels, links, attributes, annotators = Counter(), Counter(), Counter(), Counter()
    for doc in docs:
        annotators[doc.annotator or "(none)"] += 1
        for s in doc.spans:
            labels[s.label] += 1
            attributes.update(s.attributes.keys())
        links.update(link.type for link in doc.links)
    return {
        "documents": len(docs),
        "annotators": dict(annotators.most_common()),
        "labels": dict(labels.most_common()),
        "links": dict(links.most_common()),
        "attributes": dict(attributes.most_common()),
    }


def suggest(labels: list[str], attributes: list[str] = ()) -> Mapping:
    """A mapping for the usual names; labels it does not know stay unmapped."""
    quote = {}
    for label in labels:
        k = _key(label)
        if k in QUOTE_NAMES:
            # "indirect" before "direct", which it contains
            quote[label] = next((word for word in ("indirect", "mixed", "direct") if word in k), None)
    cue = {label for label in labels if _key(label) in CUE_NAMES and label not in quote}
    speaker = {label for label in labels if _key(label) in SPEAKER_NAMES and label not in quote}
    kind_attribute = next((a for a in KIND_ATTRIBUTES if a in attributes), "Kind")
    return Mapping(quote=quote or {"Quote": None}, cue=cue, speaker=speaker, kind_attribute=kind_attribute)


def _notes(span: ForeignSpan) -> dict[str, str]:
    """`key=value` pairs of a span's notes (as our own brat export writes them on a quote)."""
    out = {}
    for note in span.notes:
        for part in note.split(";"):
            key, eq, value = part.partition("=")
            if eq and key.strip() in ("speaker_entity", "speaker_type", "confidence"):
                out[key.strip()] = value.strip()
    return out


def _plain_note(span: ForeignSpan) -> str | None:
    for note in span.notes:
        if note.strip() and "=" not in note:
            return note.strip()
    return None


def to_record(doc: ForeignDoc, mapping: Mapping) -> dict:
    """The interchange record of a document: its quotes, and what the mapping left unmapped."""
    by_id = {s.id: s for s in doc.spans}
    near: dict[str, list[str]] = {s.id: [] for s in doc.spans}
    for link in doc.links:
        if (
            mapping.links is not None
            and link.type not in mapping.links
            and link.type.split(":")[0] not in mapping.links
        ):
            continue
        if link.source in near and link.target in near:
            near[link.source].append(link.target)
            near[link.target].append(link.source)

    def linked(span: ForeignSpan, labels: set[str]) -> ForeignSpan | None:
        """The nearest span of these labels: linked directly, else through one span between."""
        first = [by_id[i] for i in near[span.id]]
        for ring in (first, [by_id[j] for s in first for j in near[s.id] if j != span.id]):
            hits = sorted((s for s in ring if s.label in labels), key=lambda s: (s.start, s.end))
            if hits:
                return hits[0]
        return None

    used: set[str] = set()
    quotes = []
    for span in sorted(doc.spans, key=lambda s: (s.start, s.end)):
        if span.label not in mapping.quote:
            continue
        used.add(span.id)
        record: dict = {"start": span.start, "end": span.end}
        if len(span.fragments) > 1:
            record["fragments"] = [list(f) for f in sorted(span.fragments)]
        kind = mapping.quote[span.label]
        if kind is None and mapping.kind_attribute:
            value = span.attributes.get(mapping.kind_attribute, "").lower()
            kind = value if value in QUOTE_KINDS else None
        if kind:
            record["kind"] = kind
        cue = linked(span, mapping.cue)
        if cue is not None:
            used.add(cue.id)
            record["cue_start"], record["cue_end"] = cue.start, cue.end
        speaker = linked(span, mapping.speaker)
        notes = _notes(span)
        person = None
        if speaker is not None:
            used.add(speaker.id)
            record["speaker_start"], record["speaker_end"] = speaker.start, speaker.end
            if mapping.person_attribute:
                person = speaker.attributes.get(mapping.person_attribute)
            if person is None and mapping.person_from_notes:
                person = _plain_note(speaker)
            if person is None and mapping.person_from_mention:
                person = " ".join(doc.text[speaker.start : speaker.end].split())
        if person is None and mapping.person_attribute:
            person = span.attributes.get(mapping.person_attribute)
        if person is None and mapping.person_from_notes:
            person = notes.get("speaker_entity")
        if person:
            record["speaker_entity"] = person
        if notes.get("speaker_type"):
            record["speaker_type"] = notes["speaker_type"]
        if notes.get("confidence"):
            try:
                record["confidence"] = float(notes["confidence"])
            except ValueError:
                pass
        quotes.append(record)
    moved = OffsetMap(doc.text)  # the stored text has \n for \r\n: the offsets kept move with it
    unmapped = [
        {"label": s.label, "fragments": [[moved(a), moved(b)] for a, b in s.fragments],
         "text": doc.text[s.start : s.end][:200],
         **({"attributes": s.attributes} if s.attributes else {})}
        for s in sorted(doc.spans, key=lambda s: (s.start, s.end))
        if s.id not in used
    ]  # fmt: skip
    metadata = dict(doc.metadata)
    if unmapped:
        metadata["unmapped"] = unmapped
    return {"id": doc.id, "text": doc.text, "quotes": quotes, "metadata": metadata}
