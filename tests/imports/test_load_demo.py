"""`manage.py load_demo`: the sample to annotate, and invented gold articles to train and compare the proposer on."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from annotator.accounts.models import Event, EventAction
from annotator.accounts.selectors import project_by_slug
from annotator.annotations.models import AnnotationSet, GoldVersion, Quote, SetKind
from annotator.annotations.selectors import article_next_for_user
from annotator.corpus.models import Article, ArticleStatus
from annotator.imports.management.commands.load_demo import DEMO_SLUG, GOLD_NEWS, SAMPLE_RECORD
from annotator.interchange.quotes import QUOTATION_MARKS
from annotator.interchange.splits import DEFAULT_RATIOS, split_for
from annotator.proposer.selectors import TEST_SPLIT, project_gold_split_counts

RECORDS = [json.loads(line) for line in GOLD_NEWS.read_text("utf-8").splitlines() if line.strip()]


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", "--no-propose", stdout=out)
    return out.getvalue()


def test_every_gold_span_of_the_fixture_holds_the_text_it_names():
    assert len(RECORDS) == 22 and len({r["id"] for r in RECORDS}) == 22
    for record in RECORDS:
        text = record["text"]
        assert 120 <= len(text.split()) <= 300, record["id"]
        for q in record["quotes"]:
            assert text[q["start"] : q["end"]] == q["text"]
            assert text[q["cue_start"] : q["cue_end"]] == q["cue"]
            assert text[q["speaker_start"] : q["speaker_end"]] == q["speaker"]
            pieces = [text[s:e] for s, e in q.get("fragments") or [(q["start"], q["end"])]]
            if q["kind"] == "direct":  # each piece of a direct quote is inside its quotation marks
                assert all(p[0] in QUOTATION_MARKS and p[-1] in QUOTATION_MARKS for p in pieces), pieces
            if "fragments" in q:  # an interrupted quote: the cue ("she said") sits between its pieces
                assert len(pieces) > 1 and q["start"] < q["cue_start"] < q["end"]
    kinds = {q["kind"] for r in RECORDS for q in r["quotes"]}
    types = {q["speaker_type"] for r in RECORDS for q in r["quotes"]}
    assert kinds == {"direct", "indirect", "mixed"} and {"named", "pronoun", "description"} <= types
    assert sum(1 for r in RECORDS for q in r["quotes"] if "fragments" in q) >= 10
    assert sum(1 for r in RECORDS for q in r["quotes"] if q["cue"].lower() == "according to") >= 8


@pytest.mark.django_db
def test_load_demo_saves_gold_with_test_split_articles_and_changes_nothing_when_run_again():
    printed = load_demo()
    assert "23 new article(s), 0 already there; 22 gold set(s) saved by reviewer" in printed
    project = project_by_slug(DEMO_SLUG)
    sample = Article.objects.get(project=project, external_id=SAMPLE_RECORD["id"])
    gold = AnnotationSet.objects.filter(article__project=project, kind=SetKind.GOLD).select_related("article")
    assert sorted(g.article.external_id for g in gold) == sorted(r["id"] for r in RECORDS)
    by_id = {r["id"]: r for r in RECORDS}
    for g in gold:
        assert g.version == 1 and g.owner.username == "reviewer"
        assert g.quotes.count() == len(by_id[g.article.external_id]["quotes"])
        assert g.article.status == ArticleStatus.GOLD
    assert GoldVersion.objects.filter(article__project=project).count() == 22
    assert (
        Event.objects.filter(project=project, action=EventAction.GOLD_ADOPT, actor__username="reviewer").count() == 22
    )

    # The proposer trains on the gold outside the release test split and compares on the rest.
    in_test = [r["id"] for r in RECORDS if split_for(r["id"], DEFAULT_RATIOS) == TEST_SPLIT]
    assert len(in_test) == 4
    assert project_gold_split_counts(project=project) == {"train": 18, TEST_SPLIT: 4}

    # The sample stays the one article to annotate: no gold, first in an annotator's queue.
    assert sample.status == ArticleStatus.NEW
    assert not AnnotationSet.objects.filter(article=sample).exists()
    assert article_next_for_user(project=project, user=project.memberships.get(user__username="annotator").user) == (
        sample
    )

    counts = (
        Article.objects.count(),
        AnnotationSet.objects.count(),
        Quote.objects.count(),
        GoldVersion.objects.count(),
    )
    last_event = Event.objects.order_by("-pk").values_list("pk", flat=True).first()
    printed = load_demo()
    assert "0 new article(s), 23 already there; 0 gold set(s) saved by reviewer" in printed
    assert (
        Article.objects.count(),
        AnnotationSet.objects.count(),
        Quote.objects.count(),
        GoldVersion.objects.count(),
    ) == counts
    # What the second run records: the two files it read, each skipped whole.
    again = Event.objects.filter(pk__gt=last_event)
    assert [(e.action, e.after["imported"]) for e in again] == [(EventAction.ARTICLES_IMPORT, 0)] * 2
