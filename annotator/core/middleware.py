"""Login is required for every page unless a view opts out (the login page)."""

from __future__ import annotations

from django.contrib.auth.middleware import LoginRequiredMiddleware


class LoginRequiredEverywhereMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, except for the API.

    The API authenticates with tokens as well as sessions, which this middleware cannot
    see, so `/api/` is left to DRF, whose default permission is `IsAuthenticated`
    and which answers 401/403 in JSON instead of redirecting to a login page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
