"""Recovering the work of task workers that died: one hook per app, found by the commands.

django-tasks-db keeps no heartbeat: a worker killed mid-task (`kill -9`, out of memory, a
lost machine) leaves its task RUNNING for good, and whatever the task had marked as under
way with it. Each app whose tasks leave such state gives its `AppConfig` a method
`recover(*, stale_before) -> str`, which frees that app's work older than `stale_before`
(None: `ANNOTATOR_TASK_TIMEOUT` ago) and returns a one-line summary. `db_worker` and
`recover_tasks` live in the proposer, below the apps they recover; they find the hooks
here instead of importing them, so the layers stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.tasks import TaskResultStatus
from django.utils import timezone

Recovery = Callable[..., str]


def recoveries() -> Iterator[tuple[str, Recovery]]:
    """`(app label, recover)` of every installed app that has a recovery, in app order."""
    for config in apps.get_app_configs():
        recover = getattr(config, "recover", None)
        if callable(recover):
            yield config.label, recover


def recover_all(*, stale_before: datetime | None = None) -> list[str]:
    """Run every app's recovery (each in its own transaction); their summaries, in order."""
    return [recover(stale_before=stale_before) for _, recover in recoveries()]


def task_stale_before(now: datetime | None = None) -> datetime:
    """Work a worker started before this moment and has not finished is taken as lost:
    `ANNOTATOR_TASK_TIMEOUT` seconds ago."""
    return (now or timezone.now()) - timedelta(seconds=settings.ANNOTATOR_TASK_TIMEOUT)


def task_argument(args_kwargs: dict, name: str, default=None):
    """A task's argument as django-tasks-db stored it: by keyword, else the first positional one."""
    kwargs = args_kwargs.get("kwargs") or {}
    args = args_kwargs.get("args") or []
    return kwargs.get(name, args[0] if args else default)


def task_mark_lost(row, *, now: datetime, exception_path: str, reason: str) -> None:
    """Mark a django-tasks-db result row failed because its worker stopped, saying why."""
    row.status, row.finished_at = TaskResultStatus.FAILED, now
    row.exception_class_path, row.traceback = exception_path, reason
    row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
