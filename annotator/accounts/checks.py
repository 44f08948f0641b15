"""System check: every routed view of this project declares a scope (deny by default)."""

from __future__ import annotations

from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver

from annotator.accounts.scope import Scope

# Views of other packages guard themselves: Django's login and admin, DRF's token login,
# drf-spectacular's schema and docs (SERVE_PERMISSIONS requires a login).
THIRD_PARTY = ("django.", "rest_framework.", "drf_spectacular.")


def _routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def unscoped_views(urlconf=None) -> list[tuple[str, str]]:
    """`(route, view)` for every view of ours that declares no `scope`."""
    found = []
    for route, callback in _routes(get_resolver(urlconf).url_patterns):
        view = getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback
        module = getattr(view, "__module__", "") or ""
        if module.startswith(THIRD_PARTY):
            continue
        if not isinstance(getattr(view, "scope", None), Scope):
            found.append((route, f"{module}.{getattr(view, '__qualname__', view)}"))
    return found


@checks.register(checks.Tags.security, checks.Tags.urls)
def check_views_declare_scope(app_configs=None, **kwargs):
    return [
        checks.Error(
            f"{view} (route {route!r}) declares no scope, so it would be closed to everyone.",
            hint="Set scope = USER_SCOPE, PROJECT_SCOPE or ObjectScope(...) from annotator.accounts.scope.",
            id="accounts.E001",
        )
        for route, view in unscoped_views()
    ]
