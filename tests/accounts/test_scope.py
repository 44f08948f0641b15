"""Deny by default: a view that declares no scope is reported at start-up and closed."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, override_settings
from rest_framework.test import APIClient

from annotator.accounts.checks import check_views_declare_scope, unscoped_views
from tests.factories import ArticleFactory, ProjectFactory, SpeakerFactory, UserFactory

UNSCOPED = "tests.accounts.unscoped_urls"


def test_every_routed_view_declares_a_scope():
    assert unscoped_views() == []
    assert check_views_declare_scope() == []


# `check` runs the model checks too, and JSONField's asks the database what it supports:
# without the mark this fails once an earlier (transactional) test has reset the connection.
@pytest.mark.django_db
@override_settings(ROOT_URLCONF=UNSCOPED)
def test_a_route_without_a_scope_fails_the_system_check():
    found = dict(unscoped_views())
    assert set(found) == {"api/speakers-everywhere/<int:pk>/", "speakers-everywhere/<int:pk>/"}
    errors = check_views_declare_scope()
    assert [e.id for e in errors] == ["accounts.E001", "accounts.E001"]
    with pytest.raises(SystemCheckError, match="declares no scope"):
        call_command("check")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=UNSCOPED)
def test_a_view_without_a_scope_is_closed_even_to_a_superuser():
    root = UserFactory(username="root", is_superuser=True)
    api = APIClient()
    api.force_authenticate(root)
    response = api.get("/api/speakers-everywhere/1/")
    assert response.status_code == 403 and "secret" not in response.content.decode()
    client = Client()
    client.force_login(root)
    response = client.get("/speakers-everywhere/1/")
    assert response.status_code == 403 and b"secret" not in response.content


@pytest.mark.django_db
def test_unknown_ids_and_other_projects_get_the_same_404(annotator, project):
    theirs = ProjectFactory(slug="theirs")
    api = APIClient()
    api.force_authenticate(annotator)
    for route in ("/api/speakers/{}/", "/api/articles/{}/"):
        other = (SpeakerFactory if "speakers" in route else ArticleFactory)(project=theirs).pk
        missing = api.get(route.format(other + 1000))
        foreign = api.get(route.format(other))
        assert missing.status_code == foreign.status_code == 404
        assert missing.json() == foreign.json() == {"detail": "Not found."}
    assert api.get("/api/projects/theirs/articles/").json() == api.get("/api/projects/nothing/articles/").json()
