"""The article list: the project's view for reviewers and managers, assignment from the page."""

from __future__ import annotations

import pytest
from django.test import Client

from annotator.accounts.models import Role
from annotator.annotations.models import AnnotationSet, Assignment, Comment, SetKind, SetStatus
from tests.factories import ArticleFactory, MembershipFactory, UserFactory


def page_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def annotators(project):
    return [
        MembershipFactory(project=project, role=Role.ANNOTATOR, user=UserFactory(username=f"ann{i}")).user
        for i in (1, 2)
    ]


@pytest.mark.django_db
def test_reviewers_see_progress_gold_and_flags_annotators_their_own(project, reviewer, annotators):
    untitled = ArticleFactory(project=project, title="", text="The mayor said the harbour would stay open all winter.")
    AnnotationSet.objects.create(article=untitled, kind=SetKind.HUMAN, owner=annotators[0], status=SetStatus.SUBMITTED)
    AnnotationSet.objects.create(article=untitled, kind=SetKind.GOLD, version=3)
    Comment.objects.create(article=untitled, author=annotators[0], kind="unclear", body="Which mayor?")
    html = page_for(reviewer).get(f"/projects/{project.slug}/").content.decode()
    assert "The mayor said the harbour" in html  # a snippet stands in for the missing title
    assert "1 / 1" in html and "v3" in html and "Done / needed" in html and "Flags" in html
    mine = page_for(annotators[1]).get(f"/projects/{project.slug}/").content.decode()
    assert "Your accepted" in mine and "Done / needed" not in mine and "Assign the selected" not in mine


@pytest.mark.django_db
def test_filters_by_assignee_and_flag_and_sorting(project, reviewer, annotators):
    a = ArticleFactory(project=project, title="Alpha")
    b = ArticleFactory(project=project, title="Bravo")
    Assignment.objects.create(article=a, user=annotators[0])
    Comment.objects.create(article=b, author=annotators[1], kind="skip", body="Not news.")
    client = page_for(reviewer)
    assert (
        "Alpha" in (html := client.get(f"/projects/{project.slug}/?assignee=ann1").content.decode())
        and "Bravo" not in html
    )
    assert (
        "Bravo" in (html := client.get(f"/projects/{project.slug}/?flagged=1").content.decode()) and "Alpha" not in html
    )
    html = client.get(f"/projects/{project.slug}/?sort=title").content.decode()
    assert html.index("Alpha") < html.index("Bravo")


@pytest.mark.django_db
def test_manager_assigns_selected_rows_and_all_matching_from_the_page(project, manager, annotators):
    articles = [ArticleFactory(project=project, title=f"Story {i}") for i in range(3)]
    client = page_for(manager)
    response = client.post(
        f"/projects/{project.slug}/",
        {"action": "assign", "article": [articles[0].pk], "users": ["ann1", "ann2"], "query": "status="},
        follow=True,
    )
    assert "2 assignment(s) made." in response.content.decode()
    response = client.post(
        f"/projects/{project.slug}/",
        {"action": "assign_matching", "per_article": "2", "users": ["ann1", "ann2"], "query": "q=Story"},
        follow=True,
    )
    assert "4 assignment(s) made" in response.content.decode()
    assert Assignment.objects.count() == 6
    response = client.post(f"/projects/{project.slug}/", {"action": "assign", "users": ["ann1"]}, follow=True)
    assert "Select articles and annotators" in response.content.decode()


@pytest.mark.django_db
def test_only_managers_may_post_assignments(project, reviewer, annotators):
    article = ArticleFactory(project=project)
    response = page_for(reviewer).post(
        f"/projects/{project.slug}/", {"action": "assign", "article": [article.pk], "users": ["ann1"]}
    )
    assert response.status_code == 403 and not Assignment.objects.exists()
