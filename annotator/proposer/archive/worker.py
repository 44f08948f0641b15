"""One partition proposed and written, as a Dask worker runs it (or any process: no Dask needed).

The worker streams its partition in batches of `BATCH` records through the engine's
`nlp.pipe` (`batch.propose_dicts`, the same call `propose_quotes` makes; the spaCy
pipeline and the model are loaded once per process, `functools.cache`), so its memory
does not depend on the partition's or the archive's size. Bad records go to the rejects
file with their line (or row) and reason. Every file is written under a temporary name
and renamed when complete; the receipt, written last, is what marks the partition done,
with the checksum a rerun verifies. Pure: no Django.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from annotator.interchange.jsonl import parse_line, plain
from annotator.proposer.archive.partitions import Partition
from annotator.proposer.batch import propose_dicts

BATCH = 32  # records per nlp.pipe call: the engine's own batch is 16

#: The columns of a Parquet output: one row per proposed quote.
QUOTE_COLUMNS = (
    ("article_id", "string"),
    ("start", "int64"),
    ("end", "int64"),
    ("text", "string"),
    ("kind", "string"),
    ("fragments", "fragments"),
    ("cue", "string"),
    ("cue_start", "int64"),
    ("cue_end", "int64"),
    ("speaker", "string"),
    ("speaker_start", "int64"),
    ("speaker_end", "int64"),
    ("speaker_entity", "string"),
    ("speaker_type", "string"),
    ("confidence", "float64"),
)


@dataclass(frozen=True)
class EngineSpec:
    """What proposes: the spaCy pipeline, the trained model directory (None: the rules), the label."""

    model_name: str | None
    trained: str | None
    label: str
    max_chars: int


@dataclass(frozen=True)
class Reject:
    line: int
    reason: str
    id: object = None


def output_paths(out_dir: Path, key: str, fmt: str) -> tuple[Path, Path, Path]:
    """The partition's output, rejects and receipt files."""
    parts = out_dir / "parts"
    return parts / f"{key}.{fmt}", out_dir / "rejects" / f"{key}.jsonl", parts / f"{key}.done.json"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def raw_records(p: Partition) -> Iterator[tuple[int, dict | Reject]]:
    """`(line or row, record or why it is rejected)` for every non-blank record of the partition."""
    if p.fmt == "parquet":
        yield from _parquet_records(p)
        return
    opener = gzip.open if p.fmt == "jsonl.gz" else open
    with opener(p.path, "rb") as f:
        if p.fmt == "jsonl":
            f.seek(p.offset)
        else:
            for _ in islice(f, p.first - 1):  # gzip cannot seek by line: skip what comes before
                pass
        for number, raw in enumerate(islice(f, p.count), start=p.first):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, Reject(number, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
                continue
            if number == 1:
                line = line.removeprefix("\ufeff")
            if not line.strip():
                continue
            record = parse_line(line)
            yield number, Reject(number, str(record)) if not isinstance(record, dict) else record


def _parquet_records(p: Partition) -> Iterator[tuple[int, dict | Reject]]:
    import pyarrow.parquet as pq  # pyarrow only for Parquet: a JSONL run never loads it

    number = p.first
    for batch in pq.ParquetFile(p.path).iter_batches(row_groups=[p.row_group], batch_size=BATCH):
        for row in batch.to_pylist():
            yield number, plain(row)
            number += 1


def checked(number: int, record: dict | Reject, max_chars: int) -> dict | Reject:
    """The record, or why it cannot be proposed: no id, no text, a text over the limit."""
    if isinstance(record, Reject):
        return record
    rid = record.get("id")
    if rid is None or (isinstance(rid, str) and not rid.strip()) or not isinstance(rid, (str, int)):
        return Reject(number, "a record needs an 'id' (a string or a number)", rid)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Reject(number, "a record needs a non-empty string 'text'", rid)
    if len(text) > max_chars:
        return Reject(number, f"the text has {len(text):,} characters, over the limit of {max_chars:,}", rid)
    return record


def _batches(p: Partition, spec: EngineSpec, rejects) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for number, raw in raw_records(p):
        record = checked(number, raw, spec.max_chars)
        if isinstance(record, Reject):
            row = {"file": p.path, "line": record.line, "id": record.id, "reason": record.reason}
            rejects.write(json.dumps(row, ensure_ascii=False) + "\n")
            rejects.count += 1
            continue
        batch.append(record)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class _Rejects:
    def __init__(self, f):
        self.f, self.count = f, 0

    def write(self, line: str) -> None:
        self.f.write(line)


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex[:8]}")


def _replace(tmp: Path, path: Path) -> None:
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


def propose_partition(p: Partition, out_dir: str, spec: EngineSpec, out_format: str = "jsonl") -> dict:
    """Propose every record of the partition and write its output, rejects and receipt; return the receipt."""
    started = time.perf_counter()
    out_path, rejects_path, receipt_path = output_paths(Path(out_dir), p.key, out_format)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    rejects_path.parent.mkdir(parents=True, exist_ok=True)
    out_tmp, rejects_tmp = _tmp(out_path), _tmp(rejects_path)
    articles = quotes = 0
    try:
        with open(rejects_tmp, "w", encoding="utf-8") as rf:
            rejects = _Rejects(rf)
            writer = _ParquetQuotes(out_tmp) if out_format == "parquet" else _JsonlRecords(out_tmp)
            with writer:
                for batch in _batches(p, spec, rejects):
                    proposed = propose_dicts(
                        [r["text"] for r in batch], model_name=spec.model_name, trained=spec.trained
                    )
                    for record, found in zip(batch, proposed, strict=True):
                        writer.add({**record, "quotes": found})
                        quotes += len(found)
                    articles += len(batch)
        _replace(out_tmp, out_path)
        _replace(rejects_tmp, rejects_path)
    except BaseException:
        for tmp in (out_tmp, rejects_tmp):
            tmp.unlink(missing_ok=True)
        raise
    receipt = {
        "partition": p.as_dict(),
        "proposer": spec.label,
        "format": out_format,
        "output": str(out_path.relative_to(out_dir)),
        "sha256": file_sha256(out_path),
        "rejects_file": str(rejects_path.relative_to(out_dir)),
        "articles": articles,
        "quotes": quotes,
        "rejects": rejects.count,
        "seconds": round(time.perf_counter() - started, 2),
    }
    receipt_tmp = _tmp(receipt_path)
    receipt_tmp.write_text(json.dumps(receipt, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _replace(receipt_tmp, receipt_path)
    return receipt


def verified_receipt(p: Partition, out_dir: Path, label: str, out_format: str) -> dict | None:
    """The receipt of a partition already done by this proposer with this input, whose output
    is still there with the checksum the receipt records; None when it must be (re)done."""
    out_path, _rejects, receipt_path = output_paths(out_dir, p.key, out_format)
    try:
        receipt = json.loads(receipt_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if receipt.get("partition") != p.as_dict() or receipt.get("proposer") != label:
        return None
    if receipt.get("format") != out_format or not out_path.is_file():
        return None
    if file_sha256(out_path) != receipt.get("sha256"):
        return None
    return receipt


class _JsonlRecords:
    """Each record as one line, exactly as `propose_quotes` writes it."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.f = open(self.path, "w", encoding="utf-8")
        return self

    def add(self, record: dict) -> None:
        self.f.write(json.dumps(record, ensure_ascii=False) + "\n")

    def __exit__(self, *exc):
        self.f.close()
        return False


class _ParquetQuotes:
    """One row per proposed quote (`QUOTE_COLUMNS`), written in row groups of a few thousand quotes."""

    ROWS = 4096

    def __init__(self, path: Path):
        self.path = path
        self.rows: list[dict] = []

    def __enter__(self):
        # pyarrow only for Parquet: a JSONL run never loads it
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
        fields = [
            pa.field(name, pa.list_(pa.list_(pa.int64())) if kind == "fragments" else types[kind])
            for name, kind in QUOTE_COLUMNS
        ]
        self.schema = pa.schema(fields)
        self.writer = pq.ParquetWriter(self.path, self.schema)
        return self

    def add(self, record: dict) -> None:
        for q in record["quotes"]:
            self.rows.append({"article_id": str(record["id"]), **{k: q.get(k) for k, _ in QUOTE_COLUMNS[1:]}})
        if len(self.rows) >= self.ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa  # as in __enter__: only for Parquet

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def __exit__(self, *exc):
        try:
            if exc[0] is None:
                self._flush()
        finally:
            self.writer.close()
        return False
