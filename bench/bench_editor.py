"""Benchmark the annotation workspace on a long article.

    python bench/bench_editor.py [--words 20000] [--quotes 400] [--runs 7] [--no-browser]

Sets up its own data in a throwaway SQLite database (a temporary directory, deleted at
the end): one project, one annotator, one article of about 20,000 words whose machine set
proposes 400 quotes (every tenth interrupted by "said X"), with 40 speakers. It measures:

* server time for the editor page and for `GET /api/articles/{id}/annotation/`
  (Django's test client, whole middleware stack, in process; the first request, which
  creates the annotator's set, is reported separately);
* server time for one autosave (`PATCH` of one quote);
* in headless Chromium against a live server: time from navigation start until the
  editor is interactive (its `editor-ready` performance mark), and how long a keystroke
  (accept `a`, next `j`, move a boundary `]`) takes until the next frame after it.

Medians of several runs. Targets: page and JSON < 200 ms server side, interactive
< 1.5 s, keystroke < 100 ms. This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS_MS = {"page": 200, "json": 200, "interactive": 1500, "keystroke": 100}
FILLER = (
    "officials from several ministries met again on Tuesday to discuss the budget and the long list of "
    "projects that were delayed by the storms of last winter while the opposition asked for more time"
).split()
QUOTE_WORDS = (
    "we will not accept any plan that leaves families without support and we expect the government to act "
    "quickly because the situation is getting worse every single week"
).split()


def build_article(words: int, quotes: int, seed: int = 7) -> tuple[str, list[dict]]:
    """A long text with `quotes` quote sentences spread evenly; returns text and quote dicts."""
    rnd = random.Random(seed)
    names = [f"Speaker{chr(65 + i % 26)} Person{i}" for i in range(40)]
    parts: list[str] = []
    pos = 0
    records: list[dict] = []
    quote_words = 0
    filler_per_gap = max(1, (words - quotes * 13) // quotes)

    def add(s: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(s)
        pos += len(s)
        return start, pos

    for i in range(quotes):
        filler = " ".join(rnd.choice(FILLER) for _ in range(filler_per_gap))
        add(filler.capitalize() + ". ")
        if i % 12 == 11:
            add("\n\n")
        name = names[i % len(names)]
        n = rnd.randint(6, 12)
        q1 = "\u201c" + " ".join(rnd.choice(QUOTE_WORDS) for _ in range(n)).capitalize() + ",\u201d"
        frag1 = add(q1)
        add(" ")
        cue = add("said")
        add(" ")
        mention = add(name)
        record = {
            "kind": "direct",
            "cue_start": cue[0],
            "cue_end": cue[1],
            "speaker_start": mention[0],
            "speaker_end": mention[1],
            "speaker_entity": name,
            "speaker_type": "named",
            "confidence": round(rnd.uniform(0.4, 0.99), 2),
        }
        if i % 10 == 0:
            add(", ")
            q2 = "\u201c" + " ".join(rnd.choice(QUOTE_WORDS) for _ in range(n)) + ".\u201d"
            frag2 = add(q2)
            record["fragments"] = [list(frag1), list(frag2)]
            quote_words += 2 * n
        else:
            add(".")
            record["fragments"] = [list(frag1)]
            quote_words += n
        add(" ")
        records.append(record)
    missing = words - len("".join(parts).split())
    if missing > 0:  # top up to the exact word count with a closing paragraph
        add("\n\n" + " ".join(rnd.choice(FILLER) for _ in range(missing)).capitalize() + ".")
    return "".join(parts), records


def store_machine_set(article, records: list[dict]):
    """A machine set for `article` with `records` (from `build_article`) as proposals; the registry."""
    # Imported here: the models need `django.setup()`, which the caller runs first.
    from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind
    from annotator.annotations.speakers import SpeakerRegistry

    machine = AnnotationSet.objects.create(article=article, kind=SetKind.MACHINE, source="bench")
    registry = SpeakerRegistry(article.project)
    Quote.objects.bulk_create(
        [
            Quote(
                annotation_set=machine,
                start=r["fragments"][0][0],
                end=r["fragments"][-1][1],
                fragments=r["fragments"],
                kind=r["kind"],
                cue_start=r["cue_start"],
                cue_end=r["cue_end"],
                speaker_start=r["speaker_start"],
                speaker_end=r["speaker_end"],
                speaker=registry.match_or_create(r["speaker_entity"]),
                speaker_type=r["speaker_type"],
                confidence=r["confidence"],
                status=QuoteStatus.PROPOSED,
            )
            for r in records
        ]
    )
    return registry


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--quotes", type=int, default=400)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-browser", action="store_true", help="server-side figures only")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-editor-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    try:
        run(args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from annotator.accounts.models import Membership, Project, Role, User
    from annotator.corpus.models import Article

    setup_test_environment()
    call_command("migrate", verbosity=0)
    text, records = build_article(args.words, args.quotes)
    project = Project.objects.create(name="Bench", slug="bench")
    user = User.objects.create_user(username="bench", password="bench-password")
    Membership.objects.create(project=project, user=user, role=Role.ANNOTATOR)
    article = Article.objects.create(project=project, title="A very long article", text=text)
    registry = store_machine_set(article, records)
    print(
        f"Article: {article.word_count:,} words, {len(text):,} characters, {len(records)} quotes "
        f"({sum(len(r['fragments']) > 1 for r in records)} interrupted), {len(registry._by_name)} speakers."
    )

    client = Client()
    client.force_login(user)
    page_url = f"/articles/{article.pk}/"
    json_url = f"/api/articles/{article.pk}/annotation/"

    def timed(fn) -> tuple[float, object]:
        started = time.perf_counter()
        result = fn()
        return time.perf_counter() - started, result

    first_json, response = timed(lambda: client.get(json_url))
    assert response.status_code == 200, response.content[:300]
    rows: list[tuple[str, float, float, float, str]] = []

    def measure(label: str, fn, target: str | None, runs: int = args.runs) -> None:
        fn()  # warm-up
        samples = []
        for _ in range(runs):
            seconds, response = timed(fn)
            assert response is None or getattr(response, "status_code", 200) < 400, response
            samples.append(seconds)
        rows.append((label, median_ms(samples), min(samples) * 1000, max(samples) * 1000, target or ""))

    rows.append(
        ("JSON, first request (cold process; creates set)", first_json * 1000, first_json * 1000, first_json * 1000, "")
    )
    measure("editor page (server)", lambda: client.get(page_url), "page")
    measure("annotation JSON GET (server)", lambda: client.get(json_url), "json")
    body = client.get(json_url).json()
    state = {"version": body["version"], "quote": body["quotes"][len(body["quotes"]) // 2]}

    def patch_one():
        quote = dict(state["quote"], status="accepted" if state["quote"]["status"] != "accepted" else "proposed")
        response = client.patch(
            json_url, {"version": state["version"], "quotes": [quote]}, content_type="application/json"
        )
        state["version"] = response.json()["version"]
        state["quote"] = response.json()["quotes"][0]
        return response

    measure("autosave PATCH of one quote (server)", patch_one, None)
    page_bytes = len(client.get(page_url).content)

    if not args.no_browser:
        rows.extend(browser_figures(args, client, page_url))

    print(f"Editor page size: {page_bytes / 1024:,.0f} KiB (text and quotes inline as JSON)\n")
    print(f"{'figure':<50} {'median ms':>10} {'min':>8} {'max':>8}  target")
    for label, med, lo, hi, target in rows:
        goal = TARGETS_MS.get(target)
        verdict = "" if goal is None else (f"< {goal} ms  {'ok' if med < goal else 'MISSED'}")
        print(f"{label:<50} {med:>10.1f} {lo:>8.1f} {hi:>8.1f}  {verdict}")


def browser_figures(args: argparse.Namespace, client, page_url: str) -> list[tuple]:
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(chromium).exists():
        print(f"(Chromium not found at {chromium}: browser figures skipped)")
        return []
    server = LiveServerThread("localhost", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://localhost:{server.port}"
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium,
                headless=True,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-quic",
                ],
            )
            context = browser.new_context(base_url=base, viewport={"width": 1366, "height": 900})
            context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])
            page = context.new_page()
            page.goto(page_url)  # warm-up: static files, caches
            page.wait_for_function("document.getElementById('editor').dataset.ready === '1'")
            samples = []
            for _ in range(args.runs):
                page.goto(page_url)
                page.wait_for_function("document.getElementById('editor').dataset.ready === '1'")
                samples.append(page.evaluate("performance.getEntriesByName('editor-ready')[0].startTime") / 1000)
            rows.append(
                (
                    "interactive in Chromium (navigation -> ready)",
                    median_ms(samples),
                    min(samples) * 1000,
                    max(samples) * 1000,
                    "interactive",
                )
            )
            page.evaluate(
                """() => { window.__lat = [];
                  document.addEventListener('keydown', (e) => { const t0 = e.timeStamp;
                    requestAnimationFrame(() => setTimeout(() => window.__lat.push(performance.now() - t0))); }); }"""
            )
            for key, label in (
                ("a", "keystroke: accept (a)"),
                ("j", "keystroke: next quote (j)"),
                ("]", "keystroke: move a boundary (])"),
            ):
                page.evaluate("window.__lat = []")
                for _ in range(max(args.runs, 15)):
                    page.keyboard.press(key)
                    page.wait_for_timeout(30)
                page.wait_for_function("window.__lat.length > 0")
                lat = [x / 1000 for x in page.evaluate("window.__lat")]
                rows.append((label, median_ms(lat), min(lat) * 1000, max(lat) * 1000, "keystroke"))
            page.wait_for_function("!document.getElementById('save-state').textContent.includes('Unsaved')")
            context.close()
            browser.close()
    finally:
        server.terminate()
    return rows


if __name__ == "__main__":
    main()
