"""Store the engine's proposals as machine annotation sets.

The engine (`annotator.proposer.engine`) is pure; this module is the only place that
connects it to the database. Human sets are never touched: every run writes a new
machine set, and the editor shows the latest one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction, Project
from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind
from annotator.annotations.speakers import SpeakerRegistry
from annotator.core.errors import ConflictError, DomainError
from annotator.corpus.models import Article, ProposalStatus, proposal_stuck_q
from annotator.corpus.services import ArticleMove, article_status_move
from annotator.interchange.quotes import quote_span_fields
from annotator.interchange.uncertainty import proposal_uncertainty
from annotator.proposer.comparison import auto_activation
from annotator.proposer.models import ProposerModel, TrainingStatus
from annotator.proposer.selectors import (
    TEST_SPLIT,
    gold_total,
    project_gold_records,
    project_gold_split_counts,
    proposer_model_active,
    proposer_model_busy,
    retrain_due_in,
)
from annotator.proposer.tasks import propose_articles_task as _propose_task
from annotator.proposer.tasks import train_proposer_model_task as _train_task
from annotator.proposer.version import ENGINE_NAME, ENGINE_VERSION

logger = logging.getLogger(__name__)

BATCH = 16  # articles per task: a short queue, yet several workers share a big import


def _engine():
    # Imported on first use, not at module level: the engine imports spaCy (about a second
    # and 100+ MB), which only the processes that propose should pay for.
    from annotator.proposer import engine

    return engine


def _learned():
    # Imported on first use for the same reason as the engine (it imports spaCy).
    from annotator.proposer.engine import learned

    return learned


def engine_source() -> str:
    """The engine's name and version, as machine sets record them (without loading spaCy)."""
    return f"{ENGINE_NAME} {ENGINE_VERSION}"


def proposer_source(model: ProposerModel | None) -> str:
    """What a machine set records as its source: the engine's version, and the trained model's."""
    return engine_source() if model is None else f"{engine_source()} + model {model.version}"


def model_dir(model: ProposerModel) -> Path:
    return Path(settings.ANNOTATOR_MODEL_ROOT) / model.path


def _model_name() -> str | None:
    return settings.ANNOTATOR_SPACY_MODEL or None


def articles_propose(*, article_ids: list[int], force: bool = False, requested: bool = False) -> dict[str, int]:
    """Propose quotes for these articles, in one spaCy batch per project.

    Each project's active trained model proposes (the rules when it has none); the
    machine set's `source` names the engine version and the model's version.
    Idempotent: an article whose latest machine set already comes from this source is
    left alone unless `force` is set. With `requested` (a queued request, as the task
    runs it) an article that is no longer pending is left alone too: its request was met
    by an earlier run of the same task (a worker that died after storing it, a task
    reclaimed by `proposals_recover`), so each request gives one machine set. A failure
    is recorded on the article (status "failed" with the reason) so it can be retried; it
    does not stop the batch.
    """
    found = list(Article.objects.filter(pk__in=article_ids).select_related("project").order_by("pk"))
    articles = [a for a in found if a.proposal_status == ProposalStatus.PENDING] if requested else found
    stats = {"proposed": 0, "failed": 0, "skipped": len(found) - len(articles)}
    by_project: dict[int, list[Article]] = {}
    for article in articles:
        by_project.setdefault(article.project_id, []).append(article)
    for project_id, group in by_project.items():
        model = ProposerModel.objects.filter(project_id=project_id, is_active=True).first()
        for key, value in _propose_group(group, force=force, model=model, requested=requested).items():
            stats[key] += value
    return stats


def _propose_group(
    articles: list[Article], *, force: bool, model: ProposerModel | None, requested: bool
) -> dict[str, int]:
    engine = _engine()
    source = proposer_source(model)
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

    def propose_all(texts: list[str]):
        if model is None:
            return list(engine.propose_many(texts, model_name=_model_name()))
        learned = _learned()
        return list(learned.propose_many_learned(texts, learned.load_model(model_dir(model)), model_name=_model_name()))

    try:
        results = propose_all([a.text for a in todo])
    except Exception:
        # Retry one by one so one bad article cannot fail the others.
        logger.exception("batch proposal failed; retrying article by article")
        results = []
        for article in todo:
            try:
                results.append(propose_all([article.text])[0])
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
    article_proposals_arrived(article=article, confidences=[q.confidence for q in quotes])
    return machine_set


def article_proposals_arrived(*, article: Article, confidences: list[float | None]) -> None:
    """The article has its proposals (stored by the proposer, or imported from `propose_archive`'s
    output): it counts as proposed, with the queue's uncertainty of these confidences."""
    Article.objects.filter(pk=article.pk).update(
        proposal_status=ProposalStatus.PROPOSED, proposal_error="", uncertainty=proposal_uncertainty(confidences)
    )
    article_status_move(article=article, move=ArticleMove.PROPOSE)


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


# --- Trained models ---------------------------------------------------------------------

MIN_TRAINING_ARTICLES = 1


def proposer_model_request(
    *, project, actor=None, seed: int = 0, queue: bool = True, auto: bool = False
) -> ProposerModel:
    """Create a training run of the project's proposer, queued as a background task on commit.

    Refused while another run of the project is queued or training, and when the project
    has no gold outside its test split to learn from. An `auto` run (retraining as the gold
    grows) activates itself when it compares well; any other waits for a manager.
    """
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()  # one request at a time per project
        if proposer_model_busy(project=project):
            raise ConflictError("A model of this project is already being trained; wait for it to finish.")
        gold = project_gold_split_counts(project=project)
        if gold["train"] < MIN_TRAINING_ARTICLES:
            raise DomainError(
                "There is no gold to learn from: curate and save gold for some articles first "
                f"(articles in the release test split, {gold[TEST_SPLIT]} so far, are held out to compare)."
            )
        model = ProposerModel(
            project=project,
            created_by=actor if actor and actor.is_authenticated else None,
            seed=seed,
            auto=auto,
            gold_articles=gold_total(gold),
        )
        model.full_clean()
        model.save()
        if queue:
            transaction.on_commit(lambda: _train_task.enqueue(model_id=model.pk))
    return model


def proposer_model_train(*, model_id: int, progress: Callable[[str, int, int], None] | None = None) -> ProposerModel:
    """Train a queued model on the project's gold outside the test split, then compare it with the
    active proposer on the test-split gold. Progress and the outcome are stored on the row."""
    # claimed by one conditional update: of two workers given the same task, only one trains
    claimed = ProposerModel.objects.filter(pk=model_id, status=TrainingStatus.QUEUED).update(
        status=TrainingStatus.TRAINING, stage="Reading gold"
    )
    model = ProposerModel.objects.select_related("project").get(pk=model_id)
    if not claimed:
        return model
    learned = _learned()
    from annotator.proposer.engine.learned import training  # spaCy and scikit-learn: only where training runs

    project = model.project
    stage_share = {"parse": (0, 70), "fit": (70, 85), "compare": (85, 99)}
    last = [-1]

    def report(stage: str, done: int, total: int) -> None:
        low, high = stage_share.get(stage, (0, 99))
        percent = low + (high - low) * done // max(total, 1)
        if percent != last[0]:
            last[0] = percent
            ProposerModel.objects.filter(pk=model.pk).update(progress=percent, stage=f"{stage} {done}/{total}")
        if progress:
            progress(stage, done, total)

    try:
        rows = project_gold_records(project=project)
        train = [r for split, r in rows if split != TEST_SPLIT]
        test = [r for split, r in rows if split == TEST_SPLIT]
        relative = f"project-{project.pk}/model-{model.pk}"
        trained = training.train_to_directory(
            train,
            Path(settings.ANNOTATOR_MODEL_ROOT) / relative,
            seed=model.seed,
            model_name=_model_name(),
            sources=[f"project {project.slug}: {len(train)} gold articles outside the test split"],
            progress=report,
        )
        active = proposer_model_active(project=project)
        scores: dict = {"test_articles": len(test), "active_label": proposer_source(active)}
        if test:

            def compare(stage: str, done: int, total: int) -> None:
                report("compare", done, total)

            scores["model"] = training.evaluate(test, trained, model_name=_model_name(), progress=compare)
            old = learned.load_model(model_dir(active)) if active else None
            scores["active"] = training.evaluate(test, old, model_name=_model_name())
        ProposerModel.objects.filter(pk=model.pk).update(
            status=TrainingStatus.READY,
            progress=100,
            stage="",
            version=trained.version,
            path=relative,
            train_articles=len(train),
            test_articles=len(test),
            scores=scores,
            finished_at=timezone.now(),
        )
    except Exception as exc:  # shown on the proposer page; the rules keep proposing
        logger.exception("training proposer model %s failed", model.pk)
        ProposerModel.objects.filter(pk=model.pk).update(
            status=TrainingStatus.FAILED,
            stage="",
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
    model.refresh_from_db()
    # After the training's own error handling: a model that trained stays ready whatever happens here.
    if model.auto and model.status == TrainingStatus.READY:
        _auto_activate(model)
        model.refresh_from_db()
    return model


@transaction.atomic
def proposer_model_activate(*, project, model: ProposerModel | None, actor=None, repropose: bool = True) -> int:
    """Make `model` the project's proposer (None: the rules). Returns how many articles are queued again.

    With `repropose`, every article gets proposals from the new proposer as a new machine
    set (articles that already have one from it are skipped); human work is never touched.
    """
    current = ProposerModel.objects.select_for_update().filter(project=project, is_active=True).first()
    if model is not None and (model.project_id != project.pk or model.status != TrainingStatus.READY):
        raise DomainError("Only a model of this project that finished training can be activated.")
    if (current and current.pk) == (model and model.pk):
        return 0
    if current is not None:
        ProposerModel.objects.filter(pk=current.pk).update(is_active=False)
    if model is not None:
        ProposerModel.objects.filter(pk=model.pk).update(is_active=True)
    event_record(
        EventAction.PROJECT_UPDATE,
        project=project,
        actor=actor,
        object_id=project.pk,
        before={"proposer": proposer_source(current)},
        after={"proposer": proposer_source(model)},
    )
    if not repropose:
        return 0
    ids = list(Article.objects.filter(project=project).order_by("pk").values_list("pk", flat=True))
    return articles_request_proposals(article_ids=ids)


# --- Retraining as the gold grows -------------------------------------------------------------


def proposer_retrain_if_due(*, project_id: int) -> ProposerModel | None:
    """Queue an automatic training run when the project has gained `retrain_every` gold articles
    since its last run (automatic or by hand); None when it is off, not due, or a run is busy.

    Called after every gold save, once the save has committed, so a failure here never
    loses a reviewer's work.
    """
    project = Project.objects.filter(pk=project_id).first()
    # busy is checked again under the lock by the request; here it spares counting the gold
    if project is None or not project.retrain_every or proposer_model_busy(project=project):
        return None
    if retrain_due_in(project=project, gold=project_gold_split_counts(project=project)) != 0:
        return None
    try:
        return proposer_model_request(project=project, auto=True)
    except DomainError:  # no gold outside the test split yet, or another save queued a run a moment ago
        return None


def _auto_activate(model: ProposerModel) -> None:
    """Activate an automatic run's model only if it compares well (`comparison.auto_activation`);
    the decision and its reason are stored as the run's `outcome`."""
    activate, outcome = auto_activation(model.scores)
    if activate:
        proposer_model_activate(project=model.project, model=model)
    ProposerModel.objects.filter(pk=model.pk).update(outcome=outcome[:300])
