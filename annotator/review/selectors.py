"""Reads for review: inter-annotator agreement on submitted annotation sets."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from annotator.annotations.models import AnnotationSet, QuoteStatus, SetKind, SetStatus
from annotator.annotations.selectors import quote_as_interchange
from annotator.interchange import scoring


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
