"""`manage.py db_worker`: django-tasks-db's worker, which also recovers dead workers' tasks.

The same command and options as django-tasks-db's (this app is listed before it in
INSTALLED_APPS, so this one is found first, as staticfiles does with `runserver`). Before
taking its first task, and every minute while it runs, the worker runs every app's
recovery (`core.recovery`: the proposer's `proposals_recover`, the importer's
`import_jobs_recover`): a restarted worker frees what its predecessor left, and a worker
that stays up frees what one beside it left, without a cron job.
"""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError, connection
from django_tasks_db.management.commands import db_worker

from annotator.core.recovery import recoveries

logger = logging.getLogger(__name__)

RECOVERY_EVERY = 60.0  # seconds between recoveries in a running worker


def _recover() -> None:
    for label, recover in recoveries():
        try:
            recover()
        except DatabaseError:
            # A busy database (SQLite's lock) or a lost connection: the next round retries,
            # and the other apps' recoveries still run now.
            logger.exception("recovering stale %s tasks failed; retrying in %ss", label, RECOVERY_EVERY)


def _recover_periodically(stop: threading.Event) -> None:
    while not stop.wait(RECOVERY_EVERY):
        try:
            _recover()
        finally:
            connection.close()  # this thread's own connection; the worker's is untouched


class Command(db_worker.Command):
    help = (
        "Run a database background worker; at start and every minute it also recovers the work of dead "
        "workers (ANNOTATOR_TASK_TIMEOUT): proposer tasks go back in the queue, imports are marked failed."
    )

    def handle(self, *args, **options) -> None:
        _recover()
        stop = threading.Event()
        # A daemon thread: the worker's loop and its signal handling stay django-tasks-db's own,
        # and the thread ends with the process however the worker stops.
        threading.Thread(target=_recover_periodically, args=(stop,), name="task-recovery", daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
