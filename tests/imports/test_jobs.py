"""Background imports: large uploads go to a task worker, with progress, and stay atomic."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from annotator.corpus.models import Article
from annotator.imports import api as imports_api
from annotator.imports.jobs import _ProgressRecorder, import_job_run, job_directory
from annotator.imports.models import ImportJob, ImportJobStatus
from annotator.imports.services import article_import_files
from tests.factories import MembershipFactory, ProjectFactory, UserFactory


def jsonl(n: int, start: int = 0) -> bytes:
    return "".join(
        json.dumps({"id": f"a{i}", "text": f"Article number {i} says little."}) + "\n" for i in range(start, n)
    ).encode()


@pytest.fixture
def background(settings):
    """Every upload over 10 bytes is imported in the background."""
    settings.ANNOTATOR_IMPORT_SYNC_BYTES = 10


def upload(manager_api, project, *files):
    return manager_api.post(
        f"/api/projects/{project.slug}/articles/import/", {"files": list(files)}, format="multipart"
    )


@pytest.mark.django_db
def test_a_large_upload_answers_202_and_its_job_reports_the_import(
    manager_api, project, background, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the immediate test backend runs the task
        response = upload(manager_api, project, SimpleUploadedFile("a.jsonl", jsonl(3)))
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending" and body["files"] == [{"name": "a.jsonl", "size": len(jsonl(3))}]
    assert response["Location"] == body["url"]
    job = manager_api.get(body["url"]).json()
    assert (job["status"], job["progress"], job["error"]) == ("done", 100, "")
    assert job["report"]["imported"] == 3 and job["report"]["files"][0]["status"] == "imported"
    assert Article.objects.filter(project=project).count() == 3
    assert not job_directory(ImportJob.objects.get()).exists()  # the kept upload is removed


@pytest.mark.django_db
def test_a_rejected_file_in_the_background_writes_nothing_and_lists_its_errors(
    manager_api, project, background, django_capture_on_commit_callbacks
):
    bad = jsonl(4) + b'{"title": "no text"}\n'
    with django_capture_on_commit_callbacks(execute=True):
        body = upload(
            manager_api, project, SimpleUploadedFile("bad.jsonl", bad), SimpleUploadedFile("ok.txt", b"Fine text.")
        ).json()
    report = manager_api.get(body["url"]).json()["report"]
    assert [f["status"] for f in report["files"]] == ["rejected", "imported"]
    assert report["files"][0]["errors"] == [{"file": "bad.jsonl", "line": 5, "message": "text is missing"}]
    assert list(Article.objects.values_list("text", flat=True)) == ["Fine text."]


@pytest.mark.django_db
def test_a_small_upload_is_still_imported_at_once(manager_api, project):
    response = upload(manager_api, project, SimpleUploadedFile("a.jsonl", jsonl(2)))
    assert response.status_code == 201 and response.json()["imported"] == 2
    assert ImportJob.objects.count() == 0


@pytest.mark.django_db
def test_an_upload_over_the_limit_is_not_kept_and_is_rejected_by_its_size(
    manager_api, project, background, settings, django_capture_on_commit_callbacks
):
    settings.ANNOTATOR_MAX_UPLOAD_BYTES = 50
    files = [SimpleUploadedFile("big.jsonl", jsonl(5)), SimpleUploadedFile("ok.txt", b"A short text.")]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        body = upload(manager_api, project, *files).json()
    job = ImportJob.objects.get(pk=body["id"])
    assert [f["stored"] for f in job.files] == [False, True]
    assert [p.name for p in job_directory(job).iterdir()] == ["1"]
    callbacks[0]()
    report = manager_api.get(body["url"]).json()["report"]
    assert report["files"][0]["errors"][0]["message"] == f"file is {len(jsonl(5)):,} bytes; the limit is 50"
    assert report["imported"] == 1


@pytest.mark.django_db
def test_an_upload_made_only_of_files_over_the_limit_is_rejected_at_once(manager_api, project, background, settings):
    settings.ANNOTATOR_MAX_UPLOAD_BYTES = 50
    response = upload(manager_api, project, SimpleUploadedFile("big.jsonl", jsonl(5)))
    assert response.status_code == 400 and "the limit is 50" in response.json()["files"][0]["errors"][0]["message"]
    assert ImportJob.objects.count() == 0


@pytest.mark.django_db
def test_a_job_runs_once(project, manager, settings, django_capture_on_commit_callbacks):
    from annotator.imports.jobs import import_job_create

    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_create(project=project, files=[SimpleUploadedFile("a.jsonl", jsonl(2))], user=manager)
    assert import_job_run(job_id=job.pk).status == ImportJobStatus.DONE
    ImportJob.objects.filter(pk=job.pk).update(report=None)
    assert import_job_run(job_id=job.pk).report is None  # the second run did nothing
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_uploads_reach_the_importer_as_files_on_disk(manager_api, project, monkeypatch):
    seen = []

    def spy(**kwargs):
        seen.extend(type(f) for f in kwargs["files"])
        return article_import_files(**kwargs)

    monkeypatch.setattr(imports_api, "article_import_files", spy)
    upload(manager_api, project, SimpleUploadedFile("a.txt", b"Tiny."))
    assert seen == [TemporaryUploadedFile]


@pytest.mark.django_db
def test_the_page_sends_a_large_upload_to_its_job_page_which_shows_the_report(
    project, background, django_capture_on_commit_callbacks
):
    user = UserFactory(username="desk-manager")
    MembershipFactory(project=project, user=user, role="manager")
    client = Client()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            f"/projects/{project.slug}/import/", {"files": [SimpleUploadedFile("a.jsonl", jsonl(3))]}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/import-jobs/{job.pk}/"
    pending = client.get(response["Location"]).content.decode()
    assert 'data-status="pending"' in pending and "<progress" in pending and "imports/js/import-job.js" in pending
    callbacks[0]()
    done = client.get(response["Location"]).content.decode()
    assert "import-report" in done and "<progress" not in done and "a.jsonl" in done
    listing = client.get(f"/projects/{project.slug}/import/").content.decode()
    assert f"/import-jobs/{job.pk}/" in listing and "3 imported" in listing


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_import(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.ANNOTATOR_IMPORT_SYNC_BYTES = 10
    project = ProjectFactory(slug="queue")
    user = UserFactory(username="queue-manager")
    MembershipFactory(project=project, user=user, role="manager")
    client = Client()
    client.force_login(user)
    client.post(f"/api/projects/{project.slug}/articles/import/", {"files": [SimpleUploadedFile("q.jsonl", jsonl(4))]})
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.PENDING and Article.objects.count() == 0
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay")
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and job.report["imported"] == 4
    assert Article.objects.filter(project=project).count() == 4


@pytest.mark.django_db(transaction=True)
def test_progress_written_during_the_import_transaction_is_seen_at_once_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL takes a second writer while the import's transaction is open")
    job = ImportJob.objects.create(project=ProjectFactory(), files=[{"name": "a.jsonl", "size": 100, "stored": True}])
    recorder = _ProgressRecorder(job)
    with pytest.raises(RuntimeError), transaction.atomic():
        recorder("writing", "a.jsonl", 50, 100)  # half of the second reading: 75% of the job
        raise RuntimeError("the import's transaction rolls back")
    recorder.close()
    job.refresh_from_db()
    assert (job.step, job.current_file, job.progress) == ("writing", "a.jsonl", 75)


@pytest.mark.django_db(transaction=True)
def test_progress_while_a_file_is_checked_is_stored_at_once():
    job = ImportJob.objects.create(project=ProjectFactory(), files=[{"name": "a.jsonl", "size": 100, "stored": True}])
    recorder = _ProgressRecorder(job)
    recorder("checking", "a.jsonl", 40, 100)  # outside any transaction, as in the worker
    job.refresh_from_db()
    assert (job.step, job.progress) == ("checking", 20)
