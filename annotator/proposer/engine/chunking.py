"""Cutting long texts into pieces the parser can take, at natural boundaries."""

from __future__ import annotations


def _cut_point(text: str, start: int, limit: int) -> int:
    """The best place to end a piece starting at ``start`` and at most ``limit`` long."""
    hard = start + limit
    window_start = start + limit // 2  # never cut a piece shorter than half the limit
    for sep in ("\n\n", "\n", ". ", " "):
        k = text.rfind(sep, window_start, hard)
        if k != -1:
            return k + len(sep)
    return hard


def chunk_text(text: str, *, limit: int = 50_000) -> list[tuple[int, str]]:
    """``(offset, piece)`` pairs covering ``text`` exactly, each piece <= ``limit`` chars.

    Always returns at least one piece (possibly empty), so every text yields a result.
    """
    if len(text) <= limit:
        return [(0, text)]
    pieces = []
    start = 0
    while start < len(text):
        end = len(text) if len(text) - start <= limit else _cut_point(text, start, limit)
        pieces.append((start, text[start:end]))
        start = end
    return pieces
