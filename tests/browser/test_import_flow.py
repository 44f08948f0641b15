"""A manager logs in, uploads a JSONL file in the browser and sees the articles listed."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from annotator.accounts.models import Role
from tests.browser.conftest import screenshot
from tests.factories import MembershipFactory, ProjectFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_login_upload_jsonl_and_see_articles_listed(page, login, tmp_path):
    project = ProjectFactory(slug="newsroom", name="Newsroom")
    MembershipFactory(project=project, user=UserFactory(username="maria"), role=Role.MANAGER)
    upload = tmp_path / "batch.jsonl"
    upload.write_text(
        "\n".join(
            json.dumps(
                {
                    "id": f"b{i}",
                    "title": f"Council story {i}",
                    "outlet": "Gazette",
                    "text": f"The mayor said {i} things.",
                }
            )
            for i in range(3)
        ),
        encoding="utf-8",
    )

    login("maria")
    assert page.url.endswith("/projects/newsroom/")
    page.get_by_role("link", name="Import articles").click()
    page.get_by_label("Files").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state("networkidle")
    assert "3 imported" in page.locator(".import-report").inner_text().replace("\n", " ")

    page.get_by_role("link", name="Back to the articles").click()
    rows = page.locator("#article-table tbody tr")
    assert rows.count() == 3
    assert "Council story 0" in page.locator("#article-table").inner_text()
    screenshot(page, "article-list")
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_rejected_upload_shows_errors_with_line_numbers(page, login, tmp_path):
    project = ProjectFactory(slug="desk")
    MembershipFactory(project=project, user=UserFactory(username="omar"), role=Role.MANAGER)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"title": "no text"}\n', encoding="utf-8")
    login("omar")
    page.goto("/projects/desk/import/")
    page.get_by_label("Files").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    report = page.locator(".import-report").inner_text()
    assert "Rejected" in report and "Line 2: text is missing" in report
    assert project.articles.count() == 0


@pytest.mark.django_db(transaction=True)
def test_pages_send_a_strict_content_security_policy(page, login):
    MembershipFactory(project=ProjectFactory(slug="csp"), user=UserFactory(username="csp"), role=Role.ANNOTATOR)
    response = page.goto("/login/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.django_db(transaction=True)
def test_a_large_upload_shows_progress_then_its_report_by_itself(page, login, tmp_path, settings):
    # A real queue: the upload waits for a worker, which this test plays after the page opened.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.ANNOTATOR_IMPORT_SYNC_BYTES = 100
    project = ProjectFactory(slug="archive", name="Archive")
    MembershipFactory(project=project, user=UserFactory(username="lena"), role=Role.MANAGER)
    upload = tmp_path / "archive.jsonl"
    upload.write_text(
        "\n".join(json.dumps({"id": f"x{i}", "text": f"The archive holds story {i}."}) for i in range(6)),
        encoding="utf-8",
    )

    login("lena")
    page.goto("/projects/archive/import/")
    page.get_by_label("Files").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/import-jobs/*/")
    assert "Waiting for a worker" in page.locator("#import-job").inner_text()
    assert page.get_by_role("progressbar", name="Import progress").is_visible()

    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay")
    # The page polls the job and reloads itself once it is done.
    page.locator(".import-report").wait_for(timeout=10_000)
    assert "6 imported" in page.locator(".import-report").inner_text().replace("\n", " ")
    assert project.articles.count() == 6
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_a_manager_maps_a_label_studio_export_and_imports_it(page, login, tmp_path, settings):
    from annotator.annotations.models import AnnotationSet, SetKind
    from tests.imports.test_annotation_import import ls_export

    settings.ANNOTATOR_IMPORT_ROOT = tmp_path / "imports"
    project = ProjectFactory(slug="migrate", name="Migration desk")
    MembershipFactory(project=project, user=UserFactory(username="maria"), role=Role.MANAGER)
    login("maria")
    page.get_by_role("link", name="Import annotations").click()
    page.get_by_label("Made with").select_option("labelstudio")
    page.get_by_label("Export file").set_input_files(str(ls_export(tmp_path)))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Map the labels of ls.json").wait_for()
    assert page.get_by_label("Quote", exact=True).input_value() == "quote"
    assert page.get_by_label("Cue", exact=True).input_value() == "cue"
    page.get_by_label("12", exact=True).fill("bea")
    page.get_by_label("Add the usernames that are not members yet as annotators").check()
    page.set_viewport_size({"width": 1024, "height": 900})
    screenshot(page, "annotation-import-mapping")
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Imported 3 quote(s) from ls.json as annotators").wait_for()
    owners = set(AnnotationSet.objects.filter(article__project=project, kind=SetKind.HUMAN).values_list(
        "owner__username", flat=True))  # fmt: skip
    assert owners == {"ana@news.org", "bea"}
    assert page.console_errors == []
