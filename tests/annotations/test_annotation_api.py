"""The annotation API behind the editor: GET/PUT/PATCH /api/articles/{id}/annotation/, submit."""

from __future__ import annotations

import copy

import pytest

from annotator.accounts.models import Event
from annotator.annotations.models import AnnotationSet, Assignment, Quote, QuoteStatus, SetKind, SetStatus, Speaker
from annotator.corpus.models import ArticleStatus
from tests.annotations.data import TEXT, span
from tests.conftest import ROLES
from tests.factories import AnnotationSetFactory, ArticleFactory, ProjectFactory, QuoteFactory, SpeakerFactory


def url(article) -> str:
    return f"/api/articles/{article.pk}/annotation/"


def as_user(api_client, user):
    if user is not None:
        api_client.force_authenticate(user)
    return api_client


def human_set(article, user) -> AnnotationSet:
    return AnnotationSet.objects.get(article=article, kind=SetKind.HUMAN, owner=user)


# --- first open --------------------------------------------------------------------------


@pytest.mark.django_db
def test_first_get_copies_the_latest_machine_proposals_into_the_users_own_set(api_client, annotator, proposed_article):
    body = as_user(api_client, annotator).get(url(proposed_article)).json()

    assert body["version"] == 1 and body["status"] == "draft"
    assert [q["status"] for q in body["quotes"]] == ["proposed"] * 3
    assert [q["text"] for q in body["quotes"]] == [
        '"We will not back down,"',
        "that the plan would fail",
        '"It is a disaster," said Anna Berg, "and everyone knows it."',
    ]
    interrupted = body["quotes"][2]
    assert interrupted["fragments"] == [
        list(span(TEXT, '"It is a disaster,"')),
        list(span(TEXT, '"and everyone knows it."')),
    ]
    assert interrupted["speaker_entity"] == "Anna Berg" and interrupted["confidence"] == 0.97
    assert interrupted["rule"] == "colon"  # unknown keys travel as in the interchange format
    latest_machine = AnnotationSet.objects.filter(article=proposed_article, kind=SetKind.MACHINE).latest("id")
    own = human_set(proposed_article, annotator)
    assert own.based_on == latest_machine
    assert set(own.quotes.values_list("proposal__annotation_set", flat=True)) == {latest_machine.pk}


@pytest.mark.django_db
def test_first_get_falls_back_to_the_imported_set_when_there_are_no_proposals(api_client, annotator, article):
    imported = AnnotationSetFactory(article=article, kind=SetKind.IMPORTED)
    QuoteFactory(annotation_set=imported, start=30, end=55, status=QuoteStatus.ACCEPTED)
    body = as_user(api_client, annotator).get(url(article)).json()
    assert [(q["start"], q["end"], q["status"]) for q in body["quotes"]] == [(30, 55, "proposed")]


@pytest.mark.django_db
def test_get_twice_returns_the_same_set_and_never_duplicates_it(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    first = client.get(url(proposed_article)).json()
    second = client.get(url(proposed_article)).json()
    assert first == second
    assert AnnotationSet.objects.filter(article=proposed_article, kind=SetKind.HUMAN).count() == 1


@pytest.mark.django_db
def test_each_annotator_gets_their_own_set_and_never_sees_anothers_changes(
    api_client, annotator, reviewer, proposed_article
):
    mine = as_user(api_client, annotator).get(url(proposed_article)).json()
    quotes = copy.deepcopy(mine["quotes"])
    quotes[0]["status"] = "rejected"
    assert api_client.put(url(proposed_article), {"version": 1, "quotes": quotes}, format="json").status_code == 200

    theirs = as_user(api_client, reviewer).get(url(proposed_article)).json()
    assert theirs["version"] == 1
    assert [q["status"] for q in theirs["quotes"]] == ["proposed"] * 3
    assert {q["id"] for q in theirs["quotes"]}.isdisjoint({q["id"] for q in mine["quotes"]})


# --- PUT -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_put_then_get_round_trips_exactly(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    before = client.get(url(proposed_article)).json()
    quotes = copy.deepcopy(before["quotes"])
    quotes[0]["status"] = "accepted"
    quotes[1].update(status="edited", kind="mixed", speaker_entity="Jan Minister", speaker_id=None)
    quotes.append({"start": 42, "end": 52, "text": TEXT[42:52], "kind": "indirect", "status": "added", "note": "mine"})

    put = client.put(url(proposed_article), {"version": before["version"], "quotes": quotes}, format="json")
    assert put.status_code == 200, put.content
    after = client.get(url(proposed_article)).json()

    assert put.json() == after
    assert after["version"] == before["version"] + 1
    # Sending back what GET returned changes nothing but the version.
    again = client.put(
        url(proposed_article), {"version": after["version"], "quotes": after["quotes"]}, format="json"
    ).json()
    assert again["quotes"] == after["quotes"] and again["version"] == after["version"] + 1
    added = next(q for q in after["quotes"] if q["status"] == "added")
    assert added["note"] == "mine" and added["text"] == TEXT[42:52]
    assert after["quotes"][2]["speaker_entity"] == "Jan Minister"


@pytest.mark.django_db
def test_put_keeps_quote_ids_and_proposal_links_and_deletes_unlisted_quotes(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    body = client.get(url(proposed_article)).json()
    keep = body["quotes"][0]
    proposal = Quote.objects.get(pk=keep["id"]).proposal_id

    after = client.put(url(proposed_article), {"version": 1, "quotes": [keep]}, format="json").json()

    assert [q["id"] for q in after["quotes"]] == [keep["id"]]
    assert Quote.objects.get(pk=keep["id"]).proposal_id == proposal
    assert human_set(proposed_article, annotator).quotes.count() == 1


@pytest.mark.django_db
def test_put_based_on_an_old_version_is_a_409_and_overwrites_nothing(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    body = client.get(url(proposed_article)).json()
    first = copy.deepcopy(body["quotes"])
    first[0]["status"] = "accepted"
    assert client.put(url(proposed_article), {"version": 1, "quotes": first}, format="json").status_code == 200

    stale = copy.deepcopy(body["quotes"])
    stale[0]["status"] = "rejected"
    response = client.put(url(proposed_article), {"version": 1, "quotes": stale}, format="json")

    assert response.status_code == 409
    assert "changed elsewhere" in response.json()["detail"]
    assert response.json()["errors"] == {"current_version": 2}
    now = client.get(url(proposed_article)).json()
    assert now["version"] == 2 and now["quotes"][0]["status"] == "accepted"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end": len(TEXT) + 5}, "past the end of the text"),
        ({"fragments": [[0, 10], [5, 24]]}, "must not overlap"),
        ({"fragments": [[10, 24], [0, 5]], "start": 10, "end": 5}, "must not overlap"),
        ({"cue_start": 38, "cue_end": None}, "cue: give both"),
        ({"speaker_start": 30, "speaker_end": 25}, "speaker: needs 0 <= speaker_start < speaker_end"),
        ({"kind": "loud"}, "kind must be one of"),
        ({"status": "maybe"}, "status must be one of"),
        ({"text": "something else"}, "text does not match"),
        ({"speaker_id": "seven"}, "speaker_id must be a whole number"),
    ],
)
@pytest.mark.django_db
def test_invalid_quote_is_a_clear_400_and_nothing_is_saved(api_client, annotator, proposed_article, change, message):
    client = as_user(api_client, annotator)
    body = client.get(url(proposed_article)).json()
    quotes = copy.deepcopy(body["quotes"])
    quotes[1]["status"] = "accepted"  # a valid change that must not be saved either
    quotes[0].update(change)

    response = client.put(url(proposed_article), {"version": 1, "quotes": quotes}, format="json")

    assert response.status_code == 400, response.content
    assert message in response.json()["detail"]
    assert response.json()["detail"].startswith("quote 1:")
    assert client.get(url(proposed_article)).json() == body


@pytest.mark.django_db
def test_400_lists_every_invalid_quote(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    quotes = [{"start": 5, "end": 2}, {"start": 0, "end": 4}, {"start": 0, "end": 10_000}]
    response = client.put(url(proposed_article), {"version": 1, "quotes": quotes}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e.split(":")[0] for e in errors] == ["quote 1", "quote 3"]
    assert "(and 1 more)" in response.json()["detail"]


@pytest.mark.django_db
def test_put_without_a_version_or_with_a_non_list_is_a_400(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    client.get(url(proposed_article))
    assert client.put(url(proposed_article), {"quotes": []}, format="json").status_code == 400
    response = client.put(url(proposed_article), {"version": 1, "quotes": {"start": 0}}, format="json")
    assert response.status_code == 400 and "quotes must be a list" in response.json()["detail"]
    assert human_set(proposed_article, annotator).version == 1


@pytest.mark.django_db
def test_duplicate_ids_in_one_save_are_rejected(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    quotes = client.get(url(proposed_article)).json()["quotes"]
    response = client.put(url(proposed_article), {"version": 1, "quotes": [quotes[0], quotes[0]]}, format="json")
    assert response.status_code == 400 and "appears twice" in response.json()["detail"]


# --- speakers in quotes ------------------------------------------------------------------------


@pytest.mark.django_db
def test_speaker_entity_matches_the_registry_by_alias_and_creates_unknown_speakers(
    api_client, annotator, proposed_article
):
    client = as_user(api_client, annotator)
    quotes = client.get(url(proposed_article)).json()["quotes"]
    quotes[1].update(speaker_entity="berg", speaker_id=None)
    quotes[0].update(speaker_entity="Piet Nieuw", speaker_id=None)
    after = client.put(url(proposed_article), {"version": 1, "quotes": quotes}, format="json").json()

    berg = Speaker.objects.get(project=proposed_article.project, name="Anna Berg")
    assert after["quotes"][1]["speaker_id"] == berg.pk and after["quotes"][1]["speaker_entity"] == "Anna Berg"
    new = Speaker.objects.get(project=proposed_article.project, name="Piet Nieuw")
    assert after["quotes"][0]["speaker_id"] == new.pk


@pytest.mark.django_db
def test_speaker_id_wins_over_speaker_entity(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    quotes = client.get(url(proposed_article)).json()["quotes"]
    berg = Speaker.objects.get(project=proposed_article.project, name="Anna Berg")
    quotes[0].update(speaker_id=berg.pk, speaker_entity="Jan Minister")
    after = client.put(url(proposed_article), {"version": 1, "quotes": quotes}, format="json").json()
    assert after["quotes"][0]["speaker_entity"] == "Anna Berg"


@pytest.mark.django_db
def test_speaker_id_of_another_project_is_a_400(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    quotes = client.get(url(proposed_article)).json()["quotes"]
    foreign = SpeakerFactory(project=ProjectFactory(), name="Elsewhere")
    quotes[0]["speaker_id"] = foreign.pk
    response = client.put(url(proposed_article), {"version": 1, "quotes": quotes}, format="json")
    assert response.status_code == 400 and "not a speaker of this project" in response.json()["detail"]


@pytest.mark.django_db
def test_no_speaker_in_text_is_speaker_type_none_without_a_mention(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    quotes = client.get(url(proposed_article)).json()["quotes"]
    for key in ("speaker", "speaker_start", "speaker_end", "speaker_entity"):
        quotes[0].pop(key)
    quotes[0].update(speaker_type="none", speaker_id=None, status="edited")
    after = client.put(url(proposed_article), {"version": 1, "quotes": quotes}, format="json").json()
    first = after["quotes"][0]
    assert first["speaker_type"] == "none" and "speaker_start" not in first and first["speaker_id"] is None


# --- PATCH (autosave) --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_patch_upserts_and_deletes_only_what_is_sent(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    quotes = client.get(url(proposed_article)).json()["quotes"]
    changed = dict(quotes[0], status="accepted")
    new = {"start": 42, "end": 52, "kind": "indirect", "status": "added"}

    response = client.patch(
        url(proposed_article), {"version": 1, "quotes": [changed, new], "deleted": [quotes[1]["id"]]}, format="json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2
    assert body["quotes"][0]["id"] == quotes[0]["id"] and body["quotes"][0]["status"] == "accepted"
    assert body["quotes"][1]["status"] == "added" and isinstance(body["quotes"][1]["id"], int)
    now = client.get(url(proposed_article)).json()["quotes"]
    assert {q["id"] for q in now} == {quotes[0]["id"], quotes[2]["id"], body["quotes"][1]["id"]}
    assert now[2] == quotes[2]  # untouched


@pytest.mark.django_db
def test_patch_on_an_old_version_is_a_409(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    quotes = client.get(url(proposed_article)).json()["quotes"]
    client.patch(url(proposed_article), {"version": 1, "quotes": [dict(quotes[0], status="accepted")]}, format="json")
    response = client.patch(
        url(proposed_article), {"version": 1, "quotes": [dict(quotes[0], status="rejected")]}, format="json"
    )
    assert response.status_code == 409
    assert Quote.objects.get(pk=quotes[0]["id"]).status == "accepted"


@pytest.mark.django_db
def test_patch_with_an_invalid_quote_saves_nothing(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    quotes = client.get(url(proposed_article)).json()["quotes"]
    response = client.patch(
        url(proposed_article),
        {
            "version": 1,
            "quotes": [dict(quotes[0], status="accepted"), {"start": 3, "end": 1}],
            "deleted": [quotes[1]["id"]],
        },
        format="json",
    )
    assert response.status_code == 400 and response.json()["detail"].startswith("quote 2:")
    assert client.get(url(proposed_article)).json()["quotes"] == quotes


@pytest.mark.django_db
def test_patch_cannot_delete_quotes_of_someone_elses_set(api_client, annotator, reviewer, proposed_article):
    theirs = as_user(api_client, reviewer).get(url(proposed_article)).json()["quotes"]
    client = as_user(api_client, annotator)
    client.get(url(proposed_article))
    response = client.patch(url(proposed_article), {"version": 1, "deleted": [theirs[0]["id"]]}, format="json")
    assert response.status_code == 200
    assert Quote.objects.filter(pk=theirs[0]["id"]).exists()


@pytest.mark.django_db
def test_every_save_is_recorded_in_the_audit_log(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    quotes = client.get(url(proposed_article)).json()["quotes"]
    client.put(url(proposed_article), {"version": 1, "quotes": quotes}, format="json")
    client.patch(url(proposed_article), {"version": 2, "quotes": []}, format="json")
    client.post(url(proposed_article) + "submit/", {}, format="json")
    own = human_set(proposed_article, annotator)
    actions = list(
        Event.objects.filter(object_type="annotation_set", object_id=str(own.pk))
        .order_by("id")
        .values_list("action", "actor")
    )
    assert actions == [
        ("annotation.create", annotator.pk),
        ("annotation.save", annotator.pk),
        ("annotation.patch", annotator.pk),
        ("annotation.submit", annotator.pk),
    ]


@pytest.mark.django_db
def test_first_save_puts_the_article_in_progress(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    client.get(url(proposed_article))
    proposed_article.refresh_from_db()
    assert proposed_article.status == ArticleStatus.NEW
    client.patch(url(proposed_article), {"version": 1, "quotes": []}, format="json")
    proposed_article.refresh_from_db()
    assert proposed_article.status == ArticleStatus.IN_PROGRESS


# --- submit ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_submit_marks_the_set_submitted_and_the_article_annotated_when_nobody_is_assigned(
    api_client, annotator, proposed_article
):
    client = as_user(api_client, annotator)
    client.get(url(proposed_article))
    response = client.post(url(proposed_article) + "submit/", {"version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted" and response.json()["version"] == 2
    assert human_set(proposed_article, annotator).status == SetStatus.SUBMITTED
    proposed_article.refresh_from_db()
    assert proposed_article.status == ArticleStatus.ANNOTATED


@pytest.mark.django_db
def test_article_is_annotated_only_when_every_assigned_annotator_submitted(
    api_client, annotator, reviewer, proposed_article
):
    Assignment.objects.create(article=proposed_article, user=annotator)
    Assignment.objects.create(article=proposed_article, user=reviewer)
    as_user(api_client, annotator).post(url(proposed_article) + "submit/", {}, format="json")
    proposed_article.refresh_from_db()
    assert proposed_article.status != ArticleStatus.ANNOTATED
    as_user(api_client, reviewer).post(url(proposed_article) + "submit/", {}, format="json")
    proposed_article.refresh_from_db()
    assert proposed_article.status == ArticleStatus.ANNOTATED


@pytest.mark.django_db
def test_submit_on_an_old_version_is_a_409(api_client, annotator, proposed_article):
    client = as_user(api_client, annotator)
    client.get(url(proposed_article))
    client.patch(url(proposed_article), {"version": 1, "quotes": []}, format="json")
    response = client.post(url(proposed_article) + "submit/", {"version": 1}, format="json")
    assert response.status_code == 409
    assert human_set(proposed_article, annotator).status == SetStatus.DRAFT


# --- permissions ----------------------------------------------------------------------------------------

EXPECTED = {"anonymous": 401, "outsider": 404, "annotator": 200, "reviewer": 200, "manager": 200}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_annotation_get_permissions(api_client, user_for_role, proposed_article, role):
    response = as_user(api_client, user_for_role(role)).get(url(proposed_article))
    assert response.status_code == EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_annotation_put_permissions(api_client, user_for_role, proposed_article, role):
    response = as_user(api_client, user_for_role(role)).put(
        url(proposed_article), {"version": 1, "quotes": []}, format="json"
    )
    assert response.status_code == EXPECTED[role]
    assert Quote.objects.filter(annotation_set__kind=SetKind.MACHINE).count() == 4  # proposals untouched


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_annotation_patch_permissions(api_client, user_for_role, proposed_article, role):
    response = as_user(api_client, user_for_role(role)).patch(url(proposed_article), {"version": 1}, format="json")
    assert response.status_code == EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_annotation_submit_permissions(api_client, user_for_role, proposed_article, role):
    response = as_user(api_client, user_for_role(role)).post(url(proposed_article) + "submit/", {}, format="json")
    assert response.status_code == EXPECTED[role]
    assert AnnotationSet.objects.filter(status=SetStatus.SUBMITTED).count() == (1 if EXPECTED[role] == 200 else 0)


@pytest.mark.django_db
def test_annotation_of_a_missing_article_is_404(api_client, annotator):
    assert as_user(api_client, annotator).get("/api/articles/999999/annotation/").status_code == 404


@pytest.mark.django_db
def test_annotation_of_an_article_in_another_project_is_404(api_client, annotator):
    other = ArticleFactory(project=ProjectFactory())
    assert as_user(api_client, annotator).get(url(other)).status_code == 404


@pytest.mark.django_db
def test_unsaved_set_is_refreshed_when_newer_proposals_arrive_but_saved_work_never_is(
    api_client, annotator, reviewer, article
):
    as_user(api_client, reviewer).get(url(article))
    reviewer_saved = api_client.patch(url(article), {"version": 1, "quotes": []}, format="json")
    assert reviewer_saved.status_code == 200
    empty = as_user(api_client, annotator).get(url(article)).json()
    assert empty["quotes"] == [] and empty["version"] == 1  # opened before the proposer finished

    machine = AnnotationSetFactory(article=article, kind=SetKind.MACHINE)
    QuoteFactory(annotation_set=machine, start=30, end=55, status=QuoteStatus.PROPOSED)
    refreshed = api_client.get(url(article)).json()
    assert [(q["start"], q["status"]) for q in refreshed["quotes"]] == [(30, "proposed")]
    assert refreshed["version"] == 2  # a page still showing the empty copy gets a 409
    assert api_client.patch(url(article), {"version": 1, "quotes": []}, format="json").status_code == 409

    as_user(api_client, reviewer)
    assert api_client.get(url(article)).json()["quotes"] == []  # saved work is never replaced
