"""The whole round on the demo, in real Chromium, with the demo's four accounts.

The manager assigns the sample article to both annotators; each annotates it differently
and submits; the reviewer takes one quote from each annotator on the curation page, fixes
a boundary by keyboard and saves; the article is gold and its history lists every step;
the dashboard shows progress, agreement and the proposer's worth, as `manage.py agreement`.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from annotator.accounts.models import Event, EventAction
from annotator.annotations.models import AnnotationSet, Assignment, GoldVersion, SetKind
from annotator.corpus.models import Article, ArticleStatus
from annotator.imports.management.commands.load_demo import DEMO_PASSWORD, SAMPLE_RECORD
from annotator.proposer.services import engine_source
from tests.browser.conftest import SCREENSHOTS, screenshot


@pytest.fixture
def session(browser, live_server):
    """Log someone in, in a browser context of their own (one per person, as in real life).

    Every context is closed at the end of the test, before the live server stops, so no
    connection outlives the test.
    """
    contexts = []

    def open_session(username: str, width: int = 1366):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        page.goto("/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state("networkidle")
        return page

    yield open_session
    for context in contexts:
        context.close()


def annotate_and_submit(page, *, change):
    page.get_by_role("link", name="Next article").click()
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    change(page)
    page.keyboard.press("Shift+A")  # accept every proposal still to review
    page.keyboard.press("Shift+S")  # nothing left to review: submits without asking
    expect(page.locator("#editor-banner")).to_contain_text("Submitted")


@pytest.mark.spacy
@pytest.mark.django_db(transaction=True)
def test_demo_team_takes_the_sample_from_proposals_to_gold(session):
    call_command("load_demo", "--no-propose", stdout=io.StringIO())
    # The sample is the demo's one article to annotate; the others are gold already.
    article = Article.objects.get(project__slug="demo", external_id=SAMPLE_RECORD["id"])
    from annotator.proposer.services import articles_propose

    assert articles_propose(article_ids=[article.pk])["proposed"] == 1
    proposals = AnnotationSet.objects.get(article=article, kind=SetKind.MACHINE).quotes.count()
    assert proposals >= 3

    # The manager assigns the article to both annotators from the article list.
    manager = session("manager", width=1024)
    expect(manager.get_by_role("heading", name="Demo: NATO and Ukraine")).to_be_visible()
    manager.locator("summary", has_text="Assign articles to annotators").click()
    manager.get_by_label("Annotators", exact=True).select_option(["annotator", "annotator2"])
    manager.locator(f'input[name="article"][value="{article.pk}"]').check()
    manager.get_by_role("button", name="Assign the ticked", exact=True).click()
    expect(manager.locator(".messages")).to_contain_text("2 assignment(s) made.")
    screenshot(manager, "team-article-list-manager")
    assert set(Assignment.objects.filter(article=article).values_list("user__username", flat=True)) == {
        "annotator",
        "annotator2",
    }

    # Two annotators, two different versions.
    def reject_first_and_make_second_indirect(page):
        page.keyboard.press("r")  # the first proposal: rejected (the cursor moves on)
        page.keyboard.press("2")  # the second: indirect, not direct

    annotate_and_submit(session("annotator"), change=reject_first_and_make_second_indirect)
    annotate_and_submit(session("annotator2"), change=lambda page: None)
    article.refresh_from_db()
    assert article.status == ArticleStatus.ANNOTATED  # two submitted sets, as the demo project asks

    # The reviewer curates: quote 1 from annotator2, quote 2 from annotator, one boundary fixed.
    reviewer = session("reviewer")
    expect(reviewer.locator("#article-table")).to_contain_text("2 / 2")
    reviewer.locator("#article-table tr", has_text=SAMPLE_RECORD["title"]).get_by_role("link", name="Review").click()
    reviewer.get_by_role("link", name="Curate quote by quote").click()
    expect(reviewer.locator("#curation")).to_have_attribute("data-ready", "1")
    expect(reviewer.locator("#undecided-count")).to_have_text("2 undecided")
    screenshot(reviewer, "team-curation")
    reviewer.keyboard.press("Shift+Digit2")  # the current group is the first undecided: annotator2's
    reviewer.keyboard.press("a")  # on to the next undecided group
    reviewer.keyboard.press("Shift+Digit1")  # annotator's version (indirect)
    expect(reviewer.locator("#undecided-count")).to_have_text("All decided")
    before = reviewer.locator("#detail-excerpt").text_content()
    reviewer.keyboard.press("]")  # its start one word to the right
    expect(reviewer.locator("#detail-excerpt")).not_to_have_text(before)
    reviewer.keyboard.press("Control+s")
    expect(reviewer.locator("#save-state")).to_have_text("Saved: gold version 1")
    expect(reviewer.locator("#article-status")).to_have_text("Gold")
    screenshot(reviewer, "team-curation-saved")

    article.refresh_from_db()
    assert article.status == ArticleStatus.GOLD
    gold = AnnotationSet.objects.get(article=article, kind=SetKind.GOLD)
    assert gold.version == 1 and gold.quotes.count() == proposals
    statuses = list(gold.quotes.values_list("status", flat=True))
    assert "edited" in statuses and set(statuses) <= {"accepted", "edited"}  # every gold quote was decided on
    assert GoldVersion.objects.filter(article=article, version=1).exists()

    # The history lists every step, for everyone to see.
    reviewer.goto(f"/articles/{article.pk}/history/")
    table = reviewer.locator("table.history")
    for words in (
        "Assigned",
        "Annotation started",
        "Annotation submitted",
        "Gold version saved",
        "Article status changed",
    ):
        expect(table).to_contain_text(words)
    screenshot(reviewer, "team-history")
    actions = list(
        Event.objects.filter(article_id=article.pk).order_by("created_at", "id").values_list("action", flat=True)
    )
    assert actions.count(EventAction.ANNOTATION_SUBMIT) == 2 and actions.count(EventAction.ASSIGNMENT_CREATE) == 1
    assert actions.index(EventAction.ASSIGNMENT_CREATE) < actions.index(EventAction.ANNOTATION_SUBMIT)
    assert actions[-2:] == [EventAction.ARTICLE_STATUS, EventAction.GOLD_SAVE]

    # The dashboard shows progress, agreement and what the proposals were worth, with the
    # numbers `manage.py agreement --project demo` prints.
    reviewer.get_by_role("link", name="Dashboard").click()
    expect(reviewer.get_by_role("heading", name="Quality dashboard")).to_be_visible()
    # The sample joins the demo's invented gold articles.
    gold_articles = Article.objects.filter(project__slug="demo", status=ArticleStatus.GOLD).count()
    assert gold_articles == 23
    expect(reviewer.locator(".dash-figures")).to_contain_text(f"{gold_articles} with gold")
    agreement = reviewer.get_by_role("table", name="Agreement of the project")
    overlap = agreement.get_by_role("row", name="Quote overlap F1").locator("td").text_content()
    person = agreement.get_by_role("row", name="Speaker person agreement").locator("td").text_content()
    worth = reviewer.get_by_role("table", name="Proposals against gold")
    expect(worth).to_contain_text(engine_source())
    proposer_f1 = worth.get_by_role("row", name="Quote overlap F1").locator("td").first.text_content()
    edits = reviewer.get_by_role("table", name="What annotators did to the proposals")
    expect(edits.get_by_role("row", name="Rejected or deleted")).to_contain_text("1 (")
    for width in (1024, 1600):
        reviewer.set_viewport_size({"width": width, "height": 900})
        screenshot(reviewer, f"team-dashboard-{width}")
        reviewer.screenshot(path=str(SCREENSHOTS / f"team-dashboard-{width}-full.png"), full_page=True)
        assert reviewer.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    out = io.StringIO()
    call_command("agreement", project="demo", no_progress=True, stdout=out)
    printed = out.getvalue()
    assert re.search(rf"Quote overlap F1\s+{re.escape(overlap)}\n", printed)
    assert re.search(rf"Speaker person agreement\s+{re.escape(person)}\n", printed)
    assert re.search(rf"against gold on 1 article\(s\):\n\s+Quote overlap F1\s+{re.escape(proposer_f1)}\n", printed)
    for page in (manager, reviewer):
        assert page.console_errors == []
