"""A real `manage.py db_worker` killed with SIGKILL in the middle of a batch loses nothing.

The rest of the suite runs tasks at once (the immediate backend); here the tasks go to the
database queue of the test database and two real worker processes take them, the first
killed while it stores proposals. Recovery and a second worker must leave every article
proposed exactly once: one machine set each, none pending, no task left RUNNING.
PostgreSQL only: the worker processes need the test database from outside this process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Q
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from annotator.annotations.models import AnnotationSet, SetKind
from annotator.corpus.models import Article, ProposalStatus
from annotator.proposer.services import BATCH, articles_request_proposals
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 3 * BATCH  # three tasks: the kill lands in one, the others wait in the queue
NAMES = ["Maria Lopez", "Tom Becker", "Ana Silva", "Rob Chen", "Lena Fischer", "Omar Haddad"]


def _text(i: int) -> str:
    """A small invented article with a few quotes; each one different (duplicates are refused)."""
    name = NAMES[i % len(NAMES)]
    return (
        f"Report {i}. The council met on Tuesday to discuss the harbour plan. "
        f'"We will finish the new quay before the winter storms," {name} said after the vote. '
        f"{name.split()[0]} added that the budget of {i + 3} million euros was enough. "
        f'"Nobody asked the fishermen," said a local trader, who did not give his name. '
        f"According to the port authority, work starts in {i % 12 + 1} weeks."
    )


def _worker_env() -> dict[str, str]:
    db = connection.settings_dict
    user = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "annotator.settings",
        "DATABASE_URL": f"postgres://{user}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DEBUG": "0",
        "SECRET_KEY": "worker-crash-test-only-secret-key-0123456789-abcdefghij",
        "ALLOWED_HOSTS": "localhost",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "ANNOTATOR_SPACY_MODEL": django_settings.ANNOTATOR_SPACY_MODEL,
        "PYTHONUNBUFFERED": "1",
    }


def _start_worker(log: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", *extra],
        cwd=ROOT,
        env={**_worker_env(), **(env or {})},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def _machine_sets() -> int:
    return AnnotationSet.objects.filter(kind=SetKind.MACHINE).count()


@pytest.mark.spacy
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("recovery", ["recover_tasks", "worker start"])
def test_a_worker_killed_mid_batch_leaves_every_article_proposed_exactly_once(project, settings, tmp_path, recovery):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the worker processes share the test database (CI runs the suite there too)")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    ids = [ArticleFactory(project=project, text=_text(i)).pk for i in range(ARTICLES)]
    with transaction.atomic():  # the tasks are queued when this commits
        articles_request_proposals(article_ids=ids)
    assert DBTaskResult.objects.count() == ARTICLES // BATCH

    first = _start_worker(tmp_path / "worker1.log")
    try:
        deadline = time.monotonic() + 40
        while _machine_sets() == 0 and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)  # no clean-up of any kind, as with `kill -9`
    finally:
        first.kill()
        first.wait(10)
    assert first.returncode == -signal.SIGKILL, (tmp_path / "worker1.log").read_text()
    stored_before_crash = _machine_sets()
    pending = Article.objects.filter(proposal_status=ProposalStatus.PENDING).count()
    assert 0 < stored_before_crash < ARTICLES and pending == ARTICLES - stored_before_crash, (
        f"the kill did not land mid-batch: {stored_before_crash} stored, {pending} pending"
    )
    assert DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() == 1  # the dead worker's task

    if recovery == "recover_tasks":
        # The operator knows the worker is dead, so no need to wait for the timeout.
        call_command("recover_tasks", "--older-than", "0")
        assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()
        timeout = {}
    else:
        # No one runs anything: the next worker to start frees the work once it is older
        # than the timeout (one second here, so the test need not wait 15 minutes).
        time.sleep(1.2)
        timeout = {"ANNOTATOR_TASK_TIMEOUT": "1"}
    second = _start_worker(tmp_path / "worker2.log", "--batch", env=timeout)  # runs what is queued, then exits
    try:
        assert second.wait(45) == 0, (tmp_path / "worker2.log").read_text()
    finally:
        second.kill()
        second.wait(10)

    counts = Article.objects.annotate(sets=Count("annotation_sets", filter=Q(annotation_sets__kind=SetKind.MACHINE)))
    assert sorted(counts.values_list("sets", flat=True)) == [1] * ARTICLES
    assert set(Article.objects.values_list("proposal_status", flat=True)) == {ProposalStatus.PROPOSED}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
