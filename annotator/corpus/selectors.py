"""Reads for articles."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from annotator.core.text import search_text
from annotator.corpus.models import Article
from annotator.corpus.search import article_text_match


def article_list(*, project, search: str = "", status: str = "", extra_search: Q | None = None) -> QuerySet[Article]:
    """A project's articles without their text, newest first.

    `search` is a full-text search of title, outlet, external id and text (every word as
    the start of a word, see `corpus.search`); `extra_search` lets a layer above widen it
    (the annotations layer adds speaker names). The page and the API both come here.
    """
    qs = Article.objects.filter(project=project).defer("text")
    search = search_text(search)
    if search:
        match = article_text_match(project=project, search=search)
        if extra_search is not None:
            match = extra_search if match is None else match | extra_search
        if match is None:
            return qs.none()
        qs = qs.filter(match)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def article_export_id(article: Article) -> str:
    """The id an article has outside the app (releases, training data): its external id, else project-pk."""
    return export_id(external_id=article.external_id, project_id=article.project_id, pk=article.pk)


def export_id(*, external_id: str, project_id: int, pk: int) -> str:
    """``article_export_id`` from the three fields, for reads that load no article rows."""
    return external_id or f"{project_id}-{pk}"
