"""A manager builds a release in the browser and downloads a zip whose checksums verify."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

from annotator.accounts.models import Role
from annotator.imports.services import article_import_files
from tests.browser.conftest import screenshot
from tests.factories import MembershipFactory, ProjectFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_manager_creates_a_release_and_downloads_it(page, login, settings, tmp_path):
    settings.ANNOTATOR_RELEASE_ROOT = tmp_path / "releases"
    project = ProjectFactory(slug="gold", name="Gold project")
    MembershipFactory(project=project, user=UserFactory(username="lead"), role=Role.MANAGER)
    text = '"We will win," Ana Lopez said.'
    record = {
        "id": "x1",
        "text": text,
        "quotes": [{"start": 0, "end": 14, "kind": "direct", "speaker_entity": "Ana Lopez"}],
    }
    article_import_files(project=project, files=[("a.jsonl", json.dumps(record).encode())])

    login("lead")
    page.get_by_role("link", name="Releases").click()
    page.get_by_label("Name").fill("Lopez quotes")
    page.get_by_label("Version").fill("1.0")
    page.get_by_label("Source").select_option("imported")
    page.get_by_label("CoNLL BIO").check()
    page.get_by_role("button", name="Build release").click()
    row = page.locator("#release-table tbody tr").first
    row.get_by_text("Ready").wait_for()
    screenshot(page, "releases")

    with page.expect_download() as info:
        row.get_by_role("link", name="Download zip").click()
    path = tmp_path / "download.zip"
    info.value.save_as(path)
    assert info.value.suggested_filename == "gold-Lopez_quotes-1.0.zip"
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        assert {"MANIFEST", "README.md"} <= names
        assert any(n.startswith("conll/") for n in names) and any(n.startswith("jsonl/") for n in names)
        for line in zf.read("MANIFEST").decode().splitlines():
            digest, name = line.split(maxsplit=1)
            assert hashlib.sha256(zf.read(name)).hexdigest() == digest
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_annotators_do_not_see_the_releases_page(page, login):
    project = ProjectFactory(slug="closed")
    MembershipFactory(project=project, user=UserFactory(username="ann"), role=Role.ANNOTATOR)
    login("ann")
    assert page.get_by_role("link", name="Releases").count() == 0
    response = page.goto("/projects/closed/releases/")
    assert response.status == 403
