"""Recovering proposer work whose worker died, so no article stays pending for good.

django-tasks-db marks a task RUNNING when a worker claims it and keeps no heartbeat: a
worker killed mid-task (`kill -9`, out of memory, a lost machine) leaves the row RUNNING
forever and its articles pending. `proposals_recover` runs at every `db_worker` start,
every minute inside each worker, and as `manage.py recover_tasks`:

- a proposer task RUNNING for longer than `ANNOTATOR_TASK_TIMEOUT` goes back to READY,
  so the next free worker runs it again; `articles_propose(requested=True)` skips the
  articles the dead worker had already stored, so each gets one machine set. After
  `MAX_ATTEMPTS` claims the task is failed and its pending articles marked failed with
  the reason, so an article that kills its worker cannot take down every worker in turn;
- an article pending for longer than the timeout that no queued or running task names
  (its task failed as a whole, was pruned, or never got queued) is queued again.

Only the proposer's own tasks are touched: re-running is safe for them by the rule above,
which other tasks need not follow.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from annotator.core.recovery import task_argument, task_mark_lost
from annotator.corpus.models import Article, ProposalStatus, proposal_stale_before, proposal_stuck_q
from annotator.proposer.services import articles_request_proposals
from annotator.proposer.tasks import propose_articles_task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # claims of one task before its articles are given up as failed
WORKER_LOST = "annotator.proposer.recovery.WorkerLost"


def _article_ids(args_kwargs: dict) -> list[int]:
    return list(task_argument(args_kwargs, "article_ids") or [])


@transaction.atomic
def proposals_recover(*, stale_before: datetime | None = None) -> dict[str, int]:
    """Reclaim stale proposer tasks and queue stuck articles again (see the module doc).

    `stale_before` defaults to `ANNOTATOR_TASK_TIMEOUT` ago. Safe to run from several
    workers at once: stale rows are locked with SKIP LOCKED, and re-queueing coalesces.
    Returns how many tasks were reclaimed and given up, and how many articles re-queued.
    """
    now = timezone.now()
    stale_before = stale_before or proposal_stale_before(now)
    path = propose_articles_task.module_path
    stats = {"reclaimed": 0, "given_up": 0, "requeued": 0}
    stale = (
        DBTaskResult.objects.select_for_update(skip_locked=True)
        .filter(task_path=path, status=TaskResultStatus.RUNNING, started_at__lt=stale_before)
        .order_by("started_at")
    )
    for row in stale:
        if len(row.worker_ids) >= MAX_ATTEMPTS:
            reason = f"The worker running this proposal stopped {len(row.worker_ids)} times without finishing it."
            task_mark_lost(row, now=now, exception_path=WORKER_LOST, reason=reason)
            Article.objects.filter(pk__in=_article_ids(row.args_kwargs), proposal_status=ProposalStatus.PENDING).update(
                proposal_status=ProposalStatus.FAILED, proposal_error=reason
            )
            stats["given_up"] += 1
        else:
            row.status, row.started_at = TaskResultStatus.READY, None
            row.save(update_fields=["status", "started_at"])
            stats["reclaimed"] += 1
    live: set[int] = set()
    for args_kwargs in DBTaskResult.objects.filter(
        task_path=path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).values_list("args_kwargs", flat=True):
        live.update(_article_ids(args_kwargs))
    stuck = Article.objects.filter(proposal_stuck_q(stale_before)).values_list("pk", flat=True)
    orphans = [pk for pk in stuck if pk not in live]
    if orphans:
        # force: the lost request may have been a re-run, and one is what was asked for;
        # `requested` in the task still keeps it to one machine set per request.
        stats["requeued"] = articles_request_proposals(article_ids=orphans, force=True, stale_before=stale_before)
    if any(stats.values()):
        logger.warning(
            "Recovered proposer work: %(reclaimed)d task(s) reclaimed, %(given_up)d given up, "
            "%(requeued)d article(s) queued again.",
            stats,
        )
    return stats
