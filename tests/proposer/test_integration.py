"""The proposer wired to the database: machine sets, speakers, statuses, idempotency."""

from __future__ import annotations

import pytest

from annotator.annotations.models import AnnotationSet, Quote, SetKind, Speaker
from annotator.corpus.models import Article
from annotator.imports.services import article_import_files
from annotator.interchange.uncertainty import proposal_uncertainty
from annotator.proposer import services
from tests.factories import AnnotationSetFactory, ArticleFactory, QuoteFactory

TEXT = (
    'Jane Smith, the city\'s finance director, spoke on Monday. "We cannot afford this," Smith said. '
    '"The numbers simply do not add up," she added.'
)


@pytest.mark.spacy
@pytest.mark.django_db
def test_proposals_are_stored_as_a_machine_set_with_speakers(project):
    article = ArticleFactory(project=project, text=TEXT)
    stats = services.articles_propose(article_ids=[article.pk])
    assert stats == {"proposed": 1, "failed": 0, "skipped": 0}
    machine = AnnotationSet.objects.get(article=article, kind=SetKind.MACHINE)
    assert machine.source == services.engine_source()
    quotes = list(machine.quotes.order_by("start"))
    assert any("We cannot afford this" in article.text[q.start : q.end] for q in quotes)
    assert all(q.status == "proposed" and 0 <= q.confidence <= 1 for q in quotes)
    assert {q.speaker.name for q in quotes if q.speaker} == {"Jane Smith"}
    assert Speaker.objects.filter(project=project).count() == 1
    article.refresh_from_db()
    assert (article.proposal_status, article.status) == ("proposed", "proposed")
    # The queue's "uncertainty" order reads how unsure the proposer was of these proposals.
    assert article.uncertainty == proposal_uncertainty(q.confidence for q in quotes)
    assert article.uncertainty is not None and 0 <= article.uncertainty <= 1


@pytest.mark.spacy
@pytest.mark.django_db
def test_proposing_twice_is_idempotent_and_force_adds_a_new_set(project):
    article = ArticleFactory(project=project, text=TEXT)
    services.articles_propose(article_ids=[article.pk])
    assert services.articles_propose(article_ids=[article.pk]) == {"proposed": 0, "failed": 0, "skipped": 1}
    assert AnnotationSet.objects.filter(article=article, kind=SetKind.MACHINE).count() == 1
    services.articles_propose(article_ids=[article.pk], force=True)
    assert AnnotationSet.objects.filter(article=article, kind=SetKind.MACHINE).count() == 2
    assert Speaker.objects.filter(project=project).count() == 1


@pytest.mark.spacy
@pytest.mark.django_db
def test_rerunning_the_proposer_never_touches_human_work(project, annotator):
    article = ArticleFactory(project=project, text=TEXT)
    human = AnnotationSetFactory(article=article, kind=SetKind.HUMAN, owner=annotator, version=3)
    QuoteFactory(annotation_set=human, start=0, end=10, status="added")
    services.articles_propose(article_ids=[article.pk], force=True)
    human.refresh_from_db()
    assert human.version == 3
    assert list(human.quotes.values_list("start", "end", "status")) == [(0, 10, "added")]


@pytest.mark.django_db
def test_a_failure_is_recorded_with_its_reason_and_can_be_retried(project, monkeypatch):
    article = ArticleFactory(project=project, text=TEXT)

    def broken(*args, **kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr("annotator.proposer.engine.propose_many", broken)
    monkeypatch.setattr("annotator.proposer.engine.propose", broken)
    assert services.articles_propose(article_ids=[article.pk])["failed"] == 1
    article.refresh_from_db()
    assert article.proposal_status == "failed"
    assert "model exploded" in article.proposal_error
    monkeypatch.undo()
    assert services.articles_propose(article_ids=[article.pk])["proposed"] == 1
    article.refresh_from_db()
    assert (article.proposal_status, article.proposal_error) == ("proposed", "")


@pytest.mark.spacy
@pytest.mark.django_db(transaction=True)
def test_import_runs_the_proposal_task_for_new_articles(project, settings):
    """With the immediate task backend the task runs at commit, as a worker would."""
    settings.ANNOTATOR_PROPOSE_ON_IMPORT = True
    article_import_files(project=project, files=[("a.txt", TEXT.encode())])
    article = Article.objects.get()
    assert article.proposal_status == "proposed"
    assert Quote.objects.filter(annotation_set__article=article, annotation_set__kind=SetKind.MACHINE).exists()


@pytest.mark.spacy
@pytest.mark.django_db(transaction=True)
def test_propose_endpoint_queues_a_new_machine_set_for_reviewers(project, annotator, reviewer, api_client):
    article = ArticleFactory(project=project, text=TEXT)
    api_client.force_authenticate(annotator)
    assert api_client.post(f"/api/articles/{article.pk}/propose/").status_code == 403
    api_client.force_authenticate(reviewer)
    response = api_client.post(f"/api/articles/{article.pk}/propose/")
    assert response.status_code == 202
    article.refresh_from_db()
    assert article.proposal_status == "proposed"
    assert AnnotationSet.objects.filter(article=article, kind=SetKind.MACHINE).count() == 1


@pytest.mark.spacy
@pytest.mark.django_db
def test_propose_articles_command_proposes_and_retries_failed(project, capsys):
    from django.core.management import call_command

    done = ArticleFactory(project=project, text=TEXT)
    failed = ArticleFactory(project=project, text=TEXT + " Extra.", proposal_status="failed", proposal_error="boom")
    call_command("propose_articles", "--project", project.slug, "--article", str(done.pk), "--no-progress")
    assert "1 proposed" in capsys.readouterr().out
    call_command("propose_articles", "--project", project.slug, "--failed", "--no-progress")
    failed.refresh_from_db()
    assert (failed.proposal_status, failed.proposal_error) == ("proposed", "")
    call_command("propose_articles", "--project", project.slug, "--no-progress")
    assert "0 proposed, 2 already done" in capsys.readouterr().out


@pytest.mark.spacy
@pytest.mark.django_db
def test_rerun_button_runs_the_proposer_again_for_reviewers_only(
    project, annotator, reviewer, outsider, django_capture_on_commit_callbacks
):
    from django.test import Client

    article = ArticleFactory(project=project, text=TEXT, proposal_status="failed", proposal_error="boom")
    client = Client()
    client.force_login(annotator)
    assert "Retry the proposer" not in client.get(article.get_absolute_url()).content.decode()
    assert client.post(f"/articles/{article.pk}/propose/").status_code == 403
    client.force_login(reviewer)
    assert "Retry the proposer" in client.get(article.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the immediate task backend runs it at commit
        response = client.post(f"/articles/{article.pk}/propose/")
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    article.refresh_from_db()
    assert (article.proposal_status, article.proposal_error) == ("proposed", "")
    assert AnnotationSet.objects.filter(article=article, kind=SetKind.MACHINE).count() == 1
    client.force_login(outsider)
    assert client.post(f"/articles/{article.pk}/propose/").status_code == 404


@pytest.mark.parametrize(
    "mention,alias",
    [
        ("Rutte", True),
        ("Mark Rutte", True),
        ("Ursula von der Leyen", True),
        ("the United States Secretary of State, Anthony Blinken", False),
        ("a note posted online by the ministry", False),
        ("The Dutch politician", False),
        ("", False),
    ],
)
def test_only_name_like_mentions_become_registry_aliases(mention, alias):
    from annotator.proposer.services import looks_like_a_name

    assert looks_like_a_name(mention) is alias
