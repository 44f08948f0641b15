"""Reads for the proposer: a project's gold as training data, its trained models."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind
from annotator.annotations.selectors import quote_as_interchange
from annotator.core.errors import DomainError
from annotator.corpus.models import Article
from annotator.corpus.selectors import article_export_id, export_id
from annotator.interchange.splits import DEFAULT_RATIOS, split_for
from annotator.proposer.models import ProposerModel, TrainingStatus

TEST_SPLIT = "test"


def project_gold_records(*, project) -> list[tuple[str, dict]]:
    """Every gold article of the project as ``(split, interchange record)``, in id order.

    The split is the one releases give the article with the default ratios (a hash of
    its export id), so the test split held out of training is the releases' test split.
    """
    sets = {
        s.article_id: s
        for s in AnnotationSet.objects.filter(article__project=project, kind=SetKind.GOLD).order_by("created_at", "id")
    }
    out = []
    for article in Article.objects.filter(pk__in=list(sets)).order_by("pk"):
        quotes = (
            sets[article.pk]
            .quotes.exclude(status=QuoteStatus.REJECTED)
            .select_related("speaker")
            .order_by("start", "end", "id")
        )
        export_id = article_export_id(article)
        record = {
            "id": export_id,
            "text": article.text,
            "quotes": [quote_as_interchange(q, article.text) for q in quotes],
        }
        out.append((split_for(export_id, DEFAULT_RATIOS), record))
    return out


def project_gold_split_counts(*, project) -> dict[str, int]:
    """How many gold articles with at least one quote fall in the test split and outside it (no quote is loaded)."""
    with_quotes = Quote.objects.filter(
        annotation_set__article=OuterRef("pk"), annotation_set__kind=SetKind.GOLD
    ).exclude(status=QuoteStatus.REJECTED)
    counts = {"train": 0, TEST_SPLIT: 0}
    for external_id, pk, project_id in (
        Article.objects.filter(project=project)
        .filter(Exists(with_quotes))
        .values_list("external_id", "pk", "project_id")
    ):
        split = split_for(export_id(external_id=external_id, project_id=project_id, pk=pk), DEFAULT_RATIOS)
        counts[TEST_SPLIT if split == TEST_SPLIT else "train"] += 1
    return counts


def proposer_model_list(*, project) -> QuerySet[ProposerModel]:
    return ProposerModel.objects.filter(project=project).select_related("created_by").order_by("-created_at", "-id")


def proposer_model_active(*, project) -> ProposerModel | None:
    return ProposerModel.objects.filter(project=project, is_active=True).first()


#: A run still queued or training after this long lost its worker (a restart, a crash): it no longer blocks a new one.
STALE_AFTER = dt.timedelta(hours=6)


def proposer_model_busy(*, project) -> bool:
    return ProposerModel.objects.filter(
        project=project,
        status__in=[TrainingStatus.QUEUED, TrainingStatus.TRAINING],
        created_at__gte=timezone.now() - STALE_AFTER,
    ).exists()


def proposer_model_for_activation(*, project, model_id: int | None) -> ProposerModel | None:
    """The project's model of that id (None for the rules); another project's id is unknown here."""
    if model_id is None:
        return None
    model = ProposerModel.objects.filter(project=project, pk=model_id).first()
    if model is None:
        raise DomainError(f"This project has no proposer model {model_id}.")
    return model


def gold_total(gold: dict[str, int]) -> int:
    """Gold articles with quotes in both splits, from `project_gold_split_counts`: what a run records."""
    return gold["train"] + gold[TEST_SPLIT]


def retrain_due_in(*, project, gold: dict[str, int]) -> int | None:
    """How many more gold articles until automatic retraining is due (0: due now; None: it is off).

    Counted from the project's last training run that did not fail (from none before the
    first). `gold` is `project_gold_split_counts`, passed in because its callers have it.
    """
    if not project.retrain_every:
        return None
    last = ProposerModel.objects.filter(project=project).exclude(status=TrainingStatus.FAILED).first()
    gained = gold_total(gold) - (last.gold_articles if last else 0)
    return max(project.retrain_every - gained, 0)
