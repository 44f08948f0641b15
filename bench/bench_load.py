"""Load benchmark: many annotators working at once against gunicorn on PostgreSQL.

    python bench/bench_load.py [--users 50] [--duration 60] [--closed-loop] [--port 8121]
                               [--database-url postgres://postgres@127.0.0.1:5432/annotator_bench_load]

Sets up its own database (dropped and created again, then migrated), a project with one
logged-in annotator per simulated user and `--articles` articles assigned to each (each
with a machine set of proposals), collects the static files into a temporary folder and
starts gunicorn (`--workers` sync workers, loopback only, DEBUG off, a generated
SECRET_KEY). The client is asyncio + httpx: each annotator logs in through the login page,
then repeats, pausing 1-3 s between actions (none with `--closed-loop`, the maximum):
the article list, the editor page, `GET` of their annotation, an autosave `PATCH` of one
quote, a `PUT` of all quotes, and `submit` (then the next article; the last one is never
submitted, so a long run keeps editing it).

Requests carry `X-Forwarded-Proto: https`, as from the TLS proxy in front of a production
deployment (the settings trust that header), so the production settings run unchanged.

Prints requests/s, p50/p95/p99 per request type and the errors (409 answers are counted
apart: under races they are the optimistic locking working). Afterwards it checks every
write the server accepted against the database: each set's version must have moved by
the number of writes accepted for it and its quotes must be in the last state the server
acknowledged. Targets with pauses: p95 < 300 ms, no errors, no lost writes. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench_editor import build_article, store_machine_set  # noqa: E402  (a sibling script)

PASSWORD = "bench-load-password"
ACTIONS = ["list", "editor", "get", "patch", "put", "submit"]
WRITES = {"patch", "put", "submit"}
TARGET_P95_MS = 300
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Stats:
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    conflicts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    # Per annotation set id: writes the server accepted, and the last state it acknowledged.
    accepted: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    acked: dict[int, dict] = field(default_factory=dict)
    first_version: dict[int, int] = field(default_factory=dict)
    unknown: set[int] = field(default_factory=set)  # sets where a write ended in an error
    elapsed: float = 0.0
    load_before: float = 0.0  # the machine's 1-minute load average when the load started


# --- set-up (Django in this process, before the load starts) -------------------------


def database_create(url: str) -> None:
    """Drop and create the benchmark's own database, through the server's `postgres` database."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise SystemExit(f"Database name {name!r}: letters, digits and _ only.")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def data_create(*, users: int, articles: int, words: int, quotes: int) -> tuple[str, list[dict]]:
    """The project, its annotators and their assigned articles; returns the slug and users."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from annotator.accounts.models import Membership, Project, Role, User
    from annotator.annotations.services.assignments import assignments_create
    from annotator.corpus.models import Article

    call_command("migrate", verbosity=0)
    project = Project.objects.create(name="Load", slug="load", annotators_per_article=1)
    manager = User.objects.create_user(username="load-manager")
    Membership.objects.create(project=project, user=manager, role=Role.MANAGER)
    hashed = make_password(PASSWORD)  # one hash for all: the server still checks each login
    people = []
    for u in range(users):
        user = User.objects.create(username=f"annotator{u:03d}", password=hashed)
        Membership.objects.create(project=project, user=user, role=Role.ANNOTATOR)
        ids = []
        for a in range(articles):
            text, records = build_article(words, quotes, seed=u * 1000 + a)
            article = Article.objects.create(project=project, title=f"Load {u}-{a}", text=text)
            store_machine_set(article, records)
            ids.append(article.pk)
        assignments_create(project=project, by=manager, article_ids=ids, users=[user.pk])
        people.append({"username": user.username, "articles": ids})
    return project.slug, people


def writes_check(stats: Stats) -> tuple[int, int, int]:
    """(accepted writes, stored writes, sets whose stored quotes differ from the last ack)."""
    from annotator.annotations.models import AnnotationSet

    accepted = stored = mismatched = 0
    for set_id, count in stats.accepted.items():
        if set_id in stats.unknown:
            continue
        annotation_set = AnnotationSet.objects.get(pk=set_id)
        accepted += count
        stored += annotation_set.version - stats.first_version[set_id]
        ack = stats.acked[set_id]
        in_db = dict(annotation_set.quotes.values_list("pk", "status"))
        if annotation_set.version != ack["version"] or in_db != ack["statuses"]:
            mismatched += 1
    return accepted, stored, mismatched


# --- the server ------------------------------------------------------------------------


def server_start(*, port: int, workers: int, env: dict, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "annotator.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login/", headers=PROXY, timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on port {port} within 60 s:\n{log.read_text()[-3000:]}")


# --- the simulated annotators ----------------------------------------------------------

PROXY = {"X-Forwarded-Proto": "https"}


class Annotator:
    """One person at the keyboard: their own session, their own articles."""

    def __init__(self, *, base: str, slug: str, person: dict, stats: Stats, closed_loop: bool) -> None:
        import httpx

        self.base, self.slug, self.stats, self.closed_loop = base, slug, stats, closed_loop
        self.username, self.articles = person["username"], list(person["articles"])
        self.cookies: dict[str, str] = {}
        self.client = httpx.AsyncClient(base_url=base, timeout=30, headers={**PROXY, "Origin": _https(base)})
        self.version = 0
        self.set_id = 0
        self.quotes: list[dict] = []

    def _headers(self, write: bool = False) -> dict:
        # The session and CSRF cookies are Secure (production settings): a client behind the
        # TLS proxy would send them; over loopback http they are sent by hand.
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if write:
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        return headers

    def _keep_cookies(self, response) -> None:
        for name in ("sessionid", "csrftoken"):
            if name in response.cookies:
                self.cookies[name] = response.cookies[name]

    async def login(self) -> None:
        page = await self.client.get("/login/", headers=self._headers())
        self._keep_cookies(page)
        token = CSRF_INPUT.search(page.text).group(1)
        response = await self.client.post(
            "/login/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={**self._headers(), "Referer": _https(self.base) + "/login/"},
        )
        self._keep_cookies(response)
        if response.status_code != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login of {self.username} failed: {response.status_code} {response.text[:300]}")

    async def request(self, action: str, method: str, url: str, **kwargs):
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, headers=self._headers(method != "GET"), **kwargs)
        except Exception as exc:  # a dropped connection or a timeout is an error, like a 5xx
            self._error(action, f"{action} {url}: {type(exc).__name__}: {exc}")
            return None
        self.stats.latency[action].append(time.perf_counter() - started)
        if response.status_code == 409:
            self.stats.conflicts[action] += 1
            return None
        if response.status_code >= 400:
            self._error(action, f"{action} {url}: {response.status_code} {response.text[:200]}")
            return None
        return response

    def _error(self, action: str, sample: str) -> None:
        self.stats.errors[action] += 1
        if action in WRITES and self.set_id:
            self.stats.unknown.add(self.set_id)  # whether it was stored is unknown: not checked
        if len(self.stats.error_samples) < 10:
            self.stats.error_samples.append(sample)

    def _ack(self, body: dict, quotes: list[dict] | None = None) -> None:
        self.version = body["version"]
        if quotes is not None:
            self.quotes = quotes
        self.stats.accepted[self.set_id] += 1
        self.stats.acked[self.set_id] = {
            "version": self.version,
            "statuses": {q["id"]: q["status"] for q in self.quotes},
        }

    async def pause(self) -> None:
        await asyncio.sleep(0 if self.closed_loop else random.uniform(1, 3))

    async def run(self, until: float) -> None:
        while time.monotonic() < until:
            article = self.articles[0]
            for action in ACTIONS:
                if time.monotonic() >= until:
                    return
                await getattr(self, f"do_{action}")(article)
                await self.pause()
            if len(self.articles) > 1:
                self.articles.pop(0)

    async def do_list(self, article: int) -> None:
        await self.request("list", "GET", f"/projects/{self.slug}/")

    async def do_editor(self, article: int) -> None:
        await self.request("editor", "GET", f"/articles/{article}/")

    async def do_get(self, article: int) -> None:
        response = await self.request("get", "GET", f"/api/articles/{article}/annotation/")
        if response is not None:
            body = response.json()
            self.set_id, self.version, self.quotes = body["id"], body["version"], body["quotes"]
            self.stats.first_version.setdefault(self.set_id, self.version)
            self.stats.acked.setdefault(
                self.set_id, {"version": self.version, "statuses": {q["id"]: q["status"] for q in self.quotes}}
            )

    async def do_patch(self, article: int) -> None:
        if not self.quotes:
            return
        i = random.randrange(len(self.quotes))
        quote = dict(self.quotes[i], status="accepted" if self.quotes[i]["status"] != "accepted" else "rejected")
        response = await self.request(
            "patch", "PATCH", f"/api/articles/{article}/annotation/", json={"version": self.version, "quotes": [quote]}
        )
        if response is not None:
            body = response.json()
            written = {q["id"]: q for q in body["quotes"]}
            self._ack(body, [written.get(q["id"], q) for q in self.quotes])
        else:
            await self.do_get(article)  # reload, as the editor does after a refused save

    async def do_put(self, article: int) -> None:
        quotes = [dict(q, status="accepted") if q["status"] == "proposed" else q for q in self.quotes]
        response = await self.request(
            "put", "PUT", f"/api/articles/{article}/annotation/", json={"version": self.version, "quotes": quotes}
        )
        if response is not None:
            body = response.json()
            self._ack(body, body["quotes"])
        else:
            await self.do_get(article)

    async def do_submit(self, article: int) -> None:
        if len(self.articles) == 1:
            return  # the last article stays open, so a long run keeps editing it
        response = await self.request(
            "submit", "POST", f"/api/articles/{article}/annotation/submit/", json={"version": self.version}
        )
        if response is not None:
            self._ack(response.json(), response.json()["quotes"])


def _https(base: str) -> str:
    return base.replace("http://", "https://", 1)


async def load_run(*, base: str, slug: str, people: list[dict], duration: float, closed_loop: bool) -> Stats:
    stats = Stats()
    annotators = [Annotator(base=base, slug=slug, person=p, stats=stats, closed_loop=closed_loop) for p in people]
    logins = asyncio.Semaphore(8)  # logins are slow on purpose (password hashing): not all at once

    async def login(a: Annotator) -> None:
        async with logins:
            await a.login()

    await asyncio.gather(*(login(a) for a in annotators))
    stats.load_before = os.getloadavg()[0]
    started = time.monotonic()
    until = started + duration
    # Start spread over the first seconds, as people do, unless measuring the maximum.
    await asyncio.gather(*(_delayed(a, until, 0 if closed_loop else random.uniform(0, 3)) for a in annotators))
    stats.elapsed = time.monotonic() - started
    await asyncio.gather(*(a.client.aclose() for a in annotators))
    return stats


async def _delayed(annotator: Annotator, until: float, delay: float) -> None:
    await asyncio.sleep(delay)
    await annotator.run(until)


def report(stats: Stats, *, args: argparse.Namespace, lost: tuple[int, int, int]) -> None:
    total = sum(len(v) for v in stats.latency.values())
    errors = sum(stats.errors.values())
    mode = "closed loop (no pauses)" if args.closed_loop else "pauses of 1-3 s"
    print(
        f"\n{args.users} annotators, {mode}, {stats.elapsed:.0f} s, gunicorn {args.workers} sync workers, "
        f"PostgreSQL; {os.cpu_count()} CPUs, shared with whatever else runs on this machine "
        f"(load average {stats.load_before:.1f} before, {os.getloadavg()[0]:.1f} after)"
    )
    print(f"{total:,} requests, {total / stats.elapsed:.1f} requests/s\n")
    print(f"{'request':<10} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'409':>5}")
    all_samples = []
    for action in ACTIONS:
        samples = sorted(stats.latency.get(action, []))
        all_samples += samples
        if not samples:
            continue
        print(
            f"{action:<10} {len(samples):>7} {_pct(samples, 50):>8.1f} {_pct(samples, 95):>8.1f} "
            f"{_pct(samples, 99):>8.1f} {stats.errors.get(action, 0):>7} {stats.conflicts.get(action, 0):>5}"
        )
    all_samples.sort()
    p95 = _pct(all_samples, 95)
    print(f"{'all':<10} {len(all_samples):>7} {_pct(all_samples, 50):>8.1f} {p95:>8.1f} {_pct(all_samples, 99):>8.1f} "
          f"{errors:>7} {sum(stats.conflicts.values()):>5}")  # fmt: skip
    accepted, stored, mismatched = lost
    print(
        f"\nWrites accepted by the server: {accepted:,}; found in the database: {stored:,}; "
        f"sets whose quotes differ from the last acknowledged state: {mismatched} "
        f"(sets left unchecked after an error: {len(stats.unknown)})"
    )
    for sample in stats.error_samples:
        print(f"  error: {sample}")
    if not args.closed_loop:
        ok = p95 < TARGET_P95_MS and errors == 0 and accepted == stored and mismatched == 0
        print(f"\nTarget (p95 < {TARGET_P95_MS} ms, 0 errors, 0 lost writes): {'met' if ok else 'MISSED'}")


def _pct(samples: list[float], q: int) -> float:
    if not samples:
        return 0.0
    if len(samples) == 1:
        return samples[0] * 1000
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--closed-loop", action="store_true", help="no pauses: the maximum the server takes")
    parser.add_argument("--articles", type=int, default=10, help="articles assigned to each annotator")
    parser.add_argument("--words", type=int, default=600, help="words per article")
    parser.add_argument("--quotes", type=int, default=8, help="proposed quotes per article")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8121)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/annotator_bench_load"),
        help="a PostgreSQL database of its own: it is dropped and created again",
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "annotator.settings",
        "DATABASE_URL": args.database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp / "static"),
        "ANNOTATOR_PROPOSE_ON_IMPORT": "0",
    }
    os.environ.update(env)
    server = None
    try:
        database_create(args.database_url)
        print(f"Setting up {args.users} annotators with {args.articles} articles each ...", flush=True)
        slug, people = data_create(users=args.users, articles=args.articles, words=args.words, quotes=args.quotes)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per request
        server = server_start(port=args.port, workers=args.workers, env=env, log=tmp / "gunicorn.log")
        print(f"Logging in and running for {args.duration:.0f} s ...", flush=True)
        stats = asyncio.run(
            load_run(
                base=f"http://127.0.0.1:{args.port}",
                slug=slug,
                people=people,
                duration=args.duration,
                closed_loop=args.closed_loop,
            )
        )
        report(stats, args=args, lost=writes_check(stats))
        return 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
