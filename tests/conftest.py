"""Shared fixtures: users in every role, clients logged in as them, a project."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine
from rest_framework.test import APIClient

from annotator.accounts.models import Role
from tests.factories import ArticleFactory, MembershipFactory, ProjectFactory, UserFactory

ROLES = ["anonymous", "outsider", Role.ANNOTATOR, Role.REVIEWER, Role.MANAGER]


@pytest.fixture(autouse=True)
def test_clock():
    """`ANNOTATOR_TEST_CLOCK=2026-12-07T23:59:30+00:00 make test` starts every test at that
    instant, the clock running on from there: a test that depends on the date, the day
    boundary or the time zone (with `TIME_ZONE=...`) fails that way instead of one night
    in CI. Python's clock only (the server threads' too); Chromium, PostgreSQL and worker
    subprocesses keep the machine's. Unset, tests run on the real clock."""
    instant = os.environ.get("ANNOTATOR_TEST_CLOCK")
    if not instant:
        yield None
        return
    with time_machine.travel(dt.datetime.fromisoformat(instant), tick=True) as traveller:
        yield traveller


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
