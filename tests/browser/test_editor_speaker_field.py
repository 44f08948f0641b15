"""The speaker field: typing over the old name, and creating a speaker only on purpose.

Before: `p` focused the field with the old name in it and the caret at its end, so typing
"Anna" gave "Jan MinisterAnna", and Enter created that as a new speaker in the registry.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from annotator.accounts.models import Role
from annotator.annotations.models import Speaker
from tests.annotations.data import make_proposed_article
from tests.browser.test_editor import open_editor, own_quotes, saved, selected_item
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

WHOLE_VALUE_SELECTED = "el => el.selectionStart === 0 && el.selectionEnd === el.value.length && el.value.length > 0"


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
def article(db):
    project = ProjectFactory(slug="desk", name="Desk")
    MembershipFactory(project=project, user=UserFactory(username="ann"), role=Role.ANNOTATOR)
    return make_proposed_article(project)  # speakers: Jan Minister ("the minister"), Anna Berg ("Berg")


def speaker_field(page):
    return page.get_by_role("combobox", name="Speaker")


def option(page, name):
    return page.get_by_role("listbox", name="Speakers").get_by_role("option", name=name)


@pytest.mark.django_db(transaction=True)
def test_p_selects_the_old_name_so_typing_replaces_it_and_enter_picks_the_match(page, login, article):
    open_editor(page, login, article)
    expect(selected_item(page)).to_contain_text("Jan Minister")
    page.keyboard.press("p")
    field = speaker_field(page)
    expect(field).to_be_focused()
    expect(field).to_have_value("Jan Minister")
    assert field.evaluate(WHOLE_VALUE_SELECTED)

    page.keyboard.type("Anna")
    expect(field).to_have_value("Anna")
    expect(option(page, "Anna Berg")).to_have_attribute("aria-selected", "true")
    expect(option(page, "Create “Anna”")).to_have_attribute("aria-selected", "false")
    page.keyboard.press("Enter")
    expect(selected_item(page)).to_contain_text("Anna Berg")
    saved(page, 2)
    assert own_quotes(article)[0].speaker.name == "Anna Berg"
    assert Speaker.objects.count() == 2
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_enter_without_a_matching_speaker_changes_nothing_until_create_is_chosen(page, login, article):
    open_editor(page, login, article)
    page.keyboard.press("p")
    field = speaker_field(page)
    page.keyboard.press("End")  # the old way: typing after the old name
    page.keyboard.type("Mark")
    expect(field).to_have_value("Jan MinisterMark")
    create = option(page, "Create “Jan MinisterMark”")
    expect(create).to_be_visible()
    expect(create).to_have_attribute("aria-selected", "false")

    page.keyboard.press("Enter")  # nothing to pick: a hint, no new speaker
    expect(page.locator("#speaker-hint")).to_be_visible()
    expect(page.locator("#speaker-hint")).to_contain_text("No speaker in the registry matches “Jan MinisterMark”")
    expect(field).to_be_focused()
    expect(field).to_have_value("Jan MinisterMark")
    expect(selected_item(page)).to_contain_text("Jan Minister ")
    expect(page.locator("#save-state")).to_have_text("All changes saved (version 1)")
    assert Speaker.objects.count() == 2

    page.keyboard.press("Escape")  # back to the list, the field shows the quote's speaker again
    expect(page.locator("#quote-list")).to_be_focused()
    expect(field).to_have_value("Jan Minister")

    page.keyboard.press("p")
    page.keyboard.type("Mark")
    create = option(page, "Create “Mark”")
    page.keyboard.press("ArrowDown")  # creating is an explicit choice
    expect(create).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(selected_item(page)).to_contain_text("Mark")
    saved(page, 2)
    assert own_quotes(article)[0].speaker.name == "Mark"
    assert sorted(Speaker.objects.values_list("name", flat=True)) == ["Anna Berg", "Jan Minister", "Mark"]
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_clicking_into_the_field_selects_the_old_name_too(page, login, article):
    open_editor(page, login, article)
    field = speaker_field(page)
    field.click()
    expect(field).to_be_focused()
    assert field.evaluate(WHOLE_VALUE_SELECTED)
    page.keyboard.type("berg")
    expect(option(page, "Anna Berg")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    saved(page, 2)
    assert own_quotes(article)[0].speaker.name == "Anna Berg"
    assert Speaker.objects.count() == 2
