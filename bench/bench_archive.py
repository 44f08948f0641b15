"""Proposing over an archive on Dask: articles/s with 1 and 2 worker processes against `propose_quotes`.

Usage: python bench/bench_archive.py [--articles 20000] [--small 2000] [--source FILE.jsonl]
                                     [--partition-size 500] [--keep DIR]

The archive is the source's texts (PolNeAR train when present) copied with new ids until
there are ``--articles`` of them. Each run is the real command in a process of its own:
`manage.py propose_quotes` on one process, then `manage.py propose_archive --scheduler`
against a `LocalCluster` this script starts with 1 and then 2 single-threaded worker
processes (so it can read each worker's peak memory afterwards). A run on ``--small``
articles with 2 workers shows whether a worker's peak memory grows with the archive.
Prints articles/s, the ratios (2 workers / 1 worker, 1 worker / propose_quotes) and peak
resident memory per worker. Times include loading spaCy in every process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The scheduler runs in this process and unpickles the tasks: it needs the project's code, as
# every process of a cluster does (the same image everywhere).
sys.path.insert(0, str(ROOT))
DEFAULT_SOURCE = ROOT.parent / "shared" / "eval" / "polnear" / "train.jsonl"
SAMPLE = ROOT / "annotator" / "imports" / "fixtures" / "demo-nato-blinken-rutte.txt"


def make_archive(source: Path, n: int, path: Path) -> int:
    """``n`` articles cycling through the source's texts, each with a new id; returns the words written."""
    if source.is_file():
        texts = [json.loads(line)["text"] for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        texts = [SAMPLE.read_text(encoding="utf-8")]
    words = 0
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            text = texts[i % len(texts)]
            words += len(text.split())
            f.write(json.dumps({"id": f"bench-{i:07d}", "text": text}, ensure_ascii=False) + "\n")
    return words


def env() -> dict[str, str]:
    return {**os.environ, "DEBUG": os.environ.get("DEBUG", "1"), "PYTHONUNBUFFERED": "1"}


# Runs the command given after it and prints the command's peak resident memory in kB: this
# process's own children are that one command alone, whatever else the benchmark ran before.
PEAK_OF = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def run_propose_quotes(archive: Path, out: Path) -> dict:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK_OF, sys.executable, "manage.py", "propose_quotes", str(archive), "-o", str(out),
         "--no-progress"],
        cwd=ROOT, env=env(), check=True, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": [round(int(done.stdout.split()[-1]) / 1024)]}


def _peak_rss_mb() -> float:
    """Run on each worker: its own peak resident memory."""
    import resource  # in the worker process, where this function is sent

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_archive(archive: Path, out: Path, workers: int, partition_size: int) -> dict:
    os.environ.setdefault("DASK_DISTRIBUTED__LOGGING__DISTRIBUTED", "error")
    # The workers import the project's code as a cluster's workers would have it installed.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      memory_limit=0) as cluster, Client(cluster) as client:  # fmt: skip
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "propose_archive", str(archive), "-o", str(out), "--scheduler",
             cluster.scheduler_address, "--partition-size", str(partition_size), "--no-progress"],
            cwd=ROOT, env=env(), check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        peaks = client.run(_peak_rss_mb)
    return {"seconds": seconds, "peak_mb": sorted(round(v) for v in peaks.values())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--small", type=int, default=2_000, help="Articles of the run that checks memory (0: none).")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--partition-size", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="Keep the archive and outputs here instead of a temporary folder.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-archive-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        archive = work / "archive.jsonl"
        words = make_archive(args.source, args.articles, archive)
        print(f"{args.articles} articles, {words:,} words ({words / args.articles:.0f} per article) from "
              f"{args.source if args.source.is_file() else SAMPLE}", flush=True)  # fmt: skip
        rows = []
        for label, fn in (
            ("propose_archive, 2 workers", lambda: run_archive(archive, work / "out-2", 2, args.partition_size)),
            ("propose_archive, 1 worker", lambda: run_archive(archive, work / "out-1", 1, args.partition_size)),
            ("propose_quotes, 1 process", lambda: run_propose_quotes(archive, work / "single.jsonl")),
        ):
            result = fn()
            rows.append((label, args.articles, result))
            print(f"  {label}: {result['seconds']:.0f} s, {args.articles / result['seconds']:.2f} articles/s, "
                  f"peak {result['peak_mb']} MB", flush=True)  # fmt: skip
        if args.small:
            small = work / "small.jsonl"
            make_archive(args.source, args.small, small)
            result = run_archive(small, work / "out-small", 2, args.partition_size)
            rows.append(("propose_archive, 2 workers", args.small, result))
            print(f"  2 workers on {args.small}: peak {result['peak_mb']} MB", flush=True)

    rate = {label: n / r["seconds"] for label, n, r in rows if n == args.articles}
    print("\n| run | articles | seconds | articles/s | peak memory per worker |")
    print("|---|---:|---:|---:|---|")
    for label, n, r in rows:
        peaks = ", ".join(f"{p} MB" for p in r["peak_mb"])
        print(f"| {label} | {n:,} | {r['seconds']:.0f} | {n / r['seconds']:.2f} | {peaks} |")
    two, one, single = (rate[k] for k in ("propose_archive, 2 workers", "propose_archive, 1 worker",
                                          "propose_quotes, 1 process"))  # fmt: skip
    print(
        f"\n2 workers / 1 worker: {two / one:.2f}x (goal >= 1.8x); "
        f"1 Dask worker / propose_quotes: {one / single:.2f} (goal within 10%: >= 0.90)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
