"""A reviewer compares two annotators' submitted sets and adopts one as gold."""

from __future__ import annotations

import pytest

from annotator.accounts.models import Role
from annotator.annotations.models import SetKind, SetStatus
from annotator.annotations.services.annotation import article_disagreement_refresh
from tests.browser.conftest import screenshot
from tests.factories import (
    AnnotationSetFactory,
    ArticleFactory,
    MembershipFactory,
    ProjectFactory,
    QuoteFactory,
    UserFactory,
)

TEXT = '"We will win," Ana Lopez said. Critics said the plan would fail.'


@pytest.mark.django_db(transaction=True)
def test_reviewer_adopts_a_submitted_set_as_gold(page, login):
    project = ProjectFactory(slug="rev", name="Review desk")
    MembershipFactory(project=project, user=UserFactory(username="rita"), role=Role.REVIEWER)
    article = ArticleFactory(project=project, text=TEXT, title="Lopez vows", status="annotated")
    for username, quotes in (("ann1", [(0, 14), (44, 63)]), ("ann2", [(0, 14)])):
        annotation_set = AnnotationSetFactory(
            article=article, kind=SetKind.HUMAN, owner=UserFactory(username=username), status=SetStatus.SUBMITTED
        )
        for start, end in quotes:
            QuoteFactory(
                annotation_set=annotation_set, start=start, end=end, fragments=[[start, end]], status="accepted"
            )

    login("rita")
    page.get_by_role("link", name="Review", exact=True).click()
    page.get_by_text("quote overlap F1").wait_for()
    assert "0.667" in page.locator("main").inner_text()
    page.get_by_role("region", name="Annotator ann1").get_by_role("button", name="Adopt as gold").click()
    page.get_by_text("Gold version 1 adopted from ann1's set.").wait_for()
    screenshot(page, "review")
    gold = article.annotation_sets.get(kind=SetKind.GOLD)
    assert gold.quotes.count() == 2
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_next_to_review_opens_the_most_disputed_article_first(page, login):
    project = ProjectFactory(slug="queue", name="Review queue", review_order="disagreement")
    MembershipFactory(project=project, user=UserFactory(username="rita"), role=Role.REVIEWER)
    articles = {}
    for title, second in (("Both agree", [(0, 14), (44, 63)]), ("They differ", [(0, 14)])):
        article = ArticleFactory(project=project, text=f"{TEXT} ({title})", title=title, status="annotated")
        for username, quotes in ((f"{title}-1", [(0, 14), (44, 63)]), (f"{title}-2", second)):
            owned = AnnotationSetFactory(
                article=article, kind=SetKind.HUMAN, owner=UserFactory(username=username.replace(" ", "")),
                status=SetStatus.SUBMITTED,
            )  # fmt: skip
            for start, end in quotes:
                QuoteFactory(annotation_set=owned, start=start, end=end, fragments=[[start, end]], status="accepted")
        article_disagreement_refresh(article=article)
        articles[title] = article

    login("rita")
    page.goto(f"/projects/{project.slug}/?sort=disagree")
    rows = page.locator("#article-table tbody tr")
    assert "They differ" in rows.nth(0).inner_text() and "disagree 0.33" in rows.nth(0).inner_text()
    page.get_by_role("link", name="Next to review").click()
    page.wait_for_url(f"**/articles/{articles['They differ'].pk}/review/")
    assert "They differ" in page.locator("main").inner_text()
    assert page.console_errors == []
