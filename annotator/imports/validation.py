"""Validator: one file's raw records -> `ArticleDraft`s, or every error with its line number.

A file is read twice, one record at a time: `file_check` validates it whole and keeps
only the errors, `file_drafts` reads it again for the writer once it passed. Neither
holds more than one article, so memory does not grow with the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from annotator.core.text import string_problems
from annotator.imports.readers import FileSource, ReadError, format_for, is_blank, read_records
from annotator.interchange.articles import ArticleDraft, validate_record

# Errors listed per file. The rest are counted: a file of a million bad lines must not
# need a million messages in memory (nor in the page that shows them).
MAX_LISTED_ERRORS = 10_000
# A .txt or .html file is one article: one larger than this many bytes per allowed
# character cannot pass, so it is refused before it is read (UTF-8 needs at most 4 bytes
# a character; a page's markup is allowed up to 32).
_BYTES_PER_CHAR = {"txt": 4, "html": 32}

# `progress(bytes_read)` while a file is read.
Progress = Callable[[int], None]


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
class CheckedFile:
    """The outcome of `file_check`: how many articles passed, and the errors."""

    name: str
    articles: int = 0
    errors: list[ImportIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class FileChangedError(Exception):
    """The file no longer passes on the second reading: it changed while it was imported."""


def _file_issue(source: FileSource, *, max_bytes: int | None, max_article_chars: int) -> str | None:
    """What rejects the file before a line is read, if anything."""
    kind = format_for(source.name)
    if kind is None:
        return "unsupported file type; use .jsonl, .csv, .txt or .html"
    if max_bytes is not None and source.size > max_bytes:
        return f"file is {source.size:,} bytes; the limit is {max_bytes:,}"
    per_char = _BYTES_PER_CHAR.get(kind)
    if per_char and source.size > per_char * max_article_chars:
        return f"file is {source.size:,} bytes, more than one article may hold (the limit is {max_article_chars:,} characters)"
    with source.open() as stream:
        if is_blank(stream):
            return "file is empty"
    return None


def record_checked(record: dict, *, max_article_chars: int) -> tuple[ArticleDraft | None, list[str]]:
    """An import record as a draft, or every reason it cannot be stored: first what the database
    cannot hold (NUL, lone surrogates) in any field, metadata or cell, then the record's own rules."""
    unstorable = [f"{field} {problem}" for field, problem in string_problems(record)]
    if unstorable:
        return None, unstorable
    return validate_record(record, max_article_chars=max_article_chars)


def _validated(
    source: FileSource, *, max_article_chars: int, progress: Progress | None
) -> Iterator[tuple[int, ArticleDraft | None, list[str]]]:
    """`(line, draft or None, error messages)` for every record of the file."""
    with source.open() as stream:
        for line, record in read_records(source.name, stream):
            if isinstance(record, ReadError):
                yield line, None, [str(record)]
            else:
                draft, errors = record_checked(record, max_article_chars=max_article_chars)
                if draft:
                    draft.line = line
                yield line, draft, errors
            if progress:
                progress(stream.tell())


def file_check(
    source: FileSource, *, max_bytes: int | None, max_article_chars: int, progress: Progress | None = None
) -> CheckedFile:
    """Read and validate one file; any error means the file is rejected whole.

    `max_bytes=None` takes a file of any size (the command line is not an upload).
    """
    checked = CheckedFile(source.name)
    issue = _file_issue(source, max_bytes=max_bytes, max_article_chars=max_article_chars)
    if issue:
        checked.errors.append(ImportIssue(source.name, None, issue))
        return checked
    unlisted = 0
    for line, draft, messages in _validated(source, max_article_chars=max_article_chars, progress=progress):
        for message in messages:
            if len(checked.errors) < MAX_LISTED_ERRORS:
                checked.errors.append(ImportIssue(source.name, line, message))
            else:
                unlisted += 1
        if draft and not messages:
            checked.articles += 1
    if unlisted:
        checked.errors.append(
            ImportIssue(source.name, None, f"and {unlisted:,} more errors (the first {MAX_LISTED_ERRORS:,} are listed)")
        )
    if not checked.articles and not checked.errors:
        checked.errors.append(ImportIssue(source.name, None, "file holds no articles"))
    if checked.errors:
        checked.articles = 0
    return checked


def file_drafts(
    source: FileSource, *, max_article_chars: int, progress: Progress | None = None
) -> Iterator[ArticleDraft]:
    """The articles of a file that `file_check` passed, read again one at a time.

    Raises `FileChangedError` if a line fails now: the writer's transaction then rolls back.
    """
    for line, draft, messages in _validated(source, max_article_chars=max_article_chars, progress=progress):
        if messages or draft is None:
            raise FileChangedError(f"line {line} no longer passes: {messages[0] if messages else 'unreadable'}")
        yield draft
