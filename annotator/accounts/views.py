"""The home page: the projects the user belongs to."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views import View

from annotator.accounts.scope import USER_SCOPE, ScopedViewMixin
from annotator.accounts.selectors import project_list_for_user


class HomeView(ScopedViewMixin, View):
    """The user's projects; with only one, straight to its articles (`?all=1` shows the list)."""

    scope = USER_SCOPE

    def get(self, request):
        projects = project_list_for_user(user=request.user)
        if projects.count() == 1 and not request.GET.get("all"):
            return redirect(projects.first().get_absolute_url())
        return render(request, "accounts/home.html", {"projects": projects})
