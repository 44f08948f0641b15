"""Background tasks of the importer, run by `manage.py db_worker`."""

from __future__ import annotations

from django.tasks import task


@task()
def import_job_task(job_id: int) -> str:
    """Import the files of one background import job (queued by `import_job_create`)."""
    # The service imports this task at module level to queue it (the HackSoft pattern), so
    # the task imports its service here, when it runs; no other cycle exists.
    from annotator.imports.jobs import import_job_run

    return import_job_run(job_id=job_id).status
