"""An archive cut into partitions: line ranges of JSONL files (plain or gzip) and Parquet row groups.

The driver scans each JSONL file once for line boundaries (bytes only, nothing parsed) and
reads Parquet footers; a partition is then a small picklable description that any worker
can open on its own. Its `key` names its output files and `source` fingerprints the input
(size and modification time), so a rerun redoes a partition whose input changed. Pure
Python and pyarrow; no Django.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

SUFFIXES = {".jsonl": "jsonl", ".gz": "jsonl.gz", ".parquet": "parquet"}
DEFAULT_SIZE = 500  # articles per partition: a few seconds to a minute of one worker's time
_SCAN_BLOCK = 1 << 20


class ArchiveInputError(Exception):
    """An input that cannot be partitioned (missing, unknown kind, unreadable); nothing was started."""


@dataclass(frozen=True)
class Partition:
    """One unit of work: `count` records of `path` from record `first` (1-based line, or row)."""

    key: str
    path: str
    fmt: str  # "jsonl", "jsonl.gz" or "parquet"
    first: int
    count: int
    offset: int = 0  # byte offset of line `first` in a plain JSONL file
    row_group: int = -1  # the Parquet row group
    source: str = ""  # "size:mtime_ns" of the input when it was scanned

    def as_dict(self) -> dict:
        return asdict(self)


def input_files(patterns: list[str]) -> list[Path]:
    """The files the patterns name (paths or globs; a folder means the archive files in it), in order."""
    found: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            matches = sorted(p for p in path.iterdir() if p.is_file() and _fmt(p))
        elif any(ch in pattern for ch in "*?["):
            matches = sorted(Path(m) for m in glob.glob(pattern, recursive=True) if Path(m).is_file())
        elif path.is_file():
            matches = [path]
        else:
            raise ArchiveInputError(f"{pattern}: no such file")
        if not matches:
            raise ArchiveInputError(f"{pattern}: matches no .jsonl, .jsonl.gz or .parquet file")
        for match in matches:
            if not _fmt(match):
                raise ArchiveInputError(f"{match}: not a .jsonl, .jsonl.gz or .parquet file")
            if match not in found:
                found.append(match)
    return found


def _fmt(path: Path) -> str | None:
    if path.name.endswith(".jsonl.gz"):
        return "jsonl.gz"
    if path.suffix in (".jsonl", ".parquet"):
        return SUFFIXES[path.suffix]
    return None


def _stem(path: Path) -> str:
    """A short, file-name-safe, unique name for an input: its name and a hash of its full path."""
    name = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in path.name)[:60]
    digest = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
    return f"{name}-{digest}"


def partitions(paths: list[Path], size: int = DEFAULT_SIZE) -> list[Partition]:
    """Every partition of every input, in input order."""
    if size < 1:
        raise ArchiveInputError("the partition size must be at least 1")
    out: list[Partition] = []
    for path in paths:
        fmt = _fmt(path)
        try:
            stat = path.stat()
            source = f"{stat.st_size}:{stat.st_mtime_ns}"
            if fmt == "parquet":
                out.extend(_parquet_partitions(path, source))
            else:
                out.extend(_jsonl_partitions(path, fmt, size, source))
        except OSError as exc:
            raise ArchiveInputError(f"{path}: {exc.strerror or exc}") from exc
    return out


def _line_starts(path: Path, fmt: str) -> Iterator[int]:
    """The byte offset of every line (in the decompressed stream for gzip)."""
    opener = gzip.open if fmt == "jsonl.gz" else open
    with opener(path, "rb") as f:
        at = 0
        pending = True  # a line starts at 0, unless the file is empty
        while block := f.read(_SCAN_BLOCK):
            if pending:
                yield at
                pending = False
            start = 0
            while (nl := block.find(b"\n", start)) != -1:
                if nl + 1 < len(block):
                    yield at + nl + 1
                else:
                    pending = True  # the next line starts in the next block, if there is one
                start = nl + 1
            at += len(block)


def _jsonl_partitions(path: Path, fmt: str, size: int, source: str) -> Iterator[Partition]:
    stem = _stem(path)
    index = 0
    first = offset = None
    count = 0
    for line, start in enumerate(_line_starts(path, fmt), start=1):
        if count == 0:
            first, offset = line, start
        count += 1
        if count == size:
            yield Partition(f"{stem}-{index:05d}", str(path), fmt, first, count, offset, source=source)
            index += 1
            count = 0
    if count:
        yield Partition(f"{stem}-{index:05d}", str(path), fmt, first, count, offset, source=source)


def _parquet_partitions(path: Path, source: str) -> Iterator[Partition]:
    import pyarrow.parquet as pq  # pyarrow only for Parquet: a JSONL run never loads it

    try:
        meta = pq.ParquetFile(path).metadata
    except Exception as exc:  # pyarrow raises its own ArrowInvalid for a file that is not Parquet
        raise ArchiveInputError(f"{path}: not a Parquet file ({exc})") from exc
    names = set(meta.schema.names)
    missing = {"id", "text"} - names
    if missing:
        raise ArchiveInputError(f"{path}: no column {', '.join(sorted(missing))} (needs id and text)")
    stem = _stem(path)
    first = 1
    for group in range(meta.num_row_groups):
        rows = meta.row_group(group).num_rows
        if rows:
            yield Partition(f"{stem}-{group:05d}", str(path), "parquet", first, rows, row_group=group, source=source)
        first += rows
