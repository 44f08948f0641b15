"""Background tasks for releases, run by `manage.py db_worker`."""

from __future__ import annotations

from django.tasks import task


@task()
def build_release_task(release_id: int) -> str:
    """Build one release's zip (streamed to disk; progress is stored on the release)."""
    # The service imports this task at module level to queue it (the HackSoft pattern), so
    # the task imports its service here, when it runs; no other cycle exists.
    from annotator.releases.services import release_build

    return release_build(release_id=release_id).status
