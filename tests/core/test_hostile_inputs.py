"""Hostile input at every edge: a clear 4xx that names the problem, and nothing stored.

PostgreSQL refuses a NUL character in text and JSON, and no database can store a lone
surrogate; SQLite takes what PostgreSQL refuses. So these tests matter most on
PostgreSQL, where CI runs them too (the suite runs on both databases).
"""

from __future__ import annotations

import json

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from annotator.accounts.models import Event
from annotator.annotations.models import AnnotationSet, Comment, Quote, SetKind, SetStatus, Speaker
from annotator.corpus.models import Article
from annotator.releases.models import Release
from tests.factories import AnnotationSetFactory, SpeakerFactory

TEXT = 'The mayor spoke on Monday. "We are ready," she said. Critics were not convinced.'
DEEP = "[" * 10_000 + "]" * 10_000  # deeper than Python's json module can recurse


def stored() -> dict:
    """How many rows of each kind a request could have written."""
    models = (Article, AnnotationSet, Quote, Speaker, Comment, Release, Event)
    return {m.__name__: m.objects.count() for m in models}


def line(**fields) -> str:
    """One JSONL line as a client writes it: escapes such as \\u0000 and \\ud800 stay escapes."""
    return json.dumps({"text": TEXT, **fields})


@pytest.fixture
def page(manager):
    client = Client()
    client.force_login(manager)
    return client


@pytest.fixture
def api(page):
    """The API takes the same session login as the pages (JSON bodies sent as raw text)."""
    return page


def upload(page, project, name: str, content: str | bytes):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return page.post(f"/projects/{project.slug}/import/", {"files": [SimpleUploadedFile(name, data)]})


def upload_report_errors(response) -> list[str]:
    report = response.context["report"]
    return [str(issue) for file in report.files for issue in file.errors]


# The import: each file is one bad line away from being rejected with that line's number.
UPLOADS = {
    "nul in a title": ("a.jsonl", line(title="a\u0000b"), "title contains a NUL character"),
    "nul in a speaker": ("a.jsonl", line(speakers=[{"name": "Jo\u0000"}]), "speakers[0].name contains a NUL"),
    "nul in a quote's speaker": (
        "a.jsonl",
        line(quotes=[{"start": 27, "end": 42, "speaker_entity": "Jo\u0000"}]),
        "quotes[0].speaker_entity contains a NUL",
    ),
    "nul in metadata": ("a.jsonl", line(section="po\u0000litics"), "section contains a NUL"),
    "nul in a metadata key": ("a.jsonl", line(**{"sec\u0000": "x"}), "a key in the object contains a NUL"),
    "nul in tags": ("a.jsonl", line(tags=["ok", "b\u0000d"]), "tags[1] contains a NUL"),
    "nul in a csv cell": ("a.csv", "title,text,desk\nA\x00B,Some text here.,x\n", "title contains a NUL"),
    "nul in a csv metadata cell": ("a.csv", "title,text,desk\nAB,Some text here.,x\x00\n", "desk contains a NUL"),
    "lone surrogate in a title": ("a.jsonl", '{"text": "Fine text.", "title": "a\\ud800b"}', "lone surrogate"),
    "lone surrogate in metadata": ("a.jsonl", '{"text": "Fine text.", "note": {"x": "\\udfff"}}', "note.x contains"),
    "json nested 10,000 deep": ("a.jsonl", '{"text": "Fine text.", "deep": ' + DEEP + "}", "nested too deeply"),
    "a 400-character quote speaker": (
        "a.jsonl",
        line(quotes=[{"start": 27, "end": 42, "speaker_entity": "S" * 400}]),
        "quote 1: speaker_entity is longer than 300 characters",
    ),
    "a 500-character speaker external_id": (
        "a.jsonl",
        line(speakers=[{"name": "Jo Doe", "external_id": "Q" * 500}]),
        "external_id of speaker 'Jo Doe' is longer than 100 characters",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(UPLOADS), ids=list(UPLOADS))
def test_the_upload_page_rejects_unstorable_text_with_its_line(page, project, case):
    name, content, message = UPLOADS[case]
    good = line(title="A good line before the bad one")
    before = stored()
    response = upload(page, project, name, content if name.endswith(".csv") else good + "\n" + content)
    assert response.status_code == 400
    errors = upload_report_errors(response)
    expected_line = 2
    assert any(f"line {expected_line}: " in e and message in e for e in errors), errors
    assert stored() == before


@pytest.mark.django_db
def test_the_import_api_rejects_a_nul_in_a_title_with_its_line(api, project):
    before = stored()
    response = api.post(
        f"/api/projects/{project.slug}/articles/import/",
        {"files": [SimpleUploadedFile("a.jsonl", line(title="x\u0000").encode())]},
    )
    assert response.status_code == 400
    [error] = response.json()["files"][0]["errors"]
    assert error["line"] == 1 and "title contains a NUL character" in error["message"]
    assert stored() == before


# Request bodies, exactly as a client sends them (the escapes travel as escapes).
def _bodies(project, article, speaker, own_set):
    slug = project.slug
    return {
        "article title with nul": ("post", f"/api/projects/{slug}/articles/", line(title="a\u0000"), "title"),
        "article title with a lone surrogate": (
            "post",
            f"/api/projects/{slug}/articles/",
            '{"text": "Fine text.", "title": "\\ud800"}',
            "title",
        ),
        "article metadata with nul": ("post", f"/api/projects/{slug}/articles/", line(desk="\u0000"), "desk"),
        "article tags with nul": ("post", f"/api/projects/{slug}/articles/", line(tags=["\u0000"]), "tags[0]"),
        "article body nested 10,000 deep": ("post", f"/api/projects/{slug}/articles/", DEEP, "nested too deeply"),
        "speaker name with nul": ("post", f"/api/projects/{slug}/speakers/", '{"name": "Jo\\u0000"}', "name"),
        "speaker aliases with nul": (
            "post",
            f"/api/projects/{slug}/speakers/",
            '{"name": "Jo", "aliases": ["J\\u0000"]}',
            "aliases[0]",
        ),
        "speaker rename with a lone surrogate": (
            "patch",
            f"/api/speakers/{speaker.pk}/",
            '{"name": "\\udc00"}',
            "lone surrogate",
        ),
        "speaker external_id of 500 characters": (
            "post",
            f"/api/projects/{slug}/speakers/",
            json.dumps({"name": "Long Id", "external_id": "Q" * 500}),
            "external_id",
        ),
        "speaker body nested 10,000 deep": ("post", f"/api/projects/{slug}/speakers/", DEEP, "nested too deeply"),
        "annotation quote speaker with nul": (
            "put",
            f"/api/articles/{article.pk}/annotation/",
            json.dumps({"version": 1, "quotes": [{"start": 27, "end": 42, "speaker_entity": "Jo\u0000"}]}),
            "quotes[0].speaker_entity",
        ),
        "annotation quote metadata with nul": (
            "patch",
            f"/api/articles/{article.pk}/annotation/",
            json.dumps({"version": 1, "quotes": [{"start": 27, "end": 42, "note": "\u0000"}]}),
            "quotes[0].note",
        ),
        "gold quote with a lone surrogate": (
            "put",
            f"/api/articles/{article.pk}/gold/",
            '{"version": 0, "quotes": [{"start": 27, "end": 42, "cue": "\\ud800"}]}',
            "quotes[0].cue",
        ),
        "comment with nul": ("post", f"/api/articles/{article.pk}/comments/", '{"body": "a\\u0000"}', "body"),
        "send-back reason with nul": (
            "post",
            f"/api/annotation-sets/{own_set.pk}/send-back/",
            '{"comment": "\\u0000"}',
            "comment",
        ),
        "assignment user with nul": (
            "post",
            f"/api/projects/{slug}/assignments/",
            json.dumps({"article_ids": [article.pk], "users": ["x\u0000"]}),
            "users[0]",
        ),
        # Found by the API fuzzing: a number beyond the database's integers was a 500.
        "assignment article id beyond bigint": (
            "post",
            f"/api/projects/{slug}/assignments/",
            json.dumps({"article_ids": [2**70], "users": [1]}),
            "article_ids",
        ),
        "assignment user id beyond bigint": (
            "post",
            f"/api/projects/{slug}/assignments/",
            json.dumps({"article_ids": [article.pk], "users": [2**70]}),
            "users",
        ),
        "release filters status 5": (
            "post",
            f"/api/projects/{slug}/releases/",
            json.dumps({"name": "R", "version": "1", "formats": ["jsonl"], "filters": {"status": 5}}),
            "status must be a text",
        ),
        "release filter outlet with nul": (
            "post",
            f"/api/projects/{slug}/releases/",
            json.dumps({"name": "R", "version": "1", "formats": ["jsonl"], "filters": {"outlet": "\u0000"}}),
            "filters.outlet",
        ),
        "release options with nul": (
            "post",
            f"/api/projects/{slug}/releases/",
            json.dumps({"name": "R", "version": "1", "formats": ["jsonl"], "options": {"\u0000": 1}}),
            "a key in options",
        ),
        "release body nested 10,000 deep": ("post", f"/api/projects/{slug}/releases/", DEEP, "nested too deeply"),
        "project guidelines with nul": ("patch", f"/api/projects/{slug}/", '{"guidelines": "\\u0000"}', "guidelines"),
        "member username with a lone surrogate": (
            "post",
            f"/api/projects/{slug}/members/",
            '{"username": "\\ud800"}',
            "username",
        ),
        "not json at all": ("post", f"/api/projects/{slug}/speakers/", "{'name': 1", "JSON parse error"),
        # Over-long text: a field error, not PostgreSQL's "value too long" DataError.
        "article title of 1,001 characters": (
            "post",
            f"/api/projects/{slug}/articles/",
            line(title="T" * 1001),
            "title is longer than 1000 characters",
        ),
        "article with a 500-character speaker external_id": (
            "post",
            f"/api/projects/{slug}/articles/",
            line(speakers=[{"name": "Jo Doe", "external_id": "Q" * 500}]),
            "external_id of speaker 'Jo Doe' is longer than 100 characters",
        ),
        "gold quote speaker of 400 characters": (
            "put",
            f"/api/articles/{article.pk}/gold/",
            json.dumps({"version": 0, "quotes": [{"start": 27, "end": 42, "speaker_entity": "S" * 400}]}),
            "speaker_entity is longer than 300 characters",
        ),
        "speaker name of 400 characters": (
            "patch",
            f"/api/speakers/{speaker.pk}/",
            json.dumps({"name": "N" * 400}),
            "name",
        ),
        "release name of 201 characters": (
            "post",
            f"/api/projects/{slug}/releases/",
            json.dumps({"name": "R" * 201, "version": "1", "formats": ["jsonl"]}),
            "name",
        ),
        "member username of 151 characters": (
            "post",
            f"/api/projects/{slug}/members/",
            json.dumps({"username": "u" * 151}),
            "username",
        ),
    }


@pytest.fixture
def hostile_targets(project, manager, article):
    speaker = SpeakerFactory(project=project, name="Existing Speaker")
    own_set = AnnotationSetFactory(article=article, kind=SetKind.HUMAN, owner=manager, status=SetStatus.SUBMITTED)
    return _bodies(project, article, speaker, own_set)


BODY_CASES = [
    "article title with nul",
    "article title with a lone surrogate",
    "article metadata with nul",
    "article tags with nul",
    "article body nested 10,000 deep",
    "speaker name with nul",
    "speaker aliases with nul",
    "speaker rename with a lone surrogate",
    "speaker external_id of 500 characters",
    "speaker body nested 10,000 deep",
    "annotation quote speaker with nul",
    "annotation quote metadata with nul",
    "gold quote with a lone surrogate",
    "comment with nul",
    "send-back reason with nul",
    "assignment user with nul",
    "assignment article id beyond bigint",
    "assignment user id beyond bigint",
    "release filters status 5",
    "release filter outlet with nul",
    "release options with nul",
    "release body nested 10,000 deep",
    "project guidelines with nul",
    "member username with a lone surrogate",
    "not json at all",
    "article title of 1,001 characters",
    "article with a 500-character speaker external_id",
    "speaker name of 400 characters",
    "gold quote speaker of 400 characters",
    "release name of 201 characters",
    "member username of 151 characters",
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", BODY_CASES)
def test_an_api_body_with_unstorable_text_is_a_400_naming_the_field(api, hostile_targets, case):
    method, path, body, message = hostile_targets[case]
    before = stored()
    response = getattr(api, method)(path, data=body, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    answer = response.json()
    assert message in answer["detail"] or message in json.dumps(answer.get("errors")), answer
    assert stored() == before


@pytest.mark.django_db
def test_a_form_encoded_api_body_with_a_nul_is_a_400(api, project):
    before = stored()
    response = api.post(f"/api/projects/{project.slug}/speakers/", {"name": "Jo\x00"})  # multipart
    assert response.status_code == 400 and "name contains a NUL character" in response.json()["detail"]
    assert stored() == before


# Query parameters of the pages: a NUL in a search finds nothing instead of failing.
@pytest.mark.django_db
@pytest.mark.parametrize(
    "path,param",
    [
        ("/projects/{slug}/", "q"),
        ("/projects/{slug}/", "assignee"),
        ("/projects/{slug}/speakers/", "q"),
    ],
)
def test_a_nul_in_a_page_query_parameter_is_no_server_error(page, project, article, path, param):
    response = page.get(path.format(slug=project.slug), {param: "a\x00b"})
    assert response.status_code == 200


# Query parameters of the API, every one the schema documents for a GET: the list is read
# from the schema, so a filter added to a view's `query_serializer` is tested here the day
# it is added (tests/architecture/test_layers.py keeps views from reading parameters any
# other way). Pagination's own `page` and `page_size` are DRF's: no 500 is all they owe.
PAGINATION = {"page", "page_size"}


def _api_query_parameters() -> list[tuple[str, str]]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, parameter["name"])
        for path, operations in sorted(schema["paths"].items())
        for parameter in operations.get("get", {}).get("parameters", [])
        if parameter["in"] == "query"
    ]


API_QUERY_PARAMETERS = _api_query_parameters()


def _api_path(path: str, project, article) -> str:
    if path.startswith("/api/projects/{slug}/"):
        return path.format(slug=project.slug)
    if path.startswith("/api/articles/{id}/"):
        return path.format(id=article.pk)
    if "{" not in path:
        return path
    raise AssertionError(f"{path} takes query parameters: give the test an object for its path")


def test_the_api_documents_query_parameters_to_test():
    assert {"search", "status", "after"} <= {param for _, param in API_QUERY_PARAMETERS}
    assert ("/api/projects/{slug}/speakers/", "search") in API_QUERY_PARAMETERS


@pytest.mark.django_db
@pytest.mark.parametrize("path,param", API_QUERY_PARAMETERS, ids=[f"{p} {q}" for p, q in API_QUERY_PARAMETERS])
@pytest.mark.parametrize("value", ["a\x00b", "\x00", "new\x00", "9" * 30, "x" * 5000, "-1", " "])
def test_a_hostile_api_query_parameter_is_a_clear_4xx_or_ignored(page, project, article, path, param, value):
    response = page.get(_api_path(path, project, article), {param: value})
    assert response.status_code < 500, response.content[:300]
    if param in PAGINATION:
        return
    if "\x00" in value:
        assert response.status_code == 400
        assert response.json()["detail"] == f"{param}: contains a NUL character; remove it."
    elif response.status_code == 400:
        assert response.json()["detail"].startswith(f"{param}: ")


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["bogus", "propose", "PROPOSED", "proposed\x00"])
def test_an_unknown_article_status_is_a_400_naming_the_allowed_values(page, project, article, value):
    response = page.get(f"/api/projects/{project.slug}/articles/", {"status": value})
    assert response.status_code == 400
    detail = response.json()["detail"]
    if "\x00" in value:
        assert detail == "status: contains a NUL character; remove it."
    else:
        assert detail == (
            f"status: '{value.strip()}' is not one of the allowed values: new, proposed, in_progress, annotated, gold."
        )


@pytest.mark.django_db
def test_a_known_status_and_a_search_still_filter(page, project, article):
    response = page.get(f"/api/projects/{project.slug}/articles/", {"status": article.status, "search": " "})
    assert response.status_code == 200 and [a["id"] for a in response.json()["results"]] == [article.pk]
    other = next(s for s in ("new", "gold") if s != article.status)
    response = page.get(f"/api/projects/{project.slug}/articles/", {"status": other})
    assert response.status_code == 200 and response.json()["results"] == []


@pytest.mark.django_db
def test_an_id_beyond_the_database_integers_is_no_server_error(page, project, article):
    response = page.get(f"/projects/{project.slug}/next/", {"after": "9" * 30})
    assert response.status_code in (200, 302)
    response = page.get(f"/api/projects/{project.slug}/next-article/", {"after": "9" * 30})
    assert response.status_code == 400
    assert response.json()["detail"] == "after: Ensure this value is less than or equal to 9223372036854775807."


def page_error(response) -> str:
    """The error a page shows after its redirect (the flash message), or ''."""
    return " ".join(m.message for m in get_messages(response.wsgi_request) if m.level_tag == "error")


# Page forms answer with the page again (after a redirect) and the error message on it.
@pytest.mark.django_db
@pytest.mark.parametrize(
    "form,message",
    [
        ({"set": "abc"}, "Pick one of this article's annotation sets"),
        ({"set": "99999999999999999999999"}, "Pick one of this article's annotation sets"),
        ({"set": "{set}", "gold_version": "abc"}, "version"),
    ],
)
def test_the_review_form_refuses_ids_that_are_not_numbers(page, article, manager, form, message):
    submitted = AnnotationSetFactory(article=article, kind=SetKind.IMPORTED)
    before = stored()
    data = {k: v.format(set=submitted.pk) for k, v in form.items()}
    response = page.post(f"/articles/{article.pk}/review/", data)
    assert response.status_code == 302 and message in page_error(response)
    assert stored() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form,message",
    [
        ({"speaker": "abc", "action": "rename", "name": "X"}, "Pick a speaker"),
        ({"speaker": "{pk}", "action": "rename", "name": "Jo\x00"}, "Null characters are not allowed"),
        ({"speaker": "{pk}", "action": "merge", "into_name": "Jo\x00"}, "Null characters are not allowed"),
        ({"speaker": "{pk}", "action": "split", "alias": "Jo\x00"}, "Null characters are not allowed"),
        ({"speaker": "{pk}", "action": "rename", "name": "N" * 400}, "300 characters"),
    ],
)
def test_the_speakers_form_refuses_hostile_values(page, project, form, message):
    speaker = SpeakerFactory(project=project, name="Jo Doe", aliases=["JD"])
    before = stored()
    data = {k: v.format(pk=speaker.pk) if k == "speaker" else v for k, v in form.items()}
    response = page.post(f"/projects/{project.slug}/speakers/", data)
    assert response.status_code == 302 and message in page_error(response)
    assert stored() == before
    speaker.refresh_from_db()
    assert speaker.name == "Jo Doe"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field,value",
    [("name", "R\x00"), ("tags", "a,\x00"), ("outlet", "\x00")],
)
def test_the_release_form_refuses_a_nul(page, project, field, value):
    data = {"name": "R", "version": "1", "source": "gold", "formats": ["jsonl"], "train": 1, "dev": 0, "test": 0}
    before = stored()
    response = page.post(f"/projects/{project.slug}/releases/", data | {field: value})
    assert response.status_code in (200, 400)
    assert "Null characters are not allowed" in response.content.decode()
    assert stored() == before


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["patch", "post"])
def test_a_duplicate_speaker_name_is_a_400_and_the_request_goes_on(api, project, method):
    """Found by the API fuzzing: the failed write broke the request's transaction, so the
    event log's next query failed (a 500 on the following request in one transaction)."""
    SpeakerFactory(project=project, name="Taken Name")
    speaker = SpeakerFactory(project=project, name="Jo Doe")
    path = f"/api/speakers/{speaker.pk}/" if method == "patch" else f"/api/projects/{project.slug}/speakers/"
    before = stored()
    response = getattr(api, method)(path, data={"name": "Taken Name"}, content_type="application/json")
    assert response.status_code == 400 and "name" in response.json()["detail"]
    assert api.get(f"/api/speakers/{speaker.pk}/").status_code == 200  # the transaction still works
    assert stored() == before
