"""Project settings and guidelines: services, the PATCH endpoint, the pages and the panel."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from annotator.accounts.models import Event, EventAction, Project
from annotator.accounts.services import guidelines_update, project_update
from annotator.core.errors import DomainError


def _events(action):
    return list(Event.objects.filter(action=action).order_by("id"))


# --- services ---------------------------------------------------------------------


@pytest.mark.django_db
def test_project_update_records_only_what_changed(project, manager):
    updated = project_update(
        project=project,
        actor=manager,
        name="  World   news ",
        description="Wire copy.",
        annotators_per_article=3,
        blind_annotation=True,  # the default: not a change
        self_service=False,
    )
    assert (updated.name, updated.annotators_per_article, updated.self_service) == ("World news", 3, False)
    project.refresh_from_db()
    assert project.name == "World news" and project.description == "Wire copy."
    (event,) = _events(EventAction.PROJECT_UPDATE)
    assert event.actor == manager and event.object_type == "project"
    assert event.before == {"name": "News", "description": "", "annotators_per_article": 1, "self_service": True}
    assert event.after == {
        "name": "World news",
        "description": "Wire copy.",
        "annotators_per_article": 3,
        "self_service": False,
    }
    project_update(project=project, actor=manager, name="World news", self_service=False)
    assert len(_events(EventAction.PROJECT_UPDATE)) == 1  # nothing changed, nothing recorded


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes,message",
    [
        ({"name": "   "}, "needs a name"),
        ({"annotators_per_article": 0}, "between 1 and 20, not 0"),
        ({"name": "x" * 201}, "too long"),
    ],
)
def test_project_update_refuses_bad_values(project, manager, changes, message):
    with pytest.raises(DomainError, match=message):
        project_update(project=project, actor=manager, **changes)
    assert not _events(EventAction.PROJECT_UPDATE)


@pytest.mark.django_db
def test_guidelines_update_bumps_the_version_only_on_a_change(project, manager):
    project = guidelines_update(project=project, actor=manager, text="# Rules\r\n\r\nMark quotes.\r\n")
    assert project.guidelines == "# Rules\n\nMark quotes." and project.guidelines_version == 2
    (event,) = _events(EventAction.GUIDELINES_UPDATE)
    assert event.before == {"version": 1, "guidelines": ""}
    assert event.after == {"version": 2, "guidelines": "# Rules\n\nMark quotes."}
    # The same text as a browser sends it back (CRLF, a trailing newline) is no change.
    project = guidelines_update(project=project, actor=manager, text="# Rules\r\n\r\nMark quotes.\r\n\r\n")
    assert project.guidelines_version == 2 and len(_events(EventAction.GUIDELINES_UPDATE)) == 1
    project = guidelines_update(project=project, actor=manager, text="# Rules\n\nMark every quote.")
    assert project.guidelines_version == 3
    assert Project.objects.get(pk=project.pk).guidelines_version == 3


@pytest.mark.django_db
def test_project_update_passes_guidelines_on(project, manager):
    project = project_update(project=project, actor=manager, guidelines="New rules.", annotators_per_article=2)
    assert project.guidelines_version == 2 and project.annotators_per_article == 2
    assert len(_events(EventAction.GUIDELINES_UPDATE)) == len(_events(EventAction.PROJECT_UPDATE)) == 1


# --- API ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_patch_changes_the_settings(manager_api, project):
    response = manager_api.patch(
        f"/api/projects/{project.slug}/",
        {"name": "Newsroom", "annotators_per_article": 2, "blind_annotation": False, "self_service": False},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["name"], body["annotators_per_article"], body["blind_annotation"], body["self_service"]) == (
        "Newsroom", 2, False, False,
    )  # fmt: skip
    assert body["slug"] == "news" and body["role"] == "manager"
    assert _events(EventAction.PROJECT_UPDATE)[0].after == {
        "name": "Newsroom",
        "annotators_per_article": 2,
        "blind_annotation": False,
        "self_service": False,
    }


@pytest.mark.django_db
def test_api_patch_guidelines_bumps_the_version_and_the_slug_stays(manager_api, project):
    response = manager_api.patch(
        f"/api/projects/{project.slug}/", {"guidelines": "Be careful.", "slug": "renamed"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["guidelines_version"] == 2 and response.json()["slug"] == "news"


@pytest.mark.django_db
def test_api_patch_bad_values_are_400(manager_api, project):
    response = manager_api.patch(f"/api/projects/{project.slug}/", {"annotators_per_article": 0}, format="json")
    assert response.status_code == 400 and "annotators_per_article" in response.json()["detail"]
    response = manager_api.patch(f"/api/projects/{project.slug}/", {"name": ""}, format="json")
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["annotator", "reviewer"])
def test_others_read_the_settings_but_cannot_patch(api_client, project, request, who):
    api_client.force_authenticate(request.getfixturevalue(who))
    body = api_client.get(f"/api/projects/{project.slug}/").json()
    assert body["blind_annotation"] is True and body["self_service"] is True
    response = api_client.patch(f"/api/projects/{project.slug}/", {"self_service": False}, format="json")
    assert response.status_code == 403 and response.json() == {
        "detail": "Your role in this project does not allow this."
    }
    assert Project.objects.get(pk=project.pk).self_service is True


@pytest.mark.django_db
def test_api_create_takes_the_settings_too(api_client, outsider):
    api_client.force_authenticate(outsider)
    response = api_client.post(
        "/api/projects/",
        {"name": "Fresh", "slug": "fresh", "annotators_per_article": 2, "self_service": False},
        format="json",
    )
    assert response.status_code == 201
    fresh = Project.objects.get(slug="fresh")
    assert fresh.annotators_per_article == 2 and fresh.self_service is False


# --- pages --------------------------------------------------------------------------


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_settings_page_saves_through_the_service(project, manager):
    client = _client(manager)
    url = reverse("accounts:settings", kwargs={"slug": project.slug})
    page = client.get(url).content.decode()
    assert 'name="annotators_per_article"' in page and 'name="blind_annotation"' in page and "checked" in page
    response = client.post(
        url,
        {"name": "News desk", "description": "", "annotators_per_article": "2", "blind_annotation": "on"},
        follow=True,
    )
    assert "Settings saved." in response.content.decode()
    project.refresh_from_db()
    assert (project.name, project.annotators_per_article, project.blind_annotation, project.self_service) == (
        "News desk", 2, True, False,
    )  # fmt: skip
    (event,) = _events(EventAction.PROJECT_UPDATE)
    assert event.before == {"name": "News", "annotators_per_article": 1, "self_service": True}


@pytest.mark.django_db
def test_settings_page_shows_errors_and_nothing_changed(project, manager):
    client = _client(manager)
    url = reverse("accounts:settings", kwargs={"slug": project.slug})
    response = client.post(url, {"name": "", "annotators_per_article": "0"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html and "greater than or equal to 1" in html
    same = {
        "name": "News",
        "description": "",
        "annotators_per_article": "1",
        "blind_annotation": "on",
        "self_service": "on",
        "queue_order": "oldest",
        "review_order": "oldest",
        "retrain_every": "0",
    }
    assert "Nothing changed." in client.post(url, same, follow=True).content.decode()
    assert not _events(EventAction.PROJECT_UPDATE)


@pytest.mark.django_db
def test_guidelines_page_shows_rendered_guidelines_to_every_member(project, annotator):
    project.guidelines = "# How to\n\nMark **quotes**. <script>alert(1)</script> [x](javascript:alert(1))"
    project.save()
    response = _client(annotator).get(reverse("accounts:guidelines", kwargs={"slug": project.slug}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>How to</h1>" in html and "<strong>quotes</strong>" in html and "Version 1" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert 'href="javascript' not in html
    assert "<textarea" not in html and "Save guidelines" not in html  # annotators only read


@pytest.mark.django_db
def test_managers_edit_the_guidelines_on_the_page(project, manager):
    client = _client(manager)
    url = reverse("accounts:guidelines", kwargs={"slug": project.slug})
    assert "<textarea" in client.get(url).content.decode()
    response = client.post(url, {"guidelines": "## Cues\r\n\r\nBold the cue.\r\n"}, follow=True)
    html = response.content.decode()
    assert "Guidelines saved as version 2." in html and "<h2>Cues</h2>" in html
    response = client.post(url, {"guidelines": "## Cues\r\n\r\nBold the cue.\r\n"}, follow=True)
    assert "did not change; they stay at version 2" in response.content.decode()
    assert len(_events(EventAction.GUIDELINES_UPDATE)) == 1


@pytest.mark.django_db
def test_guidelines_panel_include(project):
    project.guidelines = "Mark *every* quote. <img src=x onerror=alert(1)>"
    project.guidelines_version = 4
    html = render_to_string("accounts/guidelines_panel.html", {"project": project})
    assert html.lstrip().startswith("<details")
    assert "version 4" in html and "<em>every</em>" in html and "<img" not in html
    assert reverse("accounts:guidelines", kwargs={"slug": project.slug}) in html
    project.guidelines = ""
    assert "no guidelines yet" in render_to_string("accounts/guidelines_panel.html", {"project": project})
