"""JSONL export: one file per split, one article per line, lossless.

Each line is written by the interchange format's own `article_to_line` (metadata lifted
back to the top level, as in the imported file), and `iter_articles` reads it back.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from annotator.interchange.articles import article_to_line

from .base import BaseFormatter


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
        handle.write(article_to_line(article))
        handle.write("\n")

    def finish(self) -> list[Path]:
        paths = []
        for split, handle in self._handles.items():
            handle.close()
            paths.append(self.root / f"{split}.jsonl")
        return sorted(paths)
