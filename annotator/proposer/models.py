"""Trained proposer models of a project: their training, comparison and which one proposes."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from annotator.accounts.models import Project
from annotator.core.models import TimeStampedModel


class TrainingStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    TRAINING = "training", "Training"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class ProposerModel(TimeStampedModel):
    """One training run of a project's learned proposer, and the model it produced.

    The model itself is a directory under ``ANNOTATOR_MODEL_ROOT`` (``path``, relative),
    written once; ``version`` is its content hash and what machine sets record. ``scores``
    holds the comparison on the project's test-split gold articles, held out of training:
    ``{"model": {...}, "active": {...}, "active_label": ..., "test_articles": N}``. At most
    one model per project is active; with none, the rules propose. An ``auto`` run was
    started by the project's ``retrain_every`` and activated itself only if it compared
    well (``comparison.auto_activation``); ``outcome`` says what was decided.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="proposer_models")
    status = models.CharField(max_length=16, choices=TrainingStatus.choices, default=TrainingStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=80, blank=True)
    seed = models.IntegerField(default=0)
    version = models.CharField(max_length=40, blank=True)
    path = models.CharField(max_length=300, blank=True, help_text="Model directory, relative to ANNOTATOR_MODEL_ROOT.")
    train_articles = models.PositiveIntegerField(default=0)
    test_articles = models.PositiveIntegerField(default=0)
    scores = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    is_active = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    auto = models.BooleanField(default=False, help_text="Started by the project's retraining as the gold grew.")
    gold_articles = models.PositiveIntegerField(
        default=0, help_text="Gold articles with quotes in the project (both splits) when the run was asked for."
    )
    outcome = models.CharField(
        max_length=300, blank=True, help_text="What automatic retraining decided, and why (activated or kept)."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=models.Q(is_active=True), name="one_active_proposer_model"
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="proposer_model_progress_max"),
            models.CheckConstraint(
                condition=~models.Q(is_active=True) | models.Q(status="ready"), name="active_proposer_model_is_ready"
            ),
        ]

    def __str__(self) -> str:
        return f"proposer model {self.version or self.pk} ({self.status})"
