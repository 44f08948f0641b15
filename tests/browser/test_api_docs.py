"""The interactive API docs load offline (no CDN) under the strict CSP."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_api_docs_render_from_local_files_under_csp(page, login):
    UserFactory(username="dev")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    login("dev")
    page.goto("/api/docs/")
    page.get_by_text("/api/projects/{slug}/articles/").first.wait_for(timeout=15000)
    origin = page.url.split("/api/")[0]
    assert all(url.startswith(origin) or url.startswith("data:") for url in requested), requested
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
