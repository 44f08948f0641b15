"""Background imports: keep the upload on disk, queue a task, import it with progress.

An upload larger than `ANNOTATOR_IMPORT_SYNC_BYTES` is not imported during the request:
`import_job_create` copies its files (already on disk, Django's temporary files) under
`ANNOTATOR_IMPORT_ROOT` and queues `import_job_task`, which calls `import_job_run`. The
import itself is `services.article_import_files`, with the same promise: each file is
checked whole and written in one transaction, or rejected with nothing written.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from annotator.core.errors import DomainError
from annotator.imports.annotation_import import (
    annotations_import,
    annotations_read,
    import_errors,
    mapping_for,
    safe_filename,
)
from annotator.imports.models import ImportJob, ImportJobStatus, ImportKind, ImportStep
from annotator.imports.readers import FileSource
from annotator.imports.services import ImportReport, article_import_files
from annotator.imports.tasks import import_job_task as _import_task
from annotator.interchange.foreign import ForeignFormatError

logger = logging.getLogger(__name__)


def import_in_background(files: Sequence[UploadedFile]) -> bool:
    """Whether an upload is large enough to be imported by a worker rather than at once.

    Files over the upload limit do not count: they are rejected unread, which needs no worker.
    """
    limit = settings.ANNOTATOR_MAX_UPLOAD_BYTES
    return sum(f.size for f in files if f.size <= limit) > settings.ANNOTATOR_IMPORT_SYNC_BYTES


def job_directory(job: ImportJob) -> Path:
    return Path(settings.ANNOTATOR_IMPORT_ROOT) / f"job-{job.pk}"


@transaction.atomic
def import_job_create(*, project, files: Sequence[UploadedFile], user=None) -> ImportJob:
    """Keep the uploaded files on disk and queue their import (after the transaction commits).

    A file over `ANNOTATOR_MAX_UPLOAD_BYTES` is not kept: the import rejects it by its size.
    """
    job = ImportJob.objects.create(project=project, created_by=user)
    directory = job_directory(job)
    directory.mkdir(parents=True, exist_ok=True)
    entries = []
    try:
        for index, upload in enumerate(files):
            stored = upload.size <= settings.ANNOTATOR_MAX_UPLOAD_BYTES
            if stored:
                # Stored under its position, never its name: an uploaded name is no path.
                with open(directory / str(index), "wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
            entries.append({"name": upload.name, "size": upload.size, "stored": stored})
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    job.files = entries
    job.save(update_fields=["files", "updated_at"])
    transaction.on_commit(lambda: _import_task.enqueue(job_id=job.pk))
    return job


@transaction.atomic
def annotation_import_job_create(*, project, upload: UploadedFile, options: dict, user=None) -> ImportJob:
    """Keep another tool's export on disk and queue its import (`options`: format, mode, mapping,
    members, create_members, as `annotation_import.annotations_import` takes them)."""
    job = ImportJob.objects.create(project=project, created_by=user, kind=ImportKind.ANNOTATIONS, options=options)
    directory = job_directory(job)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        with open(directory / safe_filename(upload.name), "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    job.files = [{"name": upload.name, "size": upload.size, "stored": True}]
    job.save(update_fields=["files", "updated_at"])
    transaction.on_commit(lambda: _import_task.enqueue(job_id=job.pk))
    return job


def _sources(job: ImportJob) -> list[FileSource]:
    directory = job_directory(job)
    sources = []
    for index, entry in enumerate(job.files):
        if entry["stored"]:
            sources.append(FileSource.from_path(directory / str(index), name=entry["name"]))
        else:  # rejected by its size before it is opened
            sources.append(FileSource(entry["name"], entry["size"], lambda: open(directory / "not-kept", "rb")))
    return sources


class _ProgressRecorder:
    """Stores a job's step, file and percent whenever one of them changes.

    While a file is checked no transaction is open, and an update is seen at once. While
    it is written, the import's transaction would hide updates made through its own
    connection until the end, so on PostgreSQL they go through a second connection. SQLite
    takes one writer at a time: there the page shows the writing step, and the percent
    moves on when the file is written.
    """

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.total = 2 * sum(entry["size"] for entry in job.files) or 1
        self.before = 0  # bytes of the files already imported, each counted twice
        self.last: tuple | None = None
        self._side = None

    def __call__(self, step: str, name: str, done: int, size: int) -> None:
        position = self.before + (size if step == "writing" else 0) + done
        self.write(step=step, current_file=name[:300], progress=min(99, 100 * position // self.total))

    def file_done(self, size: int) -> None:
        self.before += 2 * size

    def write(self, **fields) -> None:
        state = tuple(fields.values())
        if state == self.last:
            return
        self.last = state
        # The job's sign of life: recovery (`imports.recovery`) fails a running job only
        # when nothing has moved for ANNOTATOR_TASK_TIMEOUT, not a long one still at work.
        fields["updated_at"] = timezone.now()
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job.pk).update(**fields)
        elif connection.vendor == "postgresql":
            if self._side is None:
                self._side = connections.create_connection(DEFAULT_DB_ALIAS)
            table = connection.ops.quote_name(ImportJob._meta.db_table)
            columns = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in fields)
            with self._side.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET {columns} WHERE id = %s", [*fields.values(), self.job.pk])

    def close(self) -> None:
        if self._side is not None:
            self._side.close()


def import_job_run(*, job_id: int) -> ImportJob:
    """Import a job's files, storing progress and then the report; runs a job only once.

    A file's failure is in the report, as in a synchronous import. Anything else that
    breaks the job marks it failed (its open transaction rolled back, so a file is
    either written whole or not at all). The kept files are removed in either case.
    """
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.PENDING).update(
        status=ImportJobStatus.RUNNING, started_at=timezone.now()
    )
    job = ImportJob.objects.select_related("project", "created_by").get(pk=job_id)
    if not claimed:  # run already, or running in another worker
        return job
    recorder = _ProgressRecorder(job)
    try:
        (_run_annotations if job.kind == ImportKind.ANNOTATIONS else _run_articles)(job, recorder)
    finally:
        recorder.close()
        shutil.rmtree(job_directory(job), ignore_errors=True)
    job.step = ""
    job.current_file = ""
    job.finished_at = timezone.now()
    job.save()
    return job


def _run_articles(job: ImportJob, recorder: _ProgressRecorder) -> None:
    """Each kept file imported as the upload page would; a file refused is in the report."""
    reports = []
    try:
        for source in _sources(job):
            report = article_import_files(
                project=job.project, files=[source], user=job.created_by, progress=recorder, job_id=job.pk
            )
            reports.extend(report.files)
            recorder.file_done(source.size)
    except Exception as exc:
        logger.exception("import job %s failed", job.pk)
        job.status = ImportJobStatus.FAILED
        job.error = f"The import stopped unexpectedly ({type(exc).__name__}); files not yet imported were not written."
    else:
        job.status = ImportJobStatus.DONE
        job.progress = 100
    job.report = ImportReport(files=reports).as_dict()


def _run_annotations(job: ImportJob, recorder: _ProgressRecorder) -> None:
    """An annotation import in the background: read and map (the first half of the bar), then
    write every document in one transaction (the second half); refused, nothing is written."""
    options = job.options
    name = job.files[0]["name"]
    path = job_directory(job) / safe_filename(name)
    try:
        recorder.write(step=ImportStep.CHECKING, current_file=name[:300], progress=1)
        docs, skipped = annotations_read(options["format"], path)
        mapping = mapping_for(docs, options.get("mapping"))

        def progress(done: int, total: int) -> None:
            recorder.write(step=ImportStep.WRITING, current_file=name[:300], progress=min(99, 50 + 50 * done // total))

        report = annotations_import(
            project=job.project, docs=docs, mapping=mapping, mode=options["mode"], fmt=options["format"],
            source=name, user=job.created_by, members=options.get("members") or {},
            create_members=bool(options.get("create_members")), skipped=skipped, progress=progress,
        )  # fmt: skip
    except (DomainError, ForeignFormatError) as exc:
        errors = import_errors(exc)
        job.status = ImportJobStatus.FAILED
        job.error = f"Nothing imported: {errors[0]}" + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
        job.report = {"errors": errors}
    except Exception as exc:
        logger.exception("annotation import job %s failed", job.pk)
        job.status = ImportJobStatus.FAILED
        job.error = f"The import stopped unexpectedly ({type(exc).__name__}); nothing was written."
    else:
        job.status = ImportJobStatus.DONE
        job.progress = 100
        job.report = report.as_dict()
