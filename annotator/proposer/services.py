"""Store the engine's proposals as machine annotation sets.

The engine (`annotator.proposer.engine`) is pure; this module is the only place that
connects it to the database. Human sets are never touched: every run writes a new
machine set, and the editor shows the latest one.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind
from annotator.annotations.speakers import SpeakerRegistry
from annotator.core.errors import ConflictError
from annotator.corpus.models import Article, ProposalStatus, proposal_stuck_q
from annotator.corpus.services import ArticleMove, article_status_move
from annotator.interchange.quotes import quote_span_fields
from annotator.proposer.tasks import propose_articles_task as _propose_task

logger = logging.getLogger(__name__)

BATCH = 16  # articles per task: a short queue, yet several workers share a big import


def _engine():
    # Imported on first use, not at module level: the engine imports spaCy (about a second
    # and 100+ MB), which only the processes that propose should pay for.
    from annotator.proposer import engine

    return engine


def engine_source() -> str:
    engine = _engine()
    return f"{engine.ENGINE_NAME} {engine.ENGINE_VERSION}"


def _model_name() -> str | None:
    return settings.ANNOTATOR_SPACY_MODEL or None


def articles_propose(*, article_ids: list[int], force: bool = False, requested: bool = False) -> dict[str, int]:
    """Propose quotes for these articles, in one spaCy batch.

    Idempotent: an article whose latest machine set already comes from this engine
    version is left alone unless `force` is set. With `requested` (a queued request, as
    the task runs it) an article that is no longer pending is left alone too: its request
    was met by an earlier run of the same task (a worker that died after storing it, a
    task reclaimed by `proposals_recover`), so each request gives one machine set. A failure
    is recorded on the article (status "failed" with the reason) so it can be retried; it
    does not stop the batch.
    """
    engine = _engine()
    source = engine_source()
    articles = found = list(Article.objects.filter(pk__in=article_ids).select_related("project").order_by("pk"))
    if requested:
        articles = [a for a in articles if a.proposal_status == ProposalStatus.PENDING]
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
    stats = {"proposed": 0, "failed": 0, "skipped": len(found) - len(todo)}
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
            stored = _store(article=article, proposals=proposals, source=source, force=force, requested=requested)
            stats["proposed" if stored else "skipped"] += 1
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
def _store(*, article: Article, proposals: list, source: str, force: bool, requested: bool) -> AnnotationSet | None:
    # The article's row lock makes the check and the insert one step: two workers that run
    # the same article at once (a task reclaimed while its slow worker was still alive)
    # store one set, the second finds the request met and stores nothing.
    current = Article.objects.select_for_update().only("proposal_status").get(pk=article.pk)
    if requested and current.proposal_status != ProposalStatus.PENDING:
        return None
    if not force and AnnotationSet.objects.filter(article=article, kind=SetKind.MACHINE, source=source).exists():
        return None
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


@transaction.atomic
def articles_request_proposals(
    *, article_ids: list[int], force: bool = False, stale_before: datetime | None = None
) -> int:
    """Mark the articles pending and queue proposer runs for them, `BATCH` per task.

    The one way anything asks for proposals (import, the re-run button and API,
    `propose_articles --enqueue`, recovery); the tasks are queued when the transaction
    commits, so a worker never looks for articles that are not there yet. Requests
    coalesce: an article already pending (and not stuck) is not queued again, so repeated
    clicks or scripts cannot pile up runs; one pending since before `stale_before` (by
    default `ANNOTATOR_TASK_TIMEOUT` ago) is stuck and is queued again. Returns how many
    were queued.
    """
    if not article_ids:
        return 0
    # Locking the rows makes concurrent requests for one article queue it once: the second
    # waits here, then sees it pending.
    ids = list(
        Article.objects.select_for_update()
        .filter(pk__in=article_ids)
        .filter(~Q(proposal_status=ProposalStatus.PENDING) | proposal_stuck_q(stale_before))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    Article.objects.filter(pk__in=ids).update(
        proposal_status=ProposalStatus.PENDING, proposal_error="", proposal_requested_at=timezone.now()
    )

    def enqueue() -> None:
        for i in range(0, len(ids), BATCH):
            _propose_task.enqueue(article_ids=ids[i : i + BATCH], force=force)

    transaction.on_commit(enqueue)
    return len(ids)


def article_request_rerun(*, article: Article) -> None:
    """Queue one more proposer run for an article (the re-run button and API).

    Refused while a run for it is pending, so a re-run is asked for once however often
    the button is pressed; a stuck request may be asked for again.
    """
    if not articles_request_proposals(article_ids=[article.pk], force=True):
        raise ConflictError(
            "The proposer is already queued for this article; wait until it has run before asking again."
        )
