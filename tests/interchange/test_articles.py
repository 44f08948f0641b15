"""Article records: what export writes, import and the release reader read back the same."""

from __future__ import annotations

import json

import pytest

from annotator.interchange.articles import (
    article_from_line,
    article_metadata,
    article_to_line,
    iter_articles,
    validate_record,
)
from annotator.interchange.jsonl import InputError, JsonlError, iter_jsonl, load_articles
from annotator.interchange.vocabulary import ARTICLE_KEYS

ARTICLE = {
    "id": "a1",
    "title": "Harbour row",
    "text": "The mayor said no.",
    "tags": ["politics", "local"],
    "quotes": [],
    "speakers": [],
    "metadata": {"section": "city", "title": "a metadata key that collides", "metadata": "nested too"},
}


def test_export_line_keeps_tags_as_tags_for_the_importer_and_the_release_reader():
    line = article_to_line(ARTICLE)
    record = json.loads(line)
    assert record["tags"] == ["politics", "local"] and record["section"] == "city"
    assert record["metadata"] == {"title": "a metadata key that collides", "metadata": "nested too"}
    assert article_from_line(line) == ARTICLE
    draft, errors = validate_record(record, max_article_chars=1000)
    assert errors == []
    assert draft.tags == ["politics", "local"]
    assert draft.metadata == ARTICLE["metadata"]


def test_metadata_is_every_key_the_format_does_not_define():
    record = {"text": "x", "id": "1", "tags": [], "source": "wire", "metadata": {"title": "t"}}
    assert article_metadata(record) == {"source": "wire", "title": "t"}
    assert "tags" in ARTICLE_KEYS and "metadata" not in ARTICLE_KEYS


def test_iter_jsonl_numbers_lines_and_explains_bad_ones():
    lines = ['{"text": "a"}', "", "[1, 2]", "{oops", "[" * 100_000 + "]" * 100_000]
    got = list(iter_jsonl(lines))
    assert [n for n, _ in got] == [1, 3, 4, 5]
    assert got[0][1] == {"text": "a"}
    assert all(isinstance(r, JsonlError) for _, r in got[1:])
    assert "JSON object, got list" in got[1][1]
    assert got[2][1].startswith("not valid JSON")
    assert "nested too deeply" in got[3][1]


def test_load_articles_reports_every_bad_line_at_once(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "ok"}\n{"title": "no text"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_articles(path)
    assert [e.split(": ", 1)[0] for e in caught.value.errors] == [f"{path}, line 2", f"{path}, line 3"]


def test_iter_articles_reads_an_exported_file_back(tmp_path):
    path = tmp_path / "train.jsonl"
    path.write_text(article_to_line(ARTICLE) + "\n\n" + article_to_line({**ARTICLE, "id": "a2"}) + "\n")
    assert [a["id"] for a in iter_articles(path)] == ["a1", "a2"]
    path.write_text("{broken\n")
    with pytest.raises(InputError, match="line 1"):
        list(iter_articles(path))
