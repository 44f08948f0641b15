"""The annotation workspace in real Chromium: keyboard review, edits, autosave, conflicts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from annotator.accounts.models import Role
from annotator.annotations.models import AnnotationSet, SetKind, SetStatus, Speaker
from tests.annotations.data import TEXT, make_proposed_article, span
from tests.browser.conftest import screenshot
from tests.factories import ArticleFactory, MembershipFactory, ProjectFactory, UserFactory

SELECT_TEXT = """([start, end]) => {
  const root = document.getElementById('article-text');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let pos = 0, range = document.createRange(), started = false;
  while (walker.nextNode()) {
    const n = walker.currentNode, len = n.length;
    if (!started && start <= pos + len) { range.setStart(n, start - pos); started = true; }
    if (started && end <= pos + len) { range.setEnd(n, end - pos); break; }
    pos += len;
  }
  const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
}"""


@pytest.fixture(autouse=True)
def quiet_at_the_end(page):
    """Let autosave finish before the database is flushed for the next test."""
    yield
    page.wait_for_function(
        """() => { const state = document.getElementById('save-state');
                   return !state || !/Unsaved|Saving/.test(state.textContent); }""",
        timeout=10_000,
    )


@pytest.fixture
def setup(db):
    project = ProjectFactory(slug="desk", name="Desk")
    user = UserFactory(username="ann")
    MembershipFactory(project=project, user=user, role=Role.ANNOTATOR)
    article = make_proposed_article(project)
    return {"project": project, "user": user, "article": article}


def open_editor(page, login, article, username="ann"):
    login(username)
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    return page


def saved(page, version: int | None = None):
    """Wait until autosave has caught up (changes made in quick succession share one save)."""
    label = f"All changes saved (version {version})" if version else re.compile(r"All changes saved \(version \d+\)")
    expect(page.locator("#save-state")).to_have_text(label)


def own_quotes(article, username="ann"):
    annotation_set = AnnotationSet.objects.get(article=article, kind=SetKind.HUMAN, owner__username=username)
    return list(annotation_set.quotes.order_by("start", "id"))


def select_text(page, start: int, end: int):
    page.evaluate(SELECT_TEXT, [start, end])


def selected_item(page):
    return page.locator("#quote-list [aria-selected=true]")


@pytest.mark.django_db(transaction=True)
def test_accept_with_the_keyboard_moves_to_the_next_proposal_and_autosaves(page, login, setup):
    open_editor(page, login, setup["article"])
    expect(selected_item(page)).to_contain_text("We will not back down")
    page.keyboard.press("a")
    expect(page.locator("#quote-list li").first).to_contain_text("Accepted")
    expect(selected_item(page)).to_contain_text("that the plan would fail")
    saved(page, 2)
    assert [q.status for q in own_quotes(setup["article"])] == ["accepted", "proposed", "proposed"]
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_reject_marks_the_proposal_rejected_in_text_and_list(page, login, setup):
    open_editor(page, login, setup["article"])
    page.keyboard.press("j")
    expect(selected_item(page)).to_contain_text("that the plan would fail")
    page.keyboard.press("r")
    expect(page.locator("#quote-list li").nth(1)).to_contain_text("Rejected")
    expect(page.locator("#article-text .st-rejected").first).to_have_text("that the plan would fail")
    saved(page, 2)
    assert [q.status for q in own_quotes(setup["article"])] == ["proposed", "rejected", "proposed"]


@pytest.mark.django_db(transaction=True)
def test_keyboard_moves_fragment_boundaries_by_word(page, login, setup):
    open_editor(page, login, setup["article"])
    page.keyboard.press("j")
    page.keyboard.press("]")  # start one word right: "the plan would fail"
    page.keyboard.press("}")  # end one word right: takes in the full stop
    expect(page.locator("#detail-excerpt")).to_have_text("the plan would fail.")
    saved(page)
    quote = own_quotes(setup["article"])[1]
    start = TEXT.index("the plan would fail")
    assert (quote.fragments, quote.status) == ([[start, start + len("the plan would fail.")]], "edited")
    page.keyboard.press("[")  # and back one word left
    expect(page.locator("#detail-excerpt")).to_have_text("that the plan would fail.")


@pytest.mark.django_db(transaction=True)
def test_dragging_a_handle_moves_the_fragment_end(page, login, setup):
    open_editor(page, login, setup["article"])
    page.keyboard.press("j")
    handle = page.locator(".handle-end")
    target = page.locator("#article-text span", has_text="It is a disaster").first.bounding_box()
    box = handle.bounding_box()
    page.mouse.move(box["x"] + 1, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + 30, target["y"] + target["height"] / 2, steps=5)
    page.mouse.up()
    saved(page, 2)
    quote = own_quotes(setup["article"])[1]
    assert TEXT[quote.start : quote.end].startswith("that the plan would fail.")
    assert TEXT[quote.end - 1] != " " and quote.status == "edited"


@pytest.mark.django_db(transaction=True)
def test_add_a_quote_by_selecting_text_then_set_its_cue(page, login, setup):
    open_editor(page, login, setup["article"])
    start, end = span(TEXT, "on Monday")
    select_text(page, start - 1, end)  # the space before is trimmed
    page.keyboard.press("n")
    expect(page.locator("#detail-excerpt")).to_have_text("on Monday")
    cue = span(TEXT, "said")
    select_text(page, *cue)
    page.keyboard.press("c")
    expect(page.locator("#detail-cue")).to_have_text("“said”")
    saved(page)
    added = [q for q in own_quotes(setup["article"]) if q.status == "added"]
    assert [(q.start, q.end, q.cue_start, q.cue_end, q.kind) for q in added] == [(start, end, *cue, "indirect")]


@pytest.mark.django_db(transaction=True)
def test_change_the_speaker_with_the_type_ahead_and_create_a_new_one(page, login, setup):
    open_editor(page, login, setup["article"])
    page.keyboard.press("j")
    page.keyboard.press("p")
    combo = page.get_by_role("combobox", name="Speaker")
    expect(combo).to_be_focused()
    combo.fill("berg")  # matches the alias "Berg"
    speakers = page.get_by_role("listbox", name="Speakers")
    expect(speakers.get_by_role("option").first).to_have_text(re.compile(r"^Anna Berg"))
    page.keyboard.press("Enter")
    expect(selected_item(page)).to_contain_text("Anna Berg")
    saved(page, 2)
    berg = Speaker.objects.get(name="Anna Berg")
    assert own_quotes(setup["article"])[1].speaker == berg

    page.keyboard.press("j")
    page.keyboard.press("p")
    combo.fill("Jane Doe")
    speakers.get_by_role("option", name="Create “Jane Doe”").click()
    saved(page, 3)
    assert own_quotes(setup["article"])[2].speaker.name == "Jane Doe"
    screenshot(page, "editor-type-ahead")


@pytest.mark.django_db(transaction=True)
def test_undo_and_redo_restore_the_previous_state_and_save_it(page, login, setup):
    open_editor(page, login, setup["article"])
    page.keyboard.press("a")
    saved(page, 2)
    page.keyboard.press("Control+z")
    expect(page.locator("#quote-list li").first).to_contain_text("Proposed")
    saved(page, 3)
    assert own_quotes(setup["article"])[0].status == "proposed"
    page.keyboard.press("Control+Shift+Z")
    expect(page.locator("#quote-list li").first).to_contain_text("Accepted")
    saved(page, 4)
    assert own_quotes(setup["article"])[0].status == "accepted"


@pytest.mark.django_db(transaction=True)
def test_undo_of_an_added_quote_deletes_it(page, login, setup):
    open_editor(page, login, setup["article"])
    select_text(page, *span(TEXT, "on Monday"))
    page.keyboard.press("n")
    saved(page, 2)
    assert len(own_quotes(setup["article"])) == 4
    page.keyboard.press("u")
    saved(page, 3)
    assert len(own_quotes(setup["article"])) == 3


@pytest.mark.django_db(transaction=True)
def test_submit_warns_about_unreviewed_proposals(page, login, setup):
    open_editor(page, login, setup["article"])
    page.keyboard.press("a")
    page.get_by_role("button", name="Submit").click()
    dialog = page.get_by_role("dialog", name="Submit this article?")
    expect(dialog).to_contain_text("2 proposals are still unreviewed")
    dialog.get_by_role("button", name="Submit anyway").click()
    expect(page.locator("#editor-banner")).to_contain_text("Submitted")
    annotation_set = AnnotationSet.objects.get(article=setup["article"], owner=setup["user"])
    assert annotation_set.status == SetStatus.SUBMITTED
    assert [q.status for q in own_quotes(setup["article"])] == ["accepted", "proposed", "proposed"]


@pytest.mark.django_db(transaction=True)
def test_review_everything_with_the_keyboard_alone_submit_and_round_trip(page, login, setup):
    open_editor(page, login, setup["article"])
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    screenshot(page, "editor-help")
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    page.keyboard.press("r")
    page.keyboard.press("2")  # the last one is indirect
    page.keyboard.press("a")
    page.keyboard.press("Shift+S")  # nothing left to review: submits without asking
    expect(page.locator("#editor-banner")).to_contain_text("Submitted")
    state = page.evaluate("document.getElementById('editor').editorState()")
    api = page.evaluate(f"fetch('/api/articles/{setup['article'].pk}/annotation/').then(r => r.json())")
    assert api["status"] == "submitted" and api["version"] == state["version"]
    assert api["quotes"] == state["quotes"]
    assert [q["status"] for q in api["quotes"]] == ["accepted", "rejected", "edited"]
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_conflicting_save_from_a_second_tab_is_refused_and_offers_a_reload(page, login, setup, browser, live_server):
    open_editor(page, login, setup["article"])
    other = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    second = other.new_page()
    second.goto("/login/")
    second.get_by_label("Username").fill("ann")
    second.get_by_label("Password").fill("pw")
    second.get_by_role("button", name="Log in").click()
    second.goto(f"/articles/{setup['article'].pk}/")
    expect(second.locator("#editor")).to_have_attribute("data-ready", "1")

    page.keyboard.press("a")  # first tab accepts quote 1 (version 2)
    saved(page, 2)
    second.keyboard.press("r")  # second tab, still on version 1, rejects it
    banner = second.locator("#editor-banner")
    expect(banner).to_contain_text("changed elsewhere")
    expect(second.get_by_role("button", name="Reload the latest version")).to_be_visible()
    screenshot(second, "editor-conflict")
    assert own_quotes(setup["article"])[0].status == "accepted"  # never overwritten

    second.get_by_role("button", name="Reload the latest version").click()
    expect(second.locator("#editor")).to_have_attribute("data-ready", "1")
    expect(second.locator("#quote-list li").first).to_contain_text("Accepted")  # the other tab's work
    expect(banner).to_contain_text("1 unsaved change from before reloading")  # and nothing typed is lost
    second.get_by_role("button", name="Re-apply my changes").click()
    saved(second, 3)
    assert own_quotes(setup["article"])[0].status == "rejected"
    other.close()


@pytest.mark.django_db(transaction=True)
def test_failed_save_keeps_the_change_and_retries(page, login, setup):
    open_editor(page, login, setup["article"])
    fail = {"on": True}

    def handle(route):
        if fail["on"] and route.request.method == "PATCH":
            route.fulfill(status=503, content_type="application/json", body='{"detail": "maintenance"}')
        else:
            route.continue_()

    page.route(re.compile(r".*/annotation/$"), handle)
    page.keyboard.press("a")
    expect(page.locator("#editor-banner")).to_contain_text("Saving failed (503: maintenance)")
    assert own_quotes(setup["article"])[0].status == "proposed"
    fail["on"] = False
    page.get_by_role("button", name="Retry saving").click()
    saved(page, 2)
    assert own_quotes(setup["article"])[0].status == "accepted"


@pytest.mark.django_db(transaction=True)
def test_article_text_with_script_and_html_renders_as_inert_text(page, login, setup):
    text = (
        'The mayor said: "<script>window.__pwned = 1</script> is not code." '
        '<img src=x onerror="window.__pwned = 2"> <b>bold</b> &amp; done.'
    )
    article = ArticleFactory(project=setup["project"], text=text, title="<i>Tricky</i>")
    open_editor(page, login, article)
    assert page.locator("#article-text").text_content() == text
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#article-text script, #article-text img, #article-text b").count() == 0
    expect(page.locator("h1")).to_have_text("<i>Tricky</i>")
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_clicking_a_quote_in_the_text_selects_it_in_the_list(page, login, setup):
    open_editor(page, login, setup["article"])
    page.locator("#article-text span", has_text="and everyone knows it").first.click()
    expect(selected_item(page)).to_contain_text("It is a disaster")
    page.locator("#quote-list li", has_text="that the plan").click()
    expect(page.locator("#article-text .sel.frag")).to_have_text("that the plan would fail")
    screenshot(page, "editor-selected")


@pytest.mark.django_db(transaction=True)
def test_add_and_remove_a_fragment_and_mark_no_speaker_in_text(page, login, setup):
    open_editor(page, login, setup["article"])
    extra = span(TEXT, "on Monday")
    select_text(page, *extra)
    page.keyboard.press("f")
    expect(page.locator("#detail-fragments li")).to_have_count(2)
    page.keyboard.press("0")
    expect(page.get_by_label("No speaker in text")).to_be_checked()
    saved(page)
    quote = own_quotes(setup["article"])[0]
    assert quote.fragments == [[0, 24], list(extra)]
    assert (quote.speaker_type, quote.speaker_start, quote.status) == ("none", None, "edited")

    page.get_by_role("button", name="Remove fragment 1").click()
    page.get_by_label("Kind").select_option("mixed")
    expect(page.locator("#detail-fragments li")).to_have_count(1)
    saved(page)
    quote = own_quotes(setup["article"])[0]
    assert (quote.fragments, quote.kind) == ([list(extra)], "mixed")


@pytest.mark.django_db(transaction=True)
def test_accept_all_remaining_leaves_reviewed_quotes_alone_and_undoes_in_one_step(page, login, setup):
    open_editor(page, login, setup["article"])
    page.keyboard.press("r")
    page.keyboard.press("Shift+A")
    expect(page.locator("#quote-count")).to_have_text("(3; 0 to review)")
    saved(page)
    assert [q.status for q in own_quotes(setup["article"])] == ["rejected", "accepted", "accepted"]
    page.keyboard.press("Control+z")
    expect(page.locator("#quote-count")).to_have_text("(3; 2 to review)")
    saved(page)
    assert [q.status for q in own_quotes(setup["article"])] == ["rejected", "proposed", "proposed"]
