"""The history page of an article and its gold versions, compared."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from annotator.accounts.models import Role
from tests.annotations.data import make_proposed_article
from tests.factories import MembershipFactory, UserFactory


@pytest.mark.django_db
def test_history_page_lists_events_and_gold_versions_compare(project, reviewer):
    article = make_proposed_article(project)
    ann = MembershipFactory(project=project, role=Role.ANNOTATOR, user=UserFactory(username="ann1")).user
    api = APIClient()
    api.force_authenticate(ann)
    body = api.get(f"/api/articles/{article.pk}/annotation/").json()
    api.put(
        f"/api/articles/{article.pk}/annotation/",
        {"version": body["version"], "quotes": [dict(q, status="accepted") for q in body["quotes"]]},
        format="json",
    )
    api.post(f"/api/articles/{article.pk}/annotation/submit/", {}, format="json")
    rev = APIClient()
    rev.force_authenticate(reviewer)
    quotes = [{k: v for k, v in q.items() if k not in ("id",)} | {"status": "accepted"} for q in body["quotes"]]
    assert (
        rev.put(f"/api/articles/{article.pk}/gold/", {"version": 0, "quotes": quotes}, format="json").status_code == 200
    )
    changed = [dict(quotes[0], kind="mixed"), *quotes[2:]]
    assert (
        rev.put(f"/api/articles/{article.pk}/gold/", {"version": 1, "quotes": changed}, format="json").status_code
        == 200
    )

    client = Client()
    client.force_login(reviewer)
    html = client.get(f"/articles/{article.pk}/history/").content.decode()
    for words in ("Annotation submitted", "Gold version saved", "Article status changed", "ann1", "Gold versions"):
        assert words in html, words
    html = client.get(f"/articles/{article.pk}/gold/1/").content.decode()
    assert "changed: kind" in html and "removed" in html and "Compared with the current version 2" in html
    assert client.get(f"/articles/{article.pk}/gold/9/").status_code == 404


@pytest.mark.django_db
def test_blind_annotators_see_neither_others_events_nor_gold_before_submitting(project, reviewer, annotator):
    article = make_proposed_article(project)
    rev = APIClient()
    rev.force_authenticate(reviewer)
    rev.put(f"/api/articles/{article.pk}/gold/", {"version": 0, "quotes": []}, format="json")
    client = Client()
    client.force_login(annotator)
    html = client.get(f"/articles/{article.pk}/history/").content.decode()
    assert "Gold version saved" not in html and "Gold versions" not in html
    assert client.get(f"/articles/{article.pk}/gold/1/").status_code == 403
