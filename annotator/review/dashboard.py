"""Reads for the quality dashboard: progress from the audit log, and who is quoted in the gold.

Agreement and the proposer's worth have their own modules (`review.agreement`,
`review.worth`); this one adds how far the project is and who speaks in its gold.
"""

from __future__ import annotations

import datetime as dt
from statistics import median

from django.db.models import Count
from django.utils import timezone

from annotator.accounts.models import Event, EventAction
from annotator.annotations.models import AnnotationSet, Comment, CommentKind, Quote, SetKind, SetStatus
from annotator.corpus.models import Article, ArticleStatus
from annotator.interchange.vocabulary import SPEAKER_TYPE_CHOICES

DAYS_SHOWN = 60  # points of the status chart; a longer project is shown week by week
TOP_SPEAKERS = 10
NO_TYPE = "unset"  # a gold quote whose speaker type nobody chose


def _buckets(first: dt.date, last: dt.date) -> list[dt.date]:
    """The days the status chart shows, first to last: every day, or every week if that is too many."""
    days = (last - first).days
    step = 1 if days < DAYS_SHOWN else 7
    points = [first + dt.timedelta(days=d) for d in range(0, days + 1, step)]
    if points[-1] != last:
        points.append(last)
    return points


def status_over_time(*, project) -> dict:
    """Articles by status at the end of each day (or week): `{"dates", "series": {status: [...]}}`.

    Read from the article-status events of the audit log (each article's status before
    its first move is its status since it was imported). One row per article and move is
    read, never a quote.
    """
    moves = (
        Event.objects.filter(project=project, action=EventAction.ARTICLE_STATUS)
        .order_by("created_at", "id")
        .values_list("article_id", "created_at", "before", "after")
    )
    first_status: dict[int, str] = {}
    # (when, 0 for an import and 1 for a move, article, status): an import sorts before the
    # moves of the same instant.
    changes: list[tuple[dt.datetime, int, int, str]] = []
    for article_id, at, before, after in moves.iterator(chunk_size=2000):
        first_status.setdefault(article_id, (before or {}).get("status"))
        changes.append((at, 1, article_id, (after or {}).get("status")))
    current: dict[int, str | None] = {}
    for article_id, created, status in Article.objects.filter(project=project).values_list(
        "pk", "created_at", "status"
    ):
        changes.append((created, 0, article_id, first_status.get(article_id) or status))
        current[article_id] = None
    if not changes:
        return {"dates": [], "series": {}}
    changes.sort(key=lambda c: (c[0], c[1]))
    tz = timezone.get_current_timezone()
    dates = _buckets(changes[0][0].astimezone(tz).date(), timezone.now().astimezone(tz).date())
    series = {value: [] for value in ArticleStatus.values}
    counts = dict.fromkeys(ArticleStatus.values, 0)
    position = 0
    for day in dates:
        while position < len(changes) and changes[position][0].astimezone(tz).date() <= day:
            _, _, article_id, status = changes[position]
            position += 1
            if article_id not in current or status not in counts:
                continue  # a deleted article's history, or an unknown status
            if current[article_id] is not None:
                counts[current[article_id]] -= 1
            current[article_id] = status
            counts[status] += 1
        for value in series:
            series[value].append(counts[value])
    return {"dates": [d.isoformat() for d in dates], "series": series}


def annotator_progress(*, project) -> list[dict]:
    """Per annotator: sets submitted now, and median minutes from opening an article to submitting it.

    Minutes come from the audit log: a set's first `annotation.create` to its first
    `annotation.submit` event (a set sent back and submitted again keeps its first time).
    """
    submitted = dict(
        AnnotationSet.objects.filter(article__project=project, kind=SetKind.HUMAN, status=SetStatus.SUBMITTED)
        .values("owner__username")
        .annotate(n=Count("id"))
        .values_list("owner__username", "n")
    )
    opened: dict[str, dt.datetime] = {}
    minutes: dict[str, list[float]] = {}
    done: set[str] = set()
    events = (
        Event.objects.filter(project=project, action__in=[EventAction.ANNOTATION_CREATE, EventAction.ANNOTATION_SUBMIT])
        .order_by("created_at", "id")
        .values_list("action", "object_id", "actor__username", "created_at")
    )
    for action, set_id, actor, at in events.iterator(chunk_size=2000):
        if action == EventAction.ANNOTATION_CREATE:
            opened.setdefault(set_id, at)
        elif set_id in opened and set_id not in done and actor:
            done.add(set_id)
            minutes.setdefault(actor, []).append((at - opened[set_id]).total_seconds() / 60)
    names = sorted({n for n in submitted if n} | set(minutes))
    return [
        {
            "annotator": name,
            "submitted": submitted.get(name, 0),
            "median_minutes": round(median(minutes[name]), 1) if minutes.get(name) else None,
        }
        for name in names
    ]


def project_progress(*, project) -> dict:
    """How far the project is: articles by status now and over time, annotators, open flags,
    articles waiting for curation (annotated, no gold yet)."""
    by_status = dict(
        Article.objects.filter(project=project).values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {
        "articles": sum(by_status.values()),
        "by_status": {value: by_status.get(value, 0) for value in ArticleStatus.values},
        "waiting_for_curation": by_status.get(ArticleStatus.ANNOTATED, 0),
        "flags_open": Comment.objects.filter(
            article__project=project, kind__in=[CommentKind.UNCLEAR, CommentKind.SKIP], resolved_at__isnull=True
        ).count(),
        "annotators": annotator_progress(project=project),
        "over_time": status_over_time(project=project),
    }


def gold_speakers(*, project) -> dict:
    """Who is quoted in the gold: the top speakers by quote count, and quotes by speaker type."""
    gold = Quote.objects.filter(annotation_set__article__project=project, annotation_set__kind=SetKind.GOLD)
    top = (
        gold.filter(speaker__isnull=False)
        .values("speaker__name")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker__name")[:TOP_SPEAKERS]
    )
    types = dict(gold.values("speaker_type").annotate(n=Count("id")).values_list("speaker_type", "n"))
    total = sum(types.values())
    by_type = {value: types.get(value, 0) for value, _ in SPEAKER_TYPE_CHOICES}
    by_type[NO_TYPE] = types.get("", 0)
    return {
        "quotes": total,
        "top": [{"speaker": row["speaker__name"], "quotes": row["n"]} for row in top],
        "by_type": {k: {"quotes": n, "share": round(n / total, 4) if total else None} for k, n in by_type.items()},
    }
