"""The REST API for projects, articles and imports."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotator.corpus.models import Article


@pytest.mark.django_db
def test_token_auth_flow(api_client, manager, project):
    response = api_client.post("/api/auth/token/", {"username": manager.username, "password": "pw"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get(f"/api/projects/{project.slug}/").json()["slug"] == project.slug


@pytest.mark.django_db
def test_token_auth_rejects_wrong_password(api_client, manager):
    response = api_client.post("/api/auth/token/", {"username": manager.username, "password": "nope"}, format="json")
    assert response.status_code == 400


@pytest.mark.django_db
def test_create_project_makes_creator_manager(api_client, outsider):
    api_client.force_authenticate(outsider)
    response = api_client.post("/api/projects/", {"name": "Elections", "slug": "elections"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["role"] == "manager"
    assert api_client.get("/api/projects/elections/articles/").status_code == 200


@pytest.mark.django_db
def test_create_project_with_taken_slug_is_a_clear_400(api_client, outsider, project):
    api_client.force_authenticate(outsider)
    response = api_client.post("/api/projects/", {"name": "X", "slug": project.slug}, format="json")
    assert response.status_code == 400
    assert "slug" in response.json()["detail"]


@pytest.mark.django_db
def test_article_create_and_detail_include_editor_url(manager_api, project):
    response = manager_api.post(
        f"/api/projects/{project.slug}/articles/",
        {"id": "x1", "title": "T", "text": "She said hello.", "desk": "metro"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["editor_url"].endswith(f"/articles/{body['id']}/")
    assert body["metadata"] == {"desk": "metro"}
    detail = manager_api.get(f"/api/articles/{body['id']}/").json()
    assert detail["text"] == "She said hello."
    assert detail["editor_url"] == body["editor_url"]


@pytest.mark.django_db
def test_article_create_rejects_invalid_quotes_with_clear_message(manager_api, project):
    response = manager_api.post(
        f"/api/projects/{project.slug}/articles/",
        {"text": "Short.", "quotes": [{"start": 0, "end": 50}]},
        format="json",
    )
    assert response.status_code == 400
    assert "past the end" in response.json()["detail"]
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_article_create_rejects_duplicate_text(manager_api, project, article):
    response = manager_api.post(f"/api/projects/{project.slug}/articles/", {"text": article.text}, format="json")
    assert response.status_code == 400
    assert "already" in response.json()["detail"]


@pytest.mark.django_db
def test_article_list_is_paginated_and_searchable(manager_api, project):
    from tests.factories import ArticleFactory

    ArticleFactory.create_batch(60, project=project)
    ArticleFactory(project=project, title="Budget row erupts")
    page = manager_api.get(f"/api/projects/{project.slug}/articles/").json()
    assert page["count"] == 61 and len(page["results"]) == 50 and page["next"]
    assert "text" not in page["results"][0]
    found = manager_api.get(f"/api/projects/{project.slug}/articles/?search=budget").json()
    assert [a["title"] for a in found["results"]] == ["Budget row erupts"]


@pytest.mark.django_db
def test_bulk_import_by_api_reports_each_file(manager_api, project):
    good = SimpleUploadedFile("good.jsonl", json.dumps({"id": "g", "text": "Good article."}).encode())
    bad = SimpleUploadedFile("bad.jsonl", b'{"text": "ok"}\n{"id": 3}\n')
    response = manager_api.post(
        f"/api/projects/{project.slug}/articles/import/", {"files": [good, bad]}, format="multipart"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["imported"] == 1
    bad_report = next(f for f in body["files"] if f["file"] == "bad.jsonl")
    assert bad_report["status"] == "rejected"
    assert bad_report["errors"] == [{"file": "bad.jsonl", "line": 2, "message": "text is missing"}]


@pytest.mark.django_db
def test_bulk_import_by_api_created(manager_api, project):
    upload = SimpleUploadedFile("a.csv", b"text\nFirst.\nSecond.\n")
    response = manager_api.post(
        f"/api/projects/{project.slug}/articles/import/", {"files": [upload]}, format="multipart"
    )
    assert response.status_code == 201
    assert response.json()["imported"] == 2


@pytest.mark.django_db
def test_annotation_set_detail_returns_interchange_quotes(manager_api, project):
    text = '"We are ready," the mayor said.'
    record = {
        "text": text,
        "quotes": [
            {
                "start": 0,
                "end": 15,
                "kind": "direct",
                "cue_start": 26,
                "cue_end": 30,
                "speaker_start": 16,
                "speaker_end": 25,
                "speaker_entity": "Jane Doe",
            }
        ],
    }
    upload = SimpleUploadedFile("q.jsonl", json.dumps(record).encode())
    manager_api.post(f"/api/projects/{project.slug}/articles/import/", {"files": [upload]}, format="multipart")
    article = Article.objects.get()
    sets = manager_api.get(f"/api/articles/{article.pk}/annotation-sets/").json()["results"]
    assert [s["kind"] for s in sets] == ["imported"] and sets[0]["quote_count"] == 1
    detail = manager_api.get(f"/api/annotation-sets/{sets[0]['id']}/").json()
    [quote] = detail["quotes"]
    assert quote["text"] == '"We are ready,"'
    assert (quote["cue"], quote["speaker"], quote["speaker_entity"]) == ("said", "the mayor", "Jane Doe")
    assert quote["status"] == "accepted"


@pytest.mark.django_db
def test_openapi_schema_lists_stable_paths(manager_api):
    response = manager_api.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    for path in [
        "/api/projects/",
        "/api/projects/{slug}/",
        "/api/projects/{slug}/articles/",
        "/api/articles/{id}/",
        "/api/auth/token/",
    ]:
        assert path in paths, path


@pytest.mark.django_db
def test_article_list_counts_only_the_latest_proposals(project, annotator):
    from django.test import Client

    from tests.factories import AnnotationSetFactory, ArticleFactory, QuoteFactory

    article = ArticleFactory(project=project)
    for n in (3, 2):  # two proposer runs
        machine = AnnotationSetFactory(article=article, kind="machine")
        QuoteFactory.create_batch(n, annotation_set=machine, status="proposed")
    client = Client()
    client.force_login(annotator)
    response = client.get(f"/projects/{project.slug}/")
    [row] = response.context["page"].object_list
    assert row.proposed_count == 2


@pytest.mark.django_db
def test_oversized_upload_is_rejected_without_being_read(manager_api, project, settings):
    settings.ANNOTATOR_MAX_UPLOAD_BYTES = 1000
    response = manager_api.post(
        f"/api/projects/{project.slug}/articles/import/",
        {"files": [SimpleUploadedFile("big.txt", b"x" * 1001)]},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["files"][0]["errors"][0]["message"] == "file is 1,001 bytes; the limit is 1,000"
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_import_service_checks_the_size_of_an_upload_before_reading_it(project, settings):
    from annotator.imports.services import article_import_files

    class HugeUpload:
        name, size = "big.txt", 11

        def read(self, *args):
            pytest.fail("an oversized upload was read into memory")

    settings.ANNOTATOR_MAX_UPLOAD_BYTES = 10
    upload = HugeUpload()
    report = article_import_files(project=project, files=[upload])
    assert report.rejected_files and "limit is 10" in report.files[0].errors[0].message
