"""After submitting, the editor is read-only until a reviewer sends the set back with a reason."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from annotator.accounts.models import Role
from annotator.annotations.models import AnnotationSet, SetKind, SetStatus
from tests.annotations.data import make_proposed_article
from tests.browser.conftest import screenshot
from tests.factories import MembershipFactory, ProjectFactory, UserFactory
from tests.review.test_curation import client_for


@pytest.fixture
def setup(db):
    project = ProjectFactory(slug="desk", name="Desk")
    user = UserFactory(username="ann")
    MembershipFactory(project=project, user=user, role=Role.ANNOTATOR)
    reviewer = UserFactory(username="rita")
    MembershipFactory(project=project, user=reviewer, role=Role.REVIEWER)
    return {"article": make_proposed_article(project), "user": user, "reviewer": reviewer}


def own_set(setup):
    return AnnotationSet.objects.get(article=setup["article"], kind=SetKind.HUMAN, owner=setup["user"])


@pytest.mark.django_db(transaction=True)
def test_a_submitted_set_is_read_only_and_a_sent_back_one_shows_why(page, login, setup):
    writes = []
    page.on("request", lambda r: writes.append(r.method) if r.method in ("PATCH", "PUT") else None)
    login("ann")
    page.goto(f"/articles/{setup['article'].pk}/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    page.keyboard.press("Shift+A")
    expect(page.locator("#save-state")).to_have_text("All changes saved (version 2)")
    page.keyboard.press("Shift+S")
    expect(page.locator("#editor-banner")).to_contain_text("Submitted")

    notice = page.locator("#editor-notice")
    expect(notice).to_contain_text("Submitted: this annotation is read-only now")
    expect(page.get_by_role("button", name="Submitted ✓")).to_be_disabled()
    for name in ("Undo", "Accept all remaining"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_disabled()
    expect(page.get_by_label("Kind")).to_be_disabled()
    expect(page.locator("#btn-reject")).to_be_disabled()
    expect(page.locator(".handle")).to_have_count(0)
    writes.clear()
    submitted_version = own_set(setup).version
    page.keyboard.press("j")  # looking still works
    expect(page.locator("#detail-title")).to_have_text("Quote 2 of 3")
    for key in ("r", "2", "]", "Control+z", "Delete"):
        page.keyboard.press(key)
    # No save is scheduled: an edit would have set "Unsaved changes…" at once, before its
    # PATCH (autosave.schedule); a frozen set returns before that. The keys' handlers run
    # synchronously, so this is checked after them, without waiting for a timer.
    expect(page.locator("#save-state")).to_have_text(f"Submitted (version {submitted_version})")
    expect(page.locator("#quote-list li").nth(1)).to_contain_text("Accepted")
    assert own_set(setup).status == SetStatus.SUBMITTED

    page.reload()
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    expect(notice).to_contain_text("read-only")
    expect(page.get_by_label("Kind")).to_be_disabled()
    screenshot(page, "editor-read-only")

    back = client_for(setup["reviewer"]).post(
        f"/api/annotation-sets/{own_set(setup).pk}/send-back/", {"comment": "Check the cue of quote 2."}, format="json"
    )
    assert back.status_code == 200
    sent_back_version = own_set(setup).version
    assert writes == []  # nothing was written while the set was submitted, the reload included
    page.reload()
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    expect(notice).to_have_text("Sent back by rita: Check the cue of quote 2.")
    expect(page.locator("#save-state")).to_have_text(f"All changes saved (version {sent_back_version})")
    screenshot(page, "editor-sent-back")
    page.keyboard.press("j")
    expect(page.locator("#detail-title")).to_have_text("Quote 2 of 3")
    # A draft again: editing and autosave work. Waiting on the PATCH's answer, not on the
    # label, which said "All changes saved" before the edit too.
    with page.expect_response(lambda r: r.request.method == "PATCH") as patch:
        page.keyboard.press("r")
    assert patch.value.status == 200
    expect(page.locator("#save-state")).to_have_text(f"All changes saved (version {sent_back_version + 1})")
    assert writes == ["PATCH"]
    assert [q.status for q in own_set(setup).quotes.order_by("start")] == ["accepted", "rejected", "accepted"]
    assert page.console_errors == []
