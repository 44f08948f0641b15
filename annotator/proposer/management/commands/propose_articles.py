"""`manage.py propose_articles --project SLUG [--article ID ...] [--failed] [--force] [--enqueue]`."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from tqdm import tqdm

from annotator.accounts.selectors import project_by_slug
from annotator.corpus.models import Article, ProposalStatus, proposal_stuck_q
from annotator.proposer.services import BATCH, articles_propose, articles_request_proposals, engine_source


class Command(BaseCommand):
    help = (
        "Propose quotes for a project's stored articles (new machine sets; human work is never "
        "touched). Without --force, articles already proposed by this engine version are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="Project slug.")
        parser.add_argument(
            "--article", type=int, action="append", default=[], help="Only this article id (repeatable)."
        )
        parser.add_argument(
            "--failed",
            action="store_true",
            help="Only articles whose last proposal failed or is stuck in pending (retry).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Propose again even if this engine version already did."
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue tasks for the workers instead of running here."
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self,
        *args,
        project: str,
        article: list[int],
        failed: bool,
        force: bool,
        enqueue: bool,
        no_progress: bool,
        **options,
    ):
        target = project_by_slug(project)
        if target is None:
            raise CommandError(f"No project with slug {project!r}.")
        qs = Article.objects.filter(project=target)
        if article:
            qs = qs.filter(pk__in=article)
        if failed:
            # Stuck requests too: pending for longer than ANNOTATOR_TASK_TIMEOUT, their worker gone.
            qs = qs.filter(Q(proposal_status=ProposalStatus.FAILED) | proposal_stuck_q())
        ids = list(qs.order_by("pk").values_list("pk", flat=True))
        if not ids:
            self.stdout.write("No articles to propose.")
            return
        if enqueue:
            with transaction.atomic():  # the tasks are queued when this commits
                queued = articles_request_proposals(article_ids=ids, force=force)
            pending = f" ({len(ids) - queued} already pending)" if queued < len(ids) else ""
            self.stdout.write(f"Queued {queued} article(s) for the workers{pending}.")
            return
        totals = {"proposed": 0, "failed": 0, "skipped": 0}
        bar = tqdm(total=len(ids), unit="article", desc="Proposing", file=sys.stderr, disable=no_progress or None)
        for i in range(0, len(ids), BATCH):
            for key, value in articles_propose(article_ids=ids[i : i + BATCH], force=force).items():
                totals[key] += value
            bar.update(len(ids[i : i + BATCH]))
        bar.close()
        self.stdout.write(
            f"{engine_source()}: {totals['proposed']} proposed, {totals['skipped']} already done, "
            f"{totals['failed']} failed."
        )
        if totals["failed"]:
            raise CommandError(
                f"{totals['failed']} article(s) failed; see their proposal_error, then retry with --failed."
            )
