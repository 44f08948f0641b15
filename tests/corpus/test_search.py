"""Full-text search of a project's articles: one rule (`corpus.search`) for the page and the API,
on PostgreSQL's GIN index and on SQLite's FTS5 table."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client

from annotator.annotations.models import SetKind
from annotator.annotations.selectors import article_search
from annotator.corpus.models import Article
from annotator.corpus.search import TEXT_INDEXED_CHARS, fts_triggers_ensure, match_count
from annotator.corpus.selectors import article_list
from tests.factories import AnnotationSetFactory, ArticleFactory, ProjectFactory, QuoteFactory, SpeakerFactory

on_postgres = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's full-text index")
on_sqlite = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's FTS5 table")


@pytest.fixture
def corpus(project):
    return {
        "budget": ArticleFactory(project=project, title="Budget row erupts", text="The council argued for hours."),
        "harbour": ArticleFactory(
            project=project, title="", outlet="Coastal Times", text="The harbour will stay open all winter."
        ),
        "climate": ArticleFactory(
            project=project, title="Talks", external_id="ext-42", text="Climate policy splits the cabinet."
        ),
        "accents": ArticleFactory(project=project, title="Zoë Müller speaks", text="Łukasz Wiśniewski answered."),
    }


def api_ids(client, project, search: str) -> list[int]:
    response = client.get(f"/api/projects/{project.slug}/articles/", {"search": search})
    assert response.status_code == 200, response.content
    return sorted(a["id"] for a in response.json()["results"])


def page_ids(client, project, search: str) -> list[int]:
    response = client.get(f"/projects/{project.slug}/", {"q": search})
    assert response.status_code == 200
    return sorted({int(pk) for pk in re.findall(r'href="/articles/(\d+)/"', response.content.decode())})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("budget", ["budget"]),  # a title word
        ("BUDGET", ["budget"]),  # case is ignored
        ("clim polic", ["climate"]),  # every word, each as the start of a word
        ("climate budget", []),  # all words must match, not any
        ("coastal", ["harbour"]),  # the outlet
        ("ext-42", ["climate"]),  # the external id, split at its punctuation like the text
        ("winter", ["harbour"]),  # the text
        ("müller", ["accents"]),  # letters beyond ASCII, in lower case
        ("WIŚNIEWSKI", ["accents"]),
        ("muller", []),  # no accent folding: the stored spelling is what matches
        ("arbour", []),  # the start of a word, not any part of it
        ("!!!", []),  # no words at all: nothing, and no error
    ],
)
def test_search_finds_every_word_as_a_word_start_on_title_outlet_id_and_text(
    project, manager, manager_api, corpus, search, expected
):
    want = sorted(corpus[name].pk for name in expected)
    browser = Client()
    browser.force_login(manager)
    assert api_ids(manager_api, project, search) == want
    assert page_ids(browser, project, search) == want


@pytest.mark.django_db
def test_search_also_finds_articles_quoting_a_speaker_by_name_in_page_and_api(project, manager, manager_api, corpus):
    speaker = SpeakerFactory(project=project, name="Angela Ortiz")
    QuoteFactory(annotation_set=AnnotationSetFactory(article=corpus["harbour"], kind=SetKind.MACHINE), speaker=speaker)
    browser = Client()
    browser.force_login(manager)
    assert api_ids(manager_api, project, "Ortiz") == [corpus["harbour"].pk]
    assert page_ids(browser, project, "Ortiz") == [corpus["harbour"].pk]


@pytest.mark.django_db
def test_search_keeps_to_the_project(project, manager_api, corpus):
    ArticleFactory(project=ProjectFactory(), title="Budget news elsewhere")
    assert api_ids(manager_api, project, "budget") == [corpus["budget"].pk]


@pytest.mark.django_db
def test_edits_and_deletions_reach_the_index(project, manager_api, corpus):
    article = corpus["budget"]
    article.title = "Ferry strike"
    article.save()
    assert api_ids(manager_api, project, "ferry") == [article.pk]
    assert api_ids(manager_api, project, "budget") == []
    Article.objects.filter(pk=article.pk).delete()
    assert api_ids(manager_api, project, "ferry") == []


@pytest.mark.django_db
def test_a_long_text_of_distinct_words_is_stored_and_searched_up_to_the_indexed_length(project, manager_api):
    # 1,000,000 characters of words that all differ: a tsvector of it would pass PostgreSQL's
    # 1 MB limit, so only the start is indexed and saving it must not fail.
    words = [f"w{i:07x}" for i in range(111_000)]
    text = " ".join(words)[:1_000_000]
    article = ArticleFactory(project=project, text=text)
    early, late = words[10], words[-10]
    assert text.index(early) < TEXT_INDEXED_CHARS < text.index(late)
    assert api_ids(manager_api, project, early) == [article.pk]
    assert api_ids(manager_api, project, late) == []


@on_postgres
@pytest.mark.django_db
def test_postgresql_search_reads_the_stored_vector_and_its_gin_index_serves_it(project, corpus):
    Article.objects.bulk_create(
        Article(project=project, text=f"Filler story number {i}.", content_hash=f"filler-{i}") for i in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE corpus_article")
        sql, params = article_list(project=project, search="climate").values("pk").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        # Whichever plan the statistics pick, no text is parsed again at query time.
        assert "search_vector @@" in plan and "to_tsvector" not in plan
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM corpus_article WHERE search_vector @@ to_tsquery('simple', 'climate:*')")
        assert "article_search_idx" in "\n".join(row[0] for row in cursor.fetchall())


@on_sqlite
@pytest.mark.django_db
def test_sqlite_triggers_dropped_by_a_table_rebuild_come_back_after_migrate(project, manager_api):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER corpus_article_fts_insert")
    assert fts_triggers_ensure(using="default") == ["corpus_article_fts_insert"]
    article = ArticleFactory(project=project, title="Lighthouse keepers vote")
    assert api_ids(manager_api, project, "lighthouse") == [article.pk]
    assert fts_triggers_ensure(using="default") == []


@pytest.mark.django_db
def test_match_count_is_exact_with_speakers_and_leaves_the_planner_settings_as_they_were(project, corpus):
    speaker = SpeakerFactory(project=project, name="Budget Office")
    QuoteFactory(annotation_set=AnnotationSetFactory(article=corpus["harbour"], kind=SetKind.GOLD), speaker=speaker)
    queryset = article_search(project=project, search="budget")  # the title's word, or the speaker's name
    assert match_count(queryset) == 2 == queryset.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_indexscan")
            assert cursor.fetchone()[0] == "on"  # the count's SET LOCAL does not reach later queries
