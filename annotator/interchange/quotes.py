"""Quotes in the JSONL interchange format: validation and conversion.

Shared by every way quotes enter the system (file import, the annotation API) and leave
it (exports, the proposer CLI), so that all of them accept and produce exactly the same
records. Pure functions: no ORM.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from annotator.interchange.vocabulary import QUOTATION_MARKS, QUOTE_KEYS, QUOTE_KINDS, QUOTE_STATUSES, SPEAKER_TYPES

# The longest speaker name the registry keeps (its database column).
SPEAKER_NAME_CHARS = 300


@dataclass
class QuoteDraft:
    """A validated quote, offsets indexing the stored (normalised) text."""

    fragments: list[tuple[int, int]]
    kind: str
    cue: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    speaker_entity: str = ""
    speaker_type: str = ""
    confidence: float | None = None
    status: str = ""
    id: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


class OffsetMap:
    """Maps offsets given for the original text onto the newline-normalised text.

    Normalisation turns `\\r\\n` into `\\n` (dropping the `\\r`) and a lone `\\r` into
    `\\n`; an offset moves left by the number of dropped characters before it.
    """

    def __init__(self, original: str) -> None:
        self.original = original
        self.dropped: list[int] = []
        pos = original.find("\r\n")
        while pos != -1:
            self.dropped.append(pos)
            pos = original.find("\r\n", pos + 2)

    @property
    def identity(self) -> bool:
        return not self.dropped

    def __call__(self, offset: int) -> int:
        if not self.dropped:
            return offset
        return offset - bisect_left(self.dropped, offset)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _as_offset(value: Any, name: str, errors: list[str]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        errors.append(f"{name} must be a whole number, got {value!r}")
        return None
    return value


def _span(
    record: dict, start_key: str, end_key: str, label: str, text_len: int, errors: list[str]
) -> tuple[int, int] | None:
    start, end = record.get(start_key), record.get(end_key)
    if start is None and end is None:
        return None
    if start is None or end is None:
        errors.append(f"{label}: give both {start_key} and {end_key}, or neither")
        return None
    s = _as_offset(start, start_key, errors)
    e = _as_offset(end, end_key, errors)
    if s is None or e is None:
        return None
    if not 0 <= s < e:
        errors.append(f"{label}: needs 0 <= {start_key} < {end_key}, got {s}..{e}")
        return None
    if e > text_len:
        errors.append(f"{label}: {end_key} {e} is past the end of the text ({text_len} characters)")
        return None
    return (s, e)


def guess_kind(span_text: str) -> str:
    """Direct when the span is wrapped in quotation marks, mixed when it contains some."""
    stripped = span_text.strip().strip(".,;:!?")
    if stripped and stripped[0] in QUOTATION_MARKS and stripped[-1] in QUOTATION_MARKS:
        return "direct"
    if any(ch in QUOTATION_MARKS for ch in stripped if ch not in "'’"):
        return "mixed"
    return "indirect"


def parse_quote(
    record: Any, original_text: str, offset_map: OffsetMap | None = None
) -> tuple[QuoteDraft | None, list[str]]:
    """Validate one interchange quote against the text it annotates.

    Offsets in `record` index `original_text`; the returned draft's offsets index the
    normalised text (through `offset_map`). Returns the draft, or None with every error
    found (not just the first).
    """
    errors: list[str] = []
    if not isinstance(record, dict):
        return None, [f"a quote must be a JSON object, got {type(record).__name__}"]
    text_len = len(original_text)

    fragments: list[tuple[int, int]] = []
    raw_fragments = record.get("fragments")
    if raw_fragments not in (None, []):
        if not isinstance(raw_fragments, list):
            errors.append("fragments must be a list of [start, end] pairs")
        else:
            for n, frag in enumerate(raw_fragments):
                if not (isinstance(frag, (list, tuple)) and len(frag) == 2):
                    errors.append(f"fragment {n + 1} must be a [start, end] pair, got {frag!r}")
                    continue
                span = _span({"s": frag[0], "e": frag[1]}, "s", "e", f"fragment {n + 1}", text_len, errors)
                if span:
                    fragments.append(span)
            for (a_start, a_end), (b_start, b_end) in pairwise(fragments):
                if b_start < a_end:
                    errors.append(
                        f"fragments must be ordered and must not overlap: {a_start}..{a_end} then {b_start}..{b_end}"
                    )
    envelope = _span(record, "start", "end", "quote", text_len, errors)
    if fragments and envelope and not errors and envelope != (fragments[0][0], fragments[-1][1]):
        errors.append(
            f"start/end ({envelope[0]}..{envelope[1]}) must envelope the fragments "
            f"({fragments[0][0]}..{fragments[-1][1]})"
        )
    if not fragments and envelope:
        fragments = [envelope]
    if not fragments and not any("quote:" in e or "fragment" in e for e in errors):
        errors.append("a quote needs start and end (or fragments)")

    given_text = record.get("text")
    if given_text is not None and envelope and not errors:
        if not isinstance(given_text, str):
            errors.append("text must be a string")
        elif original_text[envelope[0] : envelope[1]] != given_text and normalise_newlines(
            original_text[envelope[0] : envelope[1]]
        ) != normalise_newlines(given_text):
            errors.append(
                f"text does not match the article at {envelope[0]}..{envelope[1]}: "
                f"expected {original_text[envelope[0] : envelope[1]][:60]!r}, got {given_text[:60]!r}"
            )

    cue = _span(record, "cue_start", "cue_end", "cue", text_len, errors)
    speaker = _span(record, "speaker_start", "speaker_end", "speaker", text_len, errors)
    # The `cue` and `speaker` texts are not checked against their spans: corpora such as
    # PolNeAR give discontinuous mentions whose text is the pieces joined, with the span
    # enveloping them. The spans are what is stored; the texts are derived on export.

    kind = record.get("kind")
    if kind is None:
        # Optional on import: derived from the quotation marks when the span is valid.
        kind = guess_kind(original_text[fragments[0][0] : fragments[-1][1]]) if fragments else "indirect"
    elif kind not in QUOTE_KINDS:
        errors.append(f"kind must be one of {', '.join(QUOTE_KINDS)}, got {kind!r}")

    speaker_type = record.get("speaker_type") or ""
    if speaker_type and speaker_type not in SPEAKER_TYPES:
        errors.append(f"speaker_type must be one of {', '.join(SPEAKER_TYPES)}, got {speaker_type!r}")
    status = record.get("status") or ""
    if status and status not in QUOTE_STATUSES:
        errors.append(f"status must be one of {', '.join(QUOTE_STATUSES)}, got {status!r}")
    confidence = record.get("confidence")
    if confidence is not None:
        if (
            isinstance(confidence, bool)
            or not isinstance(confidence, (int, float))
            or not (math.isfinite(confidence) and 0 <= confidence <= 1)
        ):
            errors.append(f"confidence must be a number from 0 to 1, got {confidence!r}")
            confidence = None
    entity = record.get("speaker_entity")
    if entity is not None and not isinstance(entity, str):
        errors.append("speaker_entity must be a string or null")
    elif entity and len(entity.strip()) > SPEAKER_NAME_CHARS:
        errors.append(f"speaker_entity is longer than {SPEAKER_NAME_CHARS} characters")
    quote_id = record.get("id")
    if quote_id is not None and (isinstance(quote_id, bool) or not isinstance(quote_id, int)):
        quote_id = None  # ids from other systems are kept in metadata below

    if errors:
        return None, errors
    remap = offset_map or (lambda x: x)
    metadata = {k: v for k, v in record.items() if k not in QUOTE_KEYS}
    if record.get("id") is not None and quote_id is None:
        metadata["id"] = record["id"]
    return (
        QuoteDraft(
            fragments=[(remap(s), remap(e)) for s, e in fragments],
            kind=kind,
            cue=(remap(cue[0]), remap(cue[1])) if cue else None,
            speaker=(remap(speaker[0]), remap(speaker[1])) if speaker else None,
            speaker_entity=(entity or "").strip(),
            speaker_type=speaker_type,
            confidence=float(confidence) if confidence is not None else None,
            status=status,
            id=quote_id,
            metadata=metadata,
        ),
        [],
    )


def quote_span_fields(item: QuoteDraft | Any) -> dict[str, Any]:
    """The `Quote` model's span fields for a `QuoteDraft` or an engine proposal.

    Both carry `fragments`, `kind`, `cue` and `speaker` as `(start, end)` tuples (or None),
    `speaker_type` and `confidence`; this is the one place that maps them onto columns.
    """
    return {
        "start": item.start,
        "end": item.end,
        "fragments": [list(f) for f in item.fragments],
        "kind": item.kind,
        "cue_start": item.cue[0] if item.cue else None,
        "cue_end": item.cue[1] if item.cue else None,
        "speaker_start": item.speaker[0] if item.speaker else None,
        "speaker_end": item.speaker[1] if item.speaker else None,
        "speaker_type": item.speaker_type,
        "confidence": item.confidence,
    }


def quote_to_dict(
    *,
    text: str,
    fragments: list[tuple[int, int]] | list[list[int]],
    kind: str,
    cue: tuple[int, int] | None,
    speaker: tuple[int, int] | None,
    speaker_entity: str | None,
    speaker_type: str | None = None,
    confidence: float | None = None,
    metadata: dict | None = None,
) -> dict:
    """One quote in the interchange format (the inverse of `parse_quote`)."""
    start, end = fragments[0][0], fragments[-1][1]
    record: dict[str, Any] = dict(metadata or {})
    record.update({"start": start, "end": end, "text": text[start:end], "kind": kind})
    if len(fragments) > 1:
        record["fragments"] = [[s, e] for s, e in fragments]
    if cue:
        record.update({"cue": text[cue[0] : cue[1]], "cue_start": cue[0], "cue_end": cue[1]})
    if speaker:
        record.update(
            {"speaker": text[speaker[0] : speaker[1]], "speaker_start": speaker[0], "speaker_end": speaker[1]}
        )
    if speaker_entity:
        record["speaker_entity"] = speaker_entity
    if speaker_type:
        record["speaker_type"] = speaker_type
    if confidence is not None:
        record["confidence"] = confidence
    return record
