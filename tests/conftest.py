"""Shared fixtures: users in every role, clients logged in as them, a project."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from annotator.accounts.models import Role
from tests.factories import ArticleFactory, MembershipFactory, ProjectFactory, UserFactory

ROLES = ["anonymous", "outsider", Role.ANNOTATOR, Role.REVIEWER, Role.MANAGER]


@pytest.fixture
def project(db):
    return ProjectFactory(slug="news", name="News")


@pytest.fixture
def article(project):
    return ArticleFactory(project=project)


def _member(project, role):
    return MembershipFactory(project=project, role=role, user=UserFactory(username=f"{role}-user")).user


@pytest.fixture
def manager(project):
    return _member(project, Role.MANAGER)


@pytest.fixture
def reviewer(project):
    return _member(project, Role.REVIEWER)


@pytest.fixture
def annotator(project):
    return _member(project, Role.ANNOTATOR)


@pytest.fixture
def outsider(db):
    """A logged-in user who is not a member of the project."""
    return UserFactory(username="outsider")


@pytest.fixture
def user_for_role(project):
    """Returns a user for a role name of ROLES (None for anonymous)."""

    def make(role: str):
        if role == "anonymous":
            return None
        if role == "outsider":
            return UserFactory(username="outsider-x")
        return _member(project, role)

    return make


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def manager_api(api_client, manager):
    api_client.force_authenticate(manager)
    return api_client
