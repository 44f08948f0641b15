"""The editor and the curation page at 1024 and 1600 px: the toolbar stays in view, nothing is cut."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_curation_flow import open_curation, two_versions  # noqa: F401

SIZES = [(1024, 768), (1600, 1000)]

# Facts about the layout the eye checks on the screenshots, as numbers.
LAYOUT = """(toolbar) => {
  const box = (el) => el.getBoundingClientRect();
  const bar = box(document.querySelector(toolbar));
  const kind = document.getElementById('detail-kind');
  const frag = document.querySelector('#detail-fragments li');
  const visible = (el) => el && el.offsetParent !== null;
  return {
    toolbarTop: bar.top, toolbarBottom: bar.bottom,
    windowScrolls: document.documentElement.scrollHeight > window.innerHeight + 1,
    mainScrolls: document.querySelector('main').scrollHeight > document.querySelector('main').clientHeight + 1,
    kindCut: visible(kind) ? kind.scrollWidth > kind.clientWidth + 1 || box(kind).width < 100 : null,
    fragmentWidth: visible(frag) ? box(frag).width : null,
  };
}"""


def check(page, toolbar: str):
    facts = page.evaluate(LAYOUT, toolbar)
    assert 0 <= facts["toolbarTop"] and facts["toolbarBottom"] <= page.viewport_size["height"], facts
    assert not facts["windowScrolls"] and not facts["mainScrolls"], facts
    if facts["kindCut"] is not None:
        assert not facts["kindCut"], facts
    if facts["fragmentWidth"] is not None:
        assert facts["fragmentWidth"] > 200, facts  # not one word per line
    return facts


@pytest.mark.parametrize("width,height", SIZES)
@pytest.mark.django_db(transaction=True)
def test_editor_keeps_its_toolbar_in_view_and_its_panel_readable(page, login, two_versions, width, height):  # noqa: F811
    page.set_viewport_size({"width": width, "height": height})
    login("rita")
    page.goto(f"/articles/{two_versions['article'].pk}/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    for _ in range(2):
        page.keyboard.press("j")  # the interrupted quote: two fragments in the panel
    expect(page.locator("#detail-fragments li")).to_have_count(2)
    check(page, ".editor-toolbar")
    screenshot(page, f"editor-{width}")
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    screenshot(page, f"editor-help-{width}")
    assert page.console_errors == []


@pytest.mark.parametrize("width,height", SIZES)
@pytest.mark.django_db(transaction=True)
def test_curation_keeps_its_toolbar_in_view_through_the_groups(page, login, two_versions, width, height):  # noqa: F811
    page.set_viewport_size({"width": width, "height": height})
    open_curation(page, login, two_versions["article"])
    screenshot(page, f"curation-{width}")
    page.keyboard.press("Shift+Digit1")
    page.keyboard.press("j")
    page.keyboard.press("Shift+Digit2")
    expect(page.locator("#detail-fragments li")).to_have_count(2)
    check(page, ".editor-toolbar")
    screenshot(page, f"curation-{width}-taken")
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_contain_text("Take source 1 … 3")
    screenshot(page, f"curation-help-{width}")
    assert page.console_errors == []
