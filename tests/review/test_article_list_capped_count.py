"""The article list counts its matches only up to `ANNOTATOR_LIST_COUNT_CAP` (a page of a
huge project costs what a small one's does); past the cap it says "more than", its pager
still walks next and previous, and the rows are the ones, in the order, the API gives."""

from __future__ import annotations

import re

import pytest
from django.core.paginator import EmptyPage
from django.test import Client

from annotator.core.pagination import CappedPaginator
from annotator.corpus.models import Article
from annotator.corpus.selectors import article_list

CAP = 30  # the page shows 25 rows: 60 articles fill two pages and a third of 10


@pytest.fixture
def articles(project):
    """60 articles with "harbour" in the text and 5 without, newest first as the list shows them."""
    Article.objects.bulk_create(
        Article(project=project, title=f"Story {i}", text=f"Day {i}: the harbour reopens.", content_hash=f"h-{i}")
        for i in range(60)
    )
    Article.objects.bulk_create(
        Article(project=project, title=f"Other {i}", text="Nothing here.", content_hash=f"o-{i}") for i in range(5)
    )
    return list(article_list(project=project, search="harbour").values_list("pk", flat=True))


def _rows(html: str) -> list[int]:
    return [int(pk) for pk in dict.fromkeys(re.findall(r'href="/articles/(\d+)/"', html))]


def _get(client, project, **params) -> str:
    response = client.get(f"/projects/{project.slug}/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def capped(settings):
    settings.ANNOTATOR_LIST_COUNT_CAP = CAP


@pytest.mark.django_db
def test_the_paginator_counts_at_most_cap_plus_one_and_pages_on_past_the_count(project, articles):
    paginator = CappedPaginator(article_list(project=project, search="harbour"), 25, cap=CAP)
    assert paginator.count == CAP + 1 and paginator.capped and paginator.num_pages == 2
    first, third = paginator.page(1), paginator.page(3)  # page 3 lies past the counted rows
    assert [a.pk for a in first] == articles[:25] and first.has_next() and first.pages_known == 2
    assert [a.pk for a in third] == articles[50:] and not third.has_next() and third.pages_known == 3
    assert third.has_previous() and third.previous_page_number() == 2
    with pytest.raises(EmptyPage):
        paginator.page(4)
    assert paginator.get_page(4).number == 2  # as Django's get_page: past the end, the last counted page
    exact = CappedPaginator(article_list(project=project, search="harbour"), 25, cap=60)
    assert exact.count == 60 and not exact.capped and exact.num_pages == 3


@pytest.mark.django_db
def test_page_says_more_than_the_cap_and_its_pager_walks_to_the_last_row(project, reviewer, articles, capped):
    client = Client()
    client.force_login(reviewer)
    html = _get(client, project, q="harbour")
    assert f"More than {CAP} articles" in html and "60 articles" not in html
    assert "Page 1 of at least 2" in html and 'rel="next"' in html and 'rel="prev"' not in html
    shown = _rows(html)
    html = _get(client, project, q="harbour", page=2)
    assert "Page 2 of at least 3" in html and 'rel="next"' in html
    shown += _rows(html)
    html = _get(client, project, q="harbour", page=3)
    assert "Page 3 of 3" in html and 'rel="next"' not in html and 'rel="prev"' in html
    shown += _rows(html)
    assert shown == articles  # every match once, newest first
    assert _rows(_get(client, project, q="harbour", page=9)) == articles[25:50]  # past the end: last counted page
    # Without a search the 65 articles pass the cap too; below it the count is exact.
    assert f"More than {CAP} articles" in _get(client, project)
    assert "5 articles" in _get(client, project, q="nothing")


@pytest.mark.django_db
def test_page_and_api_give_the_same_articles_in_the_same_order(project, reviewer, manager_api, articles, capped):
    client = Client()
    client.force_login(reviewer)
    page = [pk for n in (1, 2, 3) for pk in _rows(_get(client, project, q="harbour", page=n))]
    api = []
    for n in (1, 2, 3):
        body = manager_api.get(
            f"/api/projects/{project.slug}/articles/", {"search": "harbour", "page": n, "page_size": 25}
        ).json()
        assert body["count"] == 60  # past the cap too, the API's documented count stays exact
        assert (body["next"] is None) == (n == 3) and (body["previous"] is None) == (n == 1)
        api += [a["id"] for a in body["results"]]
    assert page == api == articles
    past = manager_api.get(f"/api/projects/{project.slug}/articles/", {"search": "harbour", "page": 4, "page_size": 25})
    assert past.status_code == 404  # as before: a page past the exact count does not exist
    assert manager_api.get(f"/api/projects/{project.slug}/articles/").json()["count"] == 65
