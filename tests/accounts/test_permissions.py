"""Permission matrix: anonymous, non-member and each role, for every page and endpoint."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from annotator.accounts.models import Role
from annotator.annotations.models import SetKind
from tests.factories import AnnotationSetFactory, MembershipFactory, SpeakerFactory

ANON, OUT, ANN, REV, MAN = "anonymous", "outsider", Role.ANNOTATOR, Role.REVIEWER, Role.MANAGER


@pytest.fixture
def objects(project, article):
    return {
        "slug": project.slug,
        "article": article.pk,
        "speaker": SpeakerFactory(project=project).pk,
        "set": AnnotationSetFactory(article=article, kind=SetKind.MACHINE).pk,  # blind annotation hides imported sets
        # A member to change or remove: an annotator, so that removing them leaves the managers.
        "member": MembershipFactory(project=project, role=Role.ANNOTATOR).user_id,
    }


PAGES = [
    # (url name, kwargs keys, minimal role)
    ("review:article-list", {"slug": "slug"}, ANN),
    ("imports:import", {"slug": "slug"}, MAN),
    ("annotations:editor", {"pk": "article"}, ANN),
    ("accounts:members", {"slug": "slug"}, MAN),
    ("accounts:settings", {"slug": "slug"}, MAN),
    ("accounts:guidelines", {"slug": "slug"}, ANN),
]


def _url(name, kwargs, objects):
    return reverse(name, kwargs={k: objects[v] for k, v in kwargs.items()})


def _expected_page_status(role, needed):
    if role == ANON:
        return 302
    if role == OUT:
        return 404
    rank = {ANN: 1, REV: 2, MAN: 3}
    return 200 if rank[role] >= rank[needed] else 403


@pytest.mark.django_db
@pytest.mark.parametrize("name,kwargs,needed", PAGES)
@pytest.mark.parametrize("role", [ANON, OUT, ANN, REV, MAN])
def test_page_access_by_role(name, kwargs, needed, role, objects, user_for_role):
    client = Client()
    user = user_for_role(role)
    if user:
        client.force_login(user)
    response = client.get(_url(name, kwargs, objects))
    assert response.status_code == _expected_page_status(role, needed)
    if role == ANON:
        assert response["Location"].startswith(reverse("login"))


# Writes on pages: (url name, kwargs keys, minimal role, form data).
PAGE_WRITES = [
    ("accounts:members", {"slug": "slug"}, MAN, {"action": "add", "username": "invited", "role": "annotator"}),
    ("accounts:settings", {"slug": "slug"}, MAN, {"name": "Renamed", "annotators_per_article": "2"}),
    ("accounts:guidelines", {"slug": "slug"}, MAN, {"guidelines": "New rules."}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name,kwargs,needed,data", PAGE_WRITES)
@pytest.mark.parametrize("role", [ANON, OUT, ANN, REV, MAN])
def test_page_writes_by_role(name, kwargs, needed, data, role, objects, user_for_role):
    client = Client()
    user = user_for_role(role)
    if user:
        client.force_login(user)
    response = client.post(_url(name, kwargs, objects), data)
    expected = _expected_page_status(role, needed)
    assert response.status_code == (302 if expected == 200 else expected)  # a saved form redirects
    if role == MAN:
        assert response["Location"].startswith(_url(name, kwargs, objects))


@pytest.mark.django_db
@pytest.mark.parametrize("role,name", [(ANN, "members"), (REV, "members"), (ANN, "settings"), (REV, "settings")])
def test_manager_pages_explain_themselves_to_other_roles(role, name, project, user_for_role):
    client = Client()
    client.force_login(user_for_role(role))
    response = client.get(reverse(f"accounts:{name}", kwargs={"slug": project.slug}))
    assert response.status_code == 403
    html = response.content.decode()
    assert "This page is for the project&#x27;s managers." in html
    assert f"You are {'an annotator' if role == ANN else 'a reviewer'} in <strong>News</strong>" in html
    assert "this needs the manager role" in html
    assert f'href="{project.get_absolute_url()}">Back to News</a>' in html
    assert "<title>Not for your role" in html and "Members</a>" not in html  # the nav keeps to their role


@pytest.mark.django_db
def test_a_write_beyond_the_role_is_explained_as_a_change(project, annotator, reviewer):
    client = Client()
    client.force_login(annotator)
    response = client.post(reverse("accounts:guidelines", kwargs={"slug": project.slug}), {"guidelines": "x"})
    assert response.status_code == 403
    assert "Only the project&#x27;s managers can make this change." in response.content.decode()
    client.force_login(reviewer)
    response = client.get(reverse("releases:list", kwargs={"slug": project.slug}))
    assert response.status_code == 403 and "This page is for the project&#x27;s managers." in response.content.decode()
    response = client.get(reverse("imports:import", kwargs={"slug": project.slug}))
    assert response.status_code == 403 and "Back to News" in response.content.decode()


@pytest.mark.django_db
def test_api_403_stays_json(project, reviewer, api_client):
    api_client.force_authenticate(reviewer)
    response = api_client.get(f"/api/projects/{project.slug}/members/")
    assert response.status_code == 403 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Your role in this project does not allow this."}


@pytest.mark.django_db
def test_home_requires_login_and_login_page_does_not():
    client = Client()
    assert client.get(reverse("home")).status_code == 302
    response = client.get(reverse("login"))
    assert response.status_code == 200 and b'name="password"' in response.content


@pytest.mark.django_db
def test_admin_requires_staff(user_for_role):
    client = Client()
    client.force_login(user_for_role(MAN))
    assert client.get("/admin/").status_code == 302


API = [
    # (method, path template, minimal role, body)
    ("get", "/api/projects/{slug}/", ANN, None),
    ("get", "/api/projects/{slug}/articles/", ANN, None),
    ("post", "/api/projects/{slug}/articles/", MAN, {"text": "A brand new article."}),
    ("get", "/api/articles/{article}/", ANN, None),
    ("get", "/api/articles/{article}/annotation-sets/", ANN, None),
    ("get", "/api/annotation-sets/{set}/", ANN, None),
    ("get", "/api/projects/{slug}/speakers/", ANN, None),
    ("post", "/api/projects/{slug}/speakers/", ANN, {"name": "New Person"}),
    ("get", "/api/speakers/{speaker}/", ANN, None),
    ("patch", "/api/speakers/{speaker}/", REV, {"aliases": ["NP"]}),
    ("patch", "/api/projects/{slug}/", MAN, {"self_service": False}),
    ("get", "/api/projects/{slug}/members/", MAN, None),
    ("post", "/api/projects/{slug}/members/", MAN, {"username": "invited", "role": "annotator"}),
    ("get", "/api/projects/{slug}/members/{member}/", MAN, None),
    ("patch", "/api/projects/{slug}/members/{member}/", MAN, {"role": "reviewer"}),
    ("delete", "/api/projects/{slug}/members/{member}/", MAN, None),
]


def _expected_api_status(role, needed, method):
    if role == ANON:
        return 401
    if role == OUT:
        return 404
    rank = {ANN: 1, REV: 2, MAN: 3}
    if rank[role] < rank[needed]:
        return 403
    return {"post": 201, "delete": 204}.get(method, 200)


@pytest.mark.django_db
@pytest.mark.parametrize("method,path,needed,body", API)
@pytest.mark.parametrize("role", [ANON, OUT, ANN, REV, MAN])
def test_api_access_by_role(method, path, needed, body, role, objects, user_for_role, api_client):
    user = user_for_role(role)
    if user:
        api_client.force_authenticate(user)
    response = getattr(api_client, method)(path.format(**objects), body, format="json")
    assert response.status_code == _expected_api_status(role, needed, method), response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", [ANON, OUT, ANN, REV, MAN])
def test_api_import_needs_manager(role, project, user_for_role, api_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = user_for_role(role)
    if user:
        api_client.force_authenticate(user)
    upload = SimpleUploadedFile("a.txt", b"Imported by API.")
    response = api_client.post(
        f"/api/projects/{project.slug}/articles/import/", {"files": [upload]}, format="multipart"
    )
    assert response.status_code == _expected_api_status(role, MAN, "post")


@pytest.mark.django_db
def test_project_list_shows_only_member_projects(api_client, annotator, project):
    from tests.factories import ProjectFactory

    ProjectFactory(slug="secret")
    api_client.force_authenticate(annotator)
    slugs = [p["slug"] for p in api_client.get("/api/projects/").json()["results"]]
    assert slugs == [project.slug]


@pytest.mark.django_db
def test_superuser_can_do_everything(api_client, project, article):
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    api_client.force_authenticate(admin)
    assert api_client.get(f"/api/articles/{article.pk}/").status_code == 200
    assert (
        api_client.post(f"/api/projects/{project.slug}/articles/", {"text": "By the admin."}, format="json").status_code
        == 201
    )
    client = Client()
    client.force_login(admin)
    assert client.get(reverse("imports:import", kwargs={"slug": project.slug})).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_api_schema_and_docs_need_login(path, api_client, annotator):
    response = api_client.get(path)
    if path == "/api/docs/":  # a page for people: a logged-out browser is sent to log in
        assert response.status_code == 302 and response["Location"].startswith("/login/?next=/api/docs/")
    else:
        assert response.status_code in (401, 403)
    api_client.force_login(annotator)
    assert api_client.get(path).status_code == 200
