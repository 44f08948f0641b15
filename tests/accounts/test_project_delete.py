"""Deleting a project with thousands of articles: in batches, so no statement outgrows
SQLite's limit on parameters ("too many SQL variables" from Django's own cascade)."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import connection
from django.test import Client

from annotator.accounts.events import event_record
from annotator.accounts.models import Event, EventAction, Membership, Project, Role
from annotator.accounts.services import project_delete
from annotator.annotations.models import AnnotationSet, Assignment, Comment, Quote, SetKind, SetStatus, Speaker
from annotator.corpus.models import Article
from tests.factories import MembershipFactory, ProjectFactory, SpeakerFactory, UserFactory

ARTICLES = 5_000
# The limit SQLite is built with by default before 3.32 (32,766 since; this machine's
# build allows 250,000): 5,000 articles pass the bigger ones only by luck of the count.
SQLITE_LIMIT = 999


@pytest.fixture
def stock_sqlite_limit(db):
    """SQLite with its stock limit of 999 parameters a statement (no-op elsewhere)."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    before = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, SQLITE_LIMIT)
    # Django reads the limit once and batches its own lookups by it.
    connection.features.__dict__.pop("max_query_params", None)
    yield
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)
    connection.features.__dict__.pop("max_query_params", None)


def _big_project(slug: str, user) -> Project:
    """A project of `ARTICLES` articles, each with a submitted set and a machine set it is
    based on, a quote in each with a speaker, plus assignments, a comment on a quote and
    an audit event: every relation the cascade meets, at the size that broke it."""
    project = ProjectFactory(slug=slug, name=slug)
    MembershipFactory(project=project, user=user, role=Role.ANNOTATOR)
    speaker = SpeakerFactory(project=project, name=f"Speaker of {slug}")
    articles = Article.objects.bulk_create(
        Article(project=project, title=f"{slug} {i}", text=f"{slug} said {i}.", content_hash=f"{slug}-{i}")
        for i in range(ARTICLES)
    )
    machine = AnnotationSet.objects.bulk_create(AnnotationSet(article=a, kind=SetKind.MACHINE) for a in articles)
    human = AnnotationSet.objects.bulk_create(
        AnnotationSet(article=a, kind=SetKind.HUMAN, owner=user, status=SetStatus.SUBMITTED, based_on=m)
        for a, m in zip(articles, machine, strict=True)
    )
    proposals = Quote.objects.bulk_create(
        Quote(annotation_set=s, start=0, end=4, fragments=[[0, 4]], speaker=speaker) for s in machine
    )
    Quote.objects.bulk_create(
        Quote(annotation_set=s, start=0, end=4, fragments=[[0, 4]], speaker=speaker, proposal=p)
        for s, p in zip(human, proposals, strict=True)
    )
    Assignment.objects.bulk_create(Assignment(article=a, user=user) for a in articles)
    Comment.objects.create(article=articles[0], quote=proposals[0], author=user, body="Check the cue.")
    event_record(EventAction.PROJECT_UPDATE, project=project, object_id=project.pk, after={"name": slug})
    return project


def _assert_gone(project_id: int) -> None:
    assert not Project.objects.filter(pk=project_id).exists()
    assert not Article.objects.filter(project_id=project_id).exists()
    assert not AnnotationSet.objects.filter(article__project_id=project_id).exists()
    assert not Quote.objects.filter(annotation_set__article__project_id=project_id).exists()
    assert not Speaker.objects.filter(project_id=project_id).exists()
    assert not Membership.objects.filter(project_id=project_id).exists()
    assert not Event.objects.filter(project_id=project_id).exists()  # they cascade, as before


def _assert_intact(project: Project) -> None:
    assert Article.objects.filter(project=project).count() == ARTICLES
    assert AnnotationSet.objects.filter(article__project=project).count() == 2 * ARTICLES
    assert Quote.objects.filter(annotation_set__article__project=project, speaker__isnull=False).count() == 2 * ARTICLES
    assert Quote.objects.filter(annotation_set__article__project=project, proposal__isnull=False).count() == ARTICLES
    assert AnnotationSet.objects.filter(article__project=project, based_on__isnull=False).count() == ARTICLES
    assert Comment.objects.filter(article__project=project, quote__isnull=False).count() == 1
    assert Event.objects.filter(project=project).exists()


@pytest.mark.django_db(transaction=False)
def test_the_service_deletes_a_project_of_5000_articles(stock_sqlite_limit):
    user = UserFactory(username="ann")
    doomed, kept = _big_project("doomed", user), _big_project("kept", user)
    project_delete(project=doomed)
    _assert_gone(doomed.pk)
    _assert_intact(kept)  # the other project's rows, and its SET_NULL links, untouched


@pytest.mark.django_db
def test_the_admin_deletes_a_project_of_5000_articles(stock_sqlite_limit):
    """The admin's delete page, the way a project is deleted; Django's cascade failed
    here with "too many SQL variables" on SQLite."""
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    doomed = _big_project("doomed", admin)
    # The audit log is append-only in the admin, so a project with events cannot be
    # deleted there; this one has none (its events cascading is the service test's).
    Event.objects.filter(project=doomed).delete()
    client = Client()
    client.force_login(admin)
    response = client.post(f"/admin/accounts/project/{doomed.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302, response.content[:2000]
    _assert_gone(doomed.pk)
