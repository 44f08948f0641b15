"""`manage.py recover_tasks [--older-than SECONDS]`: recover the work of dead workers, every app's."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from annotator.core.recovery import recover_all


class Command(BaseCommand):
    help = (
        "Put proposer tasks left RUNNING by a dead worker back in the queue, queue articles stuck in "
        "'pending' again, and mark background imports whose worker stopped as failed. Every db_worker "
        "does this at start and each minute; run it by hand (e.g. with --older-than 0 right after a "
        "crash) or from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="SECONDS",
            help="Treat work as stale after this many seconds (default: ANNOTATOR_TASK_TIMEOUT). "
            "Use 0 only when you know no worker is running.",
        )

    def handle(self, *args, older_than: int | None, **options):
        stale_before = None if older_than is None else timezone.now() - timedelta(seconds=older_than)
        for summary in recover_all(stale_before=stale_before):
            self.stdout.write(summary)
