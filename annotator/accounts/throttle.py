"""Login throttling with django-axes, for the login page and `POST /api/auth/token/` alike.

The policy (settings `ANNOTATOR_LOGIN_*`, see the README):

- Failures count per **username and client address together**: after
  `ANNOTATOR_LOGIN_FAILURE_LIMIT` failures within `ANNOTATOR_LOGIN_COOLOFF_MINUTES`,
  that username is refused from that address. Someone guessing a colleague's password
  from elsewhere does not lock the colleague out of their own machine.
- An address is refused for every username after `ANNOTATOR_LOGIN_IP_FAILURE_LIMIT`
  failures in the same window, however they were spread (password spraying, floods).
- A refused try is cheap: `AxesStandaloneBackend` runs first and refuses before
  `ModelBackend` hashes the password, and during a lockout nothing is written
  (`AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False`), so the cool-off ends at a
  fixed time that `Retry-After` states.
- A successful login clears the username+address count (`AXES_RESET_ON_SUCCESS`).

The counts live in axes' tables in the shared database, so every web process sees them.
"""

from __future__ import annotations

import math
from datetime import datetime

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Max, QuerySet, Sum
from django.shortcuts import render
from django.utils import timezone


def client_ip(request) -> str:
    """The client's address (`AXES_CLIENT_IP_CALLABLE`).

    `REMOTE_ADDR`, unless `ANNOTATOR_TRUSTED_PROXIES` says N proxies stand in front: then
    the address N entries from the end of `X-Forwarded-For`, the one the outermost
    trusted proxy saw. Entries before it are whatever the client sent, so never trusted.
    """
    proxies = settings.ANNOTATOR_TRUSTED_PROXIES
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class LoginAttemptHandler(AxesDatabaseHandler):
    """Axes' database handler plus the per-address ceiling over all usernames."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self._ip_failures(request) >= (
            settings.ANNOTATOR_LOGIN_IP_FAILURE_LIMIT
        )

    def _ip_attempts(self, request) -> QuerySet[AccessAttempt]:
        return AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
        )

    def _ip_failures(self, request) -> int:
        return self._ip_attempts(request).aggregate(n=Sum("failures_since_start"))["n"] or 0

    def lockout_ends_at(self, request, credentials: dict | None = None) -> datetime | None:
        """When the lockouts that apply to this request end (None: not locked)."""
        locks = []
        if self.get_failures(request, credentials) >= settings.AXES_FAILURE_LIMIT:
            locks += self.get_user_attempts(request, credentials)
        if self._ip_failures(request) >= settings.ANNOTATOR_LOGIN_IP_FAILURE_LIMIT:
            locks.append(self._ip_attempts(request))
        latest = [t for t in (qs.aggregate(t=Max("attempt_time"))["t"] for qs in locks) if t is not None]
        return max(latest) + get_cool_off(request) if latest else None


def lockout_retry_after(request, credentials: dict | None = None) -> int:
    """Seconds until this client may try again (at least 1)."""
    AxesProxyHandler.update_request(request)
    handler = AxesProxyHandler.get_implementation()
    ends = handler.lockout_ends_at(request, credentials) if isinstance(handler, LoginAttemptHandler) else None
    if ends is None:
        ends = timezone.now() + get_cool_off(request)
    return max(1, math.ceil((ends - timezone.now()).total_seconds()))


def lockout_message(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    wait = f"{minutes} minute{'s' if minutes != 1 else ''}" if seconds > 60 else f"{seconds} seconds"
    return f"Too many failed logins. For your account's safety, logging in is paused: try again in {wait}."


def lockout_response(request, original_response=None, credentials: dict | None = None):
    """`AXES_LOCKOUT_CALLABLE`: the login page again, 429, with the wait and `Retry-After`."""
    seconds = lockout_retry_after(request, credentials)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "lockout": lockout_message(seconds),
        "next": request.POST.get("next", ""),
    }
    response = render(request, "registration/login.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
