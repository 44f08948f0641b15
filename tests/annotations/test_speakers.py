"""The speaker registry: rename, merge and split, through the API and the page."""

from __future__ import annotations

import pytest
from django.test import Client

from annotator.accounts.models import Event
from annotator.annotations.models import AnnotationSet, Quote, SetKind, Speaker
from annotator.annotations.services import speaker_merge, speaker_rename, speaker_split_alias
from annotator.core.errors import DomainError
from tests.annotations.data import TEXT, span
from tests.conftest import ROLES
from tests.factories import ArticleFactory, ProjectFactory, QuoteFactory, SpeakerFactory


@pytest.fixture
def registry(project):
    article = ArticleFactory(project=project, text=TEXT)
    human = AnnotationSet.objects.create(article=article, kind=SetKind.HUMAN)
    berg = SpeakerFactory(project=project, name="Anna Berg", aliases=["Berg", "the minister"])
    other = SpeakerFactory(project=project, name="A. Berg")
    minister_mention = span(TEXT, "the minister")
    by_berg = QuoteFactory(annotation_set=human, start=69, end=93, speaker=berg, speaker_start=None, speaker_end=None)
    by_minister = QuoteFactory(
        annotation_set=human,
        start=0,
        end=24,
        speaker=berg,
        speaker_start=minister_mention[0],
        speaker_end=minister_mention[1],
    )
    by_other = QuoteFactory(annotation_set=human, start=95, end=114, speaker=other)
    return {"berg": berg, "other": other, "by_berg": by_berg, "by_minister": by_minister, "by_other": by_other}


@pytest.mark.django_db
def test_merge_moves_quotes_and_keeps_the_names_as_aliases(registry, reviewer):
    target = speaker_merge(source=registry["other"], target=registry["berg"], user=reviewer)
    assert set(Quote.objects.filter(speaker=target).values_list("pk", flat=True)) == {
        registry["by_berg"].pk,
        registry["by_minister"].pk,
        registry["by_other"].pk,
    }
    assert "A. Berg" in target.aliases
    assert not Speaker.objects.filter(pk=registry["other"].pk).exists()
    assert Event.objects.filter(action="speaker.merge", object_id=str(target.pk)).count() == 1


@pytest.mark.django_db
def test_merging_a_speaker_into_itself_is_refused(registry, reviewer):
    with pytest.raises(DomainError):
        speaker_merge(source=registry["berg"], target=registry["berg"], user=reviewer)


@pytest.mark.django_db
def test_split_alias_moves_only_quotes_whose_mention_reads_like_the_alias(registry, reviewer):
    new = speaker_split_alias(speaker=registry["berg"], alias="THE minister", user=reviewer)
    assert new.name == "the minister"
    registry["berg"].refresh_from_db()
    assert registry["berg"].aliases == ["Berg"]
    assert Quote.objects.get(pk=registry["by_minister"].pk).speaker == new
    assert Quote.objects.get(pk=registry["by_berg"].pk).speaker == registry["berg"]


@pytest.mark.django_db
def test_split_of_an_unknown_alias_is_refused(registry, reviewer):
    with pytest.raises(DomainError, match="not an alias"):
        speaker_split_alias(speaker=registry["berg"], alias="Nobody", user=reviewer)


@pytest.mark.django_db
def test_rename_keeps_the_old_name_as_an_alias_and_refuses_a_taken_name(registry, reviewer):
    speaker = speaker_rename(speaker=registry["berg"], name="Anna  Maria Berg", user=reviewer)
    assert speaker.name == "Anna Maria Berg" and "Anna Berg" in speaker.aliases
    with pytest.raises(DomainError, match="merge them instead"):
        speaker_rename(speaker=registry["other"], name="anna maria berg", user=reviewer)


# --- API ------------------------------------------------------------------------------------------

ACTION_EXPECTED = {"anonymous": 401, "outsider": 404, "annotator": 403, "reviewer": 200, "manager": 200}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_speaker_merge_api_permissions(api_client, user_for_role, registry, role):
    user = user_for_role(role)
    if user:
        api_client.force_authenticate(user)
    response = api_client.post(
        f"/api/speakers/{registry['other'].pk}/merge/", {"into": registry["berg"].pk}, format="json"
    )
    assert response.status_code == ACTION_EXPECTED[role]
    assert Speaker.objects.filter(pk=registry["other"].pk).exists() == (ACTION_EXPECTED[role] != 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_speaker_split_api_permissions(api_client, user_for_role, registry, role):
    user = user_for_role(role)
    if user:
        api_client.force_authenticate(user)
    response = api_client.post(f"/api/speakers/{registry['berg'].pk}/split/", {"alias": "Berg"}, format="json")
    expected = 201 if ACTION_EXPECTED[role] == 200 else ACTION_EXPECTED[role]
    assert response.status_code == expected
    assert Speaker.objects.filter(name="Berg").exists() == (expected == 201)


@pytest.mark.django_db
def test_merge_into_a_speaker_of_another_project_is_a_400(api_client, reviewer, registry):
    api_client.force_authenticate(reviewer)
    foreign = SpeakerFactory(project=ProjectFactory(), name="Foreign")
    response = api_client.post(f"/api/speakers/{registry['other'].pk}/merge/", {"into": foreign.pk}, format="json")
    assert response.status_code == 400 and "no such speaker" in response.json()["detail"]


# --- the registry page ------------------------------------------------------------------------------


def page_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


PAGE_EXPECTED = {"anonymous": 302, "outsider": 404, "annotator": 200, "reviewer": 200, "manager": 200}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_speaker_page_permissions(user_for_role, project, registry, role):
    response = page_client(user_for_role(role)).get(f"/projects/{project.slug}/speakers/")
    assert response.status_code == PAGE_EXPECTED[role]


@pytest.mark.django_db
def test_speaker_page_lists_aliases_and_quote_counts(annotator, project, registry):
    response = page_client(annotator).get(f"/projects/{project.slug}/speakers/")
    row = next(s for s in response.context["speakers"] if s.name == "Anna Berg")
    assert row.quote_count == 2
    html = response.content.decode()
    assert "the minister" in html and "Split off" not in html  # annotators cannot edit


@pytest.mark.django_db
def test_annotator_cannot_change_speakers_through_the_page(annotator, project, registry):
    response = page_client(annotator).post(
        f"/projects/{project.slug}/speakers/", {"speaker": registry["berg"].pk, "action": "rename", "name": "X"}
    )
    assert response.status_code == 403
    assert Speaker.objects.get(pk=registry["berg"].pk).name == "Anna Berg"


@pytest.mark.django_db
def test_reviewer_merges_and_splits_through_the_page(reviewer, project, registry):
    client = page_client(reviewer)
    response = client.post(
        f"/projects/{project.slug}/speakers/",
        {"speaker": registry["other"].pk, "action": "merge", "into_name": "anna berg"},
    )
    assert response.status_code == 302
    assert not Speaker.objects.filter(pk=registry["other"].pk).exists()
    client.post(
        f"/projects/{project.slug}/speakers/", {"speaker": registry["berg"].pk, "action": "split", "alias": "Berg"}
    )
    assert Speaker.objects.filter(project=project, name="Berg").exists()
    page = client.get(f"/projects/{project.slug}/speakers/").content.decode()
    assert "Berg is now a speaker of its own." in page


@pytest.mark.django_db
def test_page_shows_a_clear_error_when_merging_into_an_unknown_name(reviewer, project, registry):
    client = page_client(reviewer)
    response = client.post(
        f"/projects/{project.slug}/speakers/",
        {"speaker": registry["other"].pk, "action": "merge", "into_name": "Nobody"},
        follow=True,
    )
    assert "No speaker called &#x27;Nobody&#x27;" in response.content.decode()
    assert Speaker.objects.filter(pk=registry["other"].pk).exists()


@pytest.mark.django_db
def test_registry_uses_a_speaker_created_meanwhile_by_another_worker(project):
    from annotator.annotations.speakers import SpeakerRegistry

    registry = SpeakerRegistry(project)  # loaded before the other worker's insert
    other = Speaker.objects.create(project=project, name="Ana Lopez")
    assert registry.match_or_create("Ana Lopez", aliases=["Lopez"]) == other
    other.refresh_from_db()
    assert other.aliases == ["Lopez"] and Speaker.objects.filter(project=project).count() == 1
