"""The article list's counts: proposals in the latest machine set, the user's confirmed quotes."""

from __future__ import annotations

import pytest

from annotator.annotations.models import SetKind
from annotator.annotations.selectors import article_list_with_counts
from tests.factories import AnnotationSetFactory, ArticleFactory, QuoteFactory, UserFactory


def _set(article, kind, statuses, owner=None):
    annotation_set = AnnotationSetFactory(article=article, kind=kind, owner=owner)
    for i, status in enumerate(statuses):
        QuoteFactory(annotation_set=annotation_set, start=i * 10, end=i * 10 + 5, status=status)
    return annotation_set


@pytest.mark.django_db
def test_counts_take_the_latest_machine_set_and_only_the_users_own_confirmed_quotes(project, annotator):
    counted = ArticleFactory(project=project, text="x" * 200)
    empty = ArticleFactory(project=project, text="y" * 200)
    _set(counted, SetKind.MACHINE, ["proposed"] * 5)
    _set(counted, SetKind.MACHINE, ["proposed"] * 3)  # a re-run: only this one counts
    _set(counted, SetKind.HUMAN, ["accepted", "edited", "added", "rejected", "proposed"], owner=annotator)
    _set(counted, SetKind.HUMAN, ["accepted", "accepted"], owner=UserFactory(username="someone-else"))
    rows = {
        a.pk: (a.proposed_count, a.accepted_count) for a in article_list_with_counts(user=annotator, project=project)
    }
    assert rows == {counted.pk: (3, 3), empty.pk: (0, 0)}
