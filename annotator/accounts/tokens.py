"""API tokens: issue one per login, authenticate with it, list and revoke them.

A key is 40 random hex characters sent as `Authorization: Token <key>` (the header DRF's
own token scheme uses, so scripts keep working). The database keeps only its SHA-256
digest: the keys are random, so a fast hash is enough and a stolen table opens nothing.
A token lives `ANNOTATOR_TOKEN_DAYS` days, dies on `DELETE /api/auth/token/` or the
tokens page, and every token of a user dies when their password changes
(`User.save`).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import authentication, exceptions

from annotator.accounts.events import event_record
from annotator.accounts.models import ApiToken, EventAction

PREFIX_CHARS = 8
# `last_used_at` is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
TOKEN_INVALID = "Invalid or expired token: ask for a new one with POST /api/auth/token/."


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and its key, which is not stored and not shown again."""
    key = secrets.token_hex(20)
    now = timezone.now()
    ApiToken.objects.filter(user=user, expires_at__lte=now).delete()  # dead rows go on the next login
    token = ApiToken(
        user=user,
        name=name.strip()[:100],
        prefix=key[:PREFIX_CHARS],
        digest=_digest(key),
        expires_at=now + timedelta(days=settings.ANNOTATOR_TOKEN_DAYS),
    )
    token.full_clean()
    token.save()
    event_record(EventAction.TOKEN_CREATE, actor=user, object_id=token.pk, after=_described(token))
    return token, key


def api_token_for_key(key: str) -> ApiToken | None:
    """The live token with this key (not expired, its user active), else None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(key), expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
    return token


def api_token_list_for_user(*, user) -> QuerySet[ApiToken]:
    """The user's tokens that still work, newest first."""
    return ApiToken.objects.filter(user=user, expires_at__gt=timezone.now())


@transaction.atomic
def api_token_revoke(*, user, token_id: int) -> ApiToken | None:
    """Delete one of `user`'s own tokens and return it; None when they have none with that id."""
    token = ApiToken.objects.filter(user=user, pk=token_id).select_for_update().first()
    if token is not None:
        event_record(EventAction.TOKEN_REVOKE, actor=user, object_id=token.pk, before=_described(token))
        token.delete()
    return token


def _described(token: ApiToken) -> dict:
    """What the audit log keeps of a token: never the key or its digest."""
    return {"prefix": token.prefix, "name": token.name, "expires_at": token.expires_at.isoformat()}


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """DRF authentication with `Authorization: Token <key>` against `ApiToken`.

    `request.auth` is the `ApiToken`, so `DELETE /api/auth/token/` knows which one to end.
    """

    model = ApiToken

    def authenticate_credentials(self, key):
        token = api_token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID)
        return token.user, token
