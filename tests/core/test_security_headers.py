"""CSRF on every session write, a strict Content Security Policy on every page."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from annotator.accounts.tokens import api_token_create


@pytest.mark.django_db
def test_a_page_form_without_the_csrf_token_is_refused(manager, project):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.post(f"/projects/{project.slug}/settings/", {"name": "Hijacked"})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.name == "News"


@pytest.mark.django_db
def test_the_api_with_a_session_needs_the_csrf_token_and_with_a_token_does_not(manager, project):
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(manager)
    response = session.patch(f"/api/projects/{project.slug}/", {"name": "Hijacked"}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    _, key = api_token_create(user=manager)
    script = APIClient(enforce_csrf_checks=True)
    script.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = script.patch(f"/api/projects/{project.slug}/", {"name": "Renamed"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "Renamed"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/account/tokens/", "/projects/news/members/"])
def test_pages_carry_a_strict_content_security_policy(path, manager, project):
    client = Client()
    if path != "/login/":  # a logged-in user is sent on from the login page
        client.force_login(manager)
    response = client.get(path)
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
