"""Reads for articles."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from annotator.core.text import search_text
from annotator.corpus.models import Article


def article_list(*, project, search: str = "", status: str = "", extra_search: Q | None = None) -> QuerySet[Article]:
    """A project's articles without their text, newest first.

    `search` matches title, outlet, external id and text; `extra_search` lets a layer
    above widen it (the annotations layer adds speaker names).
    """
    qs = Article.objects.filter(project=project).defer("text")
    search = search_text(search)
    if search:
        match = (
            Q(title__icontains=search)
            | Q(outlet__icontains=search)
            | Q(external_id__icontains=search)
            | Q(text__icontains=search)
        )
        qs = qs.filter(match | extra_search if extra_search is not None else match)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def article_export_id(article: Article) -> str:
    """The id an article has outside the app (releases, training data): its external id, else project-pk."""
    return export_id(external_id=article.external_id, project_id=article.project_id, pk=article.pk)


def export_id(*, external_id: str, project_id: int, pk: int) -> str:
    """``article_export_id`` from the three fields, for reads that load no article rows."""
    return external_id or f"{project_id}-{pk}"
