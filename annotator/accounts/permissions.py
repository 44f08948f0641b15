"""Project-role checks shared by the API (permission class) and the HTML views (mixin).

A view declares `required_role` (to read) and `write_role` (to change); the project is
found by `get_project()` on the view. Non-members get 404 rather than 403 so that
project slugs and article ids do not leak.
"""

from __future__ import annotations

from django.http import Http404
from rest_framework.permissions import SAFE_METHODS, BasePermission

from annotator.accounts.models import Role
from annotator.accounts.selectors import project_role, role_at_least


class ProjectRolePermission(BasePermission):
    """DRF permission reading `required_role` / `write_role` from the view."""

    message = "Your role in this project does not allow this."

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        project = view.get_project() if hasattr(view, "get_project") else None
        if project is None:
            return True
        role = project_role(user=request.user, project=project)
        if role is None:
            raise Http404("No such project.")
        needed = getattr(view, "required_role", Role.ANNOTATOR)
        if request.method not in SAFE_METHODS:
            needed = getattr(view, "write_role", needed)
        return role_at_least(role, needed)


class ProjectRoleRequiredMixin:
    """The same check for class-based HTML views (login is enforced by middleware)."""

    required_role: str = Role.ANNOTATOR
    write_role: str | None = None

    def get_project(self):  # pragma: no cover - always overridden
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        self.project = self.get_project()
        self.role = project_role(user=request.user, project=self.project)
        if self.role is None:
            raise Http404("No such project.")
        needed = self.required_role
        if request.method not in SAFE_METHODS and self.write_role:
            needed = self.write_role
        if not role_at_least(self.role, needed):
            raise PermissionDenied("Your role in this project does not allow this.")
        return super().dispatch(request, *args, **kwargs)
