"""Who is asked to annotate which article."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from annotator.core.models import TimeStampedModel


class Assignment(TimeStampedModel):
    """An annotator asked to annotate an article; one row per annotator and article."""

    article = models.ForeignKey("corpus.Article", on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} -> article {self.article_id}"
