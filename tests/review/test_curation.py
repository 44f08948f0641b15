"""Curation: the sets of an article aligned for the reviewer, and the versioned gold set."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from annotator.accounts.models import Role
from annotator.annotations.models import AnnotationSet, GoldVersion, SetKind
from annotator.corpus.models import ArticleStatus
from tests.annotations.data import TEXT, make_proposed_article, span
from tests.factories import MembershipFactory, UserFactory


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def annotate(project, article, username, change=None):
    """An annotator who accepts every proposal (after `change` edits the records) and submits."""
    user = MembershipFactory(project=project, role=Role.ANNOTATOR, user=UserFactory(username=username)).user
    api = client_for(user)
    body = api.get(f"/api/articles/{article.pk}/annotation/").json()
    quotes = [dict(q, status="accepted") for q in body["quotes"]]
    if change:
        change(quotes)
    saved = api.put(
        f"/api/articles/{article.pk}/annotation/", {"version": body["version"], "quotes": quotes}, format="json"
    )
    assert saved.status_code == 200, saved.json()
    api.post(f"/api/articles/{article.pk}/annotation/submit/", {}, format="json")
    return user


@pytest.fixture
def curated(project):
    article = make_proposed_article(project)

    def other_kind(quotes):
        quotes[1]["kind"] = "mixed"

    annotate(project, article, "ann1")
    annotate(project, article, "ann2", other_kind)
    return article


@pytest.mark.django_db
def test_curation_aligns_sets_and_marks_agreement_per_field(curated, reviewer):
    body = client_for(reviewer).get(f"/api/articles/{curated.pk}/curation/").json()
    assert body["gold_version"] == 0
    assert [(s["owner"], s["kind"]) for s in body["sources"]] == [
        ("ann1", "human"),
        ("ann2", "human"),
        (None, "machine"),
    ]
    assert len(body["groups"]) == 3
    for group in body["groups"]:
        assert [q["owner"] for q in group["quotes"]] == ["ann1", "ann2", None]
        assert {"set_id", "text", "kind", "status", "speaker_id"} <= set(group["quotes"][0])
    agreed = [g["agreed"] for g in body["groups"]]
    assert agreed[0] == {"span": True, "kind": True, "cue": True, "mention": True, "speaker": True}
    assert agreed[1]["kind"] is False and agreed[1]["span"] is True
    assert body["groups"][2]["quotes"][0]["text"] == '"It is a disaster," said Anna Berg, "and everyone knows it."'


@pytest.mark.django_db
def test_gold_starts_at_version_0_and_a_stale_put_is_a_409(curated, reviewer):
    api = client_for(reviewer)
    assert api.get(f"/api/articles/{curated.pk}/gold/").json() == {"version": 0, "quotes": []}
    group = api.get(f"/api/articles/{curated.pk}/curation/").json()["groups"][0]
    take = {k: v for k, v in group["quotes"][0].items() if k not in ("set_id", "owner")}
    saved = api.put(f"/api/articles/{curated.pk}/gold/", {"version": 0, "quotes": [take]}, format="json")
    assert saved.status_code == 200, saved.json()
    assert saved.json()["version"] == 1 and [q["text"] for q in saved.json()["quotes"]] == [take["text"]]
    stale = api.put(f"/api/articles/{curated.pk}/gold/", {"version": 0, "quotes": []}, format="json")
    assert stale.status_code == 409 and stale.json()["errors"] == {"current_version": 1}
    curated.refresh_from_db()
    assert curated.status == ArticleStatus.GOLD
    assert list(GoldVersion.objects.filter(article=curated).values_list("version", flat=True)) == [1]
    gold = AnnotationSet.objects.get(article=curated, kind=SetKind.GOLD)
    assert gold.guidelines_version == curated.project.guidelines_version


@pytest.mark.django_db
def test_unreviewed_proposals_never_become_gold_without_a_choice(curated, reviewer):
    api = client_for(reviewer)
    machine = api.get(f"/api/articles/{curated.pk}/curation/").json()["groups"][0]["quotes"][-1]
    assert machine["owner"] is None and machine["status"] == "proposed"
    take = {k: v for k, v in machine.items() if k not in ("set_id", "owner")}
    refused = api.put(f"/api/articles/{curated.pk}/gold/", {"version": 0, "quotes": [take]}, format="json")
    assert refused.status_code == 400 and "decided on" in refused.json()["detail"]
    accepted = api.put(
        f"/api/articles/{curated.pk}/gold/", {"version": 0, "quotes": [take | {"status": "accepted"}]}, format="json"
    )
    assert accepted.status_code == 200


@pytest.mark.django_db
def test_a_quote_without_status_is_added_in_the_gold_as_in_an_annotators_set(curated, reviewer):
    """`PUT .../gold/` takes the quote fields of `.../annotation/`: no status means a quote a
    person wrote (`added`) in both; `proposed` and `rejected` stay refused in the gold."""
    start, end = span(TEXT, "Critics warned that the plan would fail.")
    record = {"start": start, "end": end, "kind": "indirect", "speaker_entity": "Critics"}
    api = client_for(reviewer)
    gold = api.put(f"/api/articles/{curated.pk}/gold/", {"version": 0, "quotes": [record]}, format="json")
    assert gold.status_code == 200, gold.json()
    assert [(q["status"], q["kind"], q["speaker_entity"]) for q in gold.json()["quotes"]] == [
        ("added", "indirect", "Critics")
    ]
    own = api.get(f"/api/articles/{curated.pk}/annotation/").json()
    mine = api.put(
        f"/api/articles/{curated.pk}/annotation/", {"version": own["version"], "quotes": [record]}, format="json"
    )
    assert mine.status_code == 200, mine.json()
    assert [q["status"] for q in mine.json()["quotes"]] == ["added"]
    for status in ("proposed", "rejected"):
        refused = api.put(
            f"/api/articles/{curated.pk}/gold/", {"version": 1, "quotes": [record | {"status": status}]}, format="json"
        )
        assert refused.status_code == 400 and f"status '{status}'" in refused.json()["detail"]


@pytest.mark.django_db
def test_gold_quotes_are_validated_like_an_annotators(curated, reviewer):
    start, end = span(TEXT, "Critics")
    bad = {"start": end, "end": start, "kind": "direct", "status": "added"}
    response = client_for(reviewer).put(
        f"/api/articles/{curated.pk}/gold/", {"version": 0, "quotes": [bad]}, format="json"
    )
    assert response.status_code == 400 and "quote 1" in response.json()["detail"]


@pytest.mark.parametrize("role,status", [(Role.ANNOTATOR, 403), (Role.REVIEWER, 200), (Role.MANAGER, 200)])
@pytest.mark.django_db
def test_curation_and_gold_are_for_reviewers(curated, user_for_role, role, status):
    api = client_for(user_for_role(role))
    assert api.get(f"/api/articles/{curated.pk}/curation/").status_code == status
    assert api.get(f"/api/articles/{curated.pk}/gold/").status_code == status


@pytest.mark.django_db
def test_a_sent_back_annotator_reads_the_reason_even_in_a_blind_project(curated, reviewer):
    assert curated.project.blind_annotation
    ann1_set = AnnotationSet.objects.get(article=curated, owner__username="ann1")
    api = client_for(reviewer)
    back = api.post(f"/api/annotation-sets/{ann1_set.pk}/send-back/", {"comment": "Check quote 2."}, format="json")
    assert back.status_code == 200
    ann2 = UserFactory(username="ann3")
    MembershipFactory(project=curated.project, role=Role.ANNOTATOR, user=ann2)
    client_for(ann2).get(f"/api/articles/{curated.pk}/annotation/")  # a third annotator, still blind

    ann1 = client_for(ann1_set.owner)  # a draft again, so blind: only their own comments ...
    bodies = [(c["kind"], c["body"]) for c in ann1.get(f"/api/articles/{curated.pk}/comments/").json()["results"]]
    assert bodies == [("sent_back", "Check quote 2.")]  # ... and the reason their set came back
    assert client_for(ann2).get(f"/api/articles/{curated.pk}/comments/").json()["results"] == []
    browser = Client()
    browser.force_login(ann1_set.owner)
    sent_back = browser.get(f"/articles/{curated.pk}/").context["editor_data"]["sent_back"]
    comment = ann1.get(f"/api/articles/{curated.pk}/comments/").json()["results"][0]
    assert sent_back["comment"] == comment["id"] and sent_back["at"]


@pytest.mark.django_db
def test_curation_page_carries_the_aligned_sets_and_is_linked_for_reviewers(curated, reviewer, annotator):
    browser = Client()
    browser.force_login(reviewer)
    page = browser.get(f"/articles/{curated.pk}/curation/")
    assert page.status_code == 200
    data = page.context["curation_data"]
    assert [s["owner"] for s in data["curation"]["sources"]] == ["ann1", "ann2", None]
    assert data["gold"] == {"version": 0, "quotes": []}
    ann1 = data["curation"]["sources"][0]["set_id"]
    assert data["urls"]["send_back"][str(ann1)] == f"/api/annotation-sets/{ann1}/send-back/"
    assert set(data["urls"]["send_back"]) == {str(s["set_id"]) for s in data["curation"]["sources"][:2]}
    assert b'src="/static/review/js/curation.js"' in page.content
    curation_url = f'href="/articles/{curated.pk}/curation/"'.encode()
    assert curation_url in browser.get(f"/articles/{curated.pk}/review/").content
    assert curation_url in browser.get(f"/articles/{curated.pk}/").content  # the editor's toolbar
    browser.force_login(annotator)
    assert curation_url not in browser.get(f"/articles/{curated.pk}/").content
    assert browser.get(f"/articles/{curated.pk}/curation/").status_code == 403
