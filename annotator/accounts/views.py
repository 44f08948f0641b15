"""Pages of the accounts app: home, a project's members, settings and guidelines, and the 403 page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from annotator.accounts.forms import GuidelinesForm, MemberAddForm, MemberRoleForm, ProjectSettingsForm
from annotator.accounts.models import Role
from annotator.accounts.scope import NOT_FOUND, PROJECT_SCOPE, USER_SCOPE, RoleTooLow, ScopedViewMixin
from annotator.accounts.selectors import membership_for_user, membership_list, project_list_for_user
from annotator.accounts.services import (
    guidelines_update,
    member_set_password_path,
    membership_add,
    membership_remove,
    membership_set,
    project_update,
)
from annotator.accounts.tokens import api_token_list_for_user, api_token_revoke
from annotator.core.errors import DomainError

MEMBERS_PER_PAGE = 25
TOKENS_PER_PAGE = 25
# Where the members page keeps a new user's set-password link between the POST and the
# redirected GET, which shows it once and forgets it.
INVITATION_SESSION_KEY = "accounts.invitation"
ROLE_PHRASES = {Role.ANNOTATOR: "an annotator", Role.REVIEWER: "a reviewer", Role.MANAGER: "a manager"}


class HomeView(ScopedViewMixin, View):
    """The user's projects; with only one, straight to its articles (`?all=1` shows the list)."""

    scope = USER_SCOPE

    def get(self, request):
        projects = project_list_for_user(user=request.user)
        if projects.count() == 1 and not request.GET.get("all"):
            return redirect(projects.first().get_absolute_url())
        return render(request, "accounts/home.html", {"projects": projects})


class MembersView(ScopedViewMixin, View):
    """Managers add members (creating new users with a set-password link), change roles, remove."""

    scope = PROJECT_SCOPE
    required_role = Role.MANAGER

    def render_page(self, request, add_form: MemberAddForm, status: int = 200):
        page = Paginator(membership_list(project=self.project), MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
        invitation = request.session.pop(INVITATION_SESSION_KEY, None)
        if invitation and invitation.get("slug") != self.project.slug:
            invitation = None
        return render(
            request,
            "accounts/members.html",
            {
                "project": self.project,
                "page": page,
                "add_form": add_form,
                "roles": Role.choices,
                "invitation": invitation,
                "invitation_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            },
            status=status,
        )

    def get(self, request, slug: str):
        return self.render_page(request, MemberAddForm())

    def post(self, request, slug: str):
        action = request.POST.get("action")
        if action == "add":
            return self.add(request)
        if action not in ("role", "remove", "link"):
            messages.error(request, "Unknown action: reload the page and try again.")
            return self.back(request)
        form = MemberRoleForm(request.POST) if action == "role" else None
        user_id = request.POST.get("user_id")
        membership = membership_for_user(project=self.project, user_id=user_id)
        if membership is None:
            messages.error(request, "That person is not a member of this project (any more).")
            return self.back(request)
        username = membership.user.get_username()
        is_self = membership.user_id == request.user.pk
        try:
            if action == "role":
                if not form.is_valid():
                    raise DomainError(f"Choose one of the roles for {username}.")
                role = form.cleaned_data["role"]
                if role == membership.role:
                    messages.info(request, f"{username} is {ROLE_PHRASES[membership.role]} already.")
                    return self.back(request)
                membership = membership_set(project=self.project, user=membership.user, role=role, actor=request.user)
                messages.success(request, f"{username} is now {ROLE_PHRASES[membership.role]}.")
                if is_self and role != Role.MANAGER and not request.user.is_superuser:
                    return redirect(self.project.get_absolute_url())
            elif action == "link":
                path = member_set_password_path(membership=membership)
                self.remember_invitation(request, username=username, path=path)
                messages.success(request, f"A new set-password link for {username}.")
            else:
                membership_remove(membership=membership, actor=request.user)
                messages.success(request, f"Removed {username} from {self.project.name}.")
                if is_self and not request.user.is_superuser:
                    return redirect(reverse("home") + "?all=1")
        except DomainError as exc:
            messages.error(request, exc.message)
        return self.back(request)

    def add(self, request):
        form = MemberAddForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        try:
            added = membership_add(project=self.project, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.render_page(request, form, status=400)
        username = added.membership.user.get_username()
        role = added.membership.get_role_display().lower()
        if added.user_created:
            self.remember_invitation(request, username=username, path=added.set_password_path)
            messages.success(request, f"Created the user {username} and added them as {role}.")
        else:
            messages.success(request, f"Added {username} as {role}.")
        return redirect("accounts:members", slug=self.project.slug)

    def remember_invitation(self, request, *, username: str, path: str) -> None:
        request.session[INVITATION_SESSION_KEY] = {
            "slug": self.project.slug,
            "username": username,
            "url": request.build_absolute_uri(path),
        }

    def back(self, request):
        """To the members page, on the page of the list the form was sent from."""
        url = reverse("accounts:members", kwargs={"slug": self.project.slug})
        page = request.POST.get("page", "")
        return redirect(f"{url}?page={page}" if page.isdigit() and page != "1" else url)


class ProjectSettingsView(ScopedViewMixin, View):
    """Managers change the project's name, description and workflow settings."""

    scope = PROJECT_SCOPE
    required_role = Role.MANAGER

    def render_page(self, request, form: ProjectSettingsForm, status: int = 200):
        return render(request, "accounts/settings.html", {"project": self.project, "form": form}, status=status)

    def get(self, request, slug: str):
        return self.render_page(request, ProjectSettingsForm.for_project(self.project))

    def post(self, request, slug: str):
        form = ProjectSettingsForm.for_project(self.project, request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        if not form.has_changed():
            messages.info(request, "Nothing changed.")
            return redirect("accounts:settings", slug=self.project.slug)
        try:
            project_update(project=self.project, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.render_page(request, form, status=400)
        messages.success(request, "Settings saved.")
        return redirect("accounts:settings", slug=self.project.slug)


class GuidelinesView(ScopedViewMixin, View):
    """The project's guidelines for every member; managers edit them on the same page."""

    scope = PROJECT_SCOPE
    required_role = Role.ANNOTATOR
    write_role = Role.MANAGER

    def render_page(self, request, form: GuidelinesForm | None, status: int = 200):
        can_edit = self.role == Role.MANAGER
        if can_edit and form is None:
            form = GuidelinesForm(initial={"guidelines": self.project.guidelines})
        return render(
            request,
            "accounts/guidelines.html",
            {"project": self.project, "form": form if can_edit else None, "can_edit": can_edit},
            status=status,
        )

    def get(self, request, slug: str):
        return self.render_page(request, None)

    def post(self, request, slug: str):
        form = GuidelinesForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        before = self.project.guidelines_version
        try:
            project = guidelines_update(project=self.project, actor=request.user, text=form.cleaned_data["guidelines"])
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.render_page(request, form, status=400)
        if project.guidelines_version == before:
            messages.info(request, f"The guidelines did not change; they stay at version {before}.")
        else:
            messages.success(request, f"Guidelines saved as version {project.guidelines_version}.")
        return redirect("accounts:guidelines", slug=project.slug)


class ApiTokensView(ScopedViewMixin, View):
    """The user's own API tokens (never their keys): when made, last used, expiry; revoke any."""

    scope = USER_SCOPE

    def get(self, request):
        page = Paginator(api_token_list_for_user(user=request.user), TOKENS_PER_PAGE).get_page(request.GET.get("page"))
        return render(request, "accounts/tokens.html", {"page": page, "token_days": settings.ANNOTATOR_TOKEN_DAYS})

    def post(self, request):
        token_id = request.POST.get("token_id", "")
        token = api_token_revoke(user=request.user, token_id=int(token_id)) if token_id.isdigit() else None
        if token is None:  # someone else's token and no token at all look the same
            raise Http404(NOT_FOUND)
        messages.success(request, f"Revoked the token {token.prefix}…; scripts using it are logged out.")
        return redirect("accounts:tokens")


def permission_denied(request, exception=None):
    """The 403 page (`handler403`): who the page is for, and the way back to the project.

    `resolve_scope` raises `RoleTooLow` with the project and the role needed. API views
    answer their own 403s in JSON (DRF catches the exception first); this keeps any other
    `/api/` 403 JSON too.
    """
    message = str(exception) if exception else ""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message or "You do not have permission to do this."}, status=403)
    context = {"exception": message}
    if isinstance(exception, RoleTooLow):
        context |= {
            "project": exception.project,
            "explanation": exception.explanation,
            "your_role_phrase": ROLE_PHRASES.get(exception.role, "a member"),
            "required_role_phrase": NEEDS_PHRASES.get(exception.required, NEEDS_PHRASES[Role.MANAGER]),
        }
    return render(request, "403.html", context, status=403)


NEEDS_PHRASES = {
    Role.ANNOTATOR: "membership of the project",
    Role.REVIEWER: "the reviewer or manager role",
    Role.MANAGER: "the manager role",
}
