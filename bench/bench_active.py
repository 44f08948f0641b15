"""Active learning, simulated: how many gold articles the uncertainty queue saves against a random one.

Usage: python bench/bench_active.py [--train FILE.jsonl] [--dev FILE.jsonl] [--step 25] [--max 400]
                                    [--seeds 0,1,2] [--orders random,uncertainty] [--workers 2]
                                    [--svg docs/active-learning.svg] [--json FILE]

A team annotates the training corpus article by article, the corpus's own gold standing in
for the people (an oracle). Every ``--step`` new gold articles the proposer is trained
again from scratch on all of them (`engine.learned.training.train`, as the proposer page's
Train button does) and scored on the dev corpus (`training.evaluate`, the `evaluate_quotes`
figures). Which articles come next depends on the queue order:

- ``random``: the next ``--step`` of one shuffle of the corpus, drawn with the seed;
- ``uncertainty``: the ``--step`` articles the current model is least sure of, by the
  queue's own score (`interchange.uncertainty.proposal_uncertainty`, the figure the list
  page shows and the "unsure" order sorts by; articles with no proposal last, ties in
  the seed's shuffle order).

Both orders start from the same random first batch (no model exists yet), so each seed's two
curves start at one point. Parses come from the DocBin cache in ``--cache`` (the first run
parses the two corpora, a few minutes; later runs read them back in seconds). Runs are
independent and share out over ``--workers`` processes. Prints the curves (means over the
seeds) and, for each F1, the fewest articles at which the uncertainty order's mean reaches
the random order's mean at ``--max``; writes the figures as JSON and the curves as an SVG.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.interchange.jsonl import load_articles  # noqa: E402
from annotator.interchange.uncertainty import proposal_uncertainty  # noqa: E402
from annotator.proposer.engine.learned import propose_parsed  # noqa: E402
from annotator.proposer.engine.learned.training import evaluate, parsed, train  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval" / "polnear"
METRICS = {"overlap_f1": "overlap F1", "e2e_f1": "end-to-end F1"}

# Filled in the parent before the pool forks, so the workers share the parses instead of
# each reading the DocBins again.
CORPUS: dict = {}


def load_corpus(train_path: Path, dev_path: Path, cache: Path) -> None:
    for name, path in (("train", train_path), ("dev", dev_path)):
        records = load_articles(path)
        started = time.perf_counter()
        parses = [docs for _text, docs in parsed([r["text"] for r in records], model_name=None, cache_dir=cache)]
        print(f"{path}: {len(records)} articles, parsed in {time.perf_counter() - started:.1f} s", flush=True)
        CORPUS[name] = (records, parses)


def least_sure(model, pool: list[int], n: int) -> list[int]:
    """The ``n`` articles of ``pool`` the model is least sure of; ``pool``'s order breaks ties."""
    records, parses = CORPUS["train"]
    scored = []
    for rank, i in enumerate(pool):
        proposals = propose_parsed(records[i]["text"], parses[i], model.scorer, model.speaker, model.boundary)
        u = proposal_uncertainty(p.confidence for p in proposals)
        scored.append((u is None, -(u or 0.0), rank, i))
    return [i for *_key, i in sorted(scored)[:n]]


def simulate(order: str, seed: int, step: int, most: int) -> dict:
    """One team's curve: the dev scores after each retraining, for one queue order and seed."""
    records, parses = CORPUS["train"]
    dev, dev_parses = CORPUS["dev"]
    pool = list(range(len(records)))
    random.Random(seed).shuffle(pool)
    chosen, pool = pool[:step], pool[step:]
    points = []
    while True:
        started = time.perf_counter()
        model = train([records[i] for i in chosen], seed=seed, parses=[parses[i] for i in chosen])
        trained = time.perf_counter() - started
        scores = evaluate(dev, model, parses=dev_parses)
        point = {
            "articles": len(chosen),
            "gold_quotes": model.counts["gold_quotes"],
            **{m: scores["mention"][m] for m in METRICS},
            "actions_per_gold_quote": scores["effort"]["proposals"]["per_gold_quote"],
            "train_seconds": round(trained, 1),
        }
        points.append(point)
        print(
            f"  {order} seed {seed}: {len(chosen)} articles, overlap F1 {point['overlap_f1']:.3f}, "
            f"e2e F1 {point['e2e_f1']:.3f}",
            flush=True,
        )
        if len(chosen) >= most or not pool:
            break
        n = min(step, most - len(chosen))
        picked = pool[:n] if order == "random" else least_sure(model, pool, n)
        taken = set(picked)
        chosen += picked
        pool = [i for i in pool if i not in taken]
    return {"order": order, "seed": seed, "points": points}


def _run(args: tuple[str, int, int, int]) -> dict:
    return simulate(*args)


def mean_curve(runs: list[dict], order: str, metric: str) -> list[tuple[int, float]]:
    """(articles, mean over the seeds) for one order and metric."""
    by_n: dict[int, list[float]] = {}
    for run in runs:
        if run["order"] == order:
            for p in run["points"]:
                by_n.setdefault(p["articles"], []).append(p[metric])
    return [(n, statistics.mean(v)) for n, v in sorted(by_n.items())]


def articles_to_reach(curve: list[tuple[int, float]], target: float) -> int | None:
    """The fewest articles at which a curve reaches ``target``, or None when it never does."""
    return next((n for n, f in curve if f >= target), None)


def summary(runs: list[dict], most: int) -> dict:
    out = {}
    for metric in METRICS:
        rand = mean_curve(runs, "random", metric)
        unsure = mean_curve(runs, "uncertainty", metric)
        if not rand or not unsure:
            continue
        target = dict(rand).get(most)
        out[metric] = {
            "random_at_max": round(target, 4) if target is not None else None,
            "uncertainty_at_max": round(dict(unsure).get(most, float("nan")), 4),
            "uncertainty_reaches_it_at": articles_to_reach(unsure, target) if target is not None else None,
        }
    return out


def draw(runs: list[dict], path: Path, corpus: str) -> None:
    import pygal

    from annotator.review.charts import OPTIONS, svg_text

    chart = pygal.XY(
        **{**OPTIONS, "legend_at_bottom_columns": 2, "height": 380},
        title=f"Learning curves on {corpus} (mean of {len({r['seed'] for r in runs})} seeds)",
        x_title="gold articles annotated",
        y_title="F1 on dev",
        show_dots=True,
        dots_size=2,
    )
    for metric, label in METRICS.items():
        for order in ("random", "uncertainty"):
            curve = mean_curve(runs, order, metric)
            if curve:
                dashed = {"dasharray": "6, 4"} if order == "random" else {}
                chart.add(f"{label}, {order} order", [(n, round(f, 4)) for n, f in curve], stroke_style=dashed)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(svg_text(chart) + "\n", encoding="utf-8")


def print_table(runs: list[dict], orders: list[str]) -> None:
    header = ["articles"] + [f"{o} {m.split('_')[0]}" for o in orders for m in METRICS]
    print("\n| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    curves = {(o, m): dict(mean_curve(runs, o, m)) for o in orders for m in METRICS}
    for n in sorted({n for c in curves.values() for n in c}):
        cells = [f"{curves[(o, m)][n]:.3f}" if n in curves[(o, m)] else "" for o in orders for m in METRICS]
        print(f"| {n} | " + " | ".join(cells) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, default=EVAL / "train.jsonl")
    parser.add_argument("--dev", type=Path, default=EVAL / "dev.jsonl")
    parser.add_argument("--step", type=int, default=25, help="Retrain after this many new gold articles.")
    parser.add_argument("--max", type=int, default=400, help="Stop at this many gold articles.")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--orders", default="random,uncertainty")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "bench-active", help="DocBin parse cache.")
    parser.add_argument("--svg", type=Path, default=ROOT / "bench-results" / "active-learning.svg")
    parser.add_argument("--json", type=Path, default=ROOT / "bench-results" / "active-learning.json")
    args = parser.parse_args()
    if not args.train.is_file() or not args.dev.is_file():
        print(f"Needs {args.train} and {args.dev} (the shared PolNeAR splits); skipped.")
        return 0
    if args.step < 1 or args.max < args.step:
        parser.error("--step must be at least 1 and --max at least --step")
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    orders = [o for o in args.orders.split(",") if o.strip()]
    unknown = set(orders) - {"random", "uncertainty"}
    if unknown:
        parser.error(f"unknown order(s): {', '.join(sorted(unknown))}; use random, uncertainty")

    load_corpus(args.train, args.dev, args.cache)
    jobs = [(order, seed, args.step, args.max) for seed in seeds for order in orders]
    started = time.perf_counter()
    if args.workers > 1:
        with multiprocessing.get_context("fork").Pool(min(args.workers, len(jobs))) as workers:
            runs = workers.map(_run, jobs, chunksize=1)
    else:
        runs = [_run(job) for job in jobs]
    seconds = time.perf_counter() - started

    print_table(runs, orders)
    figures = summary(runs, args.max)
    for metric, f in figures.items():
        reach = f["uncertainty_reaches_it_at"]
        print(
            f"\n{METRICS[metric]}: random order at {args.max} articles {f['random_at_max']:.3f}; uncertainty order "
            f"at {args.max} {f['uncertainty_at_max']:.3f}, reaches the random order's figure at "
            + (f"{reach} articles ({1 - reach / args.max:.0%} fewer)" if reach else "no point up to the maximum")
        )
    print(f"\n{len(runs)} runs in {seconds:.0f} s on {args.workers} worker(s).")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "train": str(args.train),
                "dev": str(args.dev),
                "step": args.step,
                "max": args.max,
                "summary": figures,
                "runs": runs,
                "seconds": round(seconds),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    draw(runs, args.svg, args.train.parent.name)
    print(f"Wrote {args.json} and {args.svg}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
