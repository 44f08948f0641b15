"""Store the engine's proposals as machine annotation sets.

The engine (`annotator.proposer.engine`) is pure; this module is the only place that
connects it to the database. Human sets are never touched: every run writes a new
machine set, and the editor shows the latest one.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind
from annotator.annotations.speakers import SpeakerRegistry
from annotator.corpus.models import Article, ProposalStatus
from annotator.corpus.services import ArticleMove, article_status_move
from annotator.interchange.quotes import quote_span_fields
from annotator.proposer.tasks import propose_articles_task as _propose_task
from annotator.proposer.version import ENGINE_NAME, ENGINE_VERSION

logger = logging.getLogger(__name__)

BATCH = 16  # articles per task: a short queue, yet several workers share a big import


def _engine():
    # Imported on first use, not at module level: the engine imports spaCy (about a second
    # and 100+ MB), which only the processes that propose should pay for.
    from annotator.proposer import engine

    return engine


def engine_source() -> str:
    """The engine's name and version, as machine sets record them (without loading spaCy)."""
    return f"{ENGINE_NAME} {ENGINE_VERSION}"


def _model_name() -> str | None:
    return settings.ANNOTATOR_SPACY_MODEL or None


def articles_propose(*, article_ids: list[int], force: bool = False) -> dict[str, int]:
    """Propose quotes for these articles, in one spaCy batch.

    Idempotent: an article whose latest machine set already comes from this engine
    version is left alone unless `force` is set. A failure is recorded on the article
    (status "failed" with the reason) so it can be retried; it does not stop the batch.
    """
    engine = _engine()
    source = engine_source()
    articles = list(Article.objects.filter(pk__in=article_ids).select_related("project").order_by("pk"))
    if not force:
        done = set(
            AnnotationSet.objects.filter(article__in=articles, kind=SetKind.MACHINE, source=source).values_list(
                "article_id", flat=True
            )
        )
        todo = [a for a in articles if a.pk not in done]
        Article.objects.filter(pk__in=done, proposal_status__in=[ProposalStatus.PENDING, ProposalStatus.FAILED]).update(
            proposal_status=ProposalStatus.PROPOSED, proposal_error=""
        )
    else:
        todo = articles
    stats = {"proposed": 0, "failed": 0, "skipped": len(articles) - len(todo)}
    if not todo:
        return stats
    try:
        results = list(engine.propose_many([a.text for a in todo], model_name=_model_name()))
    except Exception:
        # Retry one by one so one bad article cannot fail the others.
        logger.exception("batch proposal failed; retrying article by article")
        results = []
        for article in todo:
            try:
                results.append(engine.propose(article.text, model_name=_model_name()))
            except Exception as exc:  # recorded on the article, shown in the UI
                results.append(exc)
    for article, proposals in zip(todo, results, strict=True):
        if isinstance(proposals, Exception):
            _mark_failed(article, proposals)
            stats["failed"] += 1
            continue
        try:
            _store(article=article, proposals=proposals, source=source)
            stats["proposed"] += 1
        except Exception as exc:
            logger.exception("storing proposals for article %s failed", article.pk)
            _mark_failed(article, exc)
            stats["failed"] += 1
    return stats


# Lower-case words that belong inside names ("Ursula von der Leyen", "Mohammed bin Salman").
NAME_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "al", "bin", "ibn", "y"}
)


def looks_like_a_name(mention: str) -> bool:
    """Whether a mention may become a registry alias without a person confirming it.

    "Rutte" or "Mark Rutte" may; "the United States Secretary of State, Anthony Blinken"
    or "a release sent to media" may not: descriptions stay on the quote, not the registry.
    """
    words = mention.split()
    if not 1 <= len(words) <= 5 or any(ch in mention for ch in ',;:()"“”'):
        return False
    return all(w[0].isupper() or w in NAME_PARTICLES for w in words) and words[0][0].isupper()


def _mark_failed(article: Article, exc: Exception) -> None:
    Article.objects.filter(pk=article.pk).update(
        proposal_status=ProposalStatus.FAILED, proposal_error=f"{type(exc).__name__}: {exc}"[:2000]
    )


@transaction.atomic
def _store(*, article: Article, proposals: list, source: str) -> AnnotationSet:
    registry = SpeakerRegistry(article.project)
    machine_set = AnnotationSet.objects.create(article=article, kind=SetKind.MACHINE, source=source)
    quotes = []
    for p in proposals:
        speaker = None
        if p.speaker_entity:
            aliases = []
            mention = article.text[p.speaker[0] : p.speaker[1]] if p.speaker else ""
            if p.speaker_type == "named" and looks_like_a_name(mention):
                aliases.append(mention)
            speaker = registry.match_or_create(p.speaker_entity, aliases=aliases)
        quotes.append(
            Quote(
                annotation_set=machine_set,
                speaker=speaker,
                status=QuoteStatus.PROPOSED,
                **{**quote_span_fields(p), "confidence": round(float(p.confidence), 4)},
            )
        )
    Quote.objects.bulk_create(quotes)
    Article.objects.filter(pk=article.pk).update(proposal_status=ProposalStatus.PROPOSED, proposal_error="")
    article_status_move(article=article, move=ArticleMove.PROPOSE)
    return machine_set


def articles_request_proposals(*, article_ids: list[int], force: bool = False) -> int:
    """Mark the articles pending and queue proposer runs for them, `BATCH` per task.

    The one way anything asks for proposals (import, the re-run button and API,
    `propose_articles --enqueue`); the tasks are queued when the transaction commits, so a
    worker never looks for articles that are not there yet. Returns how many were queued.
    """
    ids = list(article_ids)
    if not ids:
        return 0
    Article.objects.filter(pk__in=ids).update(proposal_status=ProposalStatus.PENDING, proposal_error="")

    def enqueue() -> None:
        for i in range(0, len(ids), BATCH):
            _propose_task.enqueue(article_ids=ids[i : i + BATCH], force=force)

    transaction.on_commit(enqueue)
    return len(ids)
