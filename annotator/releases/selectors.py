"""Reads for releases: the articles of a release as interchange-format dicts, streamed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db import connection
from django.db.models import QuerySet

from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind, SetStatus, Speaker
from annotator.annotations.selectors import quote_as_interchange
from annotator.corpus.models import Article
from annotator.corpus.selectors import article_export_id
from annotator.releases.models import Release, ReleaseSource

CHUNK = 500  # articles fetched per round trip; bounds memory whatever the project size


def release_list(*, project) -> QuerySet[Release]:
    return Release.objects.filter(project=project).select_related("created_by").order_by("-created_at", "-id")


def filtered_articles(*, project, filters: dict) -> QuerySet[Article]:
    """Articles of the project matching a release's filters (status, outlet, dates, tags)."""
    qs = Article.objects.filter(project=project)
    if statuses := filters.get("status"):
        qs = qs.filter(status__in=[statuses] if isinstance(statuses, str) else statuses)
    if outlets := filters.get("outlet"):
        qs = qs.filter(outlet__in=[outlets] if isinstance(outlets, str) else outlets)
    if start := filters.get("published_from"):
        qs = qs.filter(published__gte=dt.date.fromisoformat(str(start)))
    if end := filters.get("published_to"):
        qs = qs.filter(published__lte=dt.date.fromisoformat(str(end)))
    for tag in filters.get("tags") or []:
        qs = qs.filter(tags__contains=[tag]) if _json_contains_supported() else qs.filter(tags__icontains=f'"{tag}"')
    return qs


def _json_contains_supported() -> bool:

    return connection.features.supports_json_field_contains


def _source_queryset(source: str) -> QuerySet[AnnotationSet]:
    """The annotation sets a release of `source` may take."""
    if source == ReleaseSource.GOLD:
        return AnnotationSet.objects.filter(kind=SetKind.GOLD)
    if source == ReleaseSource.SUBMITTED:
        return AnnotationSet.objects.filter(kind=SetKind.HUMAN, status=SetStatus.SUBMITTED)
    return AnnotationSet.objects.filter(kind=SetKind.IMPORTED)


def _source_sets(source: str, article_ids: list[int]) -> dict[int, AnnotationSet]:
    """The one annotation set per article that a release of `source` takes."""
    qs = _source_queryset(source)
    chosen: dict[int, AnnotationSet] = {}
    # Oldest first, so the latest set of each article wins.
    for annotation_set in qs.filter(article_id__in=article_ids).order_by("submitted_at", "created_at", "id"):
        chosen[annotation_set.article_id] = annotation_set
    return chosen


def release_articles(*, project, source: str, filters: dict) -> Iterator[dict]:
    """Every article of the release in the interchange format, with its speakers.

    Articles without a set of the chosen source are left out; rejected quotes are not
    part of any dataset. Streams in chunks so memory stays flat.
    """
    matching = filtered_articles(project=project, filters=filters).order_by("pk").values_list("pk", flat=True)
    speakers = {s.pk: s for s in Speaker.objects.filter(project=project)}
    last = 0
    # Keyset pages of ids: no list of every id of the project is ever held.
    while chunk := list(matching.filter(pk__gt=last)[:CHUNK]):
        last = chunk[-1]
        sets = _source_sets(source, chunk)
        if not sets:
            continue
        quotes_by_set: dict[int, list[Quote]] = {s.pk: [] for s in sets.values()}
        for quote in (
            Quote.objects.filter(annotation_set__in=list(sets.values()))
            .exclude(status=QuoteStatus.REJECTED)
            .order_by("annotation_set_id", "start", "end", "id")
        ):
            quote.speaker = speakers.get(quote.speaker_id)
            quotes_by_set[quote.annotation_set_id].append(quote)
        for article in Article.objects.filter(pk__in=list(sets)).order_by("pk"):
            quotes = quotes_by_set[sets[article.pk].pk]
            records = []
            for q in quotes:
                record = quote_as_interchange(q, article.text)
                record.pop("id", None)
                record.pop("status", None)
                records.append(record)
            used = {q.speaker_id for q in quotes if q.speaker_id}
            yield {
                "id": article_export_id(article),
                "title": article.title,
                "outlet": article.outlet,
                "url": article.url,
                "author": article.author,
                "published": article.published.isoformat() if article.published else None,
                "tags": article.tags,
                "text": article.text,
                "metadata": article.metadata,
                "quotes": records,
                "speakers": [
                    {"name": s.name, "aliases": s.aliases, "description": s.description, "external_id": s.external_id}
                    for s in sorted((speakers[pk] for pk in used), key=lambda s: s.name)
                ],
            }


def release_article_count(*, project, source: str, filters: dict) -> int:
    ids = filtered_articles(project=project, filters=filters).values("pk")
    return _source_queryset(source).filter(article_id__in=ids).values("article_id").distinct().count()
