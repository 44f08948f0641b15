"""Reads for articles."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind
from annotator.corpus.models import Article


def article_list(
    *, project, search: str = "", status: str = "", user=None, assigned_to_me: bool = False
) -> QuerySet[Article]:
    """A project's articles, filtered, with quote counts for the list page.

    `search` matches title, outlet, external id, text and speaker names. Counts:
    `proposed_count` (quotes in the latest machine set) and `accepted_count` (quotes the user
    confirmed in their own set) come from `annotate()`, never from per-row queries.
    """
    qs = Article.objects.filter(project=project).defer("text")
    if search:
        speaker_articles = AnnotationSet.objects.filter(article=OuterRef("pk"), quotes__speaker__name__icontains=search)
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(outlet__icontains=search)
            | Q(external_id__icontains=search)
            | Q(text__icontains=search)
            | Exists(speaker_articles)
        )
    if status:
        qs = qs.filter(status=status)
    if assigned_to_me and user is not None:
        qs = qs.filter(assignments__user=user)
    return qs.order_by("-created_at", "-id")


def article_list_with_counts(**kwargs) -> QuerySet[Article]:
    user = kwargs.get("user")
    qs = article_list(**kwargs)
    # Only the latest machine set counts: a re-run adds a set, it does not add proposals.
    latest_machine = (
        AnnotationSet.objects.filter(article=OuterRef(OuterRef("pk")), kind=SetKind.MACHINE)
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    proposed = (
        Quote.objects.filter(annotation_set=Subquery(latest_machine))
        .order_by()
        .values("annotation_set")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = qs.annotate(proposed_count=Coalesce(Subquery(proposed), 0))
    if user is not None:
        qs = qs.annotate(
            accepted_count=Count(
                "annotation_sets__quotes",
                filter=Q(
                    annotation_sets__kind=SetKind.HUMAN,
                    annotation_sets__owner=user,
                    annotation_sets__quotes__status__in=[QuoteStatus.ACCEPTED, QuoteStatus.EDITED, QuoteStatus.ADDED],
                ),
                distinct=True,
            )
        )
    return qs.order_by("-created_at", "-id")


def latest_set(*, article: Article, kind: str) -> AnnotationSet | None:
    return AnnotationSet.objects.filter(article=article, kind=kind).order_by("-created_at", "-id").first()


def set_quotes(*, annotation_set: AnnotationSet) -> QuerySet[Quote]:
    return annotation_set.quotes.select_related("speaker").order_by("start", "end", "id")
