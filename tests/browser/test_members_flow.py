"""A manager invites a new member in the browser; the new user sets a password and logs in."""

from __future__ import annotations

import pytest

from annotator.accounts.models import Membership, Role
from tests.browser.conftest import screenshot
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

NEW_PASSWORD = "amber-kettle-orbit-73"


def _project_with_team():
    project = ProjectFactory(slug="desk", name="News desk", guidelines="# Desk rules\n\nMark **every** quote.")
    MembershipFactory(project=project, user=UserFactory(username="lead"), role=Role.MANAGER)
    for username, role in [("rita", Role.REVIEWER), ("anna", Role.ANNOTATOR), ("omar", Role.ANNOTATOR)]:
        MembershipFactory(project=project, user=UserFactory(username=username), role=role)
    return project


@pytest.mark.django_db(transaction=True)
def test_manager_invites_a_new_member_who_sets_a_password_and_logs_in(page, login, live_server):
    project = _project_with_team()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    login("lead")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Members").click()
    page.get_by_role("heading", name="Members of News desk").wait_for()
    page.get_by_label("Username").fill("newbie")
    page.get_by_label("Role", exact=True).select_option("reviewer")
    page.get_by_role("button", name="Add member").click()

    page.get_by_text("Created the user newbie and added them as reviewer.").wait_for()
    link_box = page.get_by_role("textbox", name="Set-password link for newbie")
    link = link_box.input_value()
    assert link.startswith(f"{live_server.url}/reset/")
    page.get_by_role("button", name="Copy link").click()
    page.get_by_text("Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link
    row = page.locator("#member-table tr", has_text="newbie")
    assert row.get_by_label("Role of newbie").input_value() == "reviewer"
    assert row.get_by_text("No password yet").is_visible()

    for width in (1024, 1600):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"members-{width}")
    assert page.console_errors == []

    page.get_by_role("button", name="Log out").click()
    page.goto(link)
    page.get_by_role("heading", name="Set your password").wait_for()
    assert page.get_by_text("Your username is newbie").is_visible()
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Repeat the password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    page.get_by_role("heading", name="Your password is set").wait_for()

    login("newbie", NEW_PASSWORD)
    page.get_by_role("heading", name="News desk").wait_for()  # one project: straight to its articles
    assert page.url.endswith(project.get_absolute_url())
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Guidelines").is_visible()
    assert nav.get_by_role("link", name="Members").count() == 0
    nav.get_by_role("link", name="Guidelines").click()
    page.get_by_role("heading", name="Desk rules").wait_for()
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_manager_changes_a_role_and_removes_a_member(page, login):
    project = _project_with_team()
    login("lead")
    page.goto("/projects/desk/members/")
    row = page.locator("#member-table tr", has_text="anna")
    row.get_by_label("Role of anna").select_option("reviewer")
    row.get_by_role("button", name="Change role").click()
    page.get_by_text("anna is now a reviewer.").wait_for()

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#member-table tr", has_text="omar").get_by_role("button", name="Remove").click()
    page.get_by_text("Removed omar from News desk.").wait_for()

    lead = page.locator("#member-table tr", has_text="lead")
    lead.get_by_label("Role of lead").select_option("annotator")
    lead.get_by_role("button", name="Change role").click()
    page.get_by_text("last manager").wait_for()
    screenshot(page, "members-error")
    assert dict(Membership.objects.filter(project=project).values_list("user__username", "role")) == {
        "lead": "manager",
        "rita": "reviewer",
        "anna": "reviewer",
    }
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_annotators_get_a_clear_page_instead_of_the_members_page(page, login):
    _project_with_team()
    login("anna")
    response = page.goto("/projects/desk/members/")
    assert response.status == 403
    page.get_by_role("heading", name="This page is for the project's managers.").wait_for()
    page.get_by_role("link", name="Back to News desk").click()
    page.get_by_role("heading", name="News desk").wait_for()
