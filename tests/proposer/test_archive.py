"""`propose_archive` on a real Dask `LocalCluster` (worker processes): partitions, equivalence
with `propose_quotes`, rejects, resuming, and a run whose worker and then driver are killed."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from annotator.proposer.archive.partitions import ArchiveInputError, input_files, partitions
from annotator.proposer.archive.worker import raw_records

ROOT = Path(__file__).resolve().parents[2]


def article(i: int) -> dict:
    return {
        "id": f"a{i}",
        "desk": "metro",
        "text": (
            f'The mayor, Ana Lopez, spoke on day {i}. "Taxes will not rise," Lopez said. '
            f"According to the port authority, work starts in {i % 12 + 1} weeks. "
            "Critics warned that the plan would fail."
        ),
    }


def write_jsonl(path: Path, records: list, *, raw_lines: list[str] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(raw_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def output_records(out: Path) -> list[dict]:
    return [json.loads(line) for f in sorted((out / "parts").glob("*.jsonl")) for line in f.read_text().splitlines()]


def test_jsonl_files_are_cut_into_line_ranges_that_read_back_every_record(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [article(i) for i in range(7)])
    path.write_bytes(path.read_bytes().rstrip(b"\n"))  # no newline after the last line
    parts = partitions([path], size=3)
    assert [(p.first, p.count) for p in parts] == [(1, 3), (4, 3), (7, 1)]
    assert len({p.key for p in parts}) == 3
    read = [r["id"] for p in parts for _n, r in raw_records(p)]
    assert read == [f"a{i}" for i in range(7)]
    zipped = tmp_path / "in.jsonl.gz"
    zipped.write_bytes(gzip.compress(path.read_bytes()))
    assert [r["id"] for p in partitions([zipped], size=2) for _n, r in raw_records(p)] == read


def test_parquet_row_groups_are_the_partitions(tmp_path):
    path = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist([article(i) for i in range(5)]), path, row_group_size=2)
    parts = partitions([path])
    assert [(p.first, p.count, p.row_group) for p in parts] == [(1, 2, 0), (3, 2, 1), (5, 1, 2)]
    assert [r["id"] for p in parts for _n, r in raw_records(p)] == [f"a{i}" for i in range(5)]
    pq.write_table(pa.Table.from_pylist([{"id": "x", "body": "no text column"}]), tmp_path / "bad.parquet")
    with pytest.raises(ArchiveInputError, match="no column text"):
        partitions([tmp_path / "bad.parquet"])


def test_inputs_that_cannot_be_read_are_refused_before_anything_starts(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ArchiveInputError, match="no such file"):
        input_files([str(tmp_path / "missing.jsonl")])
    with pytest.raises(ArchiveInputError, match="not a .jsonl"):
        input_files([str(tmp_path / "notes.txt")])
    with pytest.raises(ArchiveInputError, match="matches no"):
        input_files([str(tmp_path / "*.jsonl")])
    with pytest.raises(CommandError, match="nothing was started"):
        call_command("propose_archive", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "out"), "--no-progress")
    assert not (tmp_path / "out").exists()


@pytest.mark.spacy
def test_the_archive_output_equals_propose_quotes_byte_for_byte_after_sorting(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [article(i) for i in range(24)])
    out = tmp_path / "out"
    call_command("propose_archive", str(source), "-o", str(out), "--workers", "2", "--partition-size", "5",
                 "--no-progress")  # fmt: skip
    single = tmp_path / "single.jsonl"
    call_command("propose_quotes", str(source), "-o", str(single), "--no-progress")
    archived = b"".join(f.read_bytes() for f in sorted((out / "parts").glob("*.jsonl")))
    assert sorted(archived.splitlines()) == sorted(single.read_bytes().splitlines())
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["totals"] == {"partitions": 5, "articles": 24, "quotes": manifest["totals"]["quotes"], "rejects": 0}
    assert manifest["totals"]["quotes"] == sum(
        len(json.loads(line)["quotes"]) for line in single.read_text().splitlines()
    )
    assert manifest["proposer"].startswith("quote-proposer ")
    for part in manifest["partitions"]:
        import hashlib

        assert hashlib.sha256((out / part["output"]).read_bytes()).hexdigest() == part["sha256"]


@pytest.mark.spacy
def test_bad_records_go_to_the_rejects_file_with_their_line_and_the_run_goes_on(tmp_path, settings):
    settings.ANNOTATOR_MAX_ARTICLE_CHARS = 400
    source = write_jsonl(
        tmp_path / "in.jsonl",
        [article(0), {"id": "empty", "text": "  "}, {"text": "no id"}, {"id": "long", "text": "word " * 100}],
        raw_lines=["{not json", "", "[1, 2]", json.dumps(article(1))],
    )
    with source.open("ab") as f:
        f.write(b'{"id": "latin1", "text": "caf\xe9"}\n')
    out = tmp_path / "out"
    call_command("propose_archive", str(source), "-o", str(out), "--no-progress")
    assert [r["id"] for r in output_records(out)] == ["a0", "a1"]
    rejects = [json.loads(line) for f in (out / "rejects").glob("*.jsonl") for line in f.read_text().splitlines()]
    assert [(r["line"], r["id"]) for r in rejects] == [(2, "empty"), (3, None), (4, "long"), (5, None), (7, None),
                                                       (9, None)]  # fmt: skip
    reasons = [r["reason"] for r in rejects]
    assert "non-empty string 'text'" in reasons[0] and "needs an 'id'" in reasons[1]
    assert "400" in reasons[2] and "not valid JSON" in reasons[3] and "JSON object" in reasons[4]
    assert "not UTF-8" in reasons[5]
    assert json.loads((out / "manifest.json").read_text())["totals"]["rejects"] == 6


@pytest.mark.spacy
def test_a_rerun_skips_verified_partitions_and_redoes_damaged_or_changed_ones(tmp_path, capsys):
    source = write_jsonl(tmp_path / "in.jsonl", [article(i) for i in range(6)])
    out = tmp_path / "out"
    args = ["propose_archive", str(source), "-o", str(out), "--partition-size", "2", "--no-progress"]
    call_command(*args)
    first = {f.name: f.read_bytes() for f in (out / "parts").glob("*.jsonl")}
    capsys.readouterr()
    call_command(*args)
    assert "3 of 3 partition(s) done (3 already done before)" in capsys.readouterr().out
    damaged = sorted((out / "parts").glob("*.jsonl"))[1]
    damaged.write_bytes(damaged.read_bytes()[:-20])  # cut short: its checksum no longer matches
    (out / "parts" / ".stale.jsonl.tmp-0000").write_text("half a partition")  # a dead run's leftover
    call_command(*args)
    assert "(2 already done before)" in capsys.readouterr().out
    assert {f.name: f.read_bytes() for f in (out / "parts").glob("*.jsonl")} == first
    assert not list((out / "parts").glob(".*.tmp-*"))
    os.utime(source, ns=(time.time_ns(), time.time_ns() + 10**9))  # the input changed: everything again
    call_command(*args)
    assert "(0 already done before)" in capsys.readouterr().out


def _wait_for(predicate, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


@pytest.mark.spacy
def test_a_worker_killed_and_then_the_whole_run_killed_leave_every_article_proposed_exactly_once(tmp_path):
    n = 400
    source = write_jsonl(tmp_path / "in.jsonl", [article(i) for i in range(n)])
    out = tmp_path / "out"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONUNBUFFERED": "1"}
    log = (tmp_path / "run.log").open("w")
    run = subprocess.Popen(
        [sys.executable, "manage.py", "propose_archive", str(source), "-o", str(out), "--workers", "2",
         "--partition-size", "10", "--no-progress"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    receipts = lambda: list((out / "parts").glob("*.done.json")) if (out / "parts").is_dir() else []  # noqa: E731
    try:
        _wait_for(lambda: len(receipts()) >= 1)
        workers = [p for p in psutil.Process(run.pid).children(recursive=True) if p.memory_info().rss > 100e6]
        assert workers, "no worker process with spaCy loaded found"
        workers[0].kill()  # one worker dies mid-run: Dask gives its partition to another
        done_before = len(receipts())
        _wait_for(lambda: len(receipts()) >= done_before + 3)
    finally:
        os.killpg(run.pid, signal.SIGKILL)  # then the whole run, driver and workers
        run.wait()
        log.close()
    assert not (out / "manifest.json").exists(), "the run finished before it was killed: nothing was tested"
    interrupted = len(receipts())
    assert 0 < interrupted < n // 10

    call_command("propose_archive", str(source), "-o", str(out), "--workers", "2", "--partition-size", "10",
                 "--no-progress")  # fmt: skip
    ids = [r["id"] for r in output_records(out)]
    assert sorted(ids) == sorted(f"a{i}" for i in range(n))  # every article, none twice
    assert not list((out / "parts").glob(".*.tmp-*"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["totals"]["articles"] == n and manifest["totals"]["partitions"] == n // 10
