"""Benchmark the release export: seconds and peak memory per format.

    python bench/bench_release.py [--articles 10000] [--quotes 10] [--tracemalloc]

Generates synthetic articles (10 quotes each by default, i.e. 100,000 quotes
for 10,000 articles) and builds a release zip with each format alone and with
all formats together.  Every run happens in a fresh child process, so
``ru_maxrss`` (the process's peak resident memory) is that run's own peak.
The "generate only" row is the cost of producing the articles, which is
included in every other row.  Targets: jsonl and csv < 30 s each, all
formats < 180 s, peak memory < 300 MB.  This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FORMAT_NAMES = ["jsonl", "csv", "spacy", "conll", "brat"]
TARGETS = {"jsonl": 30.0, "csv": 30.0, "all": 180.0}
MEMORY_TARGET_MB = 300.0


def run_child(formats: list[str], articles: int, quotes: int, trace: bool) -> dict:
    """Build one release in this process and measure it."""
    if trace:
        import tracemalloc

        tracemalloc.start()
    from annotator.releases.builder import build_release
    from annotator.releases.synthetic import generate_articles

    started = time.perf_counter()
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-release-") as tmp:
        if formats:
            summary = build_release(
                generate_articles(articles, quotes_per_article=quotes),
                out_path=Path(tmp) / "release.zip",
                formats=formats,
                ratios={"train": 0.8, "dev": 0.1, "test": 0.1},
                info={"name": "benchmark", "version": "0"},
            )
            result.update(zip_mb=summary["size"] / 1e6, files=len(summary["files"]), quotes=summary["counts"]["quotes"])
        else:  # baseline: only generate the articles
            result["quotes"] = sum(len(a["quotes"]) for a in generate_articles(articles, quotes))
    result["seconds"] = time.perf_counter() - started
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if trace:
        result["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
    return result


def measure(label: str, formats: list[str], args: argparse.Namespace) -> dict:
    """Run one measurement in a child process and return its figures."""
    cmd = [
        sys.executable,
        __file__,
        "--child",
        ",".join(formats) or "-",
        "--articles",
        str(args.articles),
        "--quotes",
        str(args.quotes),
    ]
    if args.tracemalloc:
        cmd.append("--tracemalloc")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    figures["label"] = label
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--quotes", type=int, default=10, help="quotes per article")
    parser.add_argument("--formats", default=",".join(FORMAT_NAMES), help="comma-separated subset")
    parser.add_argument("--tracemalloc", action="store_true", help="also report Python heap peak (slower)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child is not None:
        formats = [] if args.child == "-" else args.child.split(",")
        print(json.dumps(run_child(formats, args.articles, args.quotes, args.tracemalloc)))
        return

    chosen = [f for f in args.formats.split(",") if f]
    runs = [("generate only", [])] + [(f, [f]) for f in chosen] + [("all", chosen)]
    print(f"{args.articles} articles x {args.quotes} quotes; python {sys.version.split()[0]}")
    header = f"{'run':<14}{'seconds':>9}{'peak RSS MB':>13}{'zip MB':>9}{'files':>8}"
    if args.tracemalloc:
        header += f"{'traced MB':>11}"
    print(header)
    print("-" * len(header))
    failures = []
    for label, formats in runs:
        r = measure(label, formats, args)
        line = f"{label:<14}{r['seconds']:>9.1f}{r['maxrss_mb']:>13.0f}{r.get('zip_mb', 0):>9.1f}{r.get('files', 0):>8}"
        if args.tracemalloc:
            line += f"{r['traced_peak_mb']:>11.0f}"
        print(line, flush=True)
        if label in TARGETS and r["seconds"] > TARGETS[label]:
            failures.append(f"{label}: {r['seconds']:.1f} s > {TARGETS[label]:.0f} s")
        if r["maxrss_mb"] > MEMORY_TARGET_MB:
            failures.append(f"{label}: peak {r['maxrss_mb']:.0f} MB > {MEMORY_TARGET_MB:.0f} MB")
    print("targets met" if not failures else "missed targets: " + "; ".join(failures))


if __name__ == "__main__":
    main()
