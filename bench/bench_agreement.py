"""Benchmark the dashboard's figures on a big project: seconds and peak memory.

    python bench/bench_agreement.py [--quotes 100000] [--small 10000] [--tracemalloc]

Generates a project whose two annotators' submitted sets hold `--quotes` quotes in all
(10 per set, so 5,000 articles for 100,000 quotes), each article also with the proposals
the annotators started from and a gold set, 200 speakers. The second annotator differs
from the first now and then (a quote left out, a boundary, a kind, a speaker), so no
figure is trivially 1. Then, each in a fresh child process so that `ru_maxrss` is that
run's own peak: Django set up and nothing else (the baseline), `project_agreement`,
`proposer_worth`. The same runs on a project of `--small` quotes show whether memory
grows with the project (it should not: the figures are summed chunk by chunk).
The database is a temporary SQLite file, or `DATABASE_URL` when given (an empty
PostgreSQL database: the benchmark creates its tables there). `--tracemalloc` slows every
run several times over: read the seconds from a run without it. This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUOTES_PER_SET = 10
SPEAKERS = 200
RUNS = ("baseline", "project_agreement", "proposer_worth")


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


def build(quotes: int, slug: str, seed: int = 11) -> dict:
    """Write the project (skipped when it exists) and return its size."""
    _django()
    from django.core.management import call_command
    from django.db import transaction

    from annotator.accounts.models import Project, User
    from annotator.annotations.models import AnnotationSet, Quote, SetKind, SetStatus, Speaker
    from annotator.corpus.models import Article, content_hash

    call_command("migrate", verbosity=0)
    if Project.objects.filter(slug=slug).exists():
        return {"slug": slug}
    rng = random.Random(seed)
    project = Project.objects.create(name=f"Bench {slug}", slug=slug)
    ann = [User.objects.create_user(username=f"{slug}-{n}") for n in ("ann", "bob")]
    speakers = Speaker.objects.bulk_create([Speaker(project=project, name=f"Speaker {n:03d}") for n in range(SPEAKERS)])
    articles = quotes // (2 * QUOTES_PER_SET)
    for first in range(0, articles, 250):
        with transaction.atomic():
            batch = range(first, min(first + 250, articles))
            texts, layouts = [], []
            for a in batch:
                parts, layout, at = [], [], 0
                for n in range(QUOTES_PER_SET):
                    who = rng.choice(speakers)
                    sentence = f'"Statement {n} of article {a} is about the budget," {who.name} said today. '
                    q_end = sentence.index(",") + 2
                    s_start = q_end + 1
                    s_end = s_start + len(who.name)
                    layout.append((at, at + q_end, at + s_end + 1, at + s_end + 5, at + s_start, at + s_end, who))
                    parts.append(sentence)
                    at += len(sentence)
                texts.append("".join(parts))
                layouts.append(layout)
            rows = Article.objects.bulk_create(
                [
                    Article(project=project, title=f"Article {a}", text=t, content_hash=content_hash(t))
                    for a, t in zip(batch, texts, strict=True)
                ]
            )
            sets = []
            for article in rows:
                sets.append(AnnotationSet(article=article, kind=SetKind.MACHINE, source="bench-engine 1.0.0"))
                sets.append(AnnotationSet(article=article, kind=SetKind.GOLD, status=SetStatus.SUBMITTED))
            AnnotationSet.objects.bulk_create(sets)
            machine_quotes, gold_quotes = [], []
            for n, layout in enumerate(layouts):
                machine, gold = sets[2 * n], sets[2 * n + 1]
                for start, end, cs, ce, ss, se, who in layout:
                    kind = rng.choice(("direct", "direct", "indirect", "mixed"))
                    span = {"start": start, "end": end, "fragments": [[start, end]], "kind": kind}
                    spk = {"cue_start": cs, "cue_end": ce, "speaker_start": ss, "speaker_end": se, "speaker": who}
                    machine_quotes.append(Quote(annotation_set=machine, status="proposed", **span, **spk))
                    gold_quotes.append(Quote(annotation_set=gold, status="accepted", **span, **spk))
            Quote.objects.bulk_create(machine_quotes + gold_quotes)
            humans = [
                AnnotationSet(
                    article=article, kind=SetKind.HUMAN, owner=user, status=SetStatus.SUBMITTED, based_on=sets[2 * n]
                )
                for n, article in enumerate(rows)
                for user in ann
            ]
            AnnotationSet.objects.bulk_create(humans)
            human_quotes = []
            for n in range(len(rows)):
                proposals = machine_quotes[n * QUOTES_PER_SET : (n + 1) * QUOTES_PER_SET]
                for k, human in enumerate(humans[2 * n : 2 * n + 2]):
                    for p in proposals:
                        fields = {
                            "start": p.start,
                            "end": p.end,
                            "fragments": p.fragments,
                            "kind": p.kind,
                            "cue_start": p.cue_start,
                            "cue_end": p.cue_end,
                            "speaker_start": p.speaker_start,
                            "speaker_end": p.speaker_end,
                            "speaker": p.speaker,
                        }
                        status = "accepted"
                        roll = rng.random() if k else 1.0  # the second annotator differs now and then
                        if roll < 0.05:
                            status = "rejected"
                        elif roll < 0.10:
                            fields["end"] -= 9  # without "budget,"
                            fields["fragments"] = [[fields["start"], fields["end"]]]
                            status = "edited"
                        elif roll < 0.13:
                            fields["kind"] = "indirect" if p.kind != "indirect" else "direct"
                            status = "edited"
                        elif roll < 0.16:
                            fields["speaker"] = rng.choice(speakers)
                            status = "edited"
                        human_quotes.append(Quote(annotation_set=human, proposal=p, status=status, **fields))
            Quote.objects.bulk_create(human_quotes)
    return {"slug": slug, "articles": articles, "annotator_quotes": articles * 2 * QUOTES_PER_SET}


def run_child(what: str, slug: str, trace: bool) -> dict:
    """One measurement in this process."""
    if trace:
        import tracemalloc

        tracemalloc.start()
    _django()
    from annotator.accounts.models import Project
    from annotator.review.selectors import project_agreement
    from annotator.review.worth import proposer_worth

    project = Project.objects.get(slug=slug)
    started = time.perf_counter()
    result: dict = {}
    if what == "project_agreement":
        figures = project_agreement(project=project)
        result["figures"] = {
            k: figures[k] for k in ("articles", "overlap_f1", "exact_f1", "alpha_kind", "alpha_speaker")
        }
    elif what == "proposer_worth":
        [version] = proposer_worth(project=project)
        result["figures"] = {"overlap_f1": version["gold"]["overlap_f1"], "accepted": version["edits"]["accepted"]}
    result["seconds"] = time.perf_counter() - started
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if trace:
        result["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
    return result


def child(args: list[str], env: dict) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quotes", type=int, default=100_000, help="annotator quotes in the big project")
    parser.add_argument("--small", type=int, default=10_000, help="annotator quotes in the small project (0: none)")
    parser.add_argument("--tracemalloc", action="store_true", help="also report the Python heap's peak (slower)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--build", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.build:
        print(json.dumps(build(args.quotes, args.build)))
        return
    if args.child:
        print(json.dumps(run_child(args.child[0], args.child[1], args.tracemalloc)))
        return

    tmp = Path(tempfile.mkdtemp(prefix="bench-agreement-"))
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    try:
        sizes = [(f"q{n}", n) for n in (args.small, args.quotes) if n]
        header = f"{'project':>16}{'run':>20}{'seconds':>9}{'peak RSS MB':>13}"
        if args.tracemalloc:
            header += f"{'traced MB':>11}"
        print(f"python {sys.version.split()[0]}; database {env['DATABASE_URL'].split(':', 1)[0]}")
        print(header)
        print("-" * len(header))
        for slug, n in sizes:
            started = time.perf_counter()
            child(["--build", slug, "--quotes", str(n)], env)
            print(f"{n:>9,} quotes generated in {time.perf_counter() - started:.0f} s", flush=True)
            for what in RUNS:
                r = child(["--child", what, slug] + (["--tracemalloc"] if args.tracemalloc else []), env)
                line = f"{n:>16,}{what:>20}{r['seconds']:>9.1f}{r['maxrss_mb']:>13.0f}"
                if args.tracemalloc:
                    line += f"{r['traced_peak_mb']:>11.1f}"
                print(line + (f"   {r['figures']}" if r.get("figures") else ""), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
