"""Validator: one file's raw records -> `ArticleDraft`s, or every error with its line number."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.text import string_problems
from annotator.imports.readers import ReadError, decode, format_for, read_records
from annotator.interchange.articles import ArticleDraft, validate_record


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
class ParsedFile:
    name: str
    articles: list[ArticleDraft]
    errors: list[ImportIssue]

    @property
    def ok(self) -> bool:
        return not self.errors


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
        # What the database cannot store (NUL, lone surrogates), in any field, metadata or cell.
        unstorable = [ImportIssue(name, line, f"{field} {problem}") for field, problem in string_problems(record)]
        if unstorable:
            errors.extend(unstorable)
            continue
        draft, record_errors = validate_record(record, max_article_chars=max_article_chars)
        errors.extend(ImportIssue(name, line, message) for message in record_errors)
        if draft:
            draft.line = line
            articles.append(draft)
    if not articles and not errors:
        errors.append(ImportIssue(name, None, "file holds no articles"))
    return ParsedFile(name, [] if errors else articles, errors)
