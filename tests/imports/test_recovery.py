"""A background import whose worker dies is marked failed, not left "running" for good.

The worker's death is played in this process: an exception no handler of the importer
catches (as none runs on SIGKILL) is raised while a file is being written, after its first
chunk of articles was inserted, so the file's transaction rolls back as the database rolls
back a dead connection's; the `finally` that removes the kept upload is held off, as a
killed process never runs it. The job and its task are then left RUNNING, as a real kill
leaves them.
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from annotator.corpus.models import Article
from annotator.imports import jobs, services
from annotator.imports.jobs import import_job_create, import_job_run, job_directory
from annotator.imports.models import ImportJob, ImportJobStatus
from annotator.imports.recovery import WORKER_LOST
from annotator.imports.services import CHUNK_ARTICLES
from tests.factories import MembershipFactory, UserFactory

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
BIG = CHUNK_ARTICLES * 2 + 50  # three chunks: the kill lands after the first is inserted
NOTHING_WRITTEN = "The worker stopped while importing; nothing was written; import the file again."


class WorkerKilled(BaseException):
    """The worker's death: not an `Exception`, so the importer's handlers let it through."""


def jsonl(prefix: str, n: int) -> bytes:
    return "".join(json.dumps({"text": f"{prefix} article {i} says little."}) + "\n" for i in range(n)).encode()


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS
    settings.ANNOTATOR_IMPORT_SYNC_BYTES = 10
    return settings


@pytest.fixture
def manager_client(project):
    user = UserFactory(username="desk")
    MembershipFactory(project=project, user=user, role="manager")
    client = Client()
    client.force_login(user)
    return client


def _queue(project, django_capture_on_commit_callbacks, *files) -> ImportJob:
    """An upload kept and its task queued in the database, claimed by a worker as it starts it."""
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(project=project, files=[SimpleUploadedFile(n, b) for n, b in files])
    row = DBTaskResult.objects.get()
    row.claim("worker-that-dies")
    return job


def _die_while_writing(monkeypatch, project, *, in_file: str) -> dict:
    """Kill the worker after the first chunk of `in_file` is inserted; what it saw then."""
    seen = {}
    write_chunk = services._write_chunk

    def dying(*, name, **kwargs):
        write_chunk(name=name, **kwargs)
        if name == in_file:
            seen["articles_inserted"] = Article.objects.filter(project=project).count()
            raise WorkerKilled

    monkeypatch.setattr(services, "_write_chunk", dying)
    monkeypatch.setattr(jobs.shutil, "rmtree", lambda *a, **k: None)  # SIGKILL runs no `finally`
    return seen


def _age(job: ImportJob, minutes: int) -> None:
    """Move the job's start and its last progress `minutes` back (update() leaves updated_at be)."""
    then = timezone.now() - timedelta(minutes=minutes)
    ImportJob.objects.filter(pk=job.pk).update(started_at=then, updated_at=then)
    DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).update(started_at=then)


@pytest.mark.django_db
def test_an_import_whose_worker_died_is_marked_failed_with_nothing_written(
    project, db_tasks, manager_client, monkeypatch, capsys, django_capture_on_commit_callbacks
):
    job = _queue(project, django_capture_on_commit_callbacks, ("big.jsonl", jsonl("Big", BIG)))
    seen = _die_while_writing(monkeypatch, project, in_file="big.jsonl")
    with pytest.raises(WorkerKilled):
        import_job_run(job_id=job.pk)
    monkeypatch.undo()
    job.refresh_from_db()
    # What a dead worker leaves: the job running, its upload on disk, and the file's rows,
    # inserted before the kill, rolled back with its transaction.
    assert seen["articles_inserted"] == CHUNK_ARTICLES
    assert job.status == ImportJobStatus.RUNNING and job_directory(job).exists()
    assert Article.objects.filter(project=project).count() == 0

    # Within the timeout recovery leaves it alone: the worker may only be slow.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_tasks")
    assert "0 background import(s)" in capsys.readouterr().out
    assert ImportJob.objects.get(pk=job.pk).status == ImportJobStatus.RUNNING

    _age(job, minutes=16)  # ANNOTATOR_TASK_TIMEOUT is 15 minutes
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_tasks")
    assert "1 background import(s) whose worker stopped marked failed." in capsys.readouterr().out
    job.refresh_from_db()
    assert (job.status, job.error, job.report, job.step) == (ImportJobStatus.FAILED, NOTHING_WRITTEN, None, "")
    assert job.finished_at is not None
    assert not job_directory(job).exists()  # the kept upload is removed
    assert Article.objects.filter(project=project).count() == 0  # still nothing written
    task = DBTaskResult.objects.get()
    assert (task.status, task.exception_class_path) == (TaskResultStatus.FAILED, WORKER_LOST)

    api = manager_client.get(f"/api/import-jobs/{job.pk}/").json()
    assert (api["status"], api["error"], api["report"]) == ("failed", NOTHING_WRITTEN, None)
    page = manager_client.get(f"/import-jobs/{job.pk}/").content.decode()
    assert 'data-status="failed"' in page and NOTHING_WRITTEN in page and "<progress" not in page
    listing = manager_client.get(f"/projects/{project.slug}/import/").content.decode()
    assert "Failed" in listing and NOTHING_WRITTEN in listing

    # Running recovery again finds nothing more to do.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_tasks", "--older-than", "0")
    assert "0 background import(s)" in capsys.readouterr().out


@pytest.mark.django_db
def test_files_written_before_the_worker_died_are_reported_and_the_rest_named(
    project, db_tasks, manager_client, monkeypatch, django_capture_on_commit_callbacks
):
    job = _queue(
        project,
        django_capture_on_commit_callbacks,
        ("first.jsonl", jsonl("First", 30)),
        ("second.jsonl", jsonl("Second", BIG)),
    )
    _die_while_writing(monkeypatch, project, in_file="second.jsonl")
    with pytest.raises(WorkerKilled):
        import_job_run(job_id=job.pk)
    monkeypatch.undo()
    assert Article.objects.filter(project=project).count() == 30  # the first file, committed whole
    _age(job, minutes=16)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_tasks")
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert job.error == (
        "The worker stopped while importing; 1 of 2 files were written before it stopped (see the report), "
        "nothing of the others was written; import them again: second.jsonl."
    )
    assert [(f["file"], f["imported"]) for f in job.report["files"]] == [("first.jsonl", 30)]
    page = manager_client.get(f"/import-jobs/{job.pk}/").content.decode()
    assert "import-report" in page and "first.jsonl" in page and "import them again: second.jsonl" in page


@pytest.mark.django_db
def test_a_long_import_still_moving_is_not_taken_for_dead(project, db_tasks, django_capture_on_commit_callbacks):
    job = _queue(project, django_capture_on_commit_callbacks, ("slow.jsonl", jsonl("Slow", 3)))
    an_hour_ago = timezone.now() - timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING, started_at=an_hour_ago)
    jobs._ProgressRecorder(ImportJob.objects.get(pk=job.pk))("checking", "slow.jsonl", 1, 10)  # progress now
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_tasks")
    job.refresh_from_db()
    assert job.status == ImportJobStatus.RUNNING and job_directory(job).exists()
    # No worker will finish it: remove its upload, or a later test's job of the same id finds it.
    shutil.rmtree(job_directory(job))


@pytest.mark.django_db(transaction=True)
def test_a_worker_starting_fails_the_import_its_predecessor_left(project, db_tasks, settings):
    """`db_worker` runs the importer's recovery before its first task, as the proposer's."""
    settings.TASKS = {"default": {**DB_TASKS["default"], "QUEUES": ["nothing-queued-here"]}}
    job = ImportJob.objects.create(
        project=project, status=ImportJobStatus.RUNNING, files=[{"name": "a.jsonl", "size": 5, "stored": True}]
    )
    job_directory(job).mkdir(parents=True, exist_ok=True)
    (job_directory(job) / "0").write_bytes(b"{}\n")
    _age(job, minutes=16)
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", "--queue-name", "nothing-queued-here")
    job.refresh_from_db()
    assert (job.status, job.error) == (ImportJobStatus.FAILED, NOTHING_WRITTEN)
    assert not job_directory(job).exists()


KILL_MID_FILE = """
import os, signal, sys
import django
django.setup()
from annotator.imports import jobs, services

write_chunk = services._write_chunk

def write_then_die(**kwargs):
    write_chunk(**kwargs)
    os.kill(os.getpid(), signal.SIGKILL)  # the first chunk inserted, its transaction open

services._write_chunk = write_then_die
jobs.import_job_run(job_id=int(sys.argv[1]))
"""


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_with_sigkill_mid_file_wrote_nothing(project, db_tasks, settings, tmp_path):
    """The claim itself, with a real process killed while the file's transaction is open.
    PostgreSQL only: the process needs the test database from outside this one."""
    import subprocess
    import sys

    from django.db import connection

    from tests.proposer.test_worker_crash import ROOT, _worker_env

    if connection.vendor != "postgresql":
        pytest.skip("the killed process must reach the test database: PostgreSQL")
    job = import_job_create(project=project, files=[SimpleUploadedFile("big.jsonl", jsonl("Big", BIG))])
    env = {
        **_worker_env(),
        "ANNOTATOR_PROPOSE_ON_IMPORT": "0",
        "ANNOTATOR_IMPORT_ROOT": str(settings.ANNOTATOR_IMPORT_ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", KILL_MID_FILE, str(job.pk)], cwd=ROOT, env=env, capture_output=True, timeout=120
    )
    assert done.returncode == -9, done.stderr.decode()[-2000:]
    job.refresh_from_db()
    assert job.status == ImportJobStatus.RUNNING and job_directory(job).exists()
    assert Article.objects.filter(project=project).count() == 0  # the dead connection's rows rolled back
    call_command("recover_tasks", "--older-than", "0")
    job.refresh_from_db()
    assert (job.status, job.error) == (ImportJobStatus.FAILED, NOTHING_WRITTEN)
    assert not job_directory(job).exists()
