"""Reads for agreement: the annotators' agreement of a project, article by article, in chunks.

Articles with two or more submitted annotator sets are read `CHUNK` at a time (their
texts and quotes as plain values, no model instances); each chunk's figures are added to
the project's, the annotator pairs' and (when asked) the articles' tallies of
`interchange.agreement`, and the chunk is dropped. Memory stays flat however many quotes
the project has.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from django.db.models import Count

from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind, SetStatus
from annotator.annotations.selectors import quote_values
from annotator.corpus.models import Article
from annotator.interchange.agreement import Agreement, PairTally, pair_agreement, text_units

CHUNK = 200  # articles read at once
ARTICLES_PER_PAGE = 100


def double_annotated(*, project, article_ids: list[int] | None = None) -> list[int]:
    """Ids of the project's articles with two or more submitted annotator sets, in order."""
    sets = AnnotationSet.objects.filter(article__project=project, kind=SetKind.HUMAN, status=SetStatus.SUBMITTED)
    if article_ids is not None:
        sets = sets.filter(article_id__in=article_ids)
    return list(
        sets.values("article_id")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .order_by("article_id")
        .values_list("article_id", flat=True)
    )


def _chunk_sets(ids: list[int]) -> tuple[dict[int, str], dict[int, list[tuple[int, str]]], dict[int, list[dict]]]:
    """Texts, submitted sets (id, owner name) per article, and unrejected quotes per set."""
    texts = dict(Article.objects.filter(pk__in=ids).values_list("pk", "text"))
    by_article: dict[int, list[tuple[int, str]]] = {}
    rows = (
        AnnotationSet.objects.filter(article_id__in=ids, kind=SetKind.HUMAN, status=SetStatus.SUBMITTED)
        .order_by("article_id", "owner__username", "pk")
        .values_list("pk", "article_id", "owner__username")
    )
    for pk, article_id, owner in rows:
        by_article.setdefault(article_id, []).append((pk, owner or f"(deleted user, set {pk})"))
    quotes: dict[int, list[dict]] = {pk: [] for sets in by_article.values() for pk, _ in sets}
    for q in quote_values(
        Quote.objects.filter(annotation_set_id__in=list(quotes)).exclude(status=QuoteStatus.REJECTED)
    ):
        quotes[q["annotation_set_id"]].append(q)
    return texts, by_article, quotes


def agreement_report(
    *,
    project,
    article_ids: list[int] | None = None,
    articles: str | int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Agreement of the project's annotators on submitted sets: `project`, `pairs`, `articles`.

    `project` holds the figures of every pair of sets (micro-averaged) with alpha over the
    matched quotes of all sets (see `interchange.agreement`), `articles` and `pairs` counts
    and `by_kind`; it is `{}` when no article has two submitted sets. `pairs` lists each
    pair of annotators who annotated the same articles. `articles` is filled only when
    asked: `"all"`, or a page number (`ARTICLES_PER_PAGE` articles, in id order) with
    `articles_page` saying where it is. `progress(done, total)` is called after each chunk.
    """
    ids = double_annotated(project=project, article_ids=article_ids)
    keep: set[int] = set()
    page_info = None
    if articles == "all":
        keep = set(ids)
    elif articles is not None:
        pages = max(1, -(-len(ids) // ARTICLES_PER_PAGE))
        number = min(max(1, int(articles)), pages)
        keep = set(ids[(number - 1) * ARTICLES_PER_PAGE : number * ARTICLES_PER_PAGE])
        page_info = {"number": number, "pages": pages, "per_page": ARTICLES_PER_PAGE, "count": len(ids)}
    total = Agreement()
    pairs: dict[tuple[str, str], tuple[Agreement, set[int]]] = {}
    kept: list[dict] = []
    set_pairs = 0
    for offset in range(0, len(ids), CHUNK):
        chunk = ids[offset : offset + CHUNK]
        texts, by_article, quotes = _chunk_sets(chunk)
        for article_id in chunk:
            text, sets = texts[article_id], by_article.get(article_id, [])
            here = Agreement()
            for (a, owner_a), (b, owner_b) in combinations(sets, 2):
                one = pair_agreement(text, quotes[a], quotes[b])
                here.tally += one.tally
                for kind, t in one.by_kind.items():
                    here.by_kind.setdefault(kind, PairTally()).__iadd__(t)
                figures, seen = pairs.setdefault((owner_a, owner_b), (Agreement(), set()))
                figures += one
                seen.add(article_id)
                set_pairs += 1
            here.kind_units, here.speaker_units = text_units(text, [quotes[pk] for pk, _ in sets])
            total += here
            if article_id in keep:
                kept.append(
                    {"id": article_id, "annotators": [o for _, o in sets], "pairs": here.tally.pairs, **here.figures()}
                )
        if progress:
            progress(min(offset + CHUNK, len(ids)), len(ids))
    if kept:
        titles = dict(Article.objects.filter(pk__in=[a["id"] for a in kept]).values_list("pk", "title"))
        for entry in kept:
            entry["title"] = titles.get(entry["id"], "")
    report = {
        "project": {"articles": len(ids), "pairs": set_pairs, **total.figures()} if ids else {},
        "pairs": [
            {"annotators": list(names), "articles": len(seen), **figures.figures()}
            for names, (figures, seen) in sorted(pairs.items())
        ],
        "articles": kept,
    }
    if page_info is not None:
        report["articles_page"] = page_info
    return report
