"""*Next article* in the project's queue order, after the caller's assigned and started work."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from annotator.accounts.models import Event, EventAction, QueueOrder, Role
from annotator.annotations.models import Assignment
from annotator.annotations.selectors import article_next_for_user
from annotator.corpus.models import Article
from tests.factories import ArticleFactory, MembershipFactory, UserFactory


@pytest.fixture
def queue(project):
    """Four open articles imported a day apart, with uncertainties 0.2, None, 0.9, 0.5."""
    articles = []
    for day, uncertainty in enumerate((0.2, None, 0.9, 0.5), start=1):
        with time_machine.travel(dt.datetime(2026, 3, day, 12, tzinfo=dt.UTC), tick=False):
            articles.append(
                ArticleFactory(project=project, text=f"Article of day {day} said it.", uncertainty=uncertainty)
            )
    return articles


def annotator_of(project):
    return MembershipFactory(project=project, role=Role.ANNOTATOR, user=UserFactory()).user


def order_of(project, user, limit: int = 4) -> list[int]:
    """The articles *Next article* gives one after the other, each taken out of the queue
    (made gold) before the next call."""
    seen = []
    for _ in range(limit):
        article = article_next_for_user(project=project, user=user, after=seen[-1] if seen else None)
        if article is None or article.pk in seen:
            break
        seen.append(article.pk)
        Article.objects.filter(pk=article.pk).update(status="gold")  # out of the queue
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize(
    "order,expected",
    [
        (QueueOrder.OLDEST, [0, 1, 2, 3]),
        (QueueOrder.NEWEST, [3, 2, 1, 0]),
        (QueueOrder.UNCERTAINTY, [2, 3, 0, 1]),  # 0.9, 0.5, 0.2, then the unproposed one
    ],
)
def test_next_article_follows_the_queue_order(project, queue, order, expected):
    project.queue_order = order
    project.save()
    assert order_of(project, annotator_of(project)) == [queue[i].pk for i in expected]


@pytest.mark.django_db
def test_random_order_is_one_fixed_shuffle_for_everyone(project, queue):
    project.queue_order = QueueOrder.RANDOM
    project.save()
    first = article_next_for_user(project=project, user=annotator_of(project))
    again = article_next_for_user(project=project, user=annotator_of(project))
    assert first.pk == again.pk  # the same article for another annotator and a second click
    shuffled = sorted(queue, key=lambda a: ((a.pk * 2654435761) % 4294967296, a.pk))
    assert first.pk == shuffled[0].pk


@pytest.mark.django_db
def test_assigned_work_still_comes_before_the_most_uncertain(project, queue):
    project.queue_order = QueueOrder.UNCERTAINTY
    project.save()
    user = annotator_of(project)
    Assignment.objects.create(article=queue[0], user=user)  # the surest of all
    assert article_next_for_user(project=project, user=user).pk == queue[0].pk


@pytest.mark.django_db
def test_a_manager_sets_the_order_on_the_settings_page_and_the_api(project, manager, queue):
    client = Client()
    client.force_login(manager)
    url = reverse("accounts:settings", kwargs={"slug": project.slug})
    form = {"name": project.name, "annotators_per_article": "1", "queue_order": "uncertainty"}
    assert client.post(url, form).status_code == 302
    project.refresh_from_db()
    assert project.queue_order == "uncertainty"
    event = Event.objects.filter(action=EventAction.PROJECT_UPDATE).latest("id")
    assert event.before["queue_order"] == "oldest" and event.after["queue_order"] == "uncertainty"
    assert client.post(url, {**form, "queue_order": "loudest"}).status_code == 400

    api = APIClient()
    api.force_authenticate(manager)
    answer = api.patch(f"/api/projects/{project.slug}/", {"queue_order": "random"}, format="json")
    assert answer.status_code == 200 and answer.json()["queue_order"] == "random"
    refused = api.patch(f"/api/projects/{project.slug}/", {"queue_order": "loudest"}, format="json")
    assert refused.status_code == 400 and "queue_order" in refused.json()["detail"]


@pytest.mark.django_db
def test_the_list_page_shows_the_order_and_sorts_by_uncertainty(project, reviewer, queue):
    project.queue_order = QueueOrder.UNCERTAINTY
    project.save()
    client = Client()
    client.force_login(reviewer)
    html = client.get(f"/projects/{project.slug}/", {"sort": "unsure"}).content.decode()
    assert "next article: where the proposer is least sure first" in html
    rows = [html.index(f'href="/articles/{queue[i].pk}/"') for i in (2, 3, 0, 1)]
    assert rows == sorted(rows)  # 0.9, 0.5, 0.2, none
    assert "unsure 0.90</span>" in html and "unsure 0.20</span>" in html
