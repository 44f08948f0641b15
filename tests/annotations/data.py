"""Data for the annotation workspace tests: an article with machine proposals.

Plain functions (used by the API tests' fixtures and by the browser tests)."""

from __future__ import annotations

from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind, Speaker
from tests.factories import ArticleFactory, SpeakerFactory

TEXT = (
    '"We will not back down," the minister said on Monday. '
    "Critics warned that the plan would fail. "
    '"It is a disaster," said Anna Berg, "and everyone knows it."'
)


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def make_proposed_article(project, suffix: str = "", **article_fields):
    """An article whose latest machine set proposes three quotes (one interrupted). A `suffix`
    after the text (the offsets stay) makes another article of the same project."""
    article = ArticleFactory(project=project, text=TEXT + suffix, title="Minister vows", **article_fields)
    minister = Speaker.objects.filter(project=project, name="Jan Minister").first() or SpeakerFactory(
        project=project, name="Jan Minister", aliases=["the minister"]
    )
    berg = Speaker.objects.filter(project=project, name="Anna Berg").first() or SpeakerFactory(
        project=project, name="Anna Berg", aliases=["Berg"]
    )
    old = AnnotationSet.objects.create(article=article, kind=SetKind.MACHINE, source="engine 0")
    Quote.objects.create(annotation_set=old, start=0, end=10, fragments=[[0, 10]], status=QuoteStatus.PROPOSED)
    machine = AnnotationSet.objects.create(article=article, kind=SetKind.MACHINE, source="engine 1")
    q1 = span(TEXT, '"We will not back down,"')
    cue1, who1 = span(TEXT, "said"), span(TEXT, "the minister")
    Quote.objects.create(
        annotation_set=machine,
        start=q1[0],
        end=q1[1],
        fragments=[list(q1)],
        kind="direct",
        cue_start=cue1[0],
        cue_end=cue1[1],
        speaker_start=who1[0],
        speaker_end=who1[1],
        speaker=minister,
        speaker_type="description",
        confidence=0.91,
        status=QuoteStatus.PROPOSED,
    )
    q2 = span(TEXT, "that the plan would fail")
    cue2 = span(TEXT, "warned")
    Quote.objects.create(
        annotation_set=machine,
        start=q2[0],
        end=q2[1],
        fragments=[list(q2)],
        kind="indirect",
        cue_start=cue2[0],
        cue_end=cue2[1],
        confidence=0.55,
        status=QuoteStatus.PROPOSED,
    )
    f1, f2 = span(TEXT, '"It is a disaster,"'), span(TEXT, '"and everyone knows it."')
    cue3, who3 = span(TEXT, "said", 1), span(TEXT, "Anna Berg")
    Quote.objects.create(
        annotation_set=machine,
        start=f1[0],
        end=f2[1],
        fragments=[list(f1), list(f2)],
        kind="direct",
        cue_start=cue3[0],
        cue_end=cue3[1],
        speaker_start=who3[0],
        speaker_end=who3[1],
        speaker=berg,
        speaker_type="named",
        confidence=0.97,
        status=QuoteStatus.PROPOSED,
        metadata={"rule": "colon"},
    )
    return article
