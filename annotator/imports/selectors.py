"""Reads of the importer: a project's background import jobs."""

from __future__ import annotations

from django.db.models import QuerySet

from annotator.imports.models import ImportJob


def import_job_list(*, project) -> QuerySet[ImportJob]:
    """A project's background imports, newest first."""
    return ImportJob.objects.filter(project=project).select_related("created_by").order_by("-created_at", "-id")
