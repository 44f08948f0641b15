"""HTML pages for releases: list with progress, create form, download (managers only)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views import View

from annotator.accounts.models import Role
from annotator.accounts.scope import PROJECT_SCOPE, ScopedViewMixin
from annotator.core.errors import DomainError
from annotator.releases.api import RELEASE_SCOPE, release_file_response
from annotator.releases.forms import ReleaseForm
from annotator.releases.selectors import release_list
from annotator.releases.services import release_create


class ReleaseListView(ScopedViewMixin, View):
    scope = PROJECT_SCOPE
    required_role = Role.MANAGER

    def render_page(self, request, form: ReleaseForm, status: int = 200):
        page = Paginator(release_list(project=self.project), 20).get_page(request.GET.get("page"))
        return render(
            request, "releases/release_list.html", {"project": self.project, "page": page, "form": form}, status=status
        )

    def get(self, request, slug: str):
        return self.render_page(request, ReleaseForm())

    def post(self, request, slug: str):
        form = ReleaseForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        try:
            release_create(project=self.project, user=request.user, **form.release_kwargs())
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.render_page(request, form, status=400)
        return redirect("releases:list", slug=self.project.slug)


class ReleaseDownloadPageView(ScopedViewMixin, View):
    scope = RELEASE_SCOPE
    required_role = Role.MANAGER

    def get(self, request, pk: int):
        return release_file_response(self.scoped_object)
