"""Benchmark the real commands through the configured database at growing corpus sizes.

    python bench/bench_scale.py [--sizes 1000,10000] [--large] [--steps ...] [--propose 500] [--workers 1,2,4]
                                [--keep] [--reuse]

For each size N it writes N articles with gold sets and two annotators' submitted sets
into the database of `DATABASE_URL` (SQLite by default; bulk_create, so it is quick), then
measures, each in a process of its own under `/usr/bin/time` (seconds and peak resident
memory of that process):

- generate: the generator itself;
- import: `manage.py import_articles` of a JSONL file of N articles with their quotes;
- propose: `manage.py propose_articles` on the first `--propose` articles (spaCy on every
  article would take hours at the large sizes; the rate is what scales);
- release: `manage.py export_dataset` with all five formats;
- release-spacy: the same with the spaCy DocBin format alone (its memory once grew with
  the corpus: compare `--sizes 1000,8000 --quotes 25`);
- agreement: `review.selectors.project_agreement(project)` over the N articles;
- pages: the article list page and its search, the API's list and `?search=`, as a
  reviewer (median server time through Django's test client, printed on its own line).

`--large` (or `BENCH_LARGE=1`) adds N = 100,000. On PostgreSQL it then measures proposer throughput with 1, 2
and 4 `db_worker --batch` processes on the same queued articles (articles/s, words/s and
the ratio to one worker; the worker start-up, model load included, is part of the time).
Projects are named `bench-scale-N` and removed at the end unless `--keep`; `--reuse` measures
again on the projects a `--keep` run left (generating 100,000 articles takes minutes). A benchmark,
not a test: it prints figures and has no thresholds.
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
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
os.environ.setdefault("DEBUG", "1")  # settings need a SECRET_KEY otherwise, pages a collectstatic
os.environ.setdefault("ANNOTATOR_PROPOSE_ON_IMPORT", "0")

# 10 quotes make a 1,900-character article; 25 (`--quotes 25`) one of about 4,700, as long
# as PolNeAR's news (4,560 characters and 28 quotes on average).
QUOTES_PER_ARTICLE = int(os.environ.get("BENCH_QUOTES_PER_ARTICLE", "10"))
CHUNK = 2000  # rows per bulk_create


def _django():
    import django

    django.setup()


def _slug(n: int) -> str:
    return f"bench-scale-{n}" if QUOTES_PER_ARTICLE == 10 else f"bench-scale-{n}-q{QUOTES_PER_ARTICLE}"


def _delete_projects(**lookup) -> None:
    """Remove benchmark projects, their articles in chunks first: one cascade over
    thousands of articles passes SQLite's limit on query parameters."""
    from annotator.accounts.models import Project
    from annotator.corpus.models import Article

    for project in Project.objects.filter(**lookup):
        ids = list(Article.objects.filter(project=project).values_list("pk", flat=True))
        for i in range(0, len(ids), 500):
            Article.objects.filter(pk__in=ids[i : i + 500]).delete()
        project.delete()


def _generate(n: int) -> dict:
    """Write n articles, each with a gold set and two submitted annotator sets, in bulk."""
    _django()
    from django.db import connection, reset_queries, transaction

    from annotator.accounts.models import Membership, Project, Role, User
    from annotator.annotations.models import AnnotationSet, Quote, SetKind, SetStatus, Speaker
    from annotator.corpus.models import Article, ArticleStatus, content_hash
    from annotator.releases.synthetic import SPEAKERS, generate_articles

    _delete_projects(slug=_slug(n))
    project = Project.objects.create(slug=_slug(n), name=f"Benchmark {n}")
    annotators = []
    for name in ("bench-ann1", "bench-ann2"):
        user, _ = User.objects.get_or_create(username=name)
        Membership.objects.create(project=project, user=user, role=Role.ANNOTATOR)
        annotators.append(user)
    speakers = {
        s.name: s
        for s in Speaker.objects.bulk_create(
            Speaker(project=project, name=name, aliases=aliases, description=description, external_id=qid)
            for name, aliases, description, qid, _ in SPEAKERS
        )
    }
    words = 0
    batch: list[dict] = []

    def flush() -> None:
        articles = Article.objects.bulk_create(
            Article(
                project=project,
                external_id=a["id"],
                title=a["title"],
                outlet=a["outlet"],
                text=a["text"],
                content_hash=content_hash(a["text"]),
                word_count=len(a["text"].split()),
                status=ArticleStatus.GOLD,
            )
            for a in batch
        )
        sets = AnnotationSet.objects.bulk_create(
            AnnotationSet(article=article, kind=kind, owner=owner, status=status)
            for article in articles
            for kind, owner, status in (
                (SetKind.GOLD, None, SetStatus.DRAFT),
                (SetKind.HUMAN, annotators[0], SetStatus.SUBMITTED),
                (SetKind.HUMAN, annotators[1], SetStatus.SUBMITTED),
            )
        )
        quotes = []
        for i, record in enumerate(batch):
            for j, annotation_set in enumerate(sets[3 * i : 3 * i + 3]):
                for k, q in enumerate(record["quotes"]):
                    if j == 2 and k % 5 == 4:
                        continue  # the second annotator misses every fifth quote: agreement below 1
                    quotes.append(
                        Quote(
                            annotation_set=annotation_set,
                            start=q["start"],
                            end=q["end"],
                            fragments=q.get("fragments") or [[q["start"], q["end"]]],
                            kind=q["kind"],
                            cue_start=q.get("cue_start"),
                            cue_end=q.get("cue_end"),
                            speaker_start=q.get("speaker_start"),
                            speaker_end=q.get("speaker_end"),
                            speaker=speakers.get(q.get("speaker_entity") or ""),
                            status="accepted",
                        )
                    )
        Quote.objects.bulk_create(quotes, batch_size=CHUNK)
        batch.clear()
        # DEBUG keeps each process's last 9,000 queries; the bulk inserts' SQL made that
        # 1.2 GB at 100,000 articles, a cost of the benchmark, not of the app.
        reset_queries()

    with transaction.atomic():
        for record in generate_articles(n, quotes_per_article=QUOTES_PER_ARTICLE, seed=11):
            words += len(record["text"].split())
            batch.append(record)
            if len(batch) == CHUNK:
                flush()
        if batch:
            flush()
    # Fresh planner statistics, as autovacuum (PostgreSQL) would have them soon after a bulk
    # load: with the stale ones the planner expects a handful of rows, picks parallel plans
    # and JIT for a page of 25, and the page's time measures the statistics, not the app.
    # On PostgreSQL a VACUUM too, which autovacuum also runs after that many inserts: it
    # sets the visibility map, without which every count reads the whole heap (the
    # project's COUNT(*) at 100,000 articles: 158 ms without, 18 ms with).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"articles": n, "words": words}


def _agreement(n: int) -> dict:
    _django()
    from annotator.accounts.models import Project
    from annotator.review.selectors import project_agreement

    figures = project_agreement(project=Project.objects.get(slug=_slug(n)))
    return {"pairs": figures.get("pairs"), "overlap_f1": figures.get("overlap_f1")}


def _pages(n: int) -> dict:
    """Server time of the article list page and its search, and of the API's list and
    `?search=`, for a reviewer of the generated project (median of 5, after one warm-up)."""
    _django()
    import statistics

    from django.test import Client

    from annotator.accounts.models import Membership, Project, Role, User

    project = Project.objects.get(slug=_slug(n))
    user, _ = User.objects.get_or_create(username="bench-reviewer")
    Membership.objects.get_or_create(project=project, user=user, defaults={"role": Role.REVIEWER})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    urls = {
        "page": f"/projects/{project.slug}/",
        "page_search": f"/projects/{project.slug}/?q=budget",
        "page_search_said": f"/projects/{project.slug}/?q=said",  # a word in nearly every article
        "api": f"/api/projects/{project.slug}/articles/",
        "api_search": f"/api/projects/{project.slug}/articles/?search=budget",
    }
    figures = {}
    for name, url in urls.items():
        times = []
        for _ in range(6):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        figures[name] = round(statistics.median(times[1:]) * 1000)
    return figures


def _first_ids(n: int, limit: int) -> list[int]:
    _django()
    from annotator.corpus.models import Article

    return list(Article.objects.filter(project__slug=_slug(n)).order_by("pk").values_list("pk", flat=True)[:limit])


def timed(cmd: list[str], env: dict | None = None) -> dict:
    """Run `cmd` under /usr/bin/time: wall seconds and the process's peak RSS in MB."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        result = subprocess.run(
            ["/usr/bin/time", "-o", out.name, "-f", "%e %M", *cmd],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise SystemExit(f"{' '.join(cmd[:4])}... failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        seconds, kib = out.read().split()[-2:]
    return {"seconds": float(seconds), "peak_mb": int(kib) / 1024, "stdout": result.stdout}


def manage(*args: str) -> list[str]:
    return [sys.executable, "manage.py", *args]


def child(step: str, n: int) -> list[str]:
    return [sys.executable, __file__, "--child", step, "--n", str(n)]


def write_jsonl(n: int, path: Path) -> None:
    from annotator.releases.synthetic import generate_articles

    with open(path, "w", encoding="utf-8") as handle:
        for record in generate_articles(n, quotes_per_article=QUOTES_PER_ARTICLE, seed=23):
            # The generator's quote text (fragments joined) and mention types are its own,
            # not the interchange format's; offsets say everything the import needs.
            record["quotes"] = [
                {k: v for k, v in q.items() if k not in ("text", "speaker_type")} for q in record["quotes"]
            ]
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


STEPS = ("generate", "import", "propose", "release", "release-spacy", "agreement", "pages")


def _generated(n: int) -> bool:
    """Whether the project of size n is there from an earlier `--keep` run, all n articles."""
    _django()
    from annotator.corpus.models import Article

    return Article.objects.filter(project__slug=_slug(n)).count() == n


def run_size(n: int, propose: int, tmp: Path, steps: set[str], reuse: bool = False) -> list[tuple[str, dict]]:
    rows = []
    if reuse and _generated(n):
        print(f"  N={n:,} generate: skipped, reusing {_slug(n)}", flush=True)
    else:
        rows.append(("generate", timed(child("generate", n))))  # every other step reads what it wrote
    if "import" in steps:
        source = tmp / f"import-{n}.jsonl"
        write_jsonl(n, source)
        command = manage(
            "import_articles", str(source), "--project", f"{_slug(n)}-import", "--create-project", "--no-propose"
        )
        rows.append((f"import ({source.stat().st_size / 1e6:.0f} MB)", timed([*command, "--no-progress"])))
        source.unlink()
    if "propose" in steps:
        ids = _first_ids(n, propose)
        args = [a for pk in ids for a in ("--article", str(pk))]
        command = manage("propose_articles", "--project", _slug(n), *args, "--no-progress")
        rows.append((f"propose ({len(ids)})", timed(command)))
    if "release" in steps:
        formats = [a for f in ("jsonl", "csv", "spacy", "conll", "brat") for a in ("--format", f)]
        zip_path = tmp / f"release-{n}.zip"
        command = manage("export_dataset", "--project", _slug(n), *formats, "-o", str(zip_path), "--no-progress")
        figures = timed(command)
        rows.append((f"release, 5 formats ({zip_path.stat().st_size / 1e6:.0f} MB zip)", figures))
        zip_path.unlink()
    if "release-spacy" in steps:
        zip_path = tmp / f"release-spacy-{n}.zip"
        command = manage("export_dataset", "--project", _slug(n), "--format", "spacy", "-o", str(zip_path))
        figures = timed([*command, "--no-progress"])
        rows.append((f"release, spaCy only ({zip_path.stat().st_size / 1e6:.0f} MB zip)", figures))
        zip_path.unlink()
    if "agreement" in steps:
        rows.append(("agreement", timed(child("agreement", n))))
    if "pages" in steps:
        figures = timed(child("pages", n))
        ms = json.loads(figures["stdout"].splitlines()[-1])
        print(
            f"  N={n:,} article list: page {ms['page']} ms, its search {ms['page_search']} ms "
            f"(?q=said {ms['page_search_said']} ms); "
            f"API list {ms['api']} ms, ?search= {ms['api_search']} ms (median server time, no network)"
        )
    return rows


def run_workers(n: int, count: int, worker_counts: list[int]) -> list[dict]:
    """Proposer throughput: the same `count` articles queued, then k `db_worker --batch`."""
    _django()
    from django.db.models import Sum

    from annotator.corpus.models import Article, ProposalStatus

    ids = _first_ids(n, count)
    words = Article.objects.filter(pk__in=ids).aggregate(w=Sum("word_count"))["w"] or 0
    args = [a for pk in ids for a in ("--article", str(pk))]
    results = []
    for k in worker_counts:
        subprocess.run(
            manage("propose_articles", "--project", _slug(n), *args, "--force", "--enqueue"),
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        started = time.perf_counter()
        workers = [
            subprocess.Popen(
                manage("db_worker", "--batch", "--no-reload", "--no-startup-delay"),
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(k)
        ]
        for worker in workers:
            worker.wait()
        seconds = time.perf_counter() - started
        left = Article.objects.filter(pk__in=ids).exclude(proposal_status=ProposalStatus.PROPOSED).count()
        results.append(
            {
                "workers": k,
                "seconds": seconds,
                "articles_s": len(ids) / seconds,
                "words_s": words / seconds,
                "not_done": left,
            }
        )
    return results


def main() -> None:
    global QUOTES_PER_ARTICLE
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--large", action="store_true", help="also 100,000 articles")
    parser.add_argument("--propose", type=int, default=500, help="articles proposed per size")
    parser.add_argument(
        "--quotes", type=int, default=QUOTES_PER_ARTICLE, help="quotes per generated article (25: PolNeAR's length)"
    )
    parser.add_argument("--workers", default="1,2,4", help="db_worker counts (PostgreSQL only)")
    parser.add_argument("--worker-articles", type=int, default=320)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark projects")
    parser.add_argument(
        "--reuse", action="store_true", help="use the projects an earlier --keep run left (implies --keep)"
    )
    parser.add_argument("--steps", default=",".join(STEPS), help="a subset of " + ",".join(STEPS))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        if args.child == "generate":
            print(json.dumps(_generate(args.n)))
        elif args.child == "agreement":
            print(json.dumps(_agreement(args.n)))
        elif args.child == "pages":
            print(json.dumps(_pages(args.n)))
        return

    QUOTES_PER_ARTICLE = args.quotes
    os.environ["BENCH_QUOTES_PER_ARTICLE"] = str(args.quotes)  # for the steps' own processes
    large = args.large or os.environ.get("BENCH_LARGE") == "1"  # `make bench BENCH_LARGE=1`
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([100_000] if large else [])
    steps = set(args.steps.split(","))
    _django()
    from django.db import connection

    vendor = connection.vendor
    print(f"database: {vendor}; {QUOTES_PER_ARTICLE} quotes per article; {os.cpu_count()} CPUs (shared?)")
    header = f"{'step':<24}" + "".join(f"{f'N={n:,} s':>14}{'peak MB':>9}" for n in sizes)
    table: dict[str, dict[int, dict]] = {}
    order: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        try:
            for n in sizes:
                for label, figures in run_size(n, args.propose, Path(tmp), steps, reuse=args.reuse):
                    key = label.split(" (")[0]
                    if key not in table:
                        order.append(key)
                    table.setdefault(key, {})[n] = {**figures, "label": label}
                    print(
                        f"  N={n:,} {label}: {figures['seconds']:.1f} s, peak {figures['peak_mb']:.0f} MB", flush=True
                    )
            print()
            print(header)
            print("-" * len(header))
            for key in order:
                cells = "".join(
                    f"{table[key][n]['seconds']:>14.1f}{table[key][n]['peak_mb']:>9.0f}"
                    if n in table[key]
                    else " " * 23
                    for n in sizes
                )
                print(f"{key:<24}{cells}")
            if vendor == "postgresql" and args.workers and "propose" in steps:
                counts = [int(k) for k in args.workers.split(",")]
                print(f"\nproposer throughput, {args.worker_articles} articles, db_worker --batch (start-up included)")
                results = run_workers(sizes[0], args.worker_articles, counts)
                base = results[0]["articles_s"]
                for r in results:
                    print(
                        f"  {r['workers']} worker(s): {r['seconds']:.1f} s, {r['articles_s']:.1f} articles/s, "
                        f"{r['words_s']:,.0f} words/s, x{r['articles_s'] / base:.2f}"
                        + (f", {r['not_done']} not proposed" if r["not_done"] else "")
                    )
        finally:
            if not (args.keep or args.reuse):
                _delete_projects(slug__startswith="bench-scale-")


if __name__ == "__main__":
    main()
