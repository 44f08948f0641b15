"""JSONL export: one file per split, one article per line, lossless.

Each line is the interchange dict with the ``metadata`` keys lifted back to
the top level, as they were in the imported file, so an exported line looks
like an import line.  A metadata key that collides with a reserved article key
(``title``, ``quotes`` ...) cannot be lifted and stays under ``metadata``.
:func:`read_jsonl` undoes this and yields dicts equal to the ones exported.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .base import ARTICLE_KEYS, BaseFormatter, json_default


def to_line(article: dict[str, Any]) -> str:
    """Serialise one article (without trailing newline)."""
    record: dict[str, Any] = {k: v for k, v in article.items() if k != "metadata"}
    metadata = article.get("metadata") or {}
    nested: dict[str, Any] = {}
    for key, value in metadata.items():
        if key in ARTICLE_KEYS or key in record:
            nested[key] = value  # cannot be lifted without clobbering an article field
        else:
            record[key] = value
    if nested:
        record["metadata"] = nested
    # ensure_ascii=False keeps emoji/RTL readable; json escapes U+2028/9 and
    # control characters, so a line can never be broken by the text itself.
    # default=: dates/Decimals from the database become ISO strings/floats.
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=json_default)


def from_line(line: str) -> dict[str, Any]:
    """Parse one exported line back into the interchange dict."""
    record = json.loads(line)
    article: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    for key, value in record.items():
        if key == "metadata" and isinstance(value, dict):
            metadata.update(value)
        elif key in ARTICLE_KEYS:
            article[key] = value
        else:
            metadata[key] = value
    article["metadata"] = metadata
    return article


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the articles of an exported JSONL file."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield from_line(line)


class JsonlFormatter(BaseFormatter):
    """``jsonl/<split>.jsonl``."""

    name = "jsonl"
    description = (
        "`jsonl/<split>.jsonl`: one article per line in the interchange format (text, quotes with "
        "character offsets and fragments, cues, speakers with aliases, import metadata at top level)."
    )

    def __init__(self, workdir: Path, options: dict[str, Any] | None = None) -> None:
        super().__init__(workdir, options)
        self._handles: dict[str, IO[str]] = {}

    def _handle(self, split: str) -> IO[str]:
        handle = self._handles.get(split)
        if handle is None:
            # newline="\n": no platform translation, JSON lines end in LF.
            handle = open(self.root / f"{split}.jsonl", "w", encoding="utf-8", newline="\n")
            self._handles[split] = handle
        return handle

    def add(self, article: dict[str, Any], split: str) -> None:
        handle = self._handle(split)
        handle.write(to_line(article))
        handle.write("\n")

    def finish(self) -> list[Path]:
        paths = []
        for split, handle in self._handles.items():
            handle.close()
            paths.append(self.root / f"{split}.jsonl")
        return sorted(paths)
