"""Readers: bytes of one uploaded file -> numbered raw records (dicts).

Each reader yields `(line_number, record)`; a line that cannot be read becomes a
`(line_number, ReadError)` so the validator can report every problem at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import PurePath

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


def format_for(filename: str) -> str | None:
    """The reader name for a file name, by extension; None if unsupported."""
    return SUPPORTED_EXTENSIONS.get(PurePath(filename).suffix.lower())


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark); raises UnicodeDecodeError otherwise."""
    return data.decode("utf-8-sig")


def read_jsonl(text: str) -> Iterator[tuple[int, dict | ReadError]]:
    for number, record in iter_jsonl(text.split("\n")):
        yield number, ReadError(record) if isinstance(record, JsonlError) else record


def read_csv(text: str) -> Iterator[tuple[int, dict | ReadError]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = reader.fieldnames or []
    if "text" not in [f.strip() for f in fields]:
        yield 1, ReadError(f"the header row needs a 'text' column (found: {', '.join(fields) or 'nothing'})")
        return
    try:
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


def read_txt(text: str, filename: str) -> Iterator[tuple[int, dict | ReadError]]:
    """A plain text file is one article; its first non-empty line serves as title."""
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


def read_html(text: str, filename: str) -> Iterator[tuple[int, dict | ReadError]]:
    """An HTML page is one article: its visible text, paragraphs separated by blank lines."""
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    raw = "".join(parser.parts)
    paragraphs = [" ".join(p.split()) for p in raw.split("\n")]
    body = "\n\n".join(p for p in paragraphs if p)
    title = " ".join("".join(parser.title).split())
    yield 1, {"id": PurePath(filename).stem, "title": title, "text": body}


def read_records(filename: str, text: str) -> Iterator[tuple[int, dict | ReadError]]:
    kind = format_for(filename)
    if kind == "jsonl":
        return read_jsonl(text)
    if kind == "csv":
        return read_csv(text)
    if kind == "html":
        return read_html(text, filename)
    return read_txt(text, filename)
