"""The words of the interchange format, defined once for every layer above.

Model choices (`annotator.annotations.models`), the importer's validation, the release
formats, the editor (through the page data) and the scorer all read these tuples; none
of them spells a kind, a speaker type or a record key again.
"""

from __future__ import annotations

# (value, label) pairs; the values are what files and the API carry.
QUOTE_KIND_CHOICES: tuple[tuple[str, str], ...] = (
    ("direct", "Direct"),
    ("indirect", "Indirect"),
    ("mixed", "Mixed"),
)
SPEAKER_TYPE_CHOICES: tuple[tuple[str, str], ...] = (
    ("named", "Named"),
    ("pronoun", "Pronoun"),
    ("description", "Description"),
    ("none", "No speaker in text"),
)
QUOTE_STATUS_CHOICES: tuple[tuple[str, str], ...] = (
    ("proposed", "Proposed"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("edited", "Edited"),
    ("added", "Added"),
)

QUOTE_KINDS: tuple[str, ...] = tuple(value for value, _ in QUOTE_KIND_CHOICES)
SPEAKER_TYPES: tuple[str, ...] = tuple(value for value, _ in SPEAKER_TYPE_CHOICES)
QUOTE_STATUSES: tuple[str, ...] = tuple(value for value, _ in QUOTE_STATUS_CHOICES)

# Keys the format defines for a quote; anything else on a quote is kept as its metadata.
QUOTE_KEYS: frozenset[str] = frozenset(
    {
        "start", "end", "text", "kind", "fragments",
        "cue", "cue_start", "cue_end",
        "speaker", "speaker_start", "speaker_end",
        "speaker_entity", "speaker_type", "confidence", "status", "id",
    }
)  # fmt: skip

# Keys the format defines for an article (one JSONL line). Other top-level keys are the
# article's metadata: kept on import, written back at the top level on export. A
# `metadata` object holds the metadata keys that would collide with these.
ARTICLE_KEYS: frozenset[str] = frozenset(
    {"id", "title", "outlet", "url", "author", "published", "text", "quotes", "speakers", "tags"}
)
METADATA_KEY = "metadata"

QUOTATION_MARKS = "\"'“”„‟«»‹›‘’‚‛「」『』"
