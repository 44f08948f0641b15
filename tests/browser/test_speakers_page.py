"""The speaker registry page in Chromium: a reviewer merges two speakers and splits an alias."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from annotator.accounts.models import Role
from annotator.annotations.models import Quote, Speaker
from tests.annotations.data import make_proposed_article
from tests.browser.conftest import screenshot
from tests.factories import MembershipFactory, ProjectFactory, SpeakerFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_reviewer_merges_speakers_and_their_quotes_follow(page, login):
    project = ProjectFactory(slug="desk", name="Desk")
    MembershipFactory(project=project, user=UserFactory(username="rev"), role=Role.REVIEWER)
    make_proposed_article(project)
    duplicate = SpeakerFactory(project=project, name="A. Berg")
    Quote.objects.filter(speaker__name="Anna Berg").update(speaker=duplicate)

    login("rev")
    page.goto("/projects/desk/speakers/")
    screenshot(page, "speakers")
    row = page.locator("#speaker-table tr", has_text="A. Berg")
    row.get_by_label("Merge A. Berg into").fill("Anna Berg")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Merge").click()
    expect(page.locator(".messages")).to_contain_text("Merged A. Berg into Anna Berg")
    berg = Speaker.objects.get(name="Anna Berg")
    assert "A. Berg" in berg.aliases and Quote.objects.filter(speaker=berg).count() == 1

    page.get_by_role("button", name="Split Berg off Anna Berg as a speaker of its own").click()
    expect(page.locator(".messages")).to_contain_text("Berg is now a speaker of its own")
    assert Speaker.objects.filter(project=project, name="Berg").exists()
    assert page.console_errors == []
