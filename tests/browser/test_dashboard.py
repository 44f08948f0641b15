"""The quality dashboard in Chromium: every chart shows, no CSP violation, no console error,
nothing cut at 1024 px, and the error list leads to the place in the editor."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from annotator.annotations.models import SetKind, SetStatus
from tests.browser.conftest import screenshot
from tests.factories import (
    AnnotationSetFactory,
    ArticleFactory,
    MembershipFactory,
    QuoteFactory,
    SpeakerFactory,
    UserFactory,
)

TEXT = '"We will win," Ana Lopez said. Critics said the plan would fail. "Never," he replied.'
# Chromium reports every blocked resource or inline code as a `securitypolicyviolation`
# event; the page records them where the test can read them.
LISTEN_FOR_CSP = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


def _set(article, kind, owner=None, **extra):
    return AnnotationSetFactory(article=article, kind=kind, owner=owner, status=SetStatus.SUBMITTED, **extra)


def _q(annotation_set, start, end, **fields):
    return QuoteFactory(annotation_set=annotation_set, start=start, end=end, fragments=[[start, end]], **fields)


@pytest.fixture
def scored_project(db):
    reviewer = UserFactory(username="rev")
    reviewer.set_password("pw")
    reviewer.save()
    article = ArticleFactory(text=TEXT, title="Lopez on the vote")
    project = article.project
    MembershipFactory(project=project, user=reviewer, role="reviewer")
    machine = AnnotationSetFactory(article=article, kind=SetKind.MACHINE, source="engine 1.3.0")
    win = _q(machine, 0, 14, status="proposed", speaker_type="named")
    never = _q(machine, 65, 73, status="proposed")
    for name, spans in (("ann", [(0, 14), (65, 73)]), ("bob", [(0, 14), (30, 63)])):
        human = _set(article, SetKind.HUMAN, UserFactory(username=name), based_on=machine)
        for start, end in spans:
            proposal = {(0, 14): win, (65, 73): never}.get((start, end))
            _q(human, start, end, status="accepted" if proposal else "added", proposal=proposal)
    gold = _set(article, SetKind.GOLD)
    _q(gold, 0, 14, status="accepted", speaker_type="named", speaker=SpeakerFactory(project=project, name="Ana Lopez"))
    _q(gold, 44, 63, kind="indirect", status="added", speaker_type="description")  # missed by the proposer
    return project, article


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1024, 1600])
def test_dashboard_shows_its_charts_under_the_strict_csp(browser, live_server, scored_project, width):
    project, article = scored_project
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    try:
        context.add_init_script(LISTEN_FOR_CSP)
        page = context.new_page()
        errors = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto("/login/")
        page.get_by_label("Username").fill("rev")
        page.get_by_label("Password").fill("pw")
        page.get_by_role("button", name="Log in").click()
        page.goto(project.get_absolute_url())
        page.get_by_role("link", name="Dashboard").click()
        expect(page.get_by_role("heading", name="Quality dashboard")).to_be_visible()
        images = page.locator(".dash-chart img")
        assert images.count() == 7
        for n in range(images.count()):
            assert images.nth(n).evaluate("img => img.complete && img.naturalWidth > 0"), f"chart {n} did not load"
        agreement = page.get_by_role("table", name="Agreement of the project")
        expect(agreement.get_by_role("row", name="Quote overlap F1")).to_contain_text("0.500")
        expect(page.get_by_role("table", name="What annotators did to the proposals")).to_contain_text("engine 1.3.0")
        # Nothing wider than the window: the page never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"dashboard-{width}")
        assert page.evaluate("window.__csp") == []
        assert errors == []

        # The error list leads to the missed quote's place: the editor selects that text.
        page.get_by_role("link", name="characters 44–63").click()
        expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
        assert page.evaluate("window.getSelection().toString()") == TEXT[44:63]
        assert page.evaluate("window.__csp") == [] and errors == []
    finally:
        context.close()
