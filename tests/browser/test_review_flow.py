"""A reviewer compares two annotators' submitted sets and adopts one as gold."""

from __future__ import annotations

import pytest

from annotator.accounts.models import Role
from annotator.annotations.models import SetKind, SetStatus
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
