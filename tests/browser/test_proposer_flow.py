"""A manager trains the project's proposer in the browser, compares it with the rules and activates it."""

from __future__ import annotations

import pytest

from annotator.accounts.models import Role
from annotator.annotations.models import AnnotationSet, SetKind
from annotator.proposer.models import ProposerModel
from tests.browser.conftest import screenshot
from tests.factories import MembershipFactory, ProjectFactory, UserFactory
from tests.proposer.test_training_app import gold_project


@pytest.mark.spacy
@pytest.mark.django_db(transaction=True)
def test_manager_trains_compares_and_activates_a_model(page, login, settings, tmp_path):
    settings.ANNOTATOR_MODEL_ROOT = tmp_path / "models"
    project = ProjectFactory(slug="learn", name="Learning project")
    MembershipFactory(project=project, user=UserFactory(username="lead"), role=Role.MANAGER)
    articles = gold_project(project)

    login("lead")
    page.get_by_role("link", name="Proposer").click()
    assert page.locator("#active-proposer").inner_text() == "the rules"
    page.get_by_role("button", name="Train").click()  # tests run tasks at once: trained when the page is back
    row = page.locator("#proposer-models tbody tr").first
    row.get_by_text("Ready").wait_for()
    compare = row.locator("table.compare-table")
    assert compare.get_by_role("rowheader", name="overlap F1").is_visible()
    assert "this model" in compare.inner_text() and "quote-proposer" in compare.inner_text()
    assert compare.get_by_role("columnheader", name="change").is_visible()
    assert row.locator(".compare-verdict").inner_text().startswith("End-to-end F1 ")
    screenshot(page, "proposer")

    row.get_by_role("checkbox", name="propose again for every article").focus()
    page.keyboard.press("Tab")  # keyboard only: from the checkbox to Activate
    page.keyboard.press("Enter")
    model = ProposerModel.objects.get(project=project)
    page.locator("#active-proposer").get_by_text(model.version).wait_for()
    assert ProposerModel.objects.get(pk=model.pk).is_active
    source = AnnotationSet.objects.filter(article=articles[0], kind=SetKind.MACHINE).values_list("source", flat=True)
    assert list(source) == [f"quote-proposer {model.scores['active_label'].split()[-1]} + model {model.version}"]
    assert page.get_by_role("button", name="Use the rules instead").is_visible()
    assert page.console_errors == []
