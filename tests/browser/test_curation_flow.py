"""The curation page in real Chromium: a reviewer builds the gold quote by quote."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from annotator.accounts.models import Role
from annotator.annotations.models import AnnotationSet, Comment, SetKind, SetStatus
from annotator.corpus.models import ArticleStatus
from tests.annotations.data import TEXT, make_proposed_article, span
from tests.browser.conftest import screenshot
from tests.factories import MembershipFactory, ProjectFactory, UserFactory
from tests.review.test_curation import annotate, client_for


@pytest.fixture
def two_versions(db):
    """Two annotators who agree on quote 1 and disagree on the other two."""
    project = ProjectFactory(slug="desk", name="Desk", guidelines="Quotes are what someone said.\nMark the cue.")
    reviewer = UserFactory(username="rita")
    MembershipFactory(project=project, user=reviewer, role=Role.REVIEWER)
    article = make_proposed_article(project)

    def ann1_change(quotes):
        berg = quotes[2]  # Berg's quote without its second part
        berg["fragments"] = berg["fragments"][:1]
        berg["end"] = berg["fragments"][0][1]
        berg["text"] = TEXT[berg["start"] : berg["end"]]

    def ann2_change(quotes):
        quotes[1]["kind"] = "mixed"

    annotate(project, article, "ann1", ann1_change)
    annotate(project, article, "ann2", ann2_change)
    return {"project": project, "article": article, "reviewer": reviewer}


def open_curation(page, login, article, username="rita"):
    login(username)
    page.goto(f"/articles/{article.pk}/curation/")
    expect(page.locator("#curation")).to_have_attribute("data-ready", "1")
    return page


def row(page, n):
    return page.locator(f"#row-g-{n - 1}")


def save_anyway(page):
    """Confirm saving with groups still undecided."""
    dialog = page.get_by_role("dialog", name="Save the gold with undecided groups?")
    dialog.get_by_role("button", name="Save anyway").click()


@pytest.mark.django_db(transaction=True)
def test_reviewer_takes_a_quote_from_each_annotator_fixes_a_boundary_and_saves(page, login, two_versions):
    article = two_versions["article"]
    open_curation(page, login, article)
    # Quote 1: everyone agrees, so it starts in the gold; the other two wait for a decision.
    expect(row(page, 1)).to_contain_text("annotators agree")
    expect(row(page, 1)).to_contain_text("In gold")
    expect(page.locator("#undecided-count")).to_have_text("2 undecided")
    expect(row(page, 2)).to_contain_text("Undecided")
    screenshot(page, "curation-start")

    # Quote 2 (current: the first undecided one): take ann1's, with the button.
    row(page, 2).get_by_role("button", name="Take ann1’s version of quote 2").click()
    expect(row(page, 2)).to_contain_text("In gold")
    # Quote 3: ann2 kept both parts; take it with the keyboard (ann2 is source 2).
    page.keyboard.press("j")
    expect(row(page, 3)).to_have_attribute("aria-current", "true")
    page.keyboard.press("Shift+Digit2")
    expect(page.locator("#undecided-count")).to_have_text("All decided")
    expect(row(page, 3).locator("#detail-fragments li")).to_have_count(2)

    # Back to quote 2: its start one word right ("the plan would fail").
    page.keyboard.press("k")
    page.keyboard.press("]")
    expect(page.locator("#detail-excerpt")).to_have_text("the plan would fail")
    expect(page.locator("#save-state")).to_have_text("Unsaved changes")
    screenshot(page, "curation-decided")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-state")).to_have_text("Saved: gold version 1")
    expect(page.locator("#editor-banner")).to_contain_text("Gold version 1 saved with 3 quotes")
    expect(page.locator("#article-status")).to_have_text("Gold")

    gold = client_for(two_versions["reviewer"]).get(f"/api/articles/{article.pk}/gold/").json()
    assert gold["version"] == 1
    the_plan = span(TEXT, "the plan would fail")
    berg = [list(span(TEXT, '"It is a disaster,"')), list(span(TEXT, '"and everyone knows it."'))]
    assert [(q["start"], q["end"], q["kind"], q["status"]) for q in gold["quotes"]] == [
        (0, 24, "direct", "accepted"),
        (*the_plan, "indirect", "edited"),
        (berg[0][0], berg[1][1], "direct", "accepted"),
    ]
    assert gold["quotes"][2]["fragments"] == berg
    assert gold["quotes"][2]["speaker_entity"] == "Anna Berg"
    article.refresh_from_db()
    assert article.status == ArticleStatus.GOLD
    state = page.evaluate("document.getElementById('curation').curationState()")
    assert state["version"] == 1 and state["undecided"] == 0
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_a_stale_gold_gets_a_conflict_banner_and_the_curation_comes_back_after_reload(page, login, two_versions):
    article = two_versions["article"]
    open_curation(page, login, article)
    page.keyboard.press("Shift+Digit1")  # quote 2 from ann1
    # Meanwhile another reviewer saves gold version 1.
    other = client_for(two_versions["reviewer"])
    first = other.get(f"/api/articles/{article.pk}/curation/").json()["groups"][0]["quotes"][0]
    record = {k: v for k, v in first.items() if k not in ("set_id", "owner")}
    body = {"version": 0, "quotes": [record | {"status": "accepted"}]}
    saved = other.put(f"/api/articles/{article.pk}/gold/", body, format="json")
    assert saved.status_code == 200, saved.json()
    page.get_by_role("button", name="Save gold").click()
    save_anyway(page)
    banner = page.locator("#editor-banner")
    expect(banner).to_contain_text("The gold version changed meanwhile (you edited version 0, it is now 1)")
    expect(page.locator("#save-state")).to_have_text("Not saved: conflict")
    screenshot(page, "curation-conflict")
    page.get_by_role("button", name="Reload the latest gold").click()
    expect(page.locator("#curation")).to_have_attribute("data-ready", "1")
    expect(banner).to_contain_text("unsaved curation from before reloading (based on gold version 0; the gold is now")
    expect(row(page, 3)).to_contain_text("Left out")  # version 1 has quote 1 only
    page.get_by_role("button", name="Re-apply my curation").click()
    expect(row(page, 2)).to_contain_text("In gold")
    page.keyboard.press("Control+s")
    save_anyway(page)
    expect(page.locator("#save-state")).to_have_text("Saved: gold version 2")
    gold = other.get(f"/api/articles/{article.pk}/gold/").json()
    assert [q["kind"] for q in gold["quotes"]] == ["direct", "indirect"]
    assert [e for e in page.console_errors if "409 (Conflict)" not in e] == []  # Chromium logs the refused PUT


@pytest.mark.django_db(transaction=True)
def test_flags_resolve_and_an_annotator_set_goes_back_with_a_reason(page, login, two_versions):
    article = two_versions["article"]
    ann2 = UserFactory._meta.model.objects.get(username="ann2")
    flag = client_for(ann2).post(
        f"/api/articles/{article.pk}/comments/", {"kind": "unclear", "body": "Is the minister named?"}, format="json"
    )
    assert flag.status_code == 201
    open_curation(page, login, article)
    flags = page.locator("#flags-panel")
    expect(flags).to_contain_text("Is the minister named?")
    expect(flags).to_contain_text("1 open flag")
    flags.get_by_role("button", name="Resolve").click()
    expect(flags).to_contain_text("Resolved by rita")
    assert Comment.objects.get(pk=flag.json()["id"]).resolved_at is not None

    page.get_by_role("button", name="Send ann2’s set back").click()
    dialog = page.get_by_role("dialog", name="Send ann2’s annotation back")
    dialog.get_by_label("Why does it go back?").fill("Quote 2 is indirect.")
    dialog.get_by_role("button", name="Send back").click()
    expect(page.locator("#editor-banner")).to_contain_text("Sent back to ann2")
    own = AnnotationSet.objects.get(article=article, kind=SetKind.HUMAN, owner=ann2)
    assert own.status == SetStatus.DRAFT
    assert Comment.objects.filter(kind="sent_back", body="Quote 2 is indirect.").exists()
    page.locator("summary", has_text="Guidelines").click()
    expect(page.locator(".guidelines-body")).to_contain_text("Quotes are what someone said.")
    expect(page.locator(".guidelines-body")).to_contain_text("Mark the cue.")
    assert page.console_errors == []
