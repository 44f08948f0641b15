"""Deny by default: every view declares how its project is found; one resolver checks it.

A view sets `scope` to one of

- `USER_SCOPE`: a login is enough, no project is involved (the project list);
- `PUBLIC_SCOPE`: no login either (only the token login endpoint);
- `PROJECT_SCOPE`: the project named by the URL's `slug`;
- `ObjectScope(Model, path=...)`: the object named by the URL's `pk`, and its project
  through `path` ("project", or "article__project" for an annotation set);

and `required_role` (to read) and `write_role` (to change). `resolve_scope` runs once per
request before the handler, for the API (`ProjectRolePermission`, the default permission
class) and the HTML views (`ScopedViewMixin`) alike, and puts `project`, `role` and
`scoped_object` on the view. A view without a `scope` is refused, and the system check in
`checks.py` fails start-up and the test suite when one is routed. An unknown object and a
project the user is not a member of get the same 404, so ids do not leak.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from rest_framework.permissions import SAFE_METHODS, BasePermission

from annotator.accounts.models import Project, Role, role_at_least
from annotator.accounts.selectors import project_by_slug, project_role

NOT_FOUND = "Not found."
ROLE_TOO_LOW = "Your role in this project does not allow this."
# Who a page or a change is for, by the least role it needs (for the 403 page).
ROLE_AUDIENCE = {
    Role.ANNOTATOR: "the project's members",
    Role.REVIEWER: "the project's reviewers and managers",
    Role.MANAGER: "the project's managers",
}


class RoleTooLow(PermissionDenied):
    """A member whose role is below what the view needs.

    Its message stays `ROLE_TOO_LOW`, which the API answers with; the project and the
    roles travel along so that the HTML 403 page can say who the page is for and link
    back to the project.
    """

    def __init__(self, *, project: Project, role: str, required: str, write: bool) -> None:
        super().__init__(ROLE_TOO_LOW)
        self.project, self.role, self.required, self.write = project, role, required, write

    @property
    def explanation(self) -> str:
        """One sentence for the page, e.g. "This page is for the project's managers."."""
        audience = ROLE_AUDIENCE.get(self.required, ROLE_AUDIENCE[Role.MANAGER])
        if self.write:
            return f"Only {audience} can make this change."
        return f"This page is for {audience}."


class Scope:
    """How a view finds the project a request is about (see the module docstring)."""

    def resolve(self, kwargs: dict) -> tuple[object | None, Project | None, bool]:
        """`(object, project, needs_project)` for the URL's keyword arguments."""
        raise NotImplementedError


class UserScope(Scope):
    def resolve(self, kwargs):
        return None, None, False


class PublicScope(UserScope):
    """Open without a login: only for a login endpoint, which sets no permission classes."""


@dataclass(frozen=True)
class SlugScope(Scope):
    """The project from the URL's `kwarg`; with `optional`, a URL without it needs no project."""

    kwarg: str = "slug"
    optional: bool = False

    def resolve(self, kwargs):
        slug = kwargs.get(self.kwarg)
        if slug is None and self.optional:
            return None, None, False
        project = project_by_slug(slug)
        return project, project, True


@dataclass(frozen=True)
class ObjectScope(Scope):
    """An object from the URL's `kwarg` (its primary key) and its project through `path`."""

    model: type[models.Model]
    path: str = "project"
    kwarg: str = "pk"
    select_related: tuple[str, ...] = field(default=())

    def resolve(self, kwargs):
        pk = kwargs.get(self.kwarg)
        obj = None
        if pk is not None:
            obj = self.model.objects.select_related(self.path, *self.select_related).filter(pk=pk).first()
        project = obj
        for step in self.path.split("__"):
            project = getattr(project, step, None)
        return obj, project, True


USER_SCOPE = UserScope()
PUBLIC_SCOPE = PublicScope()
PROJECT_SCOPE = SlugScope()


def resolve_scope(request, view) -> None:
    """Check the request against the view's declared scope and roles; raise to deny.

    Sets `view.project`, `view.role` and `view.scoped_object`. Raises `Http404` for an
    unknown object or project and for non-members, `PermissionDenied` when the view
    declares no scope, `RoleTooLow` (a `PermissionDenied`) when the role is too low.
    """
    if getattr(view, "_scope_resolved", False):
        return
    scope = getattr(view, "scope", None)
    if not isinstance(scope, Scope):
        raise PermissionDenied(f"{type(view).__name__} declares no project scope, so it is closed.")
    obj, project, needs_project = scope.resolve(view.kwargs)
    role = None
    if needs_project:
        role = project_role(user=request.user, project=project) if project is not None else None
        if role is None:
            raise Http404(NOT_FOUND)
        needed = getattr(view, "required_role", Role.ANNOTATOR)
        write = request.method not in SAFE_METHODS
        if write:
            needed = getattr(view, "write_role", None) or needed
        if not role_at_least(role, needed):
            # A write is "a change" only when reading the same view needs less.
            write = write and role_at_least(role, getattr(view, "required_role", Role.ANNOTATOR))
            raise RoleTooLow(project=project, role=role, required=needed, write=write)
    view.project, view.role, view.scoped_object = project, role, obj
    view._scope_resolved = True


class ProjectRolePermission(BasePermission):
    """The API's default permission: a login, then the view's declared scope and roles."""

    message = ROLE_TOO_LOW

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        resolve_scope(request, view)
        return True


class ScopedViewMixin:
    """The same check for class-based HTML views, before `get`/`post` run."""

    scope: Scope | None = None
    required_role: str = Role.ANNOTATOR
    write_role: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        resolve_scope(request, self)
        return super().dispatch(request, *args, **kwargs)
