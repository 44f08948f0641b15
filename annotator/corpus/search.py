"""Full-text search over a project's articles: one rule for the list page and the API.

A search is a list of words; an article matches when each word begins a word of its
title, outlet, external id or text (so `clim polic` finds "climate policy"). Words are
letters and digits; case is ignored; there is no stemming, so both databases give the
same answers:

- PostgreSQL: a `search_vector` column, `to_tsvector('simple', ...)` of the four fields
  with ASCII punctuation read as spaces (so "ext-42" is two words, as in SQLite), kept by
  a trigger and GIN-indexed (`article_search_idx`, corpus migration 0002), queried with a
  prefix `to_tsquery` as a condition on the row itself (see `_VectorMatch`);
- SQLite: the FTS5 table `corpus_article_fts`, kept in sync with `corpus_article` by
  triggers (same migration), tokenizer `unicode61` without diacritic folding.

Only the first `TEXT_INDEXED_CHARS` characters of a text are indexed: PostgreSQL refuses
a tsvector over 1 MB, which a 1,000,000-character text of distinct words would exceed,
and news articles are far shorter.
"""

from __future__ import annotations

import re

from django.db import connection, connections, transaction
from django.db.models import BooleanField, F, Q, Subquery
from django.db.models.expressions import Expression, RawSQL

TEXT_INDEXED_CHARS = 100_000
# The indexed expression, written exactly as in the migration's CREATE INDEX: PostgreSQL
# uses an expression index only for a query that repeats the expression.
_WORD = re.compile(r"[^\W_]+")


def search_words(search: str) -> list[str]:
    """The words of a search as the index splits text: runs of letters and digits, lower case."""
    return _WORD.findall(search.lower())


class _VectorMatch(Expression):
    """`<article>.search_vector @@ to_tsquery('simple', query)` on the row's own table.

    A condition on the row itself, not `pk IN (ids matching)`: the planner then estimates
    how many articles match from the column's statistics and picks its plan by that. For
    a common word it walks the (project, newest first) index and tests each row until a
    page is full (at 100,000 articles the semi-join read the 65,000 matching rows first,
    then sorted them: 717 ms); for a rare word it reads the GIN index and sorts the few.
    The alias comes from the query's own `id` column, so it stays right when Django
    relabels the query inside another (a subquery, `pk__in=`).
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, query: str, pk=None):
        super().__init__()
        self.query = query
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        column_sql, params = compiler.compile(self.pk)
        table = column_sql.rsplit(".", 1)[0]  # '"corpus_article"."id"' or 'U0."id"'
        return f"{table}.search_vector @@ to_tsquery('simple', %s)", [*params, self.query]


class _PkInArray(Expression):
    """`<article>.id = ANY(ARRAY(subquery))`: the ids of a subquery as one array, computed
    once before the scan. Unlike `id IN (subquery)` it is an index condition, so OR-ed with
    the text match the planner can still read both from indexes (a BitmapOr of the GIN
    index and the primary key): with `IN` a rare word made it test all 100,000 articles
    (2.1 s), as no index serves an OR with a semi-join in it."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, subquery, pk=None):
        super().__init__()
        self.subquery = subquery
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self):
        return [self.pk, self.subquery]

    def set_source_expressions(self, exprs):
        self.pk, self.subquery = exprs

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        sub_sql, sub_params = compiler.compile(self.subquery)
        return f"{pk_sql} = ANY(ARRAY{sub_sql})", [*pk_params, *sub_params]


def article_ids_match(ids) -> Q:
    """A filter for the articles whose id the queryset `ids` (one column) gives, shaped so
    that it can be OR-ed with `article_text_match` and both still use indexes."""
    if connection.vendor == "postgresql":
        return Q(_PkInArray(Subquery(ids)))
    return Q(pk__in=ids)


def article_text_match(*, project, search: str) -> Q | None:
    """A filter for the project's articles whose indexed fields hold every word of `search`
    (as prefixes), or None when the search has no words (it is all punctuation)."""
    words = search_words(search)
    if not words:
        return None
    if connection.vendor == "postgresql":
        # Quoted lexemes: the words hold only letters and digits, so nothing can break out.
        return Q(_VectorMatch(" & ".join(f"'{w}':*" for w in words)))
    if connection.vendor == "sqlite":
        query = " ".join(f'"{w}"*' for w in words)
        ids = RawSQL("SELECT rowid FROM corpus_article_fts WHERE corpus_article_fts MATCH %s", (query,))
        return Q(pk__in=ids)
    # No full-text index on other databases: a scan that gives the same kind of answer.
    match = Q()
    for w in words:
        match &= Q(title__icontains=w) | Q(outlet__icontains=w) | Q(external_id__icontains=w) | Q(text__icontains=w)
    return match


def match_count(queryset) -> int:
    """The exact number of rows of a searched queryset of articles.

    On PostgreSQL counted with bitmap index scans only (and no JIT): the planner prices
    `search_vector @@` as nearly free, but each test reads a vector stored out of line
    (TOAST), so it counts a common word by testing every article of the project through
    the project index (100,000 articles, a word in 65,000 of them: 900 ms) where the GIN
    index's bitmap of the matches, OR-ed with the speaker ids, reads only their rows
    (170 to 320 ms on a busy 2-core machine; JIT alone added 150 ms to it). The settings
    are local to a savepoint and put back after the count.
    """
    conn = connections[queryset.db]
    if conn.vendor != "postgresql":
        return queryset.count()
    with transaction.atomic(using=queryset.db), conn.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; SET LOCAL jit = off")
        count = queryset.count()
        # SET LOCAL outlives a released savepoint (until the transaction ends): undo it here
        # for the queries after the count. On an error the savepoint's rollback undoes it.
        cursor.execute(
            "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL enable_indexscan TO DEFAULT; SET LOCAL jit TO DEFAULT"
        )
    return count


# The SQLite triggers of migration 0002, again: SQLite drops a table's triggers when Django
# rebuilds the table (most later AddField/AlterField on corpus_article do), so after every
# migrate `fts_triggers_ensure` puts back any that are missing. The migration keeps its own
# copy because a migration must not change when this module does.
_FTS_VALUES = "{row}.title, {row}.outlet, {row}.external_id, substr({row}.text, 1, " + f"{TEXT_INDEXED_CHARS})"
_FTS_INSERT = (
    "INSERT INTO corpus_article_fts(rowid, title, outlet, external_id, body) VALUES (new.id, "
    + _FTS_VALUES.format(row="new")
    + ");"
)
_FTS_DELETE = (
    "INSERT INTO corpus_article_fts(corpus_article_fts, rowid, title, outlet, external_id, body) "
    "VALUES ('delete', old.id, " + _FTS_VALUES.format(row="old") + ");"
)
SQLITE_TRIGGERS = {
    "corpus_article_fts_insert": f"AFTER INSERT ON corpus_article BEGIN {_FTS_INSERT} END",
    "corpus_article_fts_delete": f"AFTER DELETE ON corpus_article BEGIN {_FTS_DELETE} END",
    "corpus_article_fts_update": "AFTER UPDATE OF title, outlet, external_id, text ON corpus_article "
    f"BEGIN {_FTS_DELETE} {_FTS_INSERT} END",
}


def fts_triggers_ensure(*, using) -> list[str]:
    """On SQLite with the FTS table in place, create the sync triggers that are missing;
    returns their names (none on PostgreSQL, whose index needs no trigger)."""
    conn = connections[using]
    if conn.vendor != "sqlite":
        return []
    with conn.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        if "corpus_article_fts" not in present:
            return []  # before migration 0002
        missing = [name for name in SQLITE_TRIGGERS if name not in present]
        for name in missing:
            cursor.execute(f"CREATE TRIGGER {name} {SQLITE_TRIGGERS[name]}")
    return missing
