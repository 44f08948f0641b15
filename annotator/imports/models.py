"""Background imports: an upload too large to import during the request."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from annotator.core.models import TimeStampedModel


class ImportJobStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportStep(models.TextChoices):
    CHECKING = "checking", "Checking"
    WRITING = "writing", "Writing"


class ImportKind(models.TextChoices):
    ARTICLES = "articles", "Articles"
    ANNOTATIONS = "annotations", "Annotations from another tool"


class ImportJob(TimeStampedModel):
    """One upload of one or more files, imported by a task worker.

    The uploaded files wait under `ANNOTATOR_IMPORT_ROOT/job-<id>/` until the task has
    run; `files` keeps their original names and sizes. `progress` (percent) counts every
    byte twice, once checked and once written. `report` is the import report once done
    (each file imported or rejected whole, as a synchronous import reports it); `failed`
    means the task itself broke or its worker died (`imports.recovery`), and then nothing
    of the unfinished files was written; `report` then lists the files written before.
    `updated_at` moves with the progress: recovery reads it as the job's sign of life.
    """

    project = models.ForeignKey("accounts.Project", on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(max_length=20, choices=ImportKind.choices, default=ImportKind.ARTICLES)
    # For annotations: the format, mode, mapping, members and create_members the import was asked with.
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=ImportJobStatus.choices, default=ImportJobStatus.PENDING)
    step = models.CharField(max_length=20, choices=ImportStep.choices, blank=True)
    current_file = models.CharField(max_length=300, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    files = models.JSONField(default=list, help_text='[{"name", "size", "stored"}], in upload order.')
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ImportJobStatus.values), name="importjob_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=ImportKind.values), name="importjob_kind_valid"),
            models.CheckConstraint(condition=Q(step__in=["", *ImportStep.values]), name="importjob_step_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="importjob_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"import {self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)
