"""Two tabs open the same article at once after a re-run of the proposer: no quote twice."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind
from tests.annotations.data import make_proposed_article


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_opens_copy_the_new_proposals_once(project, annotator):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions: runs on PostgreSQL (CI runs the suite there too)")
    article = make_proposed_article(project)
    first = APIClient()
    first.force_authenticate(annotator)
    assert first.get(f"/api/articles/{article.pk}/annotation/").status_code == 200
    # The proposer runs again: a new machine set with two quotes.
    rerun = AnnotationSet.objects.create(article=article, kind=SetKind.MACHINE, source="engine 2")
    for start in (0, 55):
        Quote.objects.create(
            annotation_set=rerun,
            start=start,
            end=start + 10,
            fragments=[[start, start + 10]],
            status=QuoteStatus.PROPOSED,
        )

    barrier = threading.Barrier(2)
    statuses = []

    def open_tab():
        client = APIClient()
        client.force_authenticate(annotator)
        barrier.wait()
        statuses.append(client.get(f"/api/articles/{article.pk}/annotation/").status_code)
        connections.close_all()

    tabs = [threading.Thread(target=open_tab) for _ in range(2)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()
    own = AnnotationSet.objects.get(article=article, kind=SetKind.HUMAN, owner=annotator)
    assert statuses == [200, 200]
    assert own.based_on == rerun and own.quotes.count() == 2
