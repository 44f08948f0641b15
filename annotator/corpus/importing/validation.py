"""Validator: raw records -> `ArticleDraft`s, or every error with its line number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from annotator.annotations.interchange import OffsetMap, QuoteDraft, normalise_newlines, parse_quote
from annotator.corpus.importing.readers import ReadError, decode, format_for, read_records

# Article keys of the interchange format; other keys are kept in `metadata`.
ARTICLE_FIELDS = {"id", "title", "outlet", "url", "author", "published", "text", "quotes", "speakers", "tags"}
FIELD_LIMITS = {"id": 255, "title": 1000, "outlet": 255, "url": 2000, "author": 500}


@dataclass
class ImportIssue:
    """One problem found in a file; `line` is 1-based (None for the whole file)."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "message": self.message}


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


@dataclass
class ParsedFile:
    name: str
    articles: list[ArticleDraft]
    errors: list[ImportIssue]

    @property
    def ok(self) -> bool:
        return not self.errors


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
        metadata={k: v for k, v in record.items() if k not in ARTICLE_FIELDS},
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


def parse_file(name: str, data: bytes, *, max_bytes: int, max_article_chars: int) -> ParsedFile:
    """Read and validate one uploaded file; any error means the file is rejected whole."""
    if format_for(name) is None:
        return ParsedFile(name, [], [ImportIssue(name, None, "unsupported file type; use .jsonl, .csv, .txt or .html")])
    if len(data) > max_bytes:
        return ParsedFile(
            name, [], [ImportIssue(name, None, f"file is {len(data):,} bytes; the limit is {max_bytes:,}")]
        )
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return ParsedFile(
            name,
            [],
            [
                ImportIssue(
                    name,
                    line,
                    f"not UTF-8 text (byte 0x{data[exc.start]:02x} at byte {exc.start}); save the file as UTF-8",
                )
            ],
        )
    if not text.strip():
        return ParsedFile(name, [], [ImportIssue(name, None, "file is empty")])

    articles: list[ArticleDraft] = []
    errors: list[ImportIssue] = []
    for line, record in read_records(name, text):
        if isinstance(record, ReadError):
            errors.append(ImportIssue(name, line, str(record)))
            continue
        draft, record_errors = validate_record(record, max_article_chars=max_article_chars)
        errors.extend(ImportIssue(name, line, message) for message in record_errors)
        if draft:
            draft.line = line
            articles.append(draft)
    if not articles and not errors:
        errors.append(ImportIssue(name, None, "file holds no articles"))
    return ParsedFile(name, [] if errors else articles, errors)
