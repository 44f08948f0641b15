"""A team runs a project: assignments, queues, blind annotation, comments, flags, history."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from annotator.accounts.models import Event, EventAction, Role
from annotator.annotations.models import AnnotationSet, Assignment, Comment, SetStatus
from annotator.corpus.models import ArticleStatus
from tests.annotations.data import make_proposed_article
from tests.factories import ArticleFactory, MembershipFactory, UserFactory


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def team(project, manager, reviewer):
    ann = [
        MembershipFactory(project=project, role=Role.ANNOTATOR, user=UserFactory(username=f"ann{i}")).user
        for i in (1, 2, 3)
    ]
    return {"manager": manager, "reviewer": reviewer, "annotators": ann}


def submit(user, article):
    client = client_for(user)
    client.get(f"/api/articles/{article.pk}/annotation/")
    return client.post(f"/api/articles/{article.pk}/annotation/submit/", {}, format="json")


# --- assignments -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_manager_assigns_chosen_articles_to_chosen_users(project, team):
    a, b = ArticleFactory(project=project), ArticleFactory(project=project)
    api = client_for(team["manager"])
    response = api.post(
        f"/api/projects/{project.slug}/assignments/",
        {"article_ids": [a.pk, b.pk], "users": ["ann1", team["annotators"][1].pk]},
        format="json",
    )
    assert response.status_code == 201 and response.json() == {"created": 4}
    again = api.post(
        f"/api/projects/{project.slug}/assignments/", {"article_ids": [a.pk], "users": ["ann1"]}, format="json"
    )
    assert again.json() == {"created": 0}  # existing assignments are kept, not doubled
    assert Event.objects.filter(action=EventAction.ASSIGNMENT_CREATE, article_id=a.pk).count() == 1


@pytest.mark.django_db
def test_assign_by_filter_tops_each_article_up_to_n_balanced(project, team):
    articles = [ArticleFactory(project=project, status=ArticleStatus.PROPOSED) for _ in range(3)]
    ArticleFactory(project=project, status=ArticleStatus.GOLD)  # not matched by the filter
    Assignment.objects.create(article=articles[0], user=team["annotators"][0])
    response = client_for(team["manager"]).post(
        f"/api/projects/{project.slug}/assignments/",
        {"filter": {"status": "proposed"}, "per_article": 2},
        format="json",
    )
    assert response.status_code == 201 and response.json() == {"created": 5}
    per_article = {a.pk: Assignment.objects.filter(article=a).count() for a in articles}
    assert set(per_article.values()) == {2}
    loads = sorted(Assignment.objects.filter(user=u).count() for u in team["annotators"])
    assert loads == [2, 2, 2]


@pytest.mark.django_db
def test_assignment_errors_are_clear_and_write_nothing(project, team, outsider):
    article = ArticleFactory(project=project)
    api = client_for(team["manager"])
    bad = [
        ({"article_ids": [article.pk], "users": ["outsider"]}, "Not members"),
        ({"article_ids": [article.pk + 999], "users": ["ann1"]}, "Not articles of this project"),
        ({"filter": {"colour": "red"}, "per_article": 1}, "Unknown filter"),
        ({"filter": {}, "per_article": 0}, "per_article"),
        ({"users": ["ann1"]}, "article_ids"),
    ]
    for body, message in bad:
        response = api.post(f"/api/projects/{project.slug}/assignments/", body, format="json")
        assert response.status_code == 400 and message in response.json()["detail"], (body, response.json())
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_delete_removes_assignments_of_chosen_users(project, team):
    article = ArticleFactory(project=project)
    for user in team["annotators"][:2]:
        Assignment.objects.create(article=article, user=user)
    api = client_for(team["manager"])
    response = api.delete(
        f"/api/projects/{project.slug}/assignments/", {"article_ids": [article.pk], "users": ["ann1"]}, format="json"
    )
    assert response.json() == {"deleted": 1}
    assert list(Assignment.objects.values_list("user__username", flat=True)) == ["ann2"]


@pytest.mark.django_db
def test_only_managers_assign(project, team):
    article = ArticleFactory(project=project)
    for user in (team["reviewer"], team["annotators"][0]):
        response = client_for(user).post(
            f"/api/projects/{project.slug}/assignments/",
            {"article_ids": [article.pk], "users": ["ann1"]},
            format="json",
        )
        assert response.status_code == 403


# --- queue ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_next_article_api_serves_assigned_work_first_then_204(project, team):
    ann1 = team["annotators"][0]
    ArticleFactory(project=project)
    assigned = ArticleFactory(project=project)
    Assignment.objects.create(article=assigned, user=ann1)
    project.self_service = False
    project.save()
    api = client_for(ann1)
    response = api.get(f"/api/projects/{project.slug}/next-article/")
    assert response.status_code == 200 and response.json()["id"] == assigned.pk and "text" in response.json()
    submit(ann1, assigned)
    assert api.get(f"/api/projects/{project.slug}/next-article/").status_code == 204


@pytest.mark.django_db
def test_self_service_offers_articles_that_still_need_annotators(project, team):
    project.annotators_per_article = 2
    project.save()
    article = ArticleFactory(project=project)
    ann1, ann2, ann3 = team["annotators"]
    Assignment.objects.create(article=article, user=ann1)
    Assignment.objects.create(article=article, user=ann2)
    assert client_for(ann3).get(f"/api/projects/{project.slug}/next-article/").status_code == 204  # two people have it
    Assignment.objects.filter(user=ann2).delete()
    assert client_for(ann3).get(f"/api/projects/{project.slug}/next-article/").json()["id"] == article.pk


@pytest.mark.django_db
def test_a_skipped_article_leaves_the_skippers_queue(project, team):
    ann1 = team["annotators"][0]
    article = ArticleFactory(project=project)
    api = client_for(ann1)
    response = api.post(
        f"/api/articles/{article.pk}/comments/", {"kind": "skip", "body": "Not in English."}, format="json"
    )
    assert response.status_code == 201 and response.json()["kind"] == "skip"
    assert api.get(f"/api/projects/{project.slug}/next-article/").status_code == 204
    assert client_for(team["annotators"][1]).get(f"/api/projects/{project.slug}/next-article/").status_code == 200


@pytest.mark.django_db
def test_article_is_annotated_only_with_annotators_per_article_submissions(project, team):
    project.annotators_per_article = 2
    project.save()
    article = make_proposed_article(project)
    ann1, ann2, _ = team["annotators"]
    assert submit(ann1, article).status_code == 200
    article.refresh_from_db()
    assert article.status != ArticleStatus.ANNOTATED
    submit(ann2, article)
    article.refresh_from_db()
    assert article.status == ArticleStatus.ANNOTATED


# --- blind annotation ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_blind_annotators_see_only_proposals_and_their_own_work_until_they_submit(project, team):
    article = make_proposed_article(project)
    ann1, ann2, _ = team["annotators"]
    submit(ann2, article)
    other = AnnotationSet.objects.get(article=article, owner=ann2)
    client_for(ann2).post(f"/api/articles/{article.pk}/comments/", {"body": "Berg is quoted twice."}, format="json")
    api = client_for(ann1)
    api.get(f"/api/articles/{article.pk}/annotation/")
    kinds = {(s["kind"], s["owner"]) for s in api.get(f"/api/articles/{article.pk}/annotation-sets/").json()["results"]}
    assert kinds == {("machine", None), ("human", "ann1")}
    assert api.get(f"/api/annotation-sets/{other.pk}/").status_code == 404
    assert api.get(f"/api/articles/{article.pk}/comments/").json()["results"] == []
    assert {e["actor"] for e in api.get(f"/api/articles/{article.pk}/history/").json()["results"]} <= {"ann1", None}
    submit(ann1, article)
    assert api.get(f"/api/annotation-sets/{other.pk}/").status_code == 200
    assert [c["body"] for c in api.get(f"/api/articles/{article.pk}/comments/").json()["results"]] == [
        "Berg is quoted twice."
    ]
    # Reviewers always see everything; a project that is not blind shows all to everyone.
    assert client_for(team["reviewer"]).get(f"/api/annotation-sets/{other.pk}/").status_code == 200
    project.blind_annotation = False
    project.save()
    assert client_for(team["annotators"][2]).get(f"/api/annotation-sets/{other.pk}/").status_code == 200


# --- state rules, send back, flags ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_submitted_set_is_read_only_until_a_reviewer_sends_it_back(project, team):
    article = make_proposed_article(project)
    ann1 = team["annotators"][0]
    submit(ann1, article)
    own = AnnotationSet.objects.get(article=article, owner=ann1)
    api = client_for(ann1)
    response = api.patch(
        f"/api/articles/{article.pk}/annotation/", {"version": own.version, "quotes": []}, format="json"
    )
    assert response.status_code == 409 and "send it back" in response.json()["detail"]
    back = client_for(team["reviewer"]).post(
        f"/api/annotation-sets/{own.pk}/send-back/", {"comment": "Check the cue of quote 2."}, format="json"
    )
    assert back.status_code == 200 and back.json()["status"] == "draft"
    own.refresh_from_db()
    assert own.status == SetStatus.DRAFT
    assert Comment.objects.get(kind="sent_back").body == "Check the cue of quote 2."
    response = api.patch(
        f"/api/articles/{article.pk}/annotation/", {"version": own.version, "quotes": []}, format="json"
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_PROGRESS


@pytest.mark.django_db
def test_send_back_needs_a_reason_a_submitted_set_and_a_reviewer(project, team):
    article = make_proposed_article(project)
    ann1 = team["annotators"][0]
    client_for(ann1).get(f"/api/articles/{article.pk}/annotation/")
    own = AnnotationSet.objects.get(article=article, owner=ann1)
    reviewer = client_for(team["reviewer"])
    assert (
        reviewer.post(f"/api/annotation-sets/{own.pk}/send-back/", {"comment": "x"}, format="json").status_code == 400
    )
    submit(ann1, article)
    assert (
        reviewer.post(f"/api/annotation-sets/{own.pk}/send-back/", {"comment": " "}, format="json").status_code == 400
    )
    assert (
        client_for(team["annotators"][1])
        .post(f"/api/annotation-sets/{own.pk}/send-back/", {"comment": "no"}, format="json")
        .status_code
        == 403
    )


@pytest.mark.django_db
def test_flags_stay_open_until_a_reviewer_resolves_them(project, team):
    article = ArticleFactory(project=project)
    ann1 = team["annotators"][0]
    flag = (
        client_for(ann1)
        .post(f"/api/articles/{article.pk}/comments/", {"kind": "unclear", "body": "Who is 'he'?"}, format="json")
        .json()
    )
    assert client_for(ann1).post(f"/api/comments/{flag['id']}/resolve/").status_code == 403
    resolved = client_for(team["reviewer"]).post(f"/api/comments/{flag['id']}/resolve/").json()
    assert resolved["resolved_by"] == "reviewer-user" and resolved["resolved_at"]
    bad = client_for(ann1).post(
        f"/api/articles/{article.pk}/comments/", {"kind": "sent_back", "body": "x"}, format="json"
    )
    assert bad.status_code == 400


@pytest.mark.django_db
def test_history_lists_every_step_of_an_article(project, team):
    article = make_proposed_article(project)
    ann1 = team["annotators"][0]
    client_for(team["manager"]).post(
        f"/api/projects/{project.slug}/assignments/", {"article_ids": [article.pk], "users": ["ann1"]}, format="json"
    )
    submit(ann1, article)
    history = client_for(team["reviewer"]).get(f"/api/articles/{article.pk}/history/").json()
    assert history["count"] >= 4 and set(history["results"][0]) == {
        "at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "before",
        "after",
    }
    actions = [e["action"] for e in reversed(history["results"])]
    assert actions[:1] == ["assignment.create"]
    assert {"annotation.create", "annotation.submit", "article.status"} <= set(actions)


@pytest.mark.django_db
def test_text_the_database_cannot_store_is_a_clear_400_not_a_500(project, team):
    article = make_proposed_article(project)
    ann1 = team["annotators"][0]
    url = f"/api/articles/{article.pk}/comments/"
    for raw in ('{"body": "a\\u0000b"}', '{"body": "lone \\ud800 surrogate"}'):  # as a client sends them
        response = client_for(ann1).post(url, data=raw, content_type="application/json")
        assert response.status_code == 400, raw
    response = client_for(team["manager"]).post(
        f"/api/projects/{project.slug}/assignments/", {"filter": {"search": "x\x00"}, "per_article": 1}, format="json"
    )
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    submit(ann1, article)
    own = AnnotationSet.objects.get(article=article, owner=ann1)
    response = client_for(team["reviewer"]).post(
        f"/api/annotation-sets/{own.pk}/send-back/", {"comment": "no\x00"}, format="json"
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()
