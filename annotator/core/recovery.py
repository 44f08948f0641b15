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
from datetime import datetime

from django.apps import apps

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
