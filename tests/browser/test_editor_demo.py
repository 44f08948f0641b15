"""The demo flow: a new annotator reviews the sample article's proposals with the keyboard alone."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from annotator.annotations.models import AnnotationSet, SetKind, SetStatus
from annotator.corpus.models import Article
from annotator.imports.management.commands.load_demo import DEMO_PASSWORD, SAMPLE_RECORD
from tests.browser.conftest import screenshot


@pytest.mark.spacy
@pytest.mark.django_db(transaction=True)
def test_demo_annotator_reviews_the_sample_with_the_keyboard_and_submits(page, login):
    call_command("load_demo", "--no-propose", stdout=io.StringIO())
    # The sample is the demo's one article to annotate; the others are gold already.
    article = Article.objects.get(project__slug="demo", external_id=SAMPLE_RECORD["id"])
    from annotator.proposer.services import articles_propose

    assert articles_propose(article_ids=[article.pk])["proposed"] == 1
    proposals = AnnotationSet.objects.get(article=article, kind=SetKind.MACHINE).quotes.count()
    assert proposals > 0

    login("annotator", DEMO_PASSWORD)
    screenshot(page, "article-list-next")
    page.get_by_role("link", name="Next article").click()
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    assert page.url.endswith(f"/articles/{article.pk}/")
    expect(page.locator("#quote-count")).to_have_text(f"({proposals}; {proposals} to review)")
    screenshot(page, "editor")

    page.keyboard.press("r")  # the first proposal is wrong
    page.keyboard.press("k")
    page.keyboard.press("a")  # no: it was right after all
    for _ in range(proposals - 1):
        page.keyboard.press("a")
    expect(page.locator("#quote-count")).to_have_text(f"({proposals}; 0 to review)")
    page.keyboard.press("Shift+S")
    expect(page.locator("#editor-banner")).to_contain_text("Submitted")

    state = page.evaluate("document.getElementById('editor').editorState()")
    api = page.evaluate(f"fetch('/api/articles/{article.pk}/annotation/').then(r => r.json())")
    assert api["quotes"] == state["quotes"] and api["version"] == state["version"]
    assert {q["status"] for q in api["quotes"]} == {"accepted"}
    own = AnnotationSet.objects.get(article=article, kind=SetKind.HUMAN, owner__username="annotator")
    assert own.status == SetStatus.SUBMITTED
    assert page.console_errors == []
