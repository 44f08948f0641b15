"""Reads for review: curation of an article's sets, its gold version, inter-annotator agreement."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr

from annotator.annotations.models import AnnotationSet, Comment, CommentKind, QuoteStatus, SetKind, SetStatus
from annotator.annotations.selectors import (
    article_list_with_counts,
    count_of,
    editor_quote,
    latest_set,
    quote_as_interchange,
)
from annotator.corpus.models import Article
from annotator.interchange import scoring
from annotator.interchange.alignment import agreement, align


def _as_doc(annotation_set: AnnotationSet, text: str) -> dict:
    quotes = [q for q in annotation_set.quotes.all() if q.status != QuoteStatus.REJECTED]
    return {
        "id": str(annotation_set.article_id),
        "text": text,
        "quotes": [quote_as_interchange(q, text) for q in quotes],
    }


def project_agreement(*, project, article_ids: list[int] | None = None) -> dict:
    """Agreement between annotators who both submitted the same article.

    Each pair of submitted sets is scored with the proposer's scorer, one side as
    reference: quote overlap and exact-boundary F1 (symmetric), and on matched quotes
    how often both name the same speaker. Figures are micro-averaged over all pairs.
    Returns {} when no article has two submitted sets. The keys are stable identifiers
    (`articles`, `pairs`, `overlap_f1`, `exact_f1`, `speaker_mention`, `speaker_person`);
    the words for them are in the templates that show them.
    """
    return _figures(_submitted_by_article(project=project, article_ids=article_ids))


def _submitted_by_article(*, project, article_ids: list[int] | None) -> dict[int, list[AnnotationSet]]:
    """The submitted sets of the project (or of these articles), grouped by article; three queries."""
    sets = (
        AnnotationSet.objects.filter(article__project=project, kind=SetKind.HUMAN, status=SetStatus.SUBMITTED)
        .select_related("article")
        .prefetch_related("quotes__speaker")
        .order_by("article_id", "owner_id")
    )
    if article_ids is not None:
        sets = sets.filter(article_id__in=article_ids)
    by_article: dict[int, list[AnnotationSet]] = defaultdict(list)
    for annotation_set in sets:
        by_article[annotation_set.article_id].append(annotation_set)
    return by_article


def _figures(by_article: dict[int, list[AnnotationSet]]) -> dict:
    """`project_agreement`'s figures over the pairs of submitted sets of these articles."""
    left, right = [], []
    articles = 0
    for group in by_article.values():
        if len(group) < 2:
            continue
        articles += 1
        text = group[0].article.text
        for a, b in combinations(group, 2):
            pair_id = f"{a.article_id}:{a.owner_id}:{b.owner_id}"
            left.append({**_as_doc(a, text), "id": pair_id})
            right.append({**_as_doc(b, text), "id": pair_id})
    if not left:
        return {}
    mention = scoring.score(left, right, speaker="mention")
    person = scoring.score(left, right, speaker="entity")
    return {
        "articles": articles,
        "pairs": len(left),
        "overlap_f1": mention["overlap_f1"],
        "exact_f1": mention["exact_f1"],
        "speaker_mention": mention["speaker_acc"],
        "speaker_person": person["speaker_acc"],
    }


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
}


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
        qs = qs.filter(assignments__user__username=assignee)
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
    """Agreement figures of each of these articles that has two or more submitted sets.

    The sets of all of them are read at once (a page of the article list costs the same
    three queries whatever its length), then scored article by article."""
    by_article = _submitted_by_article(project=project, article_ids=article_ids)
    return {pk: figures for pk, group in by_article.items() if (figures := _figures({pk: group}))}
