"""Articles in the JSONL interchange format: validation, metadata, lines in and out.

One JSONL line is one article: the keys of `vocabulary.ARTICLE_KEYS`, plus any other
keys, which are the article's metadata. Import reads a line with `validate_record`;
export writes one with `article_to_line`, and `article_from_line` reads it back to the
same dict, so a release imports again into identical articles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.interchange.jsonl import InputError, JsonlError, dumps_line, iter_jsonl, parse_line
from annotator.interchange.quotes import SPEAKER_NAME_CHARS, OffsetMap, QuoteDraft, normalise_newlines, parse_quote
from annotator.interchange.vocabulary import ARTICLE_KEYS, METADATA_KEY

# The longest value each text field may have (the database columns' sizes).
FIELD_LIMITS = {"id": 255, "title": 1000, "outlet": 255, "url": 2000, "author": 500}
# The same for a speaker of the registry (`speakers` of an article line).
SPEAKER_LIMITS = {"name": SPEAKER_NAME_CHARS, "external_id": 100}


def article_metadata(record: dict[str, Any]) -> dict[str, Any]:
    """The metadata of an article record: every key the format does not define.

    A `metadata` object is merged back in: export puts there the metadata keys that
    would collide with article keys (see `article_to_line`).
    """
    metadata = {k: v for k, v in record.items() if k not in ARTICLE_KEYS and k != METADATA_KEY}
    nested = record.get(METADATA_KEY)
    if isinstance(nested, dict):
        metadata.update(nested)
    elif nested is not None:
        metadata[METADATA_KEY] = nested
    return metadata


def article_to_line(article: dict[str, Any]) -> str:
    """One article dict (with a `metadata` dict) as a JSONL line, metadata at the top level.

    A metadata key that collides with an article key cannot be lifted and stays under
    `metadata`, so nothing is clobbered and `article_from_line` restores it.
    """
    record: dict[str, Any] = {k: v for k, v in article.items() if k != METADATA_KEY}
    nested: dict[str, Any] = {}
    for key, value in (article.get(METADATA_KEY) or {}).items():
        if key in ARTICLE_KEYS or key in record or key == METADATA_KEY:
            nested[key] = value
        else:
            record[key] = value
    if nested:
        record[METADATA_KEY] = nested
    return dumps_line(record)


def article_from_record(record: dict[str, Any]) -> dict[str, Any]:
    """An exported record back into the article dict `article_to_line` was given."""
    article = {k: v for k, v in record.items() if k in ARTICLE_KEYS}
    article[METADATA_KEY] = article_metadata(record)
    return article


def article_from_line(line: str) -> dict[str, Any]:
    """One exported JSONL line back into its article dict; `InputError` if it is not one."""
    record = parse_line(line)
    if isinstance(record, JsonlError):
        raise InputError([str(record)])
    return article_from_record(record)


def iter_articles(path: Path) -> Iterator[dict[str, Any]]:
    """The article dicts of an exported JSONL file, one line at a time (memory stays flat)."""
    with open(path, encoding="utf-8-sig") as handle:
        for number, record in iter_jsonl(handle):
            if isinstance(record, JsonlError):
                raise InputError([f"{path}, line {number}: {record}"])
            yield article_from_record(record)


@dataclass
class ArticleDraft:
    """A validated article, text normalised to `\\n` and quote offsets remapped to it."""

    line: int
    text: str
    external_id: str = ""
    title: str = ""
    outlet: str = ""
    url: str = ""
    author: str = ""
    published: dt.date | None = None
    tags: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    quotes: list[QuoteDraft] | None = None
    speakers: list[dict] = field(default_factory=list)


def _text_field(record: dict, key: str, errors: list[str]) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "id":
        value = str(value)
    if not isinstance(value, str):
        errors.append(f"{key} must be a string, got {type(value).__name__}")
        return ""
    value = value.strip()
    limit = FIELD_LIMITS.get(key)
    if limit and len(value) > limit:
        errors.append(f"{key} is longer than {limit} characters")
    return value


def _published(value: Any, errors: list[str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    errors.append(f"published must be a date like 2024-11-13, got {value!r}")
    return None


def _speakers(value: Any, errors: list[str]) -> list[dict]:
    if value in (None, []):
        return []
    if not isinstance(value, list) or not all(isinstance(s, dict) and isinstance(s.get("name"), str) for s in value):
        errors.append("speakers must be a list of objects with a name")
        return []
    for speaker in value:
        for key, limit in SPEAKER_LIMITS.items():
            text = speaker.get(key) or ""
            if not isinstance(text, str):
                errors.append(f"{key} of speaker {speaker['name']!r} must be a string")
            elif len(text) > limit:
                errors.append(f"{key} of speaker {speaker['name'][:80]!r} is longer than {limit} characters")
        if not isinstance(speaker.get("description") or "", str):
            errors.append(f"description of speaker {speaker['name'][:80]!r} must be a string")
        aliases = speaker.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            errors.append(f"aliases of speaker {speaker['name']!r} must be a list of strings")
    return value


def validate_record(record: dict, *, max_article_chars: int) -> tuple[ArticleDraft | None, list[str]]:
    """Check one article record; all problems are returned, not just the first."""
    errors: list[str] = []
    original = record.get("text")
    if not isinstance(original, str):
        return None, ["text is missing" if original is None else "text must be a string"]
    if not original.strip():
        return None, ["text is empty"]
    if len(original) > max_article_chars:
        return None, [f"text has {len(original):,} characters; the limit is {max_article_chars:,}"]
    if "\x00" in original:
        return None, ["text contains a NUL character"]

    draft = ArticleDraft(
        line=0,
        text=normalise_newlines(original),
        external_id=_text_field(record, "id", errors),
        title=_text_field(record, "title", errors),
        outlet=_text_field(record, "outlet", errors),
        url=_text_field(record, "url", errors),
        author=_text_field(record, "author", errors),
        published=_published(record.get("published"), errors),
        metadata=article_metadata(record),
        speakers=_speakers(record.get("speakers"), errors),
    )
    tags = record.get("tags")
    if tags is not None:
        if isinstance(tags, str):
            tags = [t.strip() for t in tags.split(",") if t.strip()]
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            errors.append("tags must be a list of strings")
        else:
            draft.tags = tags

    quotes = record.get("quotes")
    if quotes is not None:
        if not isinstance(quotes, list):
            errors.append("quotes must be a list")
        else:
            offset_map = OffsetMap(original)
            draft.quotes = []
            for n, quote in enumerate(quotes, start=1):
                parsed, quote_errors = parse_quote(quote, original, offset_map)
                errors.extend(f"quote {n}: {message}" for message in quote_errors)
                if parsed:
                    draft.quotes.append(parsed)
    return (None, errors) if errors else (draft, [])
