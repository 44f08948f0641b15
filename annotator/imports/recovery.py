"""Failing background imports whose worker died, so no job stays "running" for good.

A worker killed while it imports (`kill -9`, out of memory, a lost machine) leaves its
`ImportJob` RUNNING and its task RUNNING in django-tasks-db's table. The file it was
writing is not in the database: each file is written in one transaction, which the
database rolls back when the worker's connection goes. `import_jobs_recover`, run by
every `db_worker` at start and every minute and by `manage.py recover_tasks` (through
`ImportsConfig.recover`, see `core.recovery`), marks such a job failed and says what was
written, removes its kept upload, and marks its task failed.

A job is taken as dead when it started before `stale_before` (`ANNOTATOR_TASK_TIMEOUT`
ago) and its progress has not moved since (the recorder stamps `updated_at` at every
step, file and percent), and no worker has claimed its task since then. It is not run
again: an import is the manager's to repeat, and files written before the death would
only be skipped as duplicates.
"""

from __future__ import annotations

import logging
import shutil
from datetime import datetime

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from annotator.accounts.models import Event, EventAction
from annotator.core.recovery import task_argument, task_mark_lost, task_stale_before
from annotator.imports.jobs import job_directory
from annotator.imports.models import ImportJob, ImportJobStatus
from annotator.imports.services import FileReport, ImportReport
from annotator.imports.tasks import import_job_task

logger = logging.getLogger(__name__)

WORKER_LOST = "annotator.imports.recovery.WorkerLost"


def _job_id(args_kwargs: dict) -> int | None:
    return task_argument(args_kwargs, "job_id")


def _written(job: ImportJob) -> list[FileReport]:
    """The files of the job that were written: each left its audit event, in its own
    transaction, with the job's id (`article_import_files(job_id=...)`)."""
    events = Event.objects.filter(
        action=EventAction.ARTICLES_IMPORT, project_id=job.project_id, after__import_job=job.pk
    ).order_by("created_at", "id")
    return [
        FileReport(name=e.object_id, imported=e.after["imported"], skipped=e.after["skipped"], quotes=e.after["quotes"])
        for e in events
    ]


def _message(job: ImportJob, written: list[FileReport]) -> str:
    names = [f["name"] for f in job.files]
    if not written:
        again = "import the file again" if len(names) == 1 else "import the files again"
        return f"The worker stopped while importing; nothing was written; {again}."
    done = [f.name for f in written]
    left = []
    for name in names:  # each written file once, though two uploads may share a name
        if name in done:
            done.remove(name)
        else:
            left.append(name)
    return (
        f"The worker stopped while importing; {len(written)} of {len(names)} files were written before it "
        f"stopped (see the report), nothing of the others was written; import them again: {', '.join(left)}."
    )


@transaction.atomic
def import_jobs_recover(*, stale_before: datetime | None = None) -> int:
    """Mark failed the running imports whose worker died (see the module doc); how many.

    Safe to run from several workers at once: the jobs are locked with SKIP LOCKED.
    """
    now = timezone.now()
    stale_before = stale_before or task_stale_before(now)
    stale = list(
        ImportJob.objects.select_for_update(skip_locked=True)
        .filter(status=ImportJobStatus.RUNNING, started_at__lt=stale_before, updated_at__lt=stale_before)
        .order_by("started_at")
    )
    if not stale:
        return 0
    ids = {job.pk for job in stale}
    tasks = [
        row
        for row in DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            task_path=import_job_task.module_path, status=TaskResultStatus.RUNNING
        )
        if _job_id(row.args_kwargs) in ids
    ]
    # A task claimed since `stale_before` is a worker at work on the job now: leave it be.
    alive = {_job_id(row.args_kwargs) for row in tasks if row.started_at and row.started_at >= stale_before}
    failed = 0
    for job in stale:
        if job.pk in alive:
            continue
        written = _written(job)
        job.status, job.finished_at = ImportJobStatus.FAILED, now
        job.error = _message(job, written)
        job.report = ImportReport(files=written).as_dict() if written else None
        job.step, job.current_file = "", ""
        job.save(update_fields=["status", "finished_at", "error", "report", "step", "current_file", "updated_at"])
        directory = job_directory(job)
        transaction.on_commit(lambda directory=directory: shutil.rmtree(directory, ignore_errors=True))
        failed += 1
    for row in tasks:
        if _job_id(row.args_kwargs) not in alive:
            reason = "The worker running this import stopped before it finished."
            task_mark_lost(row, now=now, exception_path=WORKER_LOST, reason=reason)
    if failed:
        logger.warning("Marked %d background import(s) failed: their worker stopped.", failed)
    return failed
