"""News articles as stored for annotation."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.db import models
from django.urls import reverse

from annotator.core.models import TimeStampedModel
from annotator.core.recovery import task_stale_before


def content_hash(text: str) -> str:
    """The sha256 of the stored text; duplicates within a project share it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ArticleStatus(models.TextChoices):
    NEW = "new", "New"
    PROPOSED = "proposed", "Proposed"
    IN_PROGRESS = "in_progress", "In progress"
    ANNOTATED = "annotated", "Annotated"
    GOLD = "gold", "Gold"


class ProposalStatus(models.TextChoices):
    NONE = "none", "Not requested"
    PENDING = "pending", "Pending"
    PROPOSED = "proposed", "Proposed"
    FAILED = "failed", "Failed"


# Not stored: how a pending request whose worker never finished it is shown (`proposal_state`).
PROPOSAL_STUCK = "stuck"


def proposal_stale_before(now: datetime | None = None) -> datetime:
    """Pending requests made before this moment are stuck: no worker finished them in
    `ANNOTATOR_TASK_TIMEOUT` seconds, so recovery may queue them again."""
    return task_stale_before(now)


def proposal_stuck_q(stale_before: datetime | None = None) -> models.Q:
    """Articles whose proposal request is stuck: pending since before `stale_before` (by
    default the timeout ago). A pending row without a request time predates the field and
    counts as stuck too."""
    return models.Q(proposal_status=ProposalStatus.PENDING) & (
        models.Q(proposal_requested_at__isnull=True)
        | models.Q(proposal_requested_at__lt=stale_before or proposal_stale_before())
    )


class Article(TimeStampedModel):
    """One news article in a project.

    `text` is stored exactly as imported after newline normalisation to `\\n`; every
    annotation offset indexes it (Python string indices) and it never changes after
    import. `content_hash` is the sha256 of `text` and is unique per project, which is
    how duplicates are detected. `metadata` keeps the import's unknown keys so exports
    can write them back.
    """

    project = models.ForeignKey("accounts.Project", on_delete=models.CASCADE, related_name="articles")
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    title = models.CharField(max_length=1000, blank=True)
    outlet = models.CharField(max_length=255, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    author = models.CharField(max_length=500, blank=True)
    published = models.DateField(null=True, blank=True)
    text = models.TextField()
    content_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.NEW)
    proposal_status = models.CharField(max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.NONE)
    proposal_error = models.TextField(blank=True)
    # When proposals were last asked for; with `proposal_status` pending it tells a queued
    # request from one whose worker died (see `proposal_state`).
    proposal_requested_at = models.DateTimeField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    tags = models.JSONField(default=list, blank=True)
    word_count = models.PositiveIntegerField(default=0)
    # How unsure the proposer was of the latest proposals (`interchange.uncertainty`); None
    # before any, or when they carry no confidence. The queue's "uncertainty" order reads it.
    uncertainty = models.FloatField(null=True, blank=True)
    # How far apart its annotators' submitted sets are (`interchange.agreement.disagreement`);
    # None with fewer than two. The review queue's "disagreement" order reads it.
    disagreement = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "content_hash"], name="article_unique_text"),
            models.CheckConstraint(condition=models.Q(status__in=ArticleStatus.values), name="article_status_valid"),
            models.CheckConstraint(
                condition=models.Q(proposal_status__in=ProposalStatus.values),
                name="article_proposal_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "status"]),
            # The article lists' default order (newest first): a page of 25 walks this index
            # instead of sorting every article of the project (16 ms and climbing at 10,000).
            models.Index(fields=["project", "-created_at", "-id"], name="article_project_newest_idx"),
            models.Index(fields=["project", "-uncertainty"], name="article_project_unsure_idx"),
            models.Index(fields=["project", "status", "-disagreement"], name="article_project_disagree_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.external_id or f"Article {self.pk}"

    def save(self, *args, **kwargs) -> None:
        self.content_hash = content_hash(self.text)
        self.word_count = len(self.text.split())
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("annotations:editor", kwargs={"pk": self.pk})

    @property
    def proposal_state(self) -> str:
        """`proposal_status`, except that a request pending past the timeout is "stuck"."""
        if self.proposal_status == ProposalStatus.PENDING and (
            self.proposal_requested_at is None or self.proposal_requested_at < proposal_stale_before()
        ):
            return PROPOSAL_STUCK
        return self.proposal_status

    @property
    def proposal_state_display(self) -> str:
        if self.proposal_state == PROPOSAL_STUCK:
            return "Stuck (no worker finished it; it is queued again automatically)"
        return self.get_proposal_status_display()
