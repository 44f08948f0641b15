"""The API tokens page in Chromium: revoke with the keyboard, under the strict CSP; the lockout page."""

from __future__ import annotations

import pytest

from annotator.accounts.models import ApiToken
from annotator.accounts.tokens import api_token_create
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_a_user_revokes_a_token_with_the_keyboard(page, login):
    user = UserFactory(username="tess")
    keep, _ = api_token_create(user=user, name="laptop")
    drop, _ = api_token_create(user=user, name="old cron job")
    api_token_create(user=UserFactory(username="other"), name="not yours")
    login("tess")
    page.get_by_role("link", name="Tokens").click()
    page.wait_for_url("**/account/tokens/")
    table = page.locator("#token-table")
    assert table.get_by_text("old cron job").is_visible() and table.get_by_text("laptop").is_visible()
    assert table.get_by_text("not yours").count() == 0

    button = page.get_by_role("button", name=f"Revoke the token {drop.prefix}…")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("status").get_by_text(f"Revoked the token {drop.prefix}").is_visible()
    assert table.get_by_text("old cron job").count() == 0 and table.get_by_text("laptop").is_visible()
    assert list(ApiToken.objects.filter(user=user).values_list("pk", flat=True)) == [keep.pk]
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


@pytest.mark.django_db(transaction=True)
def test_the_login_page_says_how_long_to_wait_once_throttled(page, settings):
    settings.AXES_ENABLED = True
    UserFactory(username="tess")
    page.goto("/login/")
    for n in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Username").fill("tess")
        page.get_by_label("Password").fill(f"wrong-{n}")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state("networkidle")
    alert = page.get_by_role("alert")
    assert "Too many failed logins" in alert.inner_text() and "15 minutes" in alert.inner_text()
    assert page.get_by_label("Username").input_value() == "tess"
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
