"""The import pipeline: every format, duplicates, bad lines, CRLF, size limits."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from annotator.annotations.models import AnnotationSet, Quote, SetKind, Speaker
from annotator.corpus.models import Article
from annotator.imports.services import article_import_files

TEXT = 'Officials met on Monday. "We are ready," the mayor said. She warned that costs would rise.'


def jsonl(*records: dict) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8")


def quote_for(text: str, snippet: str, **extra) -> dict:
    start = text.index(snippet)
    return {"start": start, "end": start + len(snippet), "text": snippet, **extra}


def db_state():
    return (Article.objects.count(), AnnotationSet.objects.count(), Quote.objects.count(), Speaker.objects.count())


@pytest.mark.django_db
def test_jsonl_import_stores_articles_with_metadata_and_imported_quotes(project):
    cue = TEXT.index("said")
    record = {
        "id": "ext-1",
        "title": "Budget",
        "outlet": "Daily",
        "url": "https://example.org/a",
        "published": "2024-11-13",
        "text": TEXT,
        "section": "politics",
        "quotes": [
            quote_for(
                TEXT,
                '"We are ready,"',
                kind="direct",
                cue="said",
                cue_start=cue,
                cue_end=cue + 4,
                speaker="the mayor",
                speaker_start=TEXT.index("the mayor"),
                speaker_end=TEXT.index("the mayor") + 9,
                speaker_entity="Jane Doe",
                attribution_id="E1",
            )
        ],
    }
    report = article_import_files(project=project, files=[("a.jsonl", jsonl(record))])
    assert (report.imported, report.skipped, report.rejected_files) == (1, 0, [])
    article = Article.objects.get()
    assert article.external_id == "ext-1" and article.outlet == "Daily" and str(article.published) == "2024-11-13"
    assert article.metadata == {"section": "politics"}
    imported = AnnotationSet.objects.get(article=article)
    assert imported.kind == SetKind.IMPORTED
    quote = imported.quotes.get()
    assert article.text[quote.start : quote.end] == '"We are ready,"'
    assert article.text[quote.cue_start : quote.cue_end] == "said"
    assert quote.speaker.name == "Jane Doe"
    assert quote.metadata == {"attribution_id": "E1"}


@pytest.mark.django_db
def test_csv_import_reads_text_column_and_optional_fields(project):
    data = 'id,title,outlet,text\nc1,First,Paper,"A text, with a comma and ""quotes"".\nAnd a newline."\nc2,Second,,Another text.\n'
    report = article_import_files(project=project, files=[("a.csv", data.encode())])
    assert report.imported == 2
    first = Article.objects.get(external_id="c1")
    assert first.text == 'A text, with a comma and "quotes".\nAnd a newline.'
    assert first.outlet == "Paper"


@pytest.mark.django_db
def test_csv_without_text_column_is_rejected(project):
    report = article_import_files(project=project, files=[("a.csv", b"id,body\n1,hello\n")])
    assert report.rejected_files and "text" in report.files[0].errors[0].message
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_txt_files_become_one_article_each(project):
    report = article_import_files(
        project=project, files=[("one.txt", b"Headline\n\nBody one."), ("two.txt", b"Body two.")]
    )
    assert report.imported == 2
    assert Article.objects.get(external_id="one").title == "Headline"


@pytest.mark.django_db
def test_html_import_keeps_visible_text_only(project):
    page = b"<html><head><title>Page</title><script>alert(1)</script></head><body><p>First para.</p><p>Second.</p></body></html>"
    article_import_files(project=project, files=[("p.html", page)])
    article = Article.objects.get()
    assert article.title == "Page"
    assert article.text == "First para.\n\nSecond."


@pytest.mark.django_db
def test_duplicates_by_content_are_skipped_within_project_and_file(project):
    records = jsonl({"id": "1", "text": "Same text."}, {"id": "2", "text": "Same text."}, {"id": "3", "text": "Other."})
    first = article_import_files(project=project, files=[("a.jsonl", records)])
    assert (first.imported, first.skipped) == (2, 1)
    second = article_import_files(project=project, files=[("a.jsonl", records)])
    assert (second.imported, second.skipped) == (0, 3)
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_same_text_in_another_project_is_not_a_duplicate(project):
    from tests.factories import ProjectFactory

    other = ProjectFactory()
    article_import_files(project=project, files=[("a.txt", b"Shared text.")])
    report = article_import_files(project=other, files=[("a.txt", b"Shared text.")])
    assert report.imported == 1


BAD_LINES = [
    ("not json", "{not json", "not valid JSON"),
    ("not an object", "[1, 2]", "JSON object"),
    ("missing text", json.dumps({"id": "x"}), "text is missing"),
    ("empty text", json.dumps({"text": "   "}), "text is empty"),
    ("offset past end", json.dumps({"text": "Short.", "quotes": [{"start": 0, "end": 99}]}), "past the end"),
    ("start not before end", json.dumps({"text": "Short text.", "quotes": [{"start": 5, "end": 5}]}), "start < end"),
    ("negative offset", json.dumps({"text": "Short text.", "quotes": [{"start": -1, "end": 3}]}), "start < end"),
    (
        "unknown kind",
        json.dumps({"text": "Short text.", "quotes": [{"start": 0, "end": 5, "kind": "rumour"}]}),
        "kind must be",
    ),
    (
        "text mismatch",
        json.dumps({"text": "Short text.", "quotes": [{"start": 0, "end": 5, "text": "Other"}]}),
        "does not match",
    ),
    (
        "overlapping fragments",
        json.dumps({"text": "Short text here.", "quotes": [{"start": 0, "end": 10, "fragments": [[0, 6], [4, 10]]}]}),
        "must not overlap",
    ),
    (
        "cue half given",
        json.dumps({"text": "Short text.", "quotes": [{"start": 0, "end": 5, "cue_start": 6}]}),
        "both cue_start and cue_end",
    ),
    ("bad date", json.dumps({"text": "Short text.", "published": "yesterday"}), "published must be a date"),
    (
        "confidence out of range",
        json.dumps({"text": "Short text.", "quotes": [{"start": 0, "end": 5, "confidence": 3}]}),
        "confidence",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("label,bad_line,message", BAD_LINES, ids=[b[0] for b in BAD_LINES])
def test_import_rejects_whole_file_when_one_line_is_invalid(project, label, bad_line, message):
    good = json.dumps({"id": "good", "text": "A perfectly good article."})
    data = f"{good}\n{bad_line}\n{good.replace('good', 'fine')}\n".encode()
    before = db_state()
    report = article_import_files(project=project, files=[("mixed.jsonl", data)])
    assert report.imported == 0
    [file_report] = report.files
    assert file_report.rejected
    assert [e.line for e in file_report.errors] == [2]
    assert message in file_report.errors[0].message
    assert db_state() == before


@pytest.mark.django_db
def test_every_error_is_listed_with_its_line_number(project):
    data = b'{"text": "ok"}\n{bad\n{"text": ""}\n{"text": "fine", "quotes": [{"start": 0, "end": 99}, {"start": 3, "end": 1}]}\n'
    report = article_import_files(project=project, files=[("x.jsonl", data)])
    lines = [e.line for e in report.files[0].errors]
    assert lines == [2, 3, 4, 4]
    assert "quote 1" in report.files[0].errors[2].message and "quote 2" in report.files[0].errors[3].message


@pytest.mark.django_db
def test_a_rejected_file_does_not_stop_the_good_files_of_the_same_upload(project):
    report = article_import_files(project=project, files=[("good.txt", b"Good."), ("bad.jsonl", b"{oops")])
    assert report.imported == 1 and len(report.rejected_files) == 1
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_wrong_encoding_is_rejected_with_a_clear_message(project):
    data = "Caf\u00e9 says hello".encode("latin-1")
    report = article_import_files(project=project, files=[("latin.txt", data)])
    assert "not UTF-8" in report.files[0].errors[0].message


@pytest.mark.django_db
def test_utf8_byte_order_mark_is_accepted(project):
    article_import_files(project=project, files=[("bom.txt", "\ufeffHello there.".encode())])
    assert Article.objects.get().text == "Hello there."


@pytest.mark.django_db
def test_empty_file_is_rejected(project):
    report = article_import_files(project=project, files=[("empty.jsonl", b"\n\n")])
    assert report.files[0].errors[0].message == "file is empty"


@pytest.mark.django_db
def test_unsupported_extension_is_rejected(project):
    report = article_import_files(project=project, files=[("a.pdf", b"%PDF")])
    assert "unsupported file type" in report.files[0].errors[0].message


@pytest.mark.django_db
def test_oversized_file_and_article_are_rejected(project, settings):
    settings.ANNOTATOR_MAX_UPLOAD_BYTES = 100
    report = article_import_files(project=project, files=[("big.txt", b"x" * 101)])
    assert "limit is 100" in report.files[0].errors[0].message
    settings.ANNOTATOR_MAX_UPLOAD_BYTES = 10_000
    settings.ANNOTATOR_MAX_ARTICLE_CHARS = 50
    report = article_import_files(project=project, files=[("long.jsonl", jsonl({"text": "y" * 51}))])
    assert report.files[0].errors[0].line == 1 and "limit is 50" in report.files[0].errors[0].message
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_crlf_text_is_normalised_and_offsets_are_remapped(project):
    original = 'Line one.\r\nShe said: "Quoted words here."\r\nEnd.\rLast.'
    snippet = '"Quoted words here."'
    start = original.index(snippet)
    cue = original.index("said")
    record = {
        "text": original,
        "quotes": [
            {
                "start": start,
                "end": start + len(snippet),
                "text": snippet,
                "cue_start": cue,
                "cue_end": cue + 4,
                "kind": "direct",
            }
        ],
    }
    article_import_files(project=project, files=[("crlf.jsonl", jsonl(record))])
    article = Article.objects.get()
    assert "\r" not in article.text
    assert article.text == 'Line one.\nShe said: "Quoted words here."\nEnd.\nLast.'
    quote = Quote.objects.get()
    assert article.text[quote.start : quote.end] == snippet
    assert article.text[quote.cue_start : quote.cue_end] == "said"


@pytest.mark.django_db
def test_fragments_of_an_interrupted_quote_are_kept(project):
    text = '"Part one," he said, "part two."'
    record = {
        "text": text,
        "quotes": [{"start": 0, "end": len(text), "fragments": [[0, 11], [21, len(text)]], "kind": "direct"}],
    }
    article_import_files(project=project, files=[("f.jsonl", jsonl(record))])
    assert Quote.objects.get().fragments == [[0, 11], [21, len(text)]]


@pytest.mark.django_db
def test_speakers_with_aliases_are_merged_into_the_registry(project):
    record = {"text": "Some text.", "speakers": [{"name": "Mark Rutte", "aliases": ["Rutte"]}]}
    record2 = {"text": "More text.", "speakers": [{"name": "rutte", "aliases": ["the Dutch politician"]}]}
    article_import_files(project=project, files=[("s.jsonl", jsonl(record, record2))])
    speaker = Speaker.objects.get()
    assert speaker.name == "Mark Rutte"
    assert speaker.aliases == ["Rutte", "the Dutch politician"]


@pytest.mark.django_db
def test_import_articles_command_imports_and_skips_on_second_run(project, tmp_path, capsys):
    path = tmp_path / "two.jsonl"
    path.write_bytes(jsonl({"id": "1", "text": "One."}, {"id": "2", "text": "Two."}))
    call_command("import_articles", str(path), "--project", project.slug, "--no-progress")
    assert "2 imported" in capsys.readouterr().out
    call_command("import_articles", str(path), "--project", project.slug, "--no-progress")
    assert "0 imported, 2 skipped" in capsys.readouterr().out


@pytest.mark.django_db
def test_import_articles_command_exits_non_zero_on_a_rejected_file(project, tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"text": "fine"}\n{broken\n')
    with pytest.raises(CommandError) as excinfo:
        call_command("import_articles", str(path), "--project", project.slug, "--no-progress")
    assert excinfo.value.returncode == 1
    assert "line 2" in capsys.readouterr().err
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_import_articles_command_needs_create_project_for_a_new_slug(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Hello.")
    with pytest.raises(CommandError, match="--create-project"):
        call_command("import_articles", str(path), "--project", "nope", "--no-progress")
    call_command("import_articles", str(path), "--project", "nope", "--create-project", "--no-progress")
    assert Article.objects.filter(project__slug="nope").count() == 1


class _RecordingTask:
    """Stands in for the proposer's task: records the batches it would queue."""

    def __init__(self, queued: list) -> None:
        self.queued = queued

    def enqueue(self, *, article_ids, force=False):
        self.queued.append(article_ids)


@pytest.mark.django_db
def test_import_queues_proposals_after_commit_when_enabled(
    project, settings, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr("annotator.proposer.services._propose_task", _RecordingTask(queued))
    settings.ANNOTATOR_PROPOSE_ON_IMPORT = True
    with django_capture_on_commit_callbacks(execute=True):
        article_import_files(project=project, files=[("a.txt", b"Text.")])
    article = Article.objects.get()
    assert article.proposal_status == "pending"
    assert queued == [[article.pk]]


@pytest.mark.django_db
def test_import_does_not_queue_proposals_when_disabled(project, monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr("annotator.proposer.services._propose_task", _RecordingTask(queued))
    with django_capture_on_commit_callbacks(execute=True):
        article_import_files(project=project, files=[("a.txt", b"Text.")], propose=False)
    assert queued == [] and Article.objects.get().proposal_status == "none"


@pytest.mark.django_db
def test_discontinuous_speaker_mention_text_does_not_reject_the_line(project):
    """PolNeAR-style: the mention text joins pieces; the span envelopes them."""
    text = 'Sen. Ann Lee (D), speaking Monday, and Rep. Bo Park said "No."'
    record = {
        "text": text,
        "quotes": [
            {
                "start": text.index('"No."'),
                "end": len(text),
                "kind": "direct",
                "speaker": "Sen. Ann Lee Rep. Bo Park",
                "speaker_start": 0,
                "speaker_end": text.index(" said"),
                "speaker_spans": [[0, 12], [39, 50]],
            }
        ],
    }
    report = article_import_files(project=project, files=[("p.jsonl", jsonl(record))])
    assert not report.rejected_files
    quote = Quote.objects.get()
    assert quote.metadata == {"speaker_spans": [[0, 12], [39, 50]]}


@pytest.mark.django_db
def test_a_concurrent_duplicate_rejects_the_file_cleanly(project, monkeypatch):
    """Another import commits the same text between our duplicate check and our insert."""
    from annotator.imports import services

    real_write = services._write_file

    def racing_write(**kwargs):
        Article.objects.create(project=project, text="Racing text.")
        return real_write(**kwargs)

    monkeypatch.setattr(services, "_write_file", racing_write)
    # The duplicate check inside the writer does not see the racing row (it came later).
    monkeypatch.setattr(services.Article.objects, "filter", services.Article.objects.none().filter)
    report = article_import_files(project=project, files=[("race.txt", b"Racing text.")])
    assert report.rejected_files and "at the same time" in report.files[0].errors[0].message
