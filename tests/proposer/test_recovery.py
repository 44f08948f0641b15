"""Proposer work survives dead workers and repeated requests: stuck articles, reclaimed
tasks, one machine set per request, coalesced re-runs."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from annotator.annotations.models import AnnotationSet, SetKind
from annotator.corpus.models import Article, ProposalStatus
from annotator.proposer import recovery, services
from annotator.proposer.tasks import propose_articles_task
from tests.factories import ArticleFactory

TEXT = '"We will rebuild the bridge by spring," said Maria Lopez, the county engineer.'
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_tasks(settings):
    """Tasks go to the database queue, as in production, instead of running at once."""
    settings.TASKS = DB_TASKS
    return settings


def _run_worker(monkeypatch) -> None:
    """django-tasks-db's own worker loop, in this process, until the queue is empty."""
    # The loop closes "old" connections between tasks as requests do; inside the test's
    # transaction that would close the test's own connection (PostgreSQL), so not here.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def _machine_sets(article) -> int:
    return AnnotationSet.objects.filter(article=article, kind=SetKind.MACHINE).count()


def _pending_since(project, *, minutes: int, text: str = TEXT):
    return ArticleFactory(
        project=project,
        text=text,
        proposal_status=ProposalStatus.PENDING,
        proposal_requested_at=timezone.now() - timedelta(minutes=minutes),
    )


@pytest.mark.spacy
@pytest.mark.django_db
def test_twenty_rerun_posts_queue_one_run_and_make_one_machine_set(
    project, reviewer, api_client, db_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    article = ArticleFactory(project=project, text=TEXT)
    api_client.force_authenticate(reviewer)
    codes = []
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(20):
            codes.append(api_client.post(f"/api/articles/{article.pk}/propose/").status_code)
    assert codes == [202] + [409] * 19
    refused = api_client.post(f"/api/articles/{article.pk}/propose/")
    assert "already queued" in refused.json()["detail"]
    assert DBTaskResult.objects.count() == 1
    _run_worker(monkeypatch)
    assert _machine_sets(article) == 1
    article.refresh_from_db()
    assert article.proposal_status == ProposalStatus.PROPOSED
    # Once it has run, a re-run may be asked for again.
    with django_capture_on_commit_callbacks(execute=True):
        assert api_client.post(f"/api/articles/{article.pk}/propose/").status_code == 202


@pytest.mark.django_db(transaction=True)
def test_concurrent_rerun_posts_queue_one_run(project, reviewer, db_tasks):
    """Ten reviewers' clicks at the same instant: the row lock lets one through."""
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions: runs on PostgreSQL (CI runs the suite there too)")
    article = ArticleFactory(project=project, text=TEXT)
    start = threading.Barrier(10)

    def post(_: int) -> int:
        client = APIClient()
        client.force_authenticate(reviewer)
        start.wait()
        try:
            return client.post(f"/api/articles/{article.pk}/propose/").status_code
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=10) as pool:
        codes = sorted(pool.map(post, range(10)))
    assert codes == [202] + [409] * 9
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_rerun_button_is_refused_with_409_while_a_run_is_pending(
    project, reviewer, db_tasks, django_capture_on_commit_callbacks
):
    article = ArticleFactory(project=project, text=TEXT)
    client = Client()
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/articles/{article.pk}/propose/").status_code == 302
        refused = client.post(f"/articles/{article.pk}/propose/")
    assert refused.status_code == 409
    assert "already queued for this article" in refused.content.decode()
    assert DBTaskResult.objects.count() == 1
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Proposer queued" in page and "proposals: pending" in page


@pytest.mark.django_db
def test_bulk_requests_skip_articles_already_pending_but_requeue_stuck_ones(
    project, db_tasks, django_capture_on_commit_callbacks
):
    fresh = ArticleFactory(project=project, text=TEXT)
    stuck = _pending_since(project, minutes=60, text=TEXT + " Again.")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.articles_request_proposals(article_ids=[fresh.pk]) == 1
        assert services.articles_request_proposals(article_ids=[fresh.pk, stuck.pk]) == 1
    queued = [row.args_kwargs["kwargs"]["article_ids"] for row in DBTaskResult.objects.order_by("enqueued_at")]
    assert queued == [[fresh.pk], [stuck.pk]]
    stuck.refresh_from_db()
    assert stuck.proposal_state == ProposalStatus.PENDING  # asked again just now: no longer stuck


@pytest.mark.django_db
def test_a_request_pending_past_the_timeout_shows_as_stuck(project, reviewer, api_client, settings):
    settings.ANNOTATOR_TASK_TIMEOUT = 600
    waiting = _pending_since(project, minutes=5)
    stuck = _pending_since(project, minutes=11, text=TEXT + " Later.")
    api_client.force_authenticate(reviewer)
    assert api_client.get(f"/api/articles/{waiting.pk}/").json()["proposal_status"] == "pending"
    assert api_client.get(f"/api/articles/{stuck.pk}/").json()["proposal_status"] == "stuck"
    listed = {
        row["id"]: row["proposal_status"]
        for row in api_client.get(f"/api/projects/{project.slug}/articles/").json()["results"]
    }
    assert listed == {waiting.pk: "pending", stuck.pk: "stuck"}
    client = Client()
    client.force_login(reviewer)
    assert "proposals: stuck" in client.get(stuck.get_absolute_url()).content.decode()
    assert "proposals stuck" in client.get(f"/projects/{project.slug}/").content.decode()


@pytest.mark.spacy
@pytest.mark.django_db
def test_a_reclaimed_task_proposes_each_article_once(
    project, db_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    """The dead worker stored the first article, then died: the task runs again for the rest."""
    articles = [ArticleFactory(project=project, text=f"{TEXT} Item {i}.") for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        services.articles_request_proposals(article_ids=[a.pk for a in articles])
    row = DBTaskResult.objects.get()
    row.claim("dead-worker")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - timedelta(hours=1))
    services.articles_propose(article_ids=[articles[0].pk], requested=True)  # what it got done
    assert recovery.proposals_recover() == {"reclaimed": 1, "given_up": 0, "requeued": 0}
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY
    _run_worker(monkeypatch)
    assert [_machine_sets(a) for a in articles] == [1, 1, 1]
    assert DBTaskResult.objects.get().return_value == {"proposed": 2, "failed": 0, "skipped": 1}
    assert not Article.objects.filter(proposal_status=ProposalStatus.PENDING).exists()


@pytest.mark.django_db
def test_recovery_leaves_running_tasks_within_the_timeout_alone(project, db_tasks, django_capture_on_commit_callbacks):
    article = ArticleFactory(project=project, text=TEXT)
    with django_capture_on_commit_callbacks(execute=True):
        services.articles_request_proposals(article_ids=[article.pk])
    DBTaskResult.objects.get().claim("live-worker")
    assert recovery.proposals_recover() == {"reclaimed": 0, "given_up": 0, "requeued": 0}
    assert DBTaskResult.objects.get().status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_task_whose_workers_keep_dying_is_given_up_with_a_reason(
    project, db_tasks, django_capture_on_commit_callbacks
):
    article = ArticleFactory(project=project, text=TEXT)
    with django_capture_on_commit_callbacks(execute=True):
        services.articles_request_proposals(article_ids=[article.pk])
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(hours=1),
        worker_ids=["w1", "w2", "w3"],
    )
    assert recovery.proposals_recover()["given_up"] == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED
    article.refresh_from_db()
    assert article.proposal_status == ProposalStatus.FAILED
    assert "stopped 3 times" in article.proposal_error


@pytest.mark.django_db
def test_a_stuck_article_no_task_names_is_queued_again(project, db_tasks, django_capture_on_commit_callbacks):
    orphan = _pending_since(project, minutes=60)
    with django_capture_on_commit_callbacks(execute=True):
        assert recovery.proposals_recover()["requeued"] == 1
        # A second worker recovering at the same moment finds it queued: nothing more.
        assert recovery.proposals_recover()["requeued"] == 0
    assert [row.args_kwargs["kwargs"]["article_ids"] for row in DBTaskResult.objects.all()] == [[orphan.pk]]


@pytest.mark.django_db
def test_recover_tasks_command_reports_what_it_did(project, db_tasks, capsys, django_capture_on_commit_callbacks):
    _pending_since(project, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_tasks")
        assert "0 stuck article(s) queued again" in capsys.readouterr().out
        call_command("recover_tasks", "--older-than", "0")
    assert "1 stuck article(s) queued again" in capsys.readouterr().out


@pytest.mark.django_db
def test_propose_articles_failed_also_takes_stuck_articles(
    project, db_tasks, capsys, django_capture_on_commit_callbacks
):
    stuck = _pending_since(project, minutes=60)
    _pending_since(project, minutes=1, text=TEXT + " Fresh.")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("propose_articles", "--project", project.slug, "--failed", "--enqueue")
    assert "Queued 1 article(s)" in capsys.readouterr().out
    assert [row.args_kwargs["kwargs"]["article_ids"] for row in DBTaskResult.objects.all()] == [[stuck.pk]]


@pytest.mark.spacy
@pytest.mark.django_db
def test_a_task_run_twice_for_one_request_stores_one_set(project, db_tasks, django_capture_on_commit_callbacks):
    article = ArticleFactory(project=project, text=TEXT)
    services.articles_propose(article_ids=[article.pk])
    with django_capture_on_commit_callbacks(execute=True):
        services.article_request_rerun(article=article)  # force: a second set is wanted, once
    kwargs = DBTaskResult.objects.get().args_kwargs["kwargs"]
    propose_articles_task.call(**kwargs)
    propose_articles_task.call(**kwargs)
    assert _machine_sets(article) == 2
