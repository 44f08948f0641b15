"""A database made before the layers were split upgrades with every row kept.

The audit log moved from `annotations` to `accounts` and assignments from `review` to
`annotations`. The test migrates back to the migrations that were current before, writes
rows through the models as they were then (with the old free-form action names), then
migrates forward and reads them through today's models.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from annotator.accounts.models import Event, EventAction
from annotator.annotations.models import Assignment
from annotator.corpus.models import Article as CurrentArticle

BEFORE = [
    ("accounts", "0001_initial"),
    ("corpus", "0001_initial"),
    ("annotations", "0001_initial"),
    ("review", "0001_initial"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_database_from_before_the_split_keeps_events_and_assignments():
    old = _migrate(BEFORE)
    user = old.get_model("accounts", "User").objects.create(username="ana")
    project = old.get_model("accounts", "Project").objects.create(name="P", slug="p")
    article = old.get_model("corpus", "Article").objects.create(project=project, text="Text.", content_hash="h")
    old_set = old.get_model("annotations", "AnnotationSet").objects.create(article=article, kind="human", owner=user)
    OldEvent = old.get_model("annotations", "Event")
    for action, object_type, object_id in [
        ("create", "project", project.pk),
        ("import", "file", "a.jsonl"),
        ("annotation.save", "annotation_set", old_set.pk),
    ]:
        OldEvent.objects.create(
            project=project, actor=user, action=action, object_type=object_type, object_id=object_id
        )
    old.get_model("review", "Assignment").objects.create(article_id=article.pk, user_id=user.pk)

    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

    assert sorted(Event.objects.values_list("action", flat=True)) == sorted(
        [EventAction.PROJECT_CREATE, EventAction.ARTICLES_IMPORT, EventAction.ANNOTATION_SAVE]
    )
    assert Event.objects.filter(project_id=project.pk, actor_id=user.pk).count() == 3
    # Events about an annotation set are filed under its article's history.
    assert Event.objects.get(action=EventAction.ANNOTATION_SAVE).article_id == article.pk
    assert Event.objects.get(action=EventAction.PROJECT_CREATE).article_id is None
    assert list(Assignment.objects.values_list("article_id", "user_id")) == [(article.pk, user.pk)]
    tables = connection.introspection.table_names()
    assert "accounts_event" in tables and "annotations_assignment" in tables
    assert "annotations_event" not in tables and "review_assignment" not in tables


@pytest.mark.django_db(transaction=True)
def test_articles_proposed_before_the_queue_order_get_their_uncertainty():
    old = _migrate(
        [
            ("accounts", "0005_queue_order"),
            ("corpus", "0005_queue_order"),
            ("annotations", "0004_team_workflow"),
            ("proposer", "0001_proposer_model"),
        ]
    )
    project = old.get_model("accounts", "Project").objects.create(name="P", slug="p")
    Article = old.get_model("corpus", "Article")
    AnnotationSet = old.get_model("annotations", "AnnotationSet")
    Quote = old.get_model("annotations", "Quote")
    proposed, unproposed = (
        Article.objects.create(project=project, text=f"Text {n}.", content_hash=f"h{n}") for n in (1, 2)
    )
    older = AnnotationSet.objects.create(article=proposed, kind="machine", source="engine 1")
    newer = AnnotationSet.objects.create(article=proposed, kind="machine", source="engine 2")
    Quote.objects.create(annotation_set=older, start=0, end=4, fragments=[[0, 4]], confidence=0.5)
    for confidence in (0.9, 0.6):  # margins 0.8 and 0.2: uncertainty 0.5, from the latest set only
        Quote.objects.create(annotation_set=newer, start=0, end=4, fragments=[[0, 4]], confidence=confidence)

    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

    assert CurrentArticle.objects.get(pk=proposed.pk).uncertainty == 0.5
    assert CurrentArticle.objects.get(pk=unproposed.pk).uncertainty is None


@pytest.mark.django_db(transaction=True)
def test_articles_annotated_before_the_review_order_get_their_disagreement():
    old = _migrate(
        [
            ("accounts", "0006_retrain_every"),
            ("corpus", "0005_queue_order"),
            ("annotations", "0004_team_workflow"),
            ("proposer", "0003_automatic_retraining"),
        ]
    )
    project = old.get_model("accounts", "Project").objects.create(name="P", slug="p")
    User = old.get_model("accounts", "User")
    Article = old.get_model("corpus", "Article")
    AnnotationSet = old.get_model("annotations", "AnnotationSet")
    Quote = old.get_model("annotations", "Quote")
    text = '"One," Ana said. "Two," Ana said. "Three," Ana said.'
    double, single = (Article.objects.create(project=project, text=text, content_hash=f"h{n}") for n in (1, 2))
    quotes = [(0, 6), (17, 23), (34, 42)]
    for n, (article, kept) in enumerate([(double, 3), (double, 2), (single, 3)]):
        user = User.objects.create(username=f"u{n}")
        owned = AnnotationSet.objects.create(article=article, kind="human", owner=user, status="submitted")
        for start, end in quotes[:kept]:
            Quote.objects.create(annotation_set=owned, start=start, end=end, fragments=[[start, end]], status="added")
    # a rejected quote and a draft set count for nothing
    Quote.objects.create(annotation_set=owned, start=0, end=6, fragments=[[0, 6]], status="rejected")
    draft = AnnotationSet.objects.create(article=single, kind="human", owner=User.objects.create(username="d"))
    Quote.objects.create(annotation_set=draft, start=0, end=6, fragments=[[0, 6]], status="added")

    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

    # 3 against 2 quotes, 2 matched: overlap F1 0.8, no cue or speaker marked: 1 - 0.8
    assert CurrentArticle.objects.get(pk=double.pk).disagreement == pytest.approx(0.2)
    assert CurrentArticle.objects.get(pk=single.pk).disagreement is None
