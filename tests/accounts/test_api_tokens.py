"""API tokens: a new one per login, expiry, revocation (API and page), password changes."""

from __future__ import annotations

import importlib
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from annotator.accounts.models import ApiToken, Event, EventAction
from annotator.accounts.services import set_password_path
from annotator.accounts.tokens import api_token_create
from tests.factories import UserFactory

NEW_PASSWORD = "a-long-new-passphrase-2026"


def login(username: str = "alice", password: str = "pw", **body) -> dict:
    response = APIClient().post("/api/auth/token/", {"username": username, "password": password, **body}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def works(key: str) -> bool:
    status = token_client(key).get("/api/projects/").status_code
    assert status in (200, 401), status
    return status == 200


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.mark.django_db
def test_each_login_gives_a_new_token_that_expires_after_the_setting(alice, settings):
    first, second = login(), login(name="nightly export")
    assert first["token"] != second["token"] and works(first["token"]) and works(second["token"])
    expires = timezone.datetime.fromisoformat(second["expires_at"])
    expected = timezone.now() + timedelta(days=settings.ANNOTATOR_TOKEN_DAYS)
    assert abs((expires - expected).total_seconds()) < 60
    token = ApiToken.objects.get(name="nightly export")
    assert token.prefix == second["token"][:8] and second["token"] not in token.digest  # only a digest is kept


@pytest.mark.django_db
def test_the_lifetime_follows_the_setting(alice, settings):
    settings.ANNOTATOR_TOKEN_DAYS = 2
    expires = timezone.datetime.fromisoformat(login()["expires_at"])
    assert timedelta(days=1, hours=23) < expires - timezone.now() <= timedelta(days=2)


@pytest.mark.django_db
def test_an_expired_token_is_refused_with_a_clear_401(alice):
    key = login()["token"]
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = token_client(key).get("/api/projects/")
    assert response.status_code == 401 and "expired" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
def test_a_token_of_a_deactivated_user_is_refused(alice):
    key = login()["token"]
    alice.is_active = False
    alice.save()
    assert not works(key)


@pytest.mark.django_db
def test_delete_revokes_the_token_used_and_only_that_one(alice):
    first, second = login()["token"], login()["token"]
    response = token_client(first).delete("/api/auth/token/")
    assert response.status_code == 204
    assert not works(first) and works(second)
    assert token_client(first).delete("/api/auth/token/").status_code == 401  # gone already


@pytest.mark.django_db
def test_delete_needs_a_token_not_a_session(alice):
    assert APIClient().delete("/api/auth/token/").status_code == 401
    session = APIClient()
    session.force_login(alice)
    assert session.delete("/api/auth/token/").status_code == 401
    forced = APIClient()
    forced.force_authenticate(alice)  # an authenticated user without a token
    assert forced.delete("/api/auth/token/").status_code == 401


@pytest.mark.django_db
def test_logging_in_again_ignores_an_old_token_in_the_header(alice):
    key = login()["token"]
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = token_client(key).post("/api/auth/token/", {"username": "alice", "password": "pw"}, format="json")
    assert response.status_code == 200 and works(response.json()["token"])


@pytest.mark.django_db
def test_a_password_change_ends_every_token_of_the_user_only(alice):
    bob = UserFactory(username="bob")
    keys = [login()["token"], login()["token"]]
    bobs = login("bob")["token"]
    alice.set_password(NEW_PASSWORD)
    alice.save()
    assert not any(works(key) for key in keys) and works(bobs)
    assert ApiToken.objects.filter(user=alice).count() == 0 and ApiToken.objects.filter(user=bob).count() == 1


@pytest.mark.django_db
def test_the_set_password_link_ends_every_token(alice):
    key = login()["token"]
    alice.refresh_from_db()  # the login set last_login, which the link is made from
    client = Client()
    page = client.get(set_password_path(user=alice), follow=True)
    done = client.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert b"Your password is set" in done.content
    assert not works(key)


@pytest.mark.django_db
def test_saving_a_user_without_a_new_password_keeps_the_tokens(alice, settings):
    key = login()["token"]
    alice.first_name = "Alice"
    alice.save()
    # A login that upgrades the stored hash to the preferred hasher rewrites the
    # password field but is no password change.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.ScryptPasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    before = alice.password
    assert alice.check_password("pw")
    alice.refresh_from_db()
    assert alice.password != before and alice.password.startswith("scrypt$")
    assert works(key)


@pytest.mark.django_db
def test_last_used_is_recorded(alice):
    key = login()["token"]
    assert ApiToken.objects.get().last_used_at is None
    works(key)
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.django_db
def test_the_tokens_page_lists_only_the_users_own_live_tokens_never_the_keys(alice):
    mine, key = api_token_create(user=alice, name="harvester")
    expired, _ = api_token_create(user=alice, name="old laptop")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    theirs, their_key = api_token_create(user=UserFactory(username="bob"), name="bob's script")
    client = Client()
    client.force_login(alice)
    page = client.get("/account/tokens/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "harvester" in html and f"{mine.prefix}…" in html and f'id="token-{mine.pk}"' in html
    assert "old laptop" not in html and "bob&#x27;s script" not in html and their_key[:8] not in html
    assert key not in html and mine.digest not in html
    assert "1 token in use" in html


@pytest.mark.django_db
def test_revoking_on_the_page_ends_the_token_and_another_users_id_is_404(alice):
    mine, key = api_token_create(user=alice)
    theirs, their_key = api_token_create(user=UserFactory(username="bob"))
    client = Client()
    client.force_login(alice)
    response = client.post("/account/tokens/", {"token_id": mine.pk}, follow=True)
    assert response.status_code == 200 and f"Revoked the token {mine.prefix}" in response.content.decode()
    assert not works(key)
    assert client.post("/account/tokens/", {"token_id": theirs.pk}).status_code == 404
    assert client.post("/account/tokens/", {"token_id": mine.pk}).status_code == 404  # already gone
    assert client.post("/account/tokens/", {"token_id": "1; drop"}).status_code == 404
    assert works(their_key)


@pytest.mark.django_db
def test_the_tokens_page_needs_a_login():
    response = Client().get("/account/tokens/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert Client().post("/account/tokens/", {"token_id": 1}).status_code == 302


@pytest.mark.django_db
def test_the_schema_describes_login_and_revocation(alice):
    client = APIClient()
    client.force_login(alice)
    schema = json.loads(client.get("/api/schema/", HTTP_ACCEPT="application/json").content)
    operations = schema["paths"]["/api/auth/token/"]
    assert set(operations) == {"post", "delete"}
    post, delete = operations["post"], operations["delete"]
    assert set(post["responses"]) == {"200", "400", "415", "429"} and {} in post.get(
        "security", [{}]
    )  # 415: the body must be JSON, form or multipart
    body = schema["components"]["schemas"][
        post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    ]
    assert set(body["properties"]) == {"token", "expires_at"}
    assert set(delete["responses"]) == {"204", "401"}
    assert delete["security"] == [{"tokenAuth": []}]


@pytest.mark.django_db(transaction=True)
def test_the_migration_drops_the_old_plain_text_tokens_table():
    migration = importlib.import_module("annotator.accounts.migrations.0004_api_tokens")
    with connection.schema_editor() as editor:
        editor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint)")
        editor.execute("INSERT INTO authtoken_token VALUES ('0123456789abcdef0123456789abcdef01234567', 1)")
    with connection.schema_editor() as editor:
        migration.drop_drf_tokens(None, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    with connection.schema_editor() as editor:
        migration.drop_drf_tokens(None, editor)  # a database that never had it: nothing to do


@pytest.mark.django_db
def test_making_and_revoking_tokens_is_in_the_audit_log_without_the_key(alice):
    key = login(name="cron")["token"]
    token = ApiToken.objects.get()
    token_client(key).delete("/api/auth/token/")
    events = list(Event.objects.filter(object_type="api_token").order_by("id"))
    assert [e.action for e in events] == [EventAction.TOKEN_CREATE, EventAction.TOKEN_REVOKE]
    assert all(e.actor == alice and e.object_id == str(token.pk) for e in events)
    assert events[0].after["prefix"] == key[:8] and events[0].after["name"] == "cron"
    assert key not in json.dumps([e.after or e.before for e in events])
