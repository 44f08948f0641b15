"""The permission matrix for every route, generated from the URL conf.

Each routed view declares its scope and roles; this test reads them and checks, for every
method the view answers, that anonymous callers, non-members and members below the
needed role are refused, and that members with the role are let through. A new route is
covered the moment it is added; a route whose scope needs an object this file cannot make
fails here until one is added to `_objects`.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from annotator.accounts.models import Role, role_at_least
from annotator.accounts.scope import ObjectScope, PublicScope, Scope, SlugScope, UserScope
from annotator.annotations.models import AnnotationSet, Comment, GoldVersion, SetKind, Speaker
from annotator.corpus.models import Article
from annotator.imports.models import ImportJob
from annotator.proposer.models import ProposerModel
from annotator.releases.models import Release
from tests.factories import AnnotationSetFactory, ArticleFactory, ProjectFactory, SpeakerFactory, UserFactory

ROLES = [None, "outsider", Role.ANNOTATOR, Role.REVIEWER, Role.MANAGER]
UNSAFE = {"post", "put", "patch", "delete"}
# Routes that answer 404 to a permitted member because the object has nothing to give yet.
EMPTY_404 = {"releases/<int:pk>/download/", "api/releases/<int:pk>/download/"}


def _routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "cls", None) or getattr(entry.callback, "view_class", None)
            if view is not None and isinstance(getattr(view, "scope", None), Scope):
                yield prefix + str(entry.pattern), view, _methods(entry.callback, view)


def _methods(callback, view) -> list[str]:
    """The HTTP methods the route answers (a viewset's are those of its routed actions)."""
    actions = getattr(callback, "actions", None)
    if actions:
        return [m for m in actions if m not in ("options", "head")]
    return [m for m in view.http_method_names if m not in ("options", "head", "trace") and hasattr(view, m)]


CASES = [
    (route, view, method)
    for route, view, methods in _routes()
    if not isinstance(view.scope, PublicScope) and "(?P<format>" not in route and "\\." not in route
    for method in methods
    if "<" in route or not isinstance(view.scope, UserScope) or method == "get"
]


def _objects(project, member) -> dict:
    article = ArticleFactory(project=project)
    GoldVersion.objects.create(article=article, version=1, quotes=[])  # for gold/<version>/
    return {
        Article: article,
        Speaker: SpeakerFactory(project=project),
        AnnotationSet: AnnotationSetFactory(article=article, kind=SetKind.MACHINE),
        Release: Release.objects.create(project=project, name="r", version="1", formats=["jsonl"]),
        Comment: Comment.objects.create(article=article, author=member, kind="unclear", body="?"),
        ProposerModel: ProposerModel.objects.create(project=project),
        ImportJob: ImportJob.objects.create(project=project),
    }


def _url(route: str, view, project, objects: dict, member) -> str:
    scope = view.scope
    values = {"slug": project.slug, "user_id": member.pk, "version": 1}
    if isinstance(scope, ObjectScope):
        assert scope.model in objects, f"add an object of {scope.model.__name__} to _objects for {route}"
        values[scope.kwarg] = objects[scope.model].pk
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values.get(m[1], m[0])), route)  # the router's regexes
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m[1], m[0])), path)  # path converters
    path = path.replace("^", "").replace("$", "")
    assert "<" not in path, f"cannot fill the URL {route}"
    return "/" + path


def _needed(view, method: str) -> str:
    needed = getattr(view, "required_role", Role.ANNOTATOR)
    if method in UNSAFE and getattr(view, "write_role", None):
        needed = view.write_role
    return needed


@pytest.mark.django_db
@pytest.mark.parametrize("route,view,method", CASES, ids=[f"{m.upper()} {r}" for r, _, m in CASES])
def test_every_route_refuses_who_it_must_and_admits_who_it_should(route, view, method):
    project = ProjectFactory(slug="matrix", blind_annotation=False)  # blindness has tests of its own
    members = {role: UserFactory(username=f"m-{role}") for role in (Role.ANNOTATOR, Role.REVIEWER, Role.MANAGER)}
    for role, user in members.items():
        project.memberships.create(user=user, role=role)
    url = _url(route, view, project, _objects(project, members[Role.ANNOTATOR]), members[Role.ANNOTATOR])
    is_api = route.startswith("api/")
    needs_project = not isinstance(view.scope, UserScope) and not (
        isinstance(view.scope, SlugScope) and view.scope.optional and not re.search(r"<(slug:)?slug>", route)
    )
    for role in ROLES:
        user = None if role is None else UserFactory(username="someone-else") if role == "outsider" else members[role]
        client = APIClient() if is_api else Client()
        if user is not None:
            client.force_login(user)
        status = (
            getattr(client, method)(url, {}, format="json").status_code
            if is_api
            else getattr(client, method)(url).status_code
        )
        if role is None:
            assert status == (401 if is_api else 302), (role, status)
        elif role == "outsider" and needs_project:
            assert status == 404, (role, status)
        elif needs_project and not role_at_least(role, _needed(view, method)):
            assert status == 403, (role, status)
        elif role != "outsider":
            assert status not in (401, 403) and (status != 404 or route in EMPTY_404), (role, status)
        UserFactory._meta.model.objects.filter(username="someone-else").delete()
