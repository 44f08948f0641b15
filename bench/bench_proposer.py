"""Proposer speed: seconds per 1,000 words on one process, against spaCy's own parse.

Usage: python bench/bench_proposer.py [--data FILE.jsonl] [--repeat 3] [--limit N] [--model DIR]

The baseline is `nlp.pipe` over the same texts with the same loaded pipeline (the
components the engine keeps enabled), so the ratio is the engine's own overhead (`--model`: also proposing with a trained model). Then the
throughput of `propose_records` with two worker processes. Figures are medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.proposer import engine  # noqa: E402
from annotator.proposer.batch import propose_records  # noqa: E402
from annotator.proposer.engine import learned  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "polnear" / "dev.jsonl"
SAMPLE = ROOT / "annotator" / "imports" / "fixtures" / "demo-nato-blinken-rutte.txt"


def load_texts(path: Path, limit: int | None) -> tuple[list[str], str]:
    if path.is_file():
        texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        label = str(path)
    else:
        texts = [SAMPLE.read_text(encoding="utf-8")] * 40
        label = f"{SAMPLE.name} x 40 ({path} not found)"
    return (texts[:limit] if limit else texts), label


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--model", type=Path, help="A trained model directory (train_proposer) to time as well.")
    args = parser.parse_args()

    texts, label = load_texts(args.data, args.limit)
    words = sum(len(t.split()) for t in texts)
    nlp = engine.load_pipeline()
    list(engine.propose_many(texts[:2]))  # warm up: model load, caches

    parse = timed(lambda: list(nlp.pipe(texts, batch_size=16)), args.repeat)
    propose = timed(lambda: list(engine.propose_many(texts)), args.repeat)
    trained = learned.load_model(args.model) if args.model else None
    with_model = timed(lambda: list(learned.propose_many_learned(texts, trained)), args.repeat) if trained else None
    records = [{"id": str(i), "text": t} for i, t in enumerate(texts)]
    two = timed(lambda: list(propose_records(records, workers=2)), 1)

    per_k = lambda s: s / words * 1000  # noqa: E731
    print(
        f"data: {label}: {len(texts)} articles, {words:,} words; model {nlp.meta['name']} {nlp.meta['version']}, "
        f"pipes {nlp.pipe_names}; engine {engine.ENGINE_VERSION}; median of {args.repeat}"
    )
    print(f"{'measure':<44}{'seconds':>10}{'s / 1k words':>14}")
    print(f"{'spaCy parse alone (nlp.pipe)':<44}{parse:>10.2f}{per_k(parse):>14.3f}")
    print(f"{'proposer, one process':<44}{propose:>10.2f}{per_k(propose):>14.3f}")
    print(f"{'proposer, 2 worker processes (incl. start-up)':<44}{two:>10.2f}{per_k(two):>14.3f}")
    if with_model is not None:
        print(f"{'proposer with model ' + trained.version:<44}{with_model:>10.2f}{per_k(with_model):>14.3f}")
    print(f"ratio proposer / parse alone: {propose / parse:.2f}")
    if with_model is not None:
        print(f"ratio proposer with model / parse alone: {with_model / parse:.2f}")
    print(
        f"throughput: one process {words / propose:,.0f} words/s; two workers {words / two:,.0f} words/s "
        f"({len(texts) / two:.1f} articles/s)"
    )


if __name__ == "__main__":
    main()
