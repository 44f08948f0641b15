"""Immutable, versioned gold datasets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from annotator.core.models import TimeStampedModel


class ReleaseSource(models.TextChoices):
    GOLD = "gold", "Gold sets"
    SUBMITTED = "submitted", "Latest submitted annotator set"
    IMPORTED = "imported", "Imported sets"


class ReleaseStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    BUILDING = "building", "Building"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Release(TimeStampedModel):
    """A gold snapshot of a project, built once and never changed.

    (`project`, `name`, `version`) is unique. The zip at `file_path` holds the chosen
    formats, a MANIFEST of sha256 checksums and a datasheet; `sha256` is the zip's own
    checksum. Splits are assigned from a hash of the article id, so an article stays in
    the same split across releases.
    """

    project = models.ForeignKey("accounts.Project", on_delete=models.CASCADE, related_name="releases")
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=50)
    source = models.CharField(max_length=20, choices=ReleaseSource.choices, default=ReleaseSource.GOLD)
    filters = models.JSONField(default=dict, blank=True)
    split_ratios = models.JSONField(default=dict, blank=True)
    formats = models.JSONField(default=list)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=ReleaseStatus.choices, default=ReleaseStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done while building.")
    error = models.TextField(blank=True)
    file_path = models.CharField(max_length=500, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    files = models.JSONField(default=list, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    guidelines_version = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name", "version"], name="release_unique_version"),
            models.CheckConstraint(condition=Q(status__in=ReleaseStatus.values), name="release_status_valid"),
            models.CheckConstraint(condition=Q(source__in=ReleaseSource.values), name="release_source_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="release_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"
