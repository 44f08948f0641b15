"""Full-text search over articles (see annotator/corpus/search.py, which queries these).

PostgreSQL: a tsvector column `search_vector` (not in the model) over title, outlet,
external id and the first 100,000 characters of the text, ASCII punctuation read as
spaces, filled by a trigger and indexed with GIN. A stored column rather than an
expression index: a plan that filters a project's rows then reads the stored vector
instead of parsing every text again (56 s at 100,000 articles with stale statistics);
a trigger rather than a generated column, which would forbid later ALTER COLUMN TYPE
on those fields. SQLite: an FTS5 table of the same fields, contentless (the text stays
in corpus_article only), kept in sync by triggers. Each part runs only on its database.
"""

from django.db import migrations

PG_DOCUMENT = (
    "to_tsvector('simple'::regconfig, translate(NEW.title || ' ' || NEW.outlet || ' ' || NEW.external_id || ' ' "
    "|| left(NEW.text, 100000), '!\"#$%&''()*+,-./:;<=>?@[\\]^_`{|}~', '                                '))"
)
PG_FORWARD = [
    "ALTER TABLE corpus_article ADD COLUMN search_vector tsvector",
    "CREATE FUNCTION corpus_article_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN NEW.search_vector := {PG_DOCUMENT}; RETURN NEW; END $$",
    "CREATE TRIGGER corpus_article_search_vector BEFORE INSERT OR UPDATE OF title, outlet, external_id, text "
    "ON corpus_article FOR EACH ROW EXECUTE FUNCTION corpus_article_search_vector()",
    "UPDATE corpus_article SET title = title",  # fills the column of the rows already there
    "CREATE INDEX article_search_idx ON corpus_article USING GIN (search_vector)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS article_search_idx",
    "DROP TRIGGER IF EXISTS corpus_article_search_vector ON corpus_article",
    "DROP FUNCTION IF EXISTS corpus_article_search_vector()",
    "ALTER TABLE corpus_article DROP COLUMN IF EXISTS search_vector",
]
FTS_VALUES = "{row}.title, {row}.outlet, {row}.external_id, substr({row}.text, 1, 100000)"
FTS_INSERT = (
    "INSERT INTO corpus_article_fts(rowid, title, outlet, external_id, body) "
    "VALUES (new.id, " + FTS_VALUES.format(row="new") + ");"
)
FTS_DELETE = (
    "INSERT INTO corpus_article_fts(corpus_article_fts, rowid, title, outlet, external_id, body) "
    "VALUES ('delete', old.id, " + FTS_VALUES.format(row="old") + ");"
)

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE corpus_article_fts USING fts5("
    "title, outlet, external_id, body, content='', tokenize='unicode61 remove_diacritics 0')",
    "INSERT INTO corpus_article_fts(rowid, title, outlet, external_id, body) "
    "SELECT id, title, outlet, external_id, substr(text, 1, 100000) FROM corpus_article",
    f"CREATE TRIGGER corpus_article_fts_insert AFTER INSERT ON corpus_article BEGIN {FTS_INSERT} END",
    f"CREATE TRIGGER corpus_article_fts_delete AFTER DELETE ON corpus_article BEGIN {FTS_DELETE} END",
    "CREATE TRIGGER corpus_article_fts_update AFTER UPDATE OF title, outlet, external_id, text "
    f"ON corpus_article BEGIN {FTS_DELETE} {FTS_INSERT} END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS corpus_article_fts_update",
    "DROP TRIGGER IF EXISTS corpus_article_fts_delete",
    "DROP TRIGGER IF EXISTS corpus_article_fts_insert",
    "DROP TABLE IF EXISTS corpus_article_fts",
]


class VendorRunSQL(migrations.RunSQL):
    """RunSQL applied only on one database vendor (a no-op elsewhere)."""

    def __init__(self, vendor, *args, **kwargs):
        self.vendor = vendor
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("corpus", "0001_initial")]

    operations = [
        VendorRunSQL("postgresql", PG_FORWARD, PG_BACKWARD),
        VendorRunSQL("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
    ]
