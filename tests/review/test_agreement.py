"""Inter-annotator agreement on submitted sets."""

from __future__ import annotations

import pytest

from annotator.annotations.models import SetKind, SetStatus
from annotator.review.selectors import project_agreement
from tests.factories import AnnotationSetFactory, ArticleFactory, QuoteFactory, SpeakerFactory, UserFactory

TEXT = '"We will win," Ana Lopez said. Critics said the plan would fail. "Never," he replied.'


def _submitted(article, user, quotes):
    annotation_set = AnnotationSetFactory(article=article, kind=SetKind.HUMAN, owner=user, status=SetStatus.SUBMITTED)
    for start, end, speaker in quotes:
        QuoteFactory(
            annotation_set=annotation_set,
            start=start,
            end=end,
            fragments=[[start, end]],
            speaker=speaker,
            status="accepted",
        )
    return annotation_set


@pytest.mark.django_db
def test_agreement_compares_pairs_of_submitted_sets(project):
    article = ArticleFactory(project=project, text=TEXT)
    lopez = SpeakerFactory(project=project, name="Ana Lopez")
    critics = SpeakerFactory(project=project, name="Critics")
    first, second = UserFactory(), UserFactory()
    _submitted(article, first, [(0, 14, lopez), (44, 63, critics)])
    _submitted(article, second, [(0, 14, lopez), (44, 63, lopez), (65, 73, lopez)])
    result = project_agreement(project=project)
    assert result["pairs"] == 1 and result["articles"] == 1
    assert result["overlap_f1"] == pytest.approx(0.8)  # 2 matched of 2 and 3
    assert result["speaker_person"] == 0.5


@pytest.mark.django_db
def test_no_agreement_without_two_submitted_sets(project):
    article = ArticleFactory(project=project, text=TEXT)
    _submitted(article, UserFactory(), [(0, 14, None)])
    AnnotationSetFactory(article=article, kind=SetKind.HUMAN, owner=UserFactory(), status=SetStatus.DRAFT)
    assert project_agreement(project=project) == {}
