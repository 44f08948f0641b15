"""*Next to review* and the articles' disagreement: the reviewer's queue in the project's review order."""

from __future__ import annotations

import pytest
from django.test import Client

from annotator.accounts.models import Event, EventAction, ReviewOrder
from annotator.annotations.models import AnnotationSet, SetKind
from annotator.corpus.models import Article, ArticleStatus
from annotator.review.selectors import article_next_for_review
from tests.annotations.data import TEXT, make_proposed_article, span
from tests.review.test_curation import annotate, client_for


def drop_second(quotes):
    """Reject the second proposal: 2 of 3 quotes in common, overlap F1 0.8."""
    quotes[1]["status"] = "rejected"


def other_speaker(quotes):
    """Name "Critics" as the speaker mention of the first quote (the minister's)."""
    quotes[0]["speaker_start"], quotes[0]["speaker_end"] = span(TEXT, "Critics")


@pytest.fixture
def double(project):
    project.annotators_per_article = 2
    project.save()
    return project


def doubly_annotated(project, change, names):
    article = make_proposed_article(project, suffix=f" ({names[0]})", external_id=names[0])
    annotate(project, article, names[0])
    annotate(project, article, names[1], change)
    article.refresh_from_db()
    return article


@pytest.mark.django_db
def test_submitting_the_second_set_stores_the_articles_disagreement(double):
    article = make_proposed_article(double)
    annotate(double, article, "ann1")
    article.refresh_from_db()
    assert article.disagreement is None  # one set: nothing to compare yet
    annotate(double, article, "ann2", drop_second)
    article.refresh_from_db()
    assert article.status == ArticleStatus.ANNOTATED
    # overlap F1 2 * 2 / (3 + 2) = 0.8, the two matched quotes agree on cue and speaker: 1 - (0.8 + 1 + 1) / 3
    assert article.disagreement == pytest.approx(0.0667)


@pytest.mark.django_db
def test_the_same_work_twice_has_no_disagreement(double):
    assert doubly_annotated(double, None, ["a1", "a2"]).disagreement == 0.0


@pytest.mark.django_db
def test_sending_a_set_back_takes_the_figure_back_to_none(double, reviewer):
    article = doubly_annotated(double, drop_second, ["a1", "a2"])
    assert article.disagreement is not None
    sent = AnnotationSet.objects.filter(article=article, kind=SetKind.HUMAN).first()
    answer = client_for(reviewer).post(
        f"/api/annotation-sets/{sent.pk}/send-back/", {"comment": "Look at the second quote again."}, format="json"
    )
    assert answer.status_code == 200, answer.content
    article.refresh_from_db()
    assert article.disagreement is None  # one submitted set left


@pytest.fixture
def backlog(double):
    """Three annotated articles in import order: disagreement 0, 0.0667 (a quote dropped), 0.1667
    (a speaker changed), and one still in progress."""
    articles = [
        doubly_annotated(double, None, ["a1", "a2"]),
        doubly_annotated(double, drop_second, ["b1", "b2"]),
        doubly_annotated(double, other_speaker, ["c1", "c2"]),
    ]
    waiting = make_proposed_article(double, suffix=" (open)", external_id="open")
    annotate(double, waiting, "d1")
    return articles


@pytest.mark.django_db
def test_the_speaker_change_counts_as_half_the_mentions(backlog):
    # overlap 1, cue 1, the mention agrees on 1 of the 2 quotes that have one: 1 - (1 + 1 + 0.5) / 3
    assert [a.disagreement for a in backlog] == [0.0, pytest.approx(0.0667), pytest.approx(0.1667)]


def review_order(project) -> list[int]:
    seen = []
    while True:
        article = article_next_for_review(project=project, after=seen[-1] if seen else None)
        if article is None:
            return seen
        seen.append(article.pk)
        Article.objects.filter(pk=article.pk).update(status=ArticleStatus.GOLD)  # curated: out of the queue


@pytest.mark.django_db
@pytest.mark.parametrize("order,expected", [(ReviewOrder.OLDEST, [0, 1, 2]), (ReviewOrder.DISAGREEMENT, [2, 1, 0])])
def test_next_to_review_gives_annotated_articles_in_the_review_order(double, backlog, order, expected):
    double.review_order = order
    double.save()
    assert review_order(double) == [backlog[i].pk for i in expected]  # never the one still in progress


@pytest.mark.django_db
def test_after_skips_the_article_being_left(double, backlog):
    double.review_order = ReviewOrder.DISAGREEMENT
    double.save()
    assert article_next_for_review(project=double, after=backlog[2].pk).pk == backlog[1].pk


@pytest.mark.django_db
def test_the_api_gives_the_next_article_then_204(double, backlog, reviewer):
    double.review_order = ReviewOrder.DISAGREEMENT
    double.save()
    api = client_for(reviewer)
    first = api.get(f"/api/projects/{double.slug}/next-review/")
    assert first.status_code == 200 and first.json()["id"] == backlog[2].pk
    Article.objects.filter(pk__in=[a.pk for a in backlog]).update(status=ArticleStatus.GOLD)
    assert api.get(f"/api/projects/{double.slug}/next-review/").status_code == 204
    assert api.get(f"/api/projects/{double.slug}/next-review/?after=x").status_code == 400


@pytest.mark.django_db
def test_annotators_and_outsiders_get_no_review_queue(double, backlog, annotator, outsider):
    assert client_for(annotator).get(f"/api/projects/{double.slug}/next-review/").status_code == 403
    assert client_for(outsider).get(f"/api/projects/{double.slug}/next-review/").status_code == 404
    browser = Client()
    browser.force_login(annotator)
    assert browser.get(f"/projects/{double.slug}/next-review/").status_code == 403


@pytest.mark.django_db
def test_the_page_opens_the_most_disputed_article_and_says_when_none_waits(double, backlog, reviewer):
    double.review_order = ReviewOrder.DISAGREEMENT
    double.save()
    browser = Client()
    browser.force_login(reviewer)
    answer = browser.get(f"/projects/{double.slug}/next-review/")
    assert answer.status_code == 302 and answer["Location"] == f"/articles/{backlog[2].pk}/review/"
    Article.objects.filter(pk__in=[a.pk for a in backlog]).update(status=ArticleStatus.GOLD)
    answer = browser.get(f"/projects/{double.slug}/next-review/", follow=True)
    assert "No other article is waiting for review" in answer.content.decode()


@pytest.mark.django_db
def test_the_list_sorts_by_disagreement_and_shows_it(double, backlog, reviewer):
    browser = Client()
    browser.force_login(reviewer)
    page = browser.get(f"/projects/{double.slug}/?sort=disagree").content.decode()
    rows = [page.index(f'href="{a.get_absolute_url()}"') for a in backlog]
    assert rows[2] < rows[1] < rows[0]  # most disputed first
    assert "disagree 0.17" in page and "Next to review" in page


@pytest.mark.django_db
def test_the_review_order_is_a_setting_of_the_api_and_the_settings_page(double, manager):
    api = client_for(manager)
    answer = api.patch(f"/api/projects/{double.slug}/", {"review_order": "disagreement"}, format="json")
    assert answer.status_code == 200 and answer.json()["review_order"] == "disagreement"
    double.refresh_from_db()
    assert double.review_order == ReviewOrder.DISAGREEMENT
    event = Event.objects.filter(action=EventAction.PROJECT_UPDATE).latest("pk")
    assert event.after == {"review_order": "disagreement"}
    bad = api.patch(f"/api/projects/{double.slug}/", {"review_order": "loudest"}, format="json")
    assert bad.status_code == 400 and "review_order" in bad.json()["errors"]
    double.refresh_from_db()
    assert double.review_order == ReviewOrder.DISAGREEMENT
    page = Client()
    page.force_login(manager)
    url = f"/projects/{double.slug}/settings/"
    assert "Order the review queue by" in page.get(url).content.decode()
    fields = {"name": "News", "annotators_per_article": "2", "review_order": "oldest"}
    assert page.post(url, fields).status_code == 302
    double.refresh_from_db()
    assert double.review_order == ReviewOrder.OLDEST
