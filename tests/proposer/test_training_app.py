"""Training a project's proposer from its gold in the app: the task, the comparison, activation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from annotator.accounts.models import Event, EventAction
from annotator.annotations.models import AnnotationSet, QuoteStatus, SetKind, SetStatus
from annotator.interchange.splits import DEFAULT_RATIOS, split_for
from annotator.proposer import services
from annotator.proposer.models import ProposerModel, TrainingStatus
from annotator.proposer.selectors import project_gold_records
from tests.factories import AnnotationSetFactory, ArticleFactory, QuoteFactory
from tests.proposer.invented import corpus


def gold_project(project, reviewer=None, count: int = 24):
    """The invented corpus as the project's gold sets, one article each."""
    articles = []
    for record in corpus()[:count]:
        article = ArticleFactory(project=project, external_id=record["id"], text=record["text"])
        gold = AnnotationSetFactory(article=article, kind=SetKind.GOLD, status=SetStatus.SUBMITTED, owner=reviewer)
        for q in record["quotes"]:
            QuoteFactory(
                annotation_set=gold,
                start=q["start"],
                end=q["end"],
                fragments=[[q["start"], q["end"]]],
                kind=q["kind"],
                cue_start=q["cue_start"],
                cue_end=q["cue_end"],
                speaker_start=q["speaker_start"],
                speaker_end=q["speaker_end"],
                status=QuoteStatus.ACCEPTED,
            )
        articles.append(article)
    return articles


@pytest.mark.django_db
def test_gold_records_carry_the_release_split_of_each_article(project):
    gold_project(project, count=12)
    rows = project_gold_records(project=project)
    assert [r["id"] for _, r in rows] == [f"a{n}" for n in range(12)]
    assert [split for split, _ in rows] == [split_for(f"a{n}", DEFAULT_RATIOS) for n in range(12)]
    assert "test" in {split for split, _ in rows} and len(rows[0][1]["quotes"]) == 2


@pytest.mark.django_db
def test_training_is_refused_without_gold_to_learn_from(project, model_root):
    from annotator.core.errors import DomainError

    with pytest.raises(DomainError, match="no gold to learn from"):
        services.proposer_model_request(project=project)
    assert not ProposerModel.objects.exists()


@pytest.mark.spacy
@pytest.mark.django_db
def test_train_compare_activate_and_repropose_without_touching_human_work(
    project, manager, annotator, model_root, django_capture_on_commit_callbacks
):
    articles = gold_project(project)
    human = AnnotationSetFactory(article=articles[0], kind=SetKind.HUMAN, owner=annotator, version=4)
    QuoteFactory(annotation_set=human, start=0, end=4, status="added")
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend trains on commit
        queued = services.proposer_model_request(project=project, actor=manager, seed=2)
    model = ProposerModel.objects.get(pk=queued.pk)
    assert model.status == TrainingStatus.READY, model.error
    assert services.proposer_model_train(model_id=model.pk).version == model.version  # a second run does nothing
    assert model.progress == 100 and model.version.startswith("m-")
    assert (model_root / model.path / "scorer.json").is_file()
    test_ids = [n for n in range(24) if split_for(f"a{n}", DEFAULT_RATIOS) == "test"]
    assert (model.train_articles, model.test_articles) == (24 - len(test_ids), len(test_ids))
    scores = model.scores
    assert scores["active_label"] == services.engine_source()  # compared with the rules, active so far
    # the held-out articles use a cue the rules lack: the model finds what the rules miss
    assert scores["model"]["mention"]["overlap_r"] > scores["active"]["mention"]["overlap_r"]

    with django_capture_on_commit_callbacks(execute=True):
        queued_again = services.proposer_model_activate(project=project, model=model, actor=manager)
    assert queued_again == len(articles)
    event = Event.objects.filter(action=EventAction.PROJECT_UPDATE).latest("id")
    assert event.after == {"proposer": f"{services.engine_source()} + model {model.version}"}
    sets = AnnotationSet.objects.filter(article=articles[5], kind=SetKind.MACHINE)
    assert [s.source for s in sets] == [f"{services.engine_source()} + model {model.version}"]
    assert any(
        articles[5].text[q.cue_start : q.cue_end] == "wagered" for q in sets[0].quotes.all() if q.cue_start
    )  # a5: "wagered"
    human.refresh_from_db()
    assert human.version == 4 and list(human.quotes.values_list("start", "end")) == [(0, 4)]

    # back to the rules: a new machine set from the rules, the model's set stays
    with django_capture_on_commit_callbacks(execute=True):
        services.proposer_model_activate(project=project, model=None, actor=manager)
    assert AnnotationSet.objects.filter(article=articles[5], kind=SetKind.MACHINE).count() == 2
    assert not ProposerModel.objects.filter(is_active=True).exists()


@pytest.mark.django_db
def test_a_second_training_waits_for_the_first(project, model_root):
    from annotator.core.errors import ConflictError

    gold_project(project, count=4)
    first = services.proposer_model_request(project=project, queue=False)
    with pytest.raises(ConflictError):
        services.proposer_model_request(project=project, queue=False)
    # a run whose worker died long ago no longer blocks
    ProposerModel.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(hours=7))
    assert services.proposer_model_request(project=project, queue=False).pk != first.pk


@pytest.mark.django_db
def test_only_a_ready_model_of_the_project_can_be_activated(project, manager_api, model_root):
    queued = ProposerModel.objects.create(project=project)
    url = reverse("api-project-proposer-activate", kwargs={"slug": project.slug})
    response = manager_api.post(url, {"model_id": queued.pk}, format="json")
    assert response.status_code == 400 and "finished training" in response.json()["detail"]
    response = manager_api.post(url, {"model_id": 999999}, format="json")
    assert response.status_code == 400 and "no proposer model" in response.json()["detail"]


@pytest.mark.django_db
def test_api_train_request_answers_202_and_lists_the_run(project, manager_api, model_root):
    gold_project(project, count=4)
    url = reverse("api-project-proposer-models", kwargs={"slug": project.slug})
    response = manager_api.post(url, {"seed": 5}, format="json")  # the task runs on commit, not in this test
    assert response.status_code == 202 and response.json()["status"] == "queued"
    listed = manager_api.get(url).json()
    assert [m["seed"] for m in listed["results"]] == [5]
    assert manager_api.post(url, {}, format="json").status_code == 409


@pytest.mark.django_db
def test_proposer_page_shows_the_active_proposer_and_a_progress_bar(client, project, manager, model_root):
    gold_project(project, count=4)
    ProposerModel.objects.create(project=project, status=TrainingStatus.TRAINING, progress=40, stage="parse 2/4")
    client.force_login(manager)
    page = client.get(reverse("proposer:project", kwargs={"slug": project.slug})).content.decode()
    assert "the rules" in page and 'value="40"' in page and "parse 2/4" in page
    assert "proposer/js/proposer.js" in page


@pytest.mark.spacy
@pytest.mark.django_db
def test_train_proposer_command_trains_a_project_from_its_gold(project, model_root, capsys):
    gold_project(project)
    call_command("train_proposer", "--project", project.slug, "--no-progress")
    model = ProposerModel.objects.get(project=project)
    assert model.status == TrainingStatus.READY and not model.is_active  # a manager activates it
    out = capsys.readouterr().out
    assert model.version in out and "held out" in out
    with pytest.raises(CommandError, match="No project"):
        call_command("train_proposer", "--project", "nope", "--no-progress")


@pytest.mark.django_db
def test_gold_split_counts_agree_with_the_records_and_skip_empty_gold(project):
    from annotator.proposer.selectors import project_gold_split_counts

    gold_project(project, count=12)
    empty = ArticleFactory(project=project, external_id="empty")
    AnnotationSetFactory(article=empty, kind=SetKind.GOLD)  # gold without a quote teaches nothing
    rows = project_gold_records(project=project)
    with_quotes = [split for split, r in rows if r["quotes"]]
    counts = project_gold_split_counts(project=project)
    assert counts == {"train": sum(s != "test" for s in with_quotes), "test": with_quotes.count("test")}
    assert len(rows) == 13 and counts["train"] + counts["test"] == 12


@pytest.mark.django_db
def test_comparison_shows_each_change_from_the_figures_as_printed_and_says_what_it_was_compared_with(
    client, project, manager, model_root
):
    def figures(pred, overlap_f1, e2e_f1):
        return {"entity": {"gold": 24, "pred": pred, "overlap_f1": overlap_f1, "e2e_f1": e2e_f1, "cue_acc": 1.0}}

    # 0.6275 prints as 0.628 (floatformat rounds half up): the change is taken from 0.596 and 0.628.
    scores = {
        "test_articles": 4,
        "active_label": services.engine_source(),
        "model": figures(23, 0.8511, 0.5957),
        "active": figures(27, 0.8627, 0.6275),
    }
    ProposerModel.objects.create(project=project, status=TrainingStatus.READY, version="m-abc", scores=scores)
    client.force_login(manager)
    page = client.get(reverse("proposer:project", kwargs={"slug": project.slug})).content.decode()
    assert f'active then: the rules<br><span class="muted engine-version">{services.engine_source()}</span>' in page
    assert "4 articles, 24 gold quotes" in page
    assert '<td class="num change-down">−0.012</td>' in page  # overlap F1: 0.851 against 0.863
    assert '<td class="num">±0.000</td>' in page  # cue accuracy, the same
    assert (
        f"End-to-end F1 0.596 against 0.628 for the rules ({services.engine_source()}): 0.032 lower." in page
        and "may be chance" in page  # 24 gold quotes are few
    )
