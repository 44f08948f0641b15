"""Reads for review: curation of an article's sets, its gold version, inter-annotator agreement."""

from __future__ import annotations

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr

from annotator.accounts.models import ReviewOrder
from annotator.annotations.models import AnnotationSet, Comment, CommentKind, QuoteStatus, SetKind, SetStatus
from annotator.annotations.selectors import (
    article_list_with_counts,
    count_of,
    editor_quote,
    latest_set,
)
from annotator.core.text import search_text
from annotator.corpus.models import Article, ArticleStatus
from annotator.interchange.alignment import agreement, align
from annotator.review.agreement import agreement_report
from annotator.review.worth import proposer_worth


def project_agreement(*, project, article_ids: list[int] | None = None) -> dict:
    """Agreement between annotators who both submitted the same article (the project's figures).

    The `project` part of `review.agreement.agreement_report`, read chunk by chunk: quote
    overlap, exact-boundary and soft F1 (symmetric), on matched quotes cue, speaker-mention
    and speaker-person agreement, Krippendorff's alpha for kind and speaker, and the same
    `by_kind`. Returns {} when no article has two submitted sets. The keys are stable
    identifiers (`articles`, `pairs`, `overlap_f1`, `exact_f1`, `soft_f1`, `cue`,
    `speaker_mention`, `speaker_person`, `alpha_kind`, `alpha_speaker`, `by_kind`); the
    words for them are in the templates that show them.
    """
    return agreement_report(project=project, article_ids=article_ids)["project"]


def article_curation(*, article) -> dict:
    """The curation view of an article: submitted sets and the latest proposals, aligned.

    `groups` are the quotes that are the same quote across sources (the scorer's
    matching, see `interchange.alignment`), in text order, each with its members (the
    quote records of `/annotation/` plus `set_id` and `owner`) and, per field, whether the
    annotators agree. With no submitted set the proposals alone are compared.
    """
    text = article.text
    human = list(
        AnnotationSet.objects.filter(article=article, kind=SetKind.HUMAN, status=SetStatus.SUBMITTED)
        .select_related("owner")
        .order_by("owner__username", "pk")
    )
    machine = latest_set(article=article, kind=SetKind.MACHINE)
    sources = human + ([machine] if machine else [])
    records = [
        [
            editor_quote(q, text)
            for q in s.quotes.select_related("speaker")
            .exclude(status=QuoteStatus.REJECTED)
            .order_by("start", "end", "id")
        ]
        for s in sources
    ]
    among = list(range(len(human))) or ([0] if machine else [])
    groups = []
    for group in align(text, records):
        quotes = [
            {"set_id": sources[s].pk, "owner": _owner(sources[s]), **records[s][j]} for s, j in sorted(group.members)
        ]
        groups.append(
            {
                "start": min(q["start"] for q in quotes),
                "end": max(q["end"] for q in quotes),
                "quotes": quotes,
                "agreed": agreement(text, group, records, among),
            }
        )
    gold = AnnotationSet.objects.filter(article=article, kind=SetKind.GOLD).first()
    return {
        "article": article.pk,
        "gold_version": gold.version if gold else 0,
        "sources": [
            {"set_id": s.pk, "owner": _owner(s), "kind": s.kind, "source": s.source, "quotes": len(r)}
            for s, r in zip(sources, records, strict=True)
        ],
        "drafts": AnnotationSet.objects.filter(article=article, kind=SetKind.HUMAN, status=SetStatus.DRAFT).count(),
        "groups": groups,
    }


def _owner(annotation_set: AnnotationSet) -> str | None:
    return (
        annotation_set.owner.get_username() if annotation_set.kind == SetKind.HUMAN and annotation_set.owner else None
    )


def gold_payload(*, article) -> dict:
    """`{"version", "quotes"}` of the article's gold set; version 0 and no quotes before the first save."""
    gold = AnnotationSet.objects.filter(article=article, kind=SetKind.GOLD).first()
    if gold is None:
        return {"version": 0, "quotes": []}
    return {
        "version": gold.version,
        "quotes": [
            editor_quote(q, article.text) for q in gold.quotes.select_related("speaker").order_by("start", "end", "id")
        ],
    }


SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "title": ("title", "id"),
    "status": ("status", "-created_at"),
    "done": ("-submitted_count", "-created_at"),
    "flags": ("-flags_open", "-created_at"),
    # Where the proposer is least sure (`Article.uncertainty`), unproposed articles last.
    "unsure": (F("uncertainty").desc(nulls_last=True), "-created_at"),
    # Where the annotators disagree most (`Article.disagreement`), singly annotated ones last.
    "disagree": (F("disagreement").desc(nulls_last=True), "-created_at"),
}


def review_order_by(order: str) -> list:
    """`order_by` terms for a `ReviewOrder` (unknown values read as the oldest first)."""
    if order == ReviewOrder.DISAGREEMENT:
        # Articles with one submitted set (no figure) after the compared ones, oldest first among equals.
        return [F("disagreement").desc(nulls_last=True), "created_at", "pk"]
    return ["created_at", "pk"]


def article_next_for_review(*, project, after: int | None = None):
    """The next article for a reviewer to curate, or None: one every annotator has submitted
    ("annotated", so not yet gold), in the project's `review_order`; `after` skips the one being left."""
    qs = Article.objects.filter(project=project, status=ArticleStatus.ANNOTATED)
    if after is not None:
        qs = qs.exclude(pk=after)
    return qs.only("pk").order_by(*review_order_by(project.review_order)).first()


def article_overview(
    *,
    project,
    user,
    search: str = "",
    status: str = "",
    assigned_to_me: bool = False,
    assignee: str = "",
    flagged: bool = False,
    sort: str = "newest",
) -> QuerySet[Article]:
    """The project's articles as the article list shows them, filtered and sorted.

    Besides the annotator's counts (`article_list_with_counts`): `submitted_count` (sets
    submitted), `flags_open` (unresolved flags and skips), `gold_version` (0 without gold)
    and `snippet` (the start of the text, for articles without a title).
    """
    qs = article_list_with_counts(
        project=project, search=search, status=status, user=user, assigned_to_me=assigned_to_me
    )
    if assignee:
        qs = qs.filter(assignments__user__username=search_text(assignee))
    submitted = AnnotationSet.objects.filter(article=OuterRef("pk"), kind=SetKind.HUMAN, status=SetStatus.SUBMITTED)
    flags = Comment.objects.filter(
        article=OuterRef("pk"), kind__in=[CommentKind.UNCLEAR, CommentKind.SKIP], resolved_at__isnull=True
    )
    gold = AnnotationSet.objects.filter(article=OuterRef("pk"), kind=SetKind.GOLD).values("version")[:1]
    qs = qs.annotate(
        submitted_count=count_of(submitted),
        flags_open=count_of(flags),
        gold_version=Coalesce(Subquery(gold), 0),
        snippet=Substr("text", 1, 140),
    )
    if flagged:
        qs = qs.filter(flags_open__gt=0)
    return qs.order_by(*SORTS.get(sort, SORTS["newest"]))


def article_agreement(*, project, article_ids: list[int]) -> dict[int, dict]:
    """Agreement figures of each of these articles that has two or more submitted sets."""
    report = agreement_report(project=project, article_ids=article_ids, articles="all")
    return {entry["id"]: entry for entry in report["articles"]}


def project_quality(*, project, articles: str | int | None = None, progress=None) -> dict:
    """What `GET /api/projects/{slug}/agreement/` and `manage.py agreement` give: the agreement
    report (`project`, `pairs`, `articles`, see `review.agreement.agreement_report`) and the
    proposer's worth per version (`proposer`, see `review.worth.proposer_worth`)."""
    report = agreement_report(project=project, articles=articles, progress=progress)
    report["proposer"] = proposer_worth(project=project)
    return report
