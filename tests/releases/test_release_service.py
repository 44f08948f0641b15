"""Releases from the database: round trip, immutability, splits, permissions, downloads."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.test import Client

from annotator.accounts.models import Role
from annotator.annotations.models import Quote, Speaker
from annotator.corpus.models import Article
from annotator.imports.services import article_import_files
from annotator.releases.models import Release
from annotator.releases.services import release_create
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

CRLF_TEXT = 'Intro line.\r\n"Part one," said Ana Lopez \U0001f600, "part two."\r\nShe added that taxes would fall.'


def _crlf_record() -> dict:
    one = CRLF_TEXT.index('"Part one,"')
    two = CRLF_TEXT.index('"part two."')
    end = two + len('"part two."')
    cue = CRLF_TEXT.index("said")
    spk = CRLF_TEXT.index("Ana Lopez")
    added = CRLF_TEXT.index("taxes would fall")
    return {
        "id": "crlf-1",
        "title": "Tax row",
        "outlet": "Courier",
        "published": "2024-11-13",
        "desk": "politics",
        "text": CRLF_TEXT,
        "quotes": [
            {
                "start": one,
                "end": end,
                "kind": "direct",
                "fragments": [[one, one + 11], [two, end]],
                "cue_start": cue,
                "cue_end": cue + 4,
                "speaker_start": spk,
                "speaker_end": spk + 9,
                "speaker_entity": "Ana Lopez",
                "speaker_type": "named",
                "confidence": 0.9,
                "attribution_id": "E7",
            },
            {
                "start": added,
                "end": added + 16,
                "kind": "indirect",
                "speaker_entity": "Ana Lopez",
                "speaker_type": "pronoun",
            },
        ],
        "speakers": [{"name": "Ana Lopez", "aliases": ["Lopez", "the minister"], "description": "Finance minister"}],
    }


def _snapshot(project) -> list:
    """Everything a release should preserve, independent of database ids."""
    rows = []
    for article in Article.objects.filter(project=project).order_by("external_id"):
        quotes = Quote.objects.filter(annotation_set__article=article).select_related("speaker").order_by("start")
        rows.append(
            (
                article.external_id,
                article.title,
                article.outlet,
                str(article.published),
                article.text,
                article.metadata,
                [
                    (
                        q.fragments,
                        q.kind,
                        q.cue_start,
                        q.cue_end,
                        q.speaker_start,
                        q.speaker_end,
                        q.speaker.name if q.speaker else None,
                        q.speaker_type,
                        q.confidence,
                        q.metadata,
                    )
                    for q in quotes
                ],
            )
        )
    speakers = sorted((s.name, s.aliases, s.description) for s in Speaker.objects.filter(project=project))
    return [rows, speakers]


def _zip_members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _export_imported(project, tmp_path, *formats: str, split: str | None = None) -> dict[str, bytes]:
    """Run `export_dataset` on the project's imported sets; the zip's members by name."""
    out = tmp_path / "release.zip"
    args = ["--project", project.slug, "-o", str(out), "--source", "imported", "--no-progress"]
    for fmt in formats:
        args += ["--format", fmt]
    if split:
        args += ["--split", split]
    call_command("export_dataset", *args)
    return _zip_members(out)


@pytest.mark.django_db
def test_jsonl_release_reimports_losslessly_into_a_new_project(project, tmp_path):
    article_import_files(project=project, files=[("a.jsonl", json.dumps(_crlf_record()).encode())])
    members = _export_imported(project, tmp_path, "jsonl")
    jsonl = b"".join(body for name, body in sorted(members.items()) if name.startswith("jsonl/"))
    other = ProjectFactory(slug="copy")
    report = article_import_files(project=other, files=[("release.jsonl", jsonl)])
    assert report.imported == 1 and not report.rejected_files
    assert _snapshot(other) == _snapshot(project)
    assert _snapshot(project)[0][0][4].count("\r") == 0  # CRLF-origin offsets stayed valid


@pytest.mark.django_db
def test_manifest_checksums_verify(project, tmp_path):
    article_import_files(project=project, files=[("a.jsonl", json.dumps(_crlf_record()).encode())])
    members = _export_imported(project, tmp_path, "jsonl", "csv", "brat")
    lines = members["MANIFEST"].decode().strip().splitlines()
    assert len(lines) == len(members) - 1
    for line in lines:
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256(members[name]).hexdigest() == digest
    assert "README.md" in members


@pytest.mark.spacy
@pytest.mark.django_db
def test_docbin_release_loads_in_spacy_with_matching_offsets(project, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    article_import_files(project=project, files=[("a.jsonl", json.dumps(_crlf_record()).encode())])
    members = _export_imported(project, tmp_path, "spacy", split="train=1")
    [name] = [n for n in members if n.endswith(".spacy")]
    docs = list(DocBin().from_bytes(members[name]).get_docs(spacy.blank("en").vocab))
    [doc] = docs
    article = Article.objects.get(project=project)
    assert doc.text == article.text
    assert "Part one" in doc.spans["quotes"][0].text
    assert [s.text for s in doc.spans["cues"]] == ["said"]
    assert doc.user_data["quotes"][0]["speaker_entity"] == "Ana Lopez"


@pytest.mark.django_db
def test_same_article_lands_in_the_same_split_in_two_releases(project, manager, settings, tmp_path):
    settings.ANNOTATOR_RELEASE_ROOT = tmp_path
    records = [json.dumps({"id": f"art-{i}", "text": f"Text {i}.", "quotes": []}) for i in range(60)]
    article_import_files(project=project, files=[("many.jsonl", "\n".join(records).encode())])

    def splits(version: str) -> dict[str, str]:
        release = release_create(
            project=project, name="set", version=version, formats=["jsonl"], source="imported", user=manager
        )
        from annotator.releases.services import release_build

        release = release_build(release_id=release.pk)
        result = {}
        for name, body in _zip_members(release.file_path).items():
            if name.startswith("jsonl/"):
                split = name.split("/")[1].removesuffix(".jsonl")
                result.update({json.loads(line)["id"]: split for line in body.decode().splitlines()})
        return result

    first, second = splits("1.0"), splits("1.1")
    assert first == second and len(first) == 60
    assert {"train", "dev", "test"} >= set(first.values()) and "train" in first.values()


@pytest.mark.django_db
def test_a_release_version_is_never_rebuilt_or_reused(project, manager):
    from annotator.core.errors import DomainError

    article_import_files(project=project, files=[("a.jsonl", json.dumps(_crlf_record()).encode())])
    release_create(project=project, name="gold", version="1", formats=["jsonl"], source="imported", user=manager)
    with pytest.raises(DomainError, match="exists already"):
        release_create(project=project, name="gold", version="1", formats=["csv"], source="imported", user=manager)


@pytest.mark.django_db
def test_invalid_release_requests_are_rejected_clearly(project, manager):
    from annotator.core.errors import DomainError

    article_import_files(project=project, files=[("a.jsonl", json.dumps(_crlf_record()).encode())])
    for kwargs, message in [
        ({"formats": ["jsonl"], "source": "gold"}, "nothing to release"),
        ({"formats": ["xml"]}, "Unknown format"),
        ({"formats": []}, "at least one format"),
        ({"formats": ["jsonl"], "split_ratios": {"train": -1}}, "negative"),
        ({"formats": ["jsonl"], "filters": {"colour": "red"}}, "Unknown filter"),
        ({"formats": ["jsonl"], "filters": {"published_from": "soon"}}, "date"),
    ]:
        with pytest.raises(DomainError, match=message):
            release_create(project=project, name="x", version="1", user=manager, **kwargs)
    assert Release.objects.count() == 0


@pytest.mark.django_db
def test_release_filters_select_articles(project, manager, settings, tmp_path):
    settings.ANNOTATOR_RELEASE_ROOT = tmp_path
    lines = [
        {"id": "a", "text": "A.", "outlet": "Courier", "published": "2024-01-05", "tags": ["budget"], "quotes": []},
        {
            "id": "b",
            "text": "B.",
            "outlet": "Herald",
            "published": "2024-03-05",
            "tags": ["budget", "tax"],
            "quotes": [],
        },
        {"id": "c", "text": "C.", "outlet": "Herald", "published": "2024-06-05", "quotes": []},
    ]
    article_import_files(project=project, files=[("f.jsonl", "\n".join(json.dumps(x) for x in lines).encode())])
    from annotator.releases.selectors import release_articles

    def ids(**filters):
        return sorted(a["id"] for a in release_articles(project=project, source="imported", filters=filters))

    assert ids() == ["a", "b", "c"]
    assert ids(outlet="Herald") == ["b", "c"]
    assert ids(published_from="2024-02-01", published_to="2024-04-01") == ["b"]
    assert ids(tags=["budget"]) == ["a", "b"]
    assert ids(tags=["budget", "tax"]) == ["b"]


@pytest.mark.django_db
def test_release_api_create_build_detail_and_download(
    project, manager, api_client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ANNOTATOR_RELEASE_ROOT = tmp_path
    article_import_files(project=project, files=[("a.jsonl", json.dumps(_crlf_record()).encode())])
    api_client.force_authenticate(manager)
    with django_capture_on_commit_callbacks(execute=True):  # the build task runs at commit
        response = api_client.post(
            f"/api/projects/{project.slug}/releases/",
            {"name": "Tax quotes", "version": "2024.1", "formats": ["jsonl", "csv"], "source": "imported"},
            format="json",
        )
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "pending"
    release_id = response.json()["id"]
    detail = api_client.get(f"/api/releases/{release_id}/").json()
    assert detail["status"] == "ready" and detail["counts"]["quotes"] == 2
    assert "README.md" in {f["path"] for f in detail["files"]}
    assert any(f["path"].startswith("jsonl/") for f in detail["files"])
    download = api_client.get(f"/api/releases/{release_id}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert "attachment" in download["Content-Disposition"] and ".zip" in download["Content-Disposition"]
    body = b"".join(download.streaming_content)
    assert hashlib.sha256(body).hexdigest() == detail["sha256"] == download["X-Checksum-SHA256"]
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,expected",
    [("anonymous", 401), ("outsider", 404), (Role.ANNOTATOR, 403), (Role.REVIEWER, 403), (Role.MANAGER, 200)],
)
def test_release_endpoints_are_for_managers_only(
    role, expected, project, user_for_role, api_client, settings, tmp_path
):
    settings.ANNOTATOR_RELEASE_ROOT = tmp_path
    owner = MembershipFactory(project=project, role=Role.MANAGER, user=UserFactory(username="owner")).user
    article_import_files(project=project, files=[("a.jsonl", json.dumps(_crlf_record()).encode())])
    release = release_create(project=project, name="r", version="1", formats=["jsonl"], source="imported", user=owner)
    from annotator.releases.services import release_build

    release_build(release_id=release.pk)
    user = user_for_role(role)
    if user:
        api_client.force_authenticate(user)
    assert api_client.get(f"/api/releases/{release.pk}/").status_code == expected
    assert api_client.get(f"/api/releases/{release.pk}/download/").status_code == expected
    assert api_client.get(f"/api/projects/{project.slug}/releases/").status_code == expected
    create = api_client.post(
        f"/api/projects/{project.slug}/releases/",
        {"name": "n", "version": "2", "formats": ["csv"], "source": "imported"},
        format="json",
    )
    assert create.status_code == (202 if expected == 200 else expected)
    page = Client()
    if user:
        page.force_login(user)
    html_status = page.get(f"/projects/{project.slug}/releases/").status_code
    assert html_status == {401: 302, 404: 404, 403: 403, 200: 200}[expected]


@pytest.mark.django_db
def test_a_failed_build_records_its_reason(
    project, manager, monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ANNOTATOR_RELEASE_ROOT = tmp_path
    article_import_files(project=project, files=[("a.jsonl", json.dumps(_crlf_record()).encode())])

    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("annotator.releases.services.export_zip", broken)
    with django_capture_on_commit_callbacks(execute=True):
        release = release_create(
            project=project, name="r", version="1", formats=["jsonl"], source="imported", user=manager
        )
    release.refresh_from_db()
    assert release.status == "failed" and "disk full" in release.error


def test_export_dataset_needs_an_existing_project(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No project"):
        call_command("export_dataset", "--project", "nope", "--format", "jsonl", "-o", str(tmp_path / "x.zip"))


def test_release_record_sums_up_folders_with_many_files():
    from annotator.releases.services import summarise_files

    files = (
        [{"path": "README.md", "sha256": "a", "size": 10}]
        + [{"path": f"brat/train/{i}.ann", "sha256": str(i), "size": 2} for i in range(60)]
        + [{"path": "jsonl/train.jsonl", "sha256": "j", "size": 5}]
    )
    assert summarise_files(files) == [
        {"path": "README.md", "sha256": "a", "size": 10},
        {"path": "brat/train/", "files": 60, "size": 120},
        {"path": "jsonl/train.jsonl", "sha256": "j", "size": 5},
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filters,message",
    [
        ({"status": 5}, "status must be a text"),
        ({"status": ["done"]}, "Unknown status"),
        ({"tags": [1]}, "tags must be"),
    ],
)
def test_release_filters_of_the_wrong_type_are_a_clear_error(project, filters, message):
    from annotator.core.errors import DomainError
    from annotator.releases.services import validate_filters

    with pytest.raises(DomainError, match=message):
        validate_filters(filters)


@pytest.mark.django_db
def test_a_nul_in_a_search_is_no_server_error(api_client, annotator, project):
    api_client.force_authenticate(annotator)
    for path in (f"/api/projects/{project.slug}/articles/", f"/api/projects/{project.slug}/speakers/"):
        response = api_client.get(path, {"search": "a\x00b"})
        assert response.status_code == 400  # the API says what is wrong; the pages find nothing
        assert response.json()["detail"] == "search: contains a NUL character; remove it."
    from django.test import Client

    client = Client()
    client.force_login(annotator)
    assert client.get(f"/projects/{project.slug}/", {"q": "\x00"}).status_code == 200
    assert client.get(f"/projects/{project.slug}/speakers/", {"q": "\x00"}).status_code == 200
