"""Shared pieces of the release formats: the writer protocol and quote helpers.

Every format is a *streaming* writer: it gets one article at a time through
``add`` and must not keep earlier articles around (apart from what the format
inherently batches, like one DocBin shard).  Articles are plain dicts in the
interchange format described in ``annotator/releases/builder.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Formatter(Protocol):
    """A streaming writer for one export format.

    ``workdir`` is the release's scratch directory; a formatter writes only
    below ``workdir / name``.  ``finish`` returns the files it wrote as
    absolute paths (the builder makes them relative to ``workdir``), as a list
    or a lazy iterable when they are many (brat).
    """

    name: str
    description: str

    def __init__(self, workdir: Path, options: dict[str, Any]) -> None: ...

    def add(self, article: dict[str, Any], split: str) -> None: ...

    def finish(self) -> Iterable[Path]: ...


class BaseFormatter:
    """Convenience base: resolves options and creates ``workdir/<name>``.

    Options may be given flat (``{"bom": True}``) or per format
    (``{"csv": {"bom": True}}``); the per-format value wins.
    """

    name = "base"
    description = ""
    defaults: dict[str, Any] = {}

    def __init__(self, workdir: Path, options: dict[str, Any] | None = None) -> None:
        options = dict(options or {})
        nested = options.get(self.name)
        merged = {**self.defaults, **{k: v for k, v in options.items() if k in self.defaults}}
        if isinstance(nested, dict):
            merged.update(nested)
        self.options = merged
        self.root = Path(workdir) / self.name
        self.root.mkdir(parents=True, exist_ok=True)


def quote_pieces(quote: dict[str, Any]) -> list[tuple[int, int]]:
    """The character ranges of a quote: its fragments, or ``[(start, end)]``."""
    fragments = quote.get("fragments")
    if fragments:
        return [(int(s), int(e)) for s, e in fragments]
    return [(int(quote["start"]), int(quote["end"]))]


def optional_range(quote: dict[str, Any], prefix: str) -> tuple[int, int] | None:
    """``(start, end)`` of the cue or speaker mention, or None when absent/empty."""
    start = quote.get(f"{prefix}_start")
    end = quote.get(f"{prefix}_end")
    if start is None or end is None or int(end) <= int(start):
        return None
    return int(start), int(end)


def iter_quotes(article: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Enumerate the article's quotes (tolerates a missing/None list)."""
    return enumerate(article.get("quotes") or [])
