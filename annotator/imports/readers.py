"""Readers: one file, opened as a binary stream -> numbered raw records (dicts).

Each reader yields `(line_number, record)`; a line that cannot be read becomes a
`(line_number, ReadError)` so the validator can report every problem at once. JSONL and
CSV are read one line at a time, so memory does not grow with the file; a .txt or .html
file is one article and is read whole.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePath
from typing import BinaryIO

from annotator.interchange.jsonl import JsonlError, iter_jsonl


class ReadError(str):
    """A message about a line that could not be parsed at all."""


SUPPORTED_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
}
BOM = b"\xef\xbb\xbf"
# How much of a file is looked at to decide whether it holds anything but whitespace.
_BLANK_SCAN = 1 << 16


@dataclass(frozen=True)
class FileSource:
    """A file to import: its name, its size in bytes and a way to open it.

    `open` gives a fresh binary stream each time: the file is read once to check it and
    once more to write it, and is never held in memory whole.
    """

    name: str
    size: int
    open: Callable[[], BinaryIO]

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> FileSource:
        return cls(name, len(data), lambda: io.BytesIO(data))

    @classmethod
    def from_path(cls, path: Path, name: str | None = None) -> FileSource:
        path = Path(path)
        return cls(name or path.name, path.stat().st_size, lambda: path.open("rb"))


def format_for(filename: str) -> str | None:
    """The reader name for a file name, by extension; None if unsupported."""
    return SUPPORTED_EXTENSIONS.get(PurePath(filename).suffix.lower())


def not_utf8(data: bytes, exc: UnicodeDecodeError, *, offset: int = 0) -> str:
    """The message for bytes that are not UTF-8; `offset` is where `data` starts in the file."""
    return f"not UTF-8 text (byte 0x{data[exc.start]:02x} at byte {offset + exc.start}); save the file as UTF-8"


def is_blank(stream: BinaryIO) -> bool:
    """True when the stream holds nothing but whitespace (and a byte-order mark)."""
    first = True
    while chunk := stream.read(_BLANK_SCAN):
        if first:
            chunk, first = chunk.removeprefix(BOM), False
        if chunk.strip():
            return False
    return True


class _Lines:
    """The decoded lines of a binary stream, split on `\\n` as `str.split` would.

    Decoding stops at the first line that is not UTF-8; `error` then holds the message
    and `error_line` its number (one error says it all: the file has another encoding).
    """

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.error: str | None = None
        self.error_line = 0

    def __iter__(self) -> Iterator[str]:
        offset = 0
        for number, raw in enumerate(self.stream, start=1):
            data = raw.removeprefix(BOM) if number == 1 else raw
            skipped = len(raw) - len(data)
            try:
                yield data.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.error, self.error_line = not_utf8(data, exc, offset=offset + skipped), number
                return
            offset += len(raw)


def read_jsonl(stream: BinaryIO) -> Iterator[tuple[int, dict | ReadError]]:
    lines = _Lines(stream)
    for number, record in iter_jsonl(lines):
        yield number, ReadError(record) if isinstance(record, JsonlError) else record
    if lines.error:
        yield lines.error_line, ReadError(lines.error)


def _csv_lines(lines: _Lines) -> Iterator[str]:
    # StringIO(newline="") splits on \r, \n and \r\n and keeps them, as csv wants.
    for line in lines:
        yield from io.StringIO(line, newline="")


def read_csv(stream: BinaryIO) -> Iterator[tuple[int, dict | ReadError]]:
    lines = _Lines(stream)
    reader = csv.DictReader(_csv_lines(lines))
    try:
        fields = reader.fieldnames or []
        if lines.error:
            yield lines.error_line, ReadError(lines.error)
            return
        if "text" not in [f.strip() for f in fields]:
            yield 1, ReadError(f"the header row needs a 'text' column (found: {', '.join(fields) or 'nothing'})")
            return
        for row in reader:
            if None in row:
                yield reader.line_num, ReadError("the row has more cells than the header")
                continue
            record = {k.strip(): v for k, v in row.items() if k is not None}
            if not any((v or "").strip() for v in record.values()):
                continue
            yield (
                reader.line_num,
                {k: v for k, v in record.items() if v not in (None, "")} | {"text": record.get("text") or ""},
            )
    except csv.Error as exc:
        yield reader.line_num, ReadError(f"CSV error: {exc}")
    if lines.error:
        yield lines.error_line, ReadError(lines.error)


def _whole_text(stream: BinaryIO) -> tuple[str | None, ReadError | None, int]:
    """A one-article file decoded whole: `(text, None, 1)` or `(None, error, line)`."""
    data = stream.read().removeprefix(BOM)
    try:
        return data.decode("utf-8"), None, 1
    except UnicodeDecodeError as exc:
        return None, ReadError(not_utf8(data, exc)), data[: exc.start].count(b"\n") + 1


def read_txt(stream: BinaryIO, filename: str) -> Iterator[tuple[int, dict | ReadError]]:
    """A plain text file is one article; its first non-empty line serves as title."""
    text, error, line = _whole_text(stream)
    if error:
        yield line, error
        return
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    yield 1, {"id": PurePath(filename).stem, "title": first_line[:300], "text": text}


class _TextExtractor(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}
    SKIP = {"script", "style", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._skip:
            return
        (self.title if self._in_title else self.parts).append(data)


def read_html(stream: BinaryIO, filename: str) -> Iterator[tuple[int, dict | ReadError]]:
    """An HTML page is one article: its visible text, paragraphs separated by blank lines."""
    text, error, line = _whole_text(stream)
    if error:
        yield line, error
        return
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    raw = "".join(parser.parts)
    paragraphs = [" ".join(p.split()) for p in raw.split("\n")]
    body = "\n\n".join(p for p in paragraphs if p)
    title = " ".join("".join(parser.title).split())
    yield 1, {"id": PurePath(filename).stem, "title": title, "text": body}


def read_records(filename: str, stream: BinaryIO) -> Iterator[tuple[int, dict | ReadError]]:
    kind = format_for(filename)
    if kind == "jsonl":
        return read_jsonl(stream)
    if kind == "csv":
        return read_csv(stream)
    if kind == "html":
        return read_html(stream, filename)
    return read_txt(stream, filename)
