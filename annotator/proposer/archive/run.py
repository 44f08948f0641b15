"""The driver: partitions to do, sent to a Dask cluster, and the manifest once all are done.

A local cluster (`LocalCluster`, one single-threaded worker process per `workers`) or an
existing scheduler's runs the same `worker.propose_partition`. Partitions with a verified
receipt are skipped, so a rerun after a crash, a killed worker or Ctrl+C does only what is
missing. Dask reschedules the tasks of a worker that died (up to `RETRIES` times more);
a partition that still fails is reported and left for the next run, never marked done.
Pure: no Django (the command resolves settings and the model before calling `run_archive`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.proposer.archive.partitions import Partition
from annotator.proposer.archive.worker import EngineSpec, propose_partition, verified_receipt

RETRIES = 2
MANIFEST = "manifest.json"


@dataclass
class ArchiveReport:
    """What a run did: receipts of every done partition (new and skipped), and failures."""

    receipts: list[dict] = field(default_factory=list)
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (partition key, error)
    dashboard: str | None = None

    @property
    def articles(self) -> int:
        return sum(r["articles"] for r in self.receipts)

    @property
    def quotes(self) -> int:
        return sum(r["quotes"] for r in self.receipts)

    @property
    def rejects(self) -> int:
        return sum(r["rejects"] for r in self.receipts)


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Half-written files of an earlier run that died: never complete, never read."""
    for folder in (out_dir / "parts", out_dir / "rejects"):
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp-*"):
                tmp.unlink(missing_ok=True)


def run_archive(
    parts: list[Partition],
    out_dir: Path,
    spec: EngineSpec,
    *,
    out_format: str = "jsonl",
    scheduler: str | None = None,
    workers: int = 1,
    model_version: str | None = None,
    on_start: Callable[[str | None, int], None] | None = None,
    on_done: Callable[[dict], None] | None = None,
) -> ArchiveReport:
    """Propose every partition not already done, on Dask; write the manifest when none failed.

    `on_start(dashboard link, partitions to do)` is called once the cluster is up, and
    `on_done(receipt)` after each partition (skipped ones included, first).
    """
    # Dask logs every worker start and stop at INFO, in the driver and each worker process,
    # burying the progress bar; its own variable still sets another level.
    os.environ.setdefault("DASK_DISTRIBUTED__LOGGING__DISTRIBUTED", "error")
    from dask.distributed import Client, LocalCluster, as_completed

    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(out_dir)
    report = ArchiveReport()
    todo = []
    for p in parts:
        receipt = verified_receipt(p, out_dir, spec.label, out_format)
        if receipt is None:
            todo.append(p)
        else:
            report.receipts.append(receipt)
            report.skipped += 1
            if on_done:
                on_done(receipt)
    if todo:
        cluster = None
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0", memory_limit=0
            )
            client = Client(cluster)
        try:
            report.dashboard = client.dashboard_link
            if on_start:
                on_start(report.dashboard, len(todo))
            futures = {
                client.submit(
                    propose_partition,
                    p,
                    str(out_dir),
                    spec,
                    out_format,
                    key=f"propose-{p.key}-{_token(p, spec)}",
                    retries=RETRIES,
                    pure=False,
                ): p
                for p in todo
            }
            for future in as_completed(futures):
                try:
                    receipt = future.result()
                except Exception as exc:  # a task that failed after its retries: left for the next run
                    report.failed.append((futures[future].key, f"{type(exc).__name__}: {exc}"))
                    continue
                report.receipts.append(receipt)
                if on_done:
                    on_done(receipt)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    if not report.failed:
        write_manifest(out_dir, parts, report, spec, out_format, model_version)
    return report


def _token(p: Partition, spec: EngineSpec) -> str:
    """A task key part that differs between runs of different inputs or proposers on one scheduler."""
    return hashlib.sha256(json.dumps([p.as_dict(), spec.label]).encode("utf-8")).hexdigest()[:12]


def write_manifest(
    out_dir: Path, parts: list[Partition], report: ArchiveReport, spec: EngineSpec, out_format: str, model_version
) -> dict:
    """`manifest.json`: the proposer, the inputs, every partition's counts and checksum, the totals."""
    by_key = {r["partition"]["key"]: r for r in report.receipts}
    rows = [by_key[p.key] for p in parts]
    inputs: dict[str, dict] = {}
    for r in rows:
        entry = inputs.setdefault(r["partition"]["path"], {"partitions": 0, "articles": 0, "rejects": 0})
        entry["partitions"] += 1
        entry["articles"] += r["articles"]
        entry["rejects"] += r["rejects"]
    manifest = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "proposer": spec.label,
        "model_version": model_version,
        "spacy_model": spec.model_name,
        "format": out_format,
        "totals": {
            "partitions": len(rows),
            "articles": sum(r["articles"] for r in rows),
            "quotes": sum(r["quotes"] for r in rows),
            "rejects": sum(r["rejects"] for r in rows),
        },
        "inputs": [{"path": path, **counts} for path, counts in inputs.items()],
        "partitions": [
            {
                "key": r["partition"]["key"],
                "input": r["partition"]["path"],
                "first": r["partition"]["first"],
                "count": r["partition"]["count"],
                "output": r["output"],
                "sha256": r["sha256"],
                "articles": r["articles"],
                "quotes": r["quotes"],
                "rejects": r["rejects"],
                "rejects_file": r["rejects_file"],
            }
            for r in rows
        ],
    }
    tmp = out_dir / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(out_dir / MANIFEST)
    return manifest
