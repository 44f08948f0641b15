"""Login throttling on the login page and `POST /api/auth/token/` (django-axes, real config).

tests/settings.py turns axes off for the rest of the suite; the `throttling` fixture turns
it back on and changes nothing else, so these tests run the production settings.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone
from rest_framework.test import APIClient

from annotator.accounts.throttle import client_ip
from tests.factories import UserFactory

ATTEMPTS = 30  # the target: thirty wrong passwords in a row are throttled
HASHES: list[str] = []


class CountingMD5Hasher(MD5PasswordHasher):
    """The test suite's hasher, counting every password it hashes (checking one hashes it too)."""

    def encode(self, password, salt):
        HASHES.append(password)
        return super().encode(password, salt)


@pytest.fixture
def throttling(settings, db):
    settings.AXES_ENABLED = True
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingMD5Hasher"]
    HASHES.clear()
    return settings


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


def page_login(client, password, username="alice", **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def api_login(client, password, username="alice", **extra):
    return client.post("/api/auth/token/", {"username": username, "password": password}, format="json", **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def retry_after(response) -> int:
    value = int(response["Retry-After"])
    assert 1 <= value <= django_settings.ANNOTATOR_LOGIN_COOLOFF_MINUTES * 60
    return value


def cool_off_passes():
    """Move every recorded failure back past the cool-off, as time passing would."""
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - timedelta(minutes=django_settings.ANNOTATOR_LOGIN_COOLOFF_MINUTES, seconds=1)
    )


def test_the_login_page_throttles_thirty_wrong_passwords_with_429_and_retry_after(throttling, alice):
    client = Client()
    statuses = [page_login(client, f"guess-{n}").status_code for n in range(ATTEMPTS)]
    limit = throttling.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, "didn't match"
    assert statuses[limit - 1 :] == [429] * (ATTEMPTS - limit + 1)
    response = page_login(client, "guess-again")
    assert response.status_code == 429 and retry_after(response) > 60
    assert b"Too many failed logins" in response.content and b"try again in 15 minutes" in response.content
    assert b'value="alice"' in response.content  # the form stays, filled in


def test_a_throttled_try_computes_no_password_hash(throttling, alice):
    client = Client()
    for n in range(throttling.AXES_FAILURE_LIMIT):
        page_login(client, f"guess-{n}")
    assert "guess-0" in HASHES  # tries before the lockout do hash (so this hasher is the one used)
    HASHES.clear()
    for n in range(5):
        assert page_login(client, f"more-{n}").status_code == 429
        assert api_login(APIClient(), f"more-{n}").status_code == 429
    assert HASHES == []


def test_the_right_password_is_refused_while_locked_and_works_after_the_cool_off(throttling, alice):
    client = Client()
    for n in range(ATTEMPTS):
        page_login(client, f"guess-{n}")
    response = page_login(client, "pw")
    assert response.status_code == 429 and not logged_in(client)
    cool_off_passes()
    response = page_login(client, "pw")
    assert response.status_code == 302 and logged_in(client)


def test_retry_after_counts_down_to_the_end_of_the_cool_off(throttling, alice):
    client = Client()
    for n in range(throttling.AXES_FAILURE_LIMIT):
        page_login(client, f"guess-{n}")
    first = retry_after(page_login(client, "x"))
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
    later = retry_after(page_login(client, "x"))
    assert first > 14 * 60 and 4 * 60 < later <= 5 * 60  # refused tries did not extend the lockout


def test_an_administrator_unlocks_a_user_with_axes_reset(throttling, alice):
    client = Client()
    for n in range(throttling.AXES_FAILURE_LIMIT):
        page_login(client, f"guess-{n}")
    assert page_login(client, "pw").status_code == 429
    call_command("axes_reset_username", "alice")
    assert page_login(client, "pw").status_code == 302


def test_the_lockout_is_per_username_and_address_so_the_user_still_logs_in_from_elsewhere(throttling, alice):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(ATTEMPTS):
        page_login(attacker, f"guess-{n}")
    assert page_login(attacker, "pw").status_code == 429
    alice_at_work = Client(REMOTE_ADDR="198.51.100.4")
    assert page_login(alice_at_work, "pw").status_code == 302


def test_a_successful_login_resets_the_count(throttling, alice):
    client = Client()
    limit = throttling.AXES_FAILURE_LIMIT
    for n in range(limit - 1):
        page_login(client, f"guess-{n}")
    assert page_login(client, "pw").status_code == 302
    client.logout()
    for n in range(limit - 1):
        assert page_login(client, f"again-{n}").status_code == 200
    assert page_login(client, "pw").status_code == 302


def test_an_address_spraying_many_usernames_is_throttled_for_all_of_them(throttling, alice):
    throttling.ANNOTATOR_LOGIN_IP_FAILURE_LIMIT = 30
    sprayer = Client(REMOTE_ADDR="203.0.113.50")
    statuses = [page_login(sprayer, "Summer2026!", username=f"user{n}").status_code for n in range(30)]
    assert set(statuses) == {200}  # a few tries per username: below the username limit
    response = page_login(sprayer, "pw")  # even a right password: the address is refused
    assert response.status_code == 429 and retry_after(response) > 60 and not logged_in(sprayer)
    assert page_login(Client(REMOTE_ADDR="198.51.100.4"), "pw").status_code == 302


def test_the_token_endpoint_throttles_thirty_wrong_passwords_with_json_429(throttling, alice):
    client = APIClient()
    statuses = [api_login(client, f"guess-{n}").status_code for n in range(ATTEMPTS)]
    limit = throttling.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [400] * (limit - 1)
    assert statuses[limit - 1 :] == [429] * (ATTEMPTS - limit + 1)
    response = api_login(client, "pw")  # the right password, while locked
    assert response.status_code == 429 and retry_after(response) > 60
    assert response.json()["detail"].startswith("Too many failed logins") and "token" not in response.json()
    cool_off_passes()
    response = api_login(client, "pw")
    assert response.status_code == 200 and response.json()["token"]


def test_failures_on_the_page_and_the_api_add_up(throttling, alice):
    limit = throttling.AXES_FAILURE_LIMIT
    for n in range(limit // 2):
        page_login(Client(), f"page-{n}")
    for n in range(limit - limit // 2):
        api_login(APIClient(), f"api-{n}")
    assert page_login(Client(), "pw").status_code == 429


def test_the_client_address_comes_from_x_forwarded_for_only_behind_trusted_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")
    settings.ANNOTATOR_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"  # a client's own X-Forwarded-For is ignored
    settings.ANNOTATOR_TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.7"  # what our proxy saw, not what the client claimed
    settings.ANNOTATOR_TRUSTED_PROXIES = 3
    assert client_ip(request) == "10.0.0.2"  # fewer hops than proxies: not trusted
