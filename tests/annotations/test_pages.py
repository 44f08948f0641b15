"""The editor page and the "next article" button."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from annotator.annotations.models import AnnotationSet, Assignment, SetKind, SetStatus
from annotator.annotations.selectors import article_next_for_user
from annotator.corpus.models import ArticleStatus
from tests.conftest import ROLES
from tests.factories import ArticleFactory


def page_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def editor_data(response) -> dict:
    match = re.search(
        r'<script id="editor-data" type="application/json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, "the page carries its data in a json_script block"
    return json.loads(match.group(1))


PAGE_EXPECTED = {"anonymous": 302, "outsider": 404, "annotator": 200, "reviewer": 200, "manager": 200}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_editor_page_permissions(user_for_role, proposed_article, role):
    response = page_client(user_for_role(role)).get(f"/articles/{proposed_article.pk}/")
    assert response.status_code == PAGE_EXPECTED[role]


@pytest.mark.django_db
def test_editor_page_carries_the_users_annotation_and_the_speaker_registry(annotator, proposed_article):
    response = page_client(annotator).get(f"/articles/{proposed_article.pk}/")
    data = editor_data(response)
    assert data["article"]["text"] == proposed_article.text
    assert data["annotation"]["version"] == 1 and len(data["annotation"]["quotes"]) == 3
    assert {s["name"] for s in data["speakers"]} == {"Jan Minister", "Anna Berg"}
    assert data["urls"]["annotation"] == f"/api/articles/{proposed_article.pk}/annotation/"
    assert AnnotationSet.objects.filter(article=proposed_article, kind=SetKind.HUMAN, owner=annotator).exists()


@pytest.mark.django_db
def test_editor_page_has_no_inline_script_or_style(annotator, proposed_article):
    html = page_client(annotator).get(f"/articles/{proposed_article.pk}/").content.decode()
    assert " style=" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    for attrs, body in scripts:
        assert 'type="module"' in attrs and 'src="' in attrs and not body.strip() or 'type="application/json"' in attrs


@pytest.mark.django_db
def test_article_html_in_the_text_stays_escaped_in_the_page(annotator, project):
    article = ArticleFactory(project=project, text='He said: <script>alert("x")</script> and </script><b>bold</b>.')
    html = page_client(annotator).get(f"/articles/{article.pk}/").content.decode()
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert editor_data(page_client(annotator).get(f"/articles/{article.pk}/"))["article"]["text"] == article.text


# --- next article --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_next_article_prefers_articles_assigned_to_the_user(project, annotator):
    ArticleFactory(project=project)
    assigned = ArticleFactory(project=project)
    Assignment.objects.create(article=assigned, user=annotator)
    assert article_next_for_user(project=project, user=annotator) == assigned


@pytest.mark.django_db
def test_next_article_skips_articles_the_user_submitted_and_finished_ones(project, annotator, reviewer):
    project.annotators_per_article = 2  # so the article the annotator submitted still needs the reviewer
    project.save()
    submitted = ArticleFactory(project=project)
    AnnotationSet.objects.create(article=submitted, kind=SetKind.HUMAN, owner=annotator, status=SetStatus.SUBMITTED)
    ArticleFactory(project=project, status=ArticleStatus.GOLD)
    todo = ArticleFactory(project=project)
    assert article_next_for_user(project=project, user=annotator) == todo
    assert article_next_for_user(project=project, user=annotator, after=todo.pk) is None
    assert article_next_for_user(project=project, user=reviewer) == submitted


@pytest.mark.django_db
def test_next_article_continues_started_work_before_new_articles(project, annotator):
    ArticleFactory(project=project)
    started = ArticleFactory(project=project)
    AnnotationSet.objects.create(article=started, kind=SetKind.HUMAN, owner=annotator)
    assert article_next_for_user(project=project, user=annotator) == started


@pytest.mark.django_db
def test_next_button_redirects_to_the_editor_or_back_to_the_list(project, annotator):
    article = ArticleFactory(project=project)
    client = page_client(annotator)
    response = client.get(f"/projects/{project.slug}/next/")
    assert response.status_code == 302 and response["Location"] == f"/articles/{article.pk}/"
    response = client.get(f"/projects/{project.slug}/next/?after={article.pk}", follow=True)
    assert response.redirect_chain[-1][0] == f"/projects/{project.slug}/"
    assert "No other article to do" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_next_article_permissions(user_for_role, project, role):
    ArticleFactory(project=project)
    response = page_client(user_for_role(role)).get(f"/projects/{project.slug}/next/")
    assert response.status_code == {"anonymous": 302, "outsider": 404}.get(role, 302)
    if role not in ("anonymous", "outsider"):
        assert response["Location"].startswith("/articles/")


@pytest.mark.django_db
def test_article_list_links_the_next_article_and_the_speakers(project, annotator):
    html = page_client(annotator).get(f"/projects/{project.slug}/").content.decode()
    assert f'href="/projects/{project.slug}/next/"' in html and f'href="/projects/{project.slug}/speakers/"' in html
