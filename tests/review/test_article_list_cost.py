"""The article list costs one page of rows whatever the project's size: no query per row
(counts, agreement, assignees) and none per article of the project."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from annotator.accounts.models import Role
from annotator.annotations.models import AnnotationSet, Assignment, Comment, Quote, SetKind, SetStatus
from annotator.corpus.models import Article, ArticleStatus
from tests.factories import MembershipFactory, ProjectFactory, SpeakerFactory, UserFactory

# Every query the page makes for a full page of 25 rows (session, user, scope, annotators,
# count, the page's ids, its rows, assignees, and five for the page's agreement: articles
# with two submitted sets, their texts, the sets, their quotes, titles); the old per-row
# agreement made 84.
PAGE_QUERIES = 15
API_QUERIES = 4
# A search reads the speakers whose name holds it first, as a list (one query), so that the
# articles quoting them widen it only when there are some (annotations.selectors.article_search).
SEARCH_QUERIES = 1


def queries_for(query: str, base: int) -> int:
    return base + (SEARCH_QUERIES if "q=" in query or "search=" in query else 0)


def _fill(project, n: int, annotators) -> None:
    """`n` articles, each with two submitted sets of quotes (so agreement is computed),
    a machine set, gold, an open flag and two assignments: every column has work to do."""
    speaker = SpeakerFactory(project=project, name="Angela Ortiz")
    articles = Article.objects.bulk_create(
        Article(
            project=project,
            title=f"Harbour story {i}",
            text=f'"The harbour stays open," the mayor said on day {i}.',
            content_hash=f"hash-{i}",
            status=ArticleStatus.ANNOTATED,
        )
        for i in range(n)
    )
    sets = AnnotationSet.objects.bulk_create(
        [
            AnnotationSet(article=a, kind=SetKind.HUMAN, owner=u, status=SetStatus.SUBMITTED)
            for a in articles
            for u in annotators
        ]
        + [AnnotationSet(article=a, kind=SetKind.MACHINE) for a in articles]
        + [AnnotationSet(article=a, kind=SetKind.GOLD, version=2) for a in articles]
    )
    Quote.objects.bulk_create(
        Quote(annotation_set=s, start=0, end=25, fragments=[[0, 25]], cue_start=36, cue_end=40, speaker=speaker)
        for s in sets
    )
    Comment.objects.bulk_create(Comment(article=a, author=annotators[0], kind="unclear", body="?") for a in articles)
    Assignment.objects.bulk_create(Assignment(article=a, user=u) for a in articles for u in annotators)


@pytest.fixture
def annotators(project):
    return [
        MembershipFactory(project=project, role=Role.ANNOTATOR, user=UserFactory(username=f"ann{i}")).user
        for i in (1, 2)
    ]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("size", [30, 120])
@pytest.mark.parametrize("query", ["", "?q=harbour", "?q=ortiz&sort=flags", "?flagged=1&assignee=ann1"])
def test_reviewers_page_costs_a_fixed_number_of_queries(
    project, reviewer, annotators, django_assert_max_num_queries, size, query
):
    _fill(project, size, annotators)
    client = _client(reviewer)
    with django_assert_max_num_queries(queries_for(query, PAGE_QUERIES)):
        response = client.get(f"/projects/{project.slug}/{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{size} articles" in html  # the whole project matched, one page shown
    assert html.count('href="/articles/') >= 25 and "1.00" in html  # rows with their agreement


@pytest.mark.django_db
@pytest.mark.parametrize("size", [30, 120])
def test_annotators_page_costs_a_fixed_number_of_queries(project, annotators, django_assert_max_num_queries, size):
    _fill(project, size, annotators)
    client = _client(annotators[0])
    with django_assert_max_num_queries(queries_for("?q=harbour", PAGE_QUERIES)):
        response = client.get(f"/projects/{project.slug}/?q=harbour")
    assert response.status_code == 200 and f"{size} articles" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [30, 120])
def test_api_list_and_search_cost_a_fixed_number_of_queries(
    project, manager_api, annotators, django_assert_max_num_queries, size
):
    _fill(project, size, annotators)
    for query in ("", "?search=harbour", "?search=ortiz"):
        with django_assert_max_num_queries(queries_for(query, API_QUERIES)):
            body = manager_api.get(f"/api/projects/{project.slug}/articles/{query}").json()
        assert body["count"] == size and len(body["results"]) == min(size, 50)


def _vm_steps(sql: str) -> int:
    """SQLite's work running `sql` (virtual machine steps, in hundreds: the same for the same
    plan and rows, whatever the machine's speed); 0 on other databases."""
    steps = 0
    if connection.vendor == "sqlite":

        def step() -> int:
            nonlocal steps
            steps += 1
            return 0  # go on

        connection.connection.set_progress_handler(step, 100)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                cursor.fetchall()
        finally:
            connection.connection.set_progress_handler(None, 100)
    return steps


def _page_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def _rows_query(client, url: str) -> tuple[str, int]:
    """The SQL of the query that reads the page's counts, and SQLite's work running it again."""
    [sql] = [sql for sql in _page_queries(client, url) if '"proposed_count"' in sql]
    return sql, _vm_steps(sql)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?sort=status", "?sort=flags", "?sort=done", "?sort=title", "?q=harbour"])
def test_the_counts_are_computed_for_one_page_of_rows(project, reviewer, annotators, query):
    """Sorted by status or a count, SQLite used to compute all six counts of every article
    before cutting the page (steps 328 at 120 articles, 3,234 at 1,200); now the ids are
    chosen first and the counts read for those 25 (68 steps at either size)."""
    big = ProjectFactory(slug="big")
    for user in (reviewer, *annotators):
        MembershipFactory(project=big, user=user, role=Role.REVIEWER if user == reviewer else Role.ANNOTATOR)
    _fill(project, 120, annotators)
    _fill(big, 1200, annotators)
    client = _client(reviewer)
    small_sql, small = _rows_query(client, f"/projects/{project.slug}/{query}")
    big_sql, big_steps = _rows_query(client, f"/projects/big/{query}")
    for sql in (small_sql, big_sql):
        assert '"corpus_article"."id" IN (' in sql  # the page's ids, looked up
    if connection.vendor == "sqlite":
        assert big_steps <= small * 1.2 + 2  # ten times the articles, the same work


@pytest.mark.django_db
@pytest.mark.parametrize("size", [30, 120])
@pytest.mark.parametrize("query", ["", "?q=harbour", "?q=ortiz&sort=flags", "?q=harbour&page=2"])
def test_a_capped_count_costs_the_same_fixed_number_of_queries(
    project, reviewer, annotators, django_assert_max_num_queries, settings, size, query
):
    # Past the cap the page reads its ids, then their rows: one query more than a page
    # below the cap, and still none per row or per article.
    settings.ANNOTATOR_LIST_COUNT_CAP = 20
    _fill(project, size, annotators)
    client = _client(reviewer)
    with django_assert_max_num_queries(queries_for(query, PAGE_QUERIES + 1)):
        response = client.get(f"/projects/{project.slug}/{query}")
    html = response.content.decode()
    assert response.status_code == 200 and "More than 20 articles" in html
    assert html.count('href="/articles/') >= (5 if size == 30 and "page=2" in query else 25)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/projects/{slug}/?q=harbour", "/api/projects/{slug}/articles/?search=harbour"])
def test_a_search_no_speaker_name_holds_reads_no_annotations(project, reviewer, annotators, url):
    """A word no speaker's name holds searches the texts alone. The speakers' branch of the
    search, left as a subquery, let SQLite's planner (with statistics) read every annotation
    set and its quotes for any word, so the search cost grew with the annotations (the list
    page's `?q=said` on PolNeAR-length articles: 91 ms at 1,000, 194 ms at 8,000)."""
    _fill(project, 30, annotators)
    queries = _page_queries(_client(reviewer), url.format(slug=project.slug))
    searches = [sql for sql in queries if "corpus_article_fts" in sql or "search_vector" in sql]
    assert searches and not any("annotations_quote" in sql for sql in searches)


@pytest.mark.django_db
def test_a_search_still_finds_the_articles_quoting_a_speaker_by_name(project, reviewer, annotators):
    _fill(project, 30, annotators)
    body = _client(reviewer).get(f"/api/projects/{project.slug}/articles/", {"search": "ortiz"}).json()
    assert body["count"] == 30
    assert _client(reviewer).get(f"/api/projects/{project.slug}/articles/", {"search": "nobody"}).json()["count"] == 0
