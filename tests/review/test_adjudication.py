"""A reviewer adopts an annotator's submitted set as the article's gold version."""

from __future__ import annotations

import pytest
from django.test import Client

from annotator.accounts.models import Role
from annotator.annotations.models import AnnotationSet, SetKind, SetStatus
from annotator.core.errors import ConflictError, DomainError
from annotator.review.services import gold_adopt
from tests.factories import AnnotationSetFactory, ArticleFactory, QuoteFactory, SpeakerFactory, UserFactory

TEXT = '"We will win," Ana Lopez said. Critics said the plan would fail.'


@pytest.fixture
def submitted(project):
    article = ArticleFactory(project=project, text=TEXT)
    lopez = SpeakerFactory(project=project, name="Ana Lopez")
    annotation_set = AnnotationSetFactory(
        article=article, kind=SetKind.HUMAN, owner=UserFactory(username="ann1"), status=SetStatus.SUBMITTED
    )
    QuoteFactory(annotation_set=annotation_set, start=0, end=14, fragments=[[0, 14]], speaker=lopez, status="accepted")
    QuoteFactory(annotation_set=annotation_set, start=44, end=63, fragments=[[44, 63]], status="proposed")
    QuoteFactory(annotation_set=annotation_set, start=31, end=38, fragments=[[31, 38]], status="rejected")
    return annotation_set


@pytest.mark.django_db
def test_adopting_a_set_copies_its_decided_quotes_into_gold_and_leaves_proposals_out(submitted, reviewer):
    gold = gold_adopt(article=submitted.article, source=submitted, reviewer=reviewer)
    assert gold.kind == SetKind.GOLD and gold.based_on == submitted and gold.version == 1
    rows = list(gold.quotes.order_by("start").values_list("start", "end", "status", "speaker__name"))
    assert rows == [(0, 14, "accepted", "Ana Lopez")]  # the unreviewed proposal is not gold
    assert gold.unreviewed_left_out == 1
    submitted.article.refresh_from_db()
    assert submitted.article.status == "gold"
    assert submitted.quotes.count() == 3  # the annotator's set is untouched


@pytest.mark.django_db
def test_adopting_again_replaces_gold_and_checks_the_version(submitted, reviewer):
    gold_adopt(article=submitted.article, source=submitted, reviewer=reviewer)
    other = AnnotationSetFactory(
        article=submitted.article, kind=SetKind.HUMAN, owner=UserFactory(), status=SetStatus.SUBMITTED
    )
    QuoteFactory(annotation_set=other, start=0, end=14, fragments=[[0, 14]], status="accepted")
    with pytest.raises(ConflictError):
        gold_adopt(article=submitted.article, source=other, reviewer=reviewer, version=0)
    gold = gold_adopt(article=submitted.article, source=other, reviewer=reviewer, version=1)
    assert gold.version == 2 and gold.quotes.count() == 1
    assert AnnotationSet.objects.filter(article=submitted.article, kind=SetKind.GOLD).count() == 1


@pytest.mark.django_db
def test_drafts_and_other_articles_sets_cannot_become_gold(submitted, reviewer):
    draft = AnnotationSetFactory(
        article=submitted.article, kind=SetKind.HUMAN, owner=UserFactory(), status=SetStatus.DRAFT
    )
    with pytest.raises(DomainError, match="submitted"):
        gold_adopt(article=submitted.article, source=draft, reviewer=reviewer)
    elsewhere = AnnotationSetFactory(kind=SetKind.IMPORTED)
    with pytest.raises(DomainError, match="another article"):
        gold_adopt(article=submitted.article, source=elsewhere, reviewer=reviewer)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,expected",
    [("anonymous", 302), ("outsider", 404), (Role.ANNOTATOR, 403), (Role.REVIEWER, 200), (Role.MANAGER, 200)],
)
def test_review_page_permissions(submitted, user_for_role, role, expected):
    client = Client()
    user = user_for_role(role)
    if user:
        client.force_login(user)
    url = f"/articles/{submitted.article.pk}/review/"
    assert client.get(url).status_code == expected
    response = client.post(url, {"set": submitted.pk})
    assert response.status_code == (302 if expected == 200 else expected)
    assert AnnotationSet.objects.filter(kind=SetKind.GOLD).exists() == (expected == 200)


@pytest.mark.django_db
def test_review_page_shows_submitted_sets_and_adopts_one(submitted, reviewer):
    client = Client()
    client.force_login(reviewer)
    page = client.get(f"/articles/{submitted.article.pk}/review/")
    body = page.content.decode()
    assert "ann1" in body and "Adopt as gold" in body and "1 left unreviewed" in body
    response = client.post(f"/articles/{submitted.article.pk}/review/", {"set": submitted.pk}, follow=True)
    assert "Gold version 1 adopted from ann1" in response.content.decode()


@pytest.mark.django_db
def test_gold_release_takes_the_adopted_version(submitted, reviewer, manager, settings, tmp_path):
    from annotator.releases.selectors import release_articles

    gold_adopt(article=submitted.article, source=submitted, reviewer=reviewer)
    [article] = release_articles(project=submitted.article.project, source="gold", filters={})
    assert [(q["start"], q.get("speaker_entity")) for q in article["quotes"]] == [(0, "Ana Lopez")]
