"""Choosing which articles of large JSONL files to import: a seeded sample, or those a proposer was least sure of.

For `import_articles --sample N` / `--least-sure N`, typically on `propose_archive`'s
output: the files are read once, line by line, keeping only the chosen lines' positions
(reservoir sampling, or a heap of the N least sure by `interchange.uncertainty`), then
the chosen lines are copied, in their files' order, into one JSONL file that the normal
importer checks and writes. Memory holds N positions, never the files. A line that is
not a JSON object refuses the whole selection with its file and line, as the importer
would refuse the file.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from pathlib import Path

from annotator.interchange.jsonl import parse_line
from annotator.interchange.uncertainty import proposal_uncertainty


class SelectionError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__(errors[0])
        self.errors = errors


def _lines(paths: list[Path]) -> Iterator[tuple[int, int, bytes]]:
    """(file index, line number, raw line) of every non-blank line."""
    for fi, path in enumerate(paths):
        with open(path, "rb") as f:
            for number, raw in enumerate(f, start=1):
                if raw.strip():
                    yield fi, number, raw


def choose(paths: list[Path], *, sample: int | None = None, least_sure: int | None = None, seed: int = 0) -> set:
    """The (file index, line number) of the chosen articles."""
    rng = random.Random(seed)
    reservoir: list[tuple[int, int]] = []
    heap: list[tuple[float, int, tuple[int, int]]] = []  # (uncertainty, -order, where): the N largest
    errors: list[str] = []
    for seen, (fi, number, raw) in enumerate(_lines(paths)):
        where = (fi, number)
        if least_sure is not None:
            record = parse_line(raw.decode("utf-8", errors="replace"))
            if not isinstance(record, dict):
                errors.append(f"{paths[fi].name}, line {number}: {record}")
                continue
            quotes = record.get("quotes") or []
            score = proposal_uncertainty(q.get("confidence") for q in quotes if isinstance(q, dict))
            item = (-1.0 if score is None else score, -seen, where)  # no proposal: least worth a look
            if len(heap) < least_sure:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
        elif sample is not None:
            if len(reservoir) < sample:
                reservoir.append(where)
            else:
                k = rng.randrange(seen + 1)
                if k < sample:
                    reservoir[k] = where
    if errors:
        raise SelectionError(errors)
    return {where for *_key, where in heap} if least_sure is not None else set(reservoir)


def write_chosen(paths: list[Path], chosen: set, target: Path) -> int:
    """Copy the chosen lines, in order, to `target`; returns how many."""
    n = 0
    with open(target, "wb") as out:
        for fi, number, raw in _lines(paths):
            if (fi, number) in chosen:
                out.write(raw if raw.endswith(b"\n") else raw + b"\n")
                n += 1
    return n
