"""The OpenAPI schema says what the API really answers: fields, nulls and statuses."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotator.annotations.models import Quote
from tests.factories import AnnotationSetFactory, ArticleFactory, SpeakerFactory


@pytest.fixture
def schema(manager_api):
    response = manager_api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def component(schema, name: str) -> dict:
    return schema["components"]["schemas"][name]["properties"]


@pytest.mark.django_db
def test_an_article_url_is_any_text_because_imports_keep_it_as_given(schema, manager_api, project):
    for name in ("Article", "ArticleList"):
        assert "format" not in component(schema, name)["url"]
    ArticleFactory(project=project, url="")
    assert manager_api.get(f"/api/projects/{project.slug}/articles/").json()["results"][0]["url"] == ""


@pytest.mark.django_db
def test_a_set_without_owner_is_documented_as_null(schema, manager_api, article):
    assert component(schema, "AnnotationSet")["owner"]["nullable"] is True
    assert component(schema, "Comment")["author"]["nullable"] is True
    assert component(schema, "Event")["actor"]["nullable"] is True
    assert component(schema, "Release")["created_by"]["nullable"] is True
    imported = AnnotationSetFactory(article=article, owner=None)
    assert manager_api.get(f"/api/annotation-sets/{imported.pk}/").json()["owner"] is None


@pytest.mark.django_db
def test_the_speaker_answers_carry_their_real_quote_count(manager_api, project, article):
    speaker = SpeakerFactory(project=project, name="Jo Doe", aliases=["JD"])
    other = SpeakerFactory(project=project, name="Ann Lee")
    quotes = AnnotationSetFactory(article=article)
    Quote.objects.create(annotation_set=quotes, start=0, end=5, fragments=[[0, 5]], speaker=speaker)
    Quote.objects.create(annotation_set=quotes, start=6, end=9, fragments=[[6, 9]], speaker=other)
    assert manager_api.get(f"/api/speakers/{speaker.pk}/").json()["quote_count"] == 1
    patched = manager_api.patch(f"/api/speakers/{speaker.pk}/", {"description": "mayor"}, format="json")
    assert patched.status_code == 200 and patched.json()["quote_count"] == 1
    merged = manager_api.post(f"/api/speakers/{other.pk}/merge/", {"into": speaker.pk}, format="json")
    assert merged.status_code == 200 and merged.json()["quote_count"] == 2


@pytest.mark.django_db
def test_import_is_documented_as_201_and_answers_201(schema, manager_api, project):
    responses = schema["paths"]["/api/projects/{slug}/articles/import/"]["post"]["responses"]
    assert "201" in responses and "200" not in responses and "400" in responses
    upload = SimpleUploadedFile("a.jsonl", b'{"text": "A short article."}')
    response = manager_api.post(f"/api/projects/{project.slug}/articles/import/", {"files": [upload]})
    assert response.status_code == 201
    assert manager_api.post(f"/api/projects/{project.slug}/articles/import/", {}).status_code == 400


@pytest.mark.django_db
def test_error_statuses_are_documented_where_they_can_happen(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if path == "/api/auth/token/":  # login (bad credentials: 400) and revoking (no body, no 400)
                assert ("400" in codes) == (method == "post"), method
                continue
            assert {"401", "403", "404"} <= codes, (method, path)
            if method != "get":
                assert "400" in codes, (method, path)
            error = operation["responses"]["404"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}
    for path, method in [
        ("/api/articles/{id}/annotation/", "put"),
        ("/api/articles/{id}/annotation/", "patch"),
        ("/api/articles/{id}/annotation/submit/", "post"),
        ("/api/articles/{id}/gold/", "put"),
    ]:
        assert "409" in schema["paths"][path][method]["responses"], (method, path)


@pytest.mark.django_db
def test_a_body_of_an_unknown_content_type_is_a_documented_415(schema, manager_api, article):
    """Found by the API fuzzing (a 415 the schema did not list)."""
    assert "415" in schema["paths"]["/api/articles/{id}/gold/"]["put"]["responses"]
    response = manager_api.put(f"/api/articles/{article.pk}/gold/", data="version=0", content_type="text/plain")
    assert response.status_code == 415 and "Unsupported media type" in response.json()["detail"]
