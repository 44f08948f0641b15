"""The comments panel in the editor: a flag on the selected quote, then a skip."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from annotator.accounts.models import Role
from annotator.annotations.models import Comment
from tests.annotations.data import make_proposed_article
from tests.factories import MembershipFactory, ProjectFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_annotator_flags_a_quote_then_skips_the_article(page, login):
    project = ProjectFactory(slug="desk", name="Desk")
    MembershipFactory(project=project, role=Role.ANNOTATOR, user=UserFactory(username="ann"))
    article = make_proposed_article(project)
    login("ann")
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    page.locator("summary", has_text="Comments and flags").click()
    panel = page.locator("#comments-panel")
    expect(panel).to_contain_text("No comments yet.")
    panel.get_by_label("Post as").select_option("unclear")
    panel.get_by_label("About the selected quote").check()
    panel.get_by_label("Your note").fill("Is <b>this</b> the minister or his spokesman?")
    panel.get_by_role("button", name="Post").click()
    expect(panel.locator("#comments-list")).to_contain_text("Is <b>this</b> the minister")  # shown as text
    expect(page.locator("#comments-count")).to_have_text("1 · 1 open")
    flag = Comment.objects.get(kind="unclear")
    assert flag.quote is not None and flag.quote.annotation_set.owner.username == "ann"

    panel.get_by_label("Post as").select_option("skip")
    panel.get_by_label("Your note").fill("Not about quotes at all.")
    panel.get_by_role("button", name="Post").click()
    page.wait_for_url(f"**/projects/{project.slug}/")  # nothing else in the queue: back to the list
    assert Comment.objects.filter(kind="skip", author__username="ann").exists()
    assert page.console_errors == []
