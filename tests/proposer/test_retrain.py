"""Retraining as the gold grows: when a run is due, and when its model may replace the active one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotator.accounts.services import project_update
from annotator.annotations.models import SetKind, SetStatus
from annotator.core.errors import DomainError
from annotator.proposer import services
from annotator.proposer.comparison import FEW_TEST_QUOTES, auto_activation
from annotator.proposer.models import ProposerModel, TrainingStatus
from annotator.review.services import gold_adopt
from tests.factories import AnnotationSetFactory, ArticleFactory, QuoteFactory
from tests.proposer.test_training_app import gold_project


def scores(new: float, old: float, gold: int, mode: str = "mention") -> dict:
    return {"model": {mode: {"e2e_f1": new, "gold": gold}}, "active": {mode: {"e2e_f1": old, "gold": gold}}}


@pytest.mark.parametrize(
    ("figures", "activated", "reason"),
    [
        (scores(0.62, 0.55, FEW_TEST_QUOTES), True, "Activated: end-to-end f1 0.620 against 0.550 on 100"),
        (scores(0.5504, 0.5496, 150), True, "0.550 against 0.550"),  # equal as printed: not worse
        (scores(0.549, 0.551, 150), False, "Kept the active proposer: end-to-end f1 0.549 against 0.551"),
        (scores(0.90, 0.40, FEW_TEST_QUOTES - 1), False, "99 gold quotes in the test split are too few"),
        (scores(0.7, 0.6, 120, mode="entity"), True, "0.700 against 0.600"),
        ({"test_articles": 0}, False, "no gold article in the test split"),
    ],
)
def test_an_automatic_model_is_activated_only_when_it_is_no_worse_on_enough_gold(figures, activated, reason):
    decided, why = auto_activation(figures)
    assert decided is activated
    assert reason in why


@pytest.mark.django_db
def test_retraining_is_due_after_every_n_new_gold_articles(project, model_root):
    gold_project(project, count=12)
    assert services.proposer_retrain_if_due(project_id=project.pk) is None  # off by default
    project_update(project=project, retrain_every=10)
    first = services.proposer_retrain_if_due(project_id=project.pk)
    assert first is not None and first.auto and first.gold_articles == 12
    assert services.proposer_retrain_if_due(project_id=project.pk) is None  # one run at a time
    ProposerModel.objects.filter(pk=first.pk).update(status=TrainingStatus.READY)

    more = gold_project_more(project, start=12, count=9)
    assert len(more) == 9 and services.proposer_retrain_if_due(project_id=project.pk) is None  # 9 < 10
    gold_project_more(project, start=21, count=1)
    second = services.proposer_retrain_if_due(project_id=project.pk)
    assert second is not None and second.gold_articles == 22

    # a failed run does not count as the last one: the gold it missed is still due
    ProposerModel.objects.filter(pk=second.pk).update(status=TrainingStatus.FAILED)
    third = services.proposer_retrain_if_due(project_id=project.pk)
    assert third is not None and third.gold_articles == 22


def gold_project_more(project, *, start: int, count: int):
    """More gold articles after the first `start` of the invented corpus."""
    from tests.proposer.invented import corpus

    made = []
    for record in corpus()[start : start + count]:
        article = ArticleFactory(project=project, external_id=record["id"], text=record["text"])
        gold = AnnotationSetFactory(article=article, kind=SetKind.GOLD, status=SetStatus.SUBMITTED)
        q = record["quotes"][0]
        QuoteFactory(annotation_set=gold, start=q["start"], end=q["end"], fragments=[[q["start"], q["end"]]])
        made.append(article)
    return made


@pytest.mark.django_db
def test_the_setting_is_checked(project):
    with pytest.raises(DomainError, match="retrain_every must be a whole number from 0"):
        project_update(project=project, retrain_every=-1)
    with pytest.raises(DomainError, match="retrain_every"):
        project_update(project=project, retrain_every=True)


@pytest.mark.django_db
def test_the_api_and_the_settings_page_set_it(project, manager, manager_api, client):
    url = f"/api/projects/{project.slug}/"
    assert manager_api.patch(url, {"retrain_every": 25}, format="json").status_code == 200
    project.refresh_from_db()
    assert project.retrain_every == 25
    assert manager_api.patch(url, {"retrain_every": 10_001}, format="json").status_code == 400
    client.force_login(manager)
    page = client.get(reverse("proposer:project", kwargs={"slug": project.slug})).content.decode()
    assert "Retrains by itself after every 25 new gold articles (next after 25 more)" in page


@pytest.mark.django_db
def test_an_automatic_model_that_compares_well_is_activated_and_says_why(project, model_root):
    gold_project(project, count=4)
    model = services.proposer_model_request(project=project, queue=False, auto=True)
    ProposerModel.objects.filter(pk=model.pk).update(status=TrainingStatus.READY, scores=scores(0.6, 0.5, 140))
    services._auto_activate(ProposerModel.objects.get(pk=model.pk))
    model.refresh_from_db()
    assert model.is_active and model.outcome.startswith("Activated: end-to-end f1 0.600 against 0.500")


@pytest.mark.spacy
@pytest.mark.django_db
def test_a_gold_save_starts_the_run_that_trains_compares_and_keeps_the_rules_on_little_evidence(
    project, reviewer, annotator, model_root, django_capture_on_commit_callbacks
):
    articles = gold_project(project, count=24)
    project_update(project=project, retrain_every=1)
    # one more gold article, adopted by a reviewer as on the curation page
    extra = ArticleFactory(project=project, text="The mayor said the bridge would open in May.")
    submitted = AnnotationSetFactory(article=extra, kind=SetKind.HUMAN, owner=annotator, status=SetStatus.SUBMITTED)
    QuoteFactory(annotation_set=submitted, start=16, end=44, cue_start=10, cue_end=14, speaker_start=0, speaker_end=9)
    with django_capture_on_commit_callbacks(execute=True):  # on commit: due, queued, trained (immediate backend)
        gold_adopt(article=extra, source=submitted, reviewer=reviewer)
    model = ProposerModel.objects.get()
    assert model.auto and model.status == TrainingStatus.READY, model.error
    assert model.gold_articles == len(articles) + 1
    gold = model.scores["model"]["mention"]["gold"]
    assert gold < FEW_TEST_QUOTES and not model.is_active  # the invented corpus's test split is small
    assert model.outcome == auto_activation(model.scores)[1] and "too few to tell" in model.outcome
