"""Streaming import: files are read line by line, written in chunks, and still atomic."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from annotator.annotations.models import Quote, Speaker
from annotator.corpus.models import Article
from annotator.imports import services, validation
from annotator.imports.readers import FileSource
from annotator.imports.services import article_import_files


def lines(*records: dict) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def record(n: int, **extra) -> dict:
    text = f'Story {n}. "We will build {n} bridges," the minister said.'
    start = text.index('"')
    end = text.index('," ') + 2
    quote = {"start": start, "end": end, "kind": "direct", "speaker_entity": f"Minister {n % 3}"}
    return {"id": f"s{n}", "text": text, "quotes": [quote], **extra}


class LineByLineOnly(io.BytesIO):
    """A stream that fails the test when someone reads it whole instead of line by line."""

    def read(self, size=-1):
        if size is None or size < 0 or size > 1 << 16:
            pytest.fail(f"the file was read whole (read({size}))")
        return super().read(size)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(services, "CHUNK_ARTICLES", 2)


@pytest.mark.django_db
def test_a_jsonl_file_is_read_line_by_line_never_whole(project):
    data = lines(*(record(n) for n in range(5)))
    source = FileSource("big.jsonl", len(data), lambda: LineByLineOnly(data))
    report = article_import_files(project=project, files=[source])
    assert report.imported == 5 and Quote.objects.count() == 5


@pytest.mark.django_db
def test_a_csv_file_is_read_line_by_line_never_whole(project):
    data = b'id,text\n1,"First, with\na newline."\n2,Second.\n'
    source = FileSource("big.csv", len(data), lambda: LineByLineOnly(data))
    article_import_files(project=project, files=[source])
    assert Article.objects.get(external_id="1").text == "First, with\na newline."


@pytest.mark.django_db
def test_a_file_written_in_several_chunks_keeps_every_article_quote_and_speaker(project, small_chunks):
    report = article_import_files(project=project, files=[("many.jsonl", lines(*(record(n) for n in range(7))))])
    assert (report.imported, report.files[0].quotes) == (7, 7)
    assert sorted(report.files[0].article_ids) == sorted(Article.objects.values_list("pk", flat=True))
    assert Speaker.objects.count() == 3  # the same speakers are matched across chunks, not duplicated


@pytest.mark.django_db
def test_duplicates_are_found_across_chunks_of_one_file(project, small_chunks):
    data = lines(record(1), record(2), record(3), record(1), record(4), record(2))
    report = article_import_files(project=project, files=[("dups.jsonl", data)])
    assert (report.imported, report.skipped) == (4, 2)
    assert Article.objects.count() == 4


@pytest.mark.django_db
def test_a_bad_last_line_after_many_chunks_writes_nothing(project, small_chunks):
    data = lines(*(record(n) for n in range(9))) + b'{"title": "no text"}\n'
    report = article_import_files(project=project, files=[("late.jsonl", data)])
    assert [(e.line, e.message) for e in report.files[0].errors] == [(10, "text is missing")]
    assert (Article.objects.count(), Quote.objects.count(), Speaker.objects.count()) == (0, 0, 0)


@pytest.mark.django_db
def test_a_file_that_changes_between_check_and_write_is_rolled_back_whole(project, small_chunks):
    good = lines(*(record(n) for n in range(5)))
    changed = lines(*(record(n) for n in range(4))) + b"{broken\n"
    readings = iter([good, good, changed])  # the blank check, the check, then the write

    source = FileSource("moving.jsonl", len(good), lambda: io.BytesIO(next(readings)))
    report = article_import_files(project=project, files=[source])
    [file_report] = report.files
    assert file_report.rejected and "changed while it was imported" in file_report.errors[0].message
    assert "line 5" in file_report.errors[0].message
    assert Article.objects.count() == 0  # four articles had been written in earlier chunks


@pytest.mark.django_db
def test_errors_past_the_listed_maximum_are_counted(project, monkeypatch):
    monkeypatch.setattr(validation, "MAX_LISTED_ERRORS", 3)
    data = b"{bad\n" * 5 + lines(record(1))
    errors = article_import_files(project=project, files=[("bad.jsonl", data)]).files[0].errors
    assert [e.line for e in errors] == [1, 2, 3, None]
    assert errors[-1].message == "and 2 more errors (the first 3 are listed)"


@pytest.mark.django_db
def test_a_line_that_is_not_utf8_is_reported_with_its_line_and_byte(project):
    data = lines(record(1)) + '{"text": "Caf\u00e9"}\n'.encode("latin-1")
    [error] = article_import_files(project=project, files=[("latin.jsonl", data)]).files[0].errors
    offset = data.index(b"\xe9")
    assert (error.line, error.message) == (2, f"not UTF-8 text (byte 0xe9 at byte {offset}); save the file as UTF-8")
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_byte_order_mark_on_the_first_jsonl_line_is_accepted(project):
    article_import_files(project=project, files=[("bom.jsonl", b"\xef\xbb\xbf" + lines(record(1)))])
    assert Article.objects.get().external_id == "s1"


@pytest.mark.django_db
def test_a_txt_file_too_large_for_one_article_is_refused_before_it_is_read(project, settings):
    settings.ANNOTATOR_MAX_ARTICLE_CHARS = 10
    source = FileSource("huge.txt", 41, lambda: pytest.fail("the file was opened"))
    [error] = article_import_files(project=project, files=[source]).files[0].errors
    assert "more than one article may hold" in error.message


@pytest.mark.django_db
def test_the_command_takes_a_file_over_the_upload_limit(project, settings, tmp_path, capsys):
    settings.ANNOTATOR_MAX_UPLOAD_BYTES = 100
    path = tmp_path / "large.jsonl"
    path.write_bytes(lines(*(record(n) for n in range(4))))
    assert path.stat().st_size > 100
    call_command("import_articles", str(path), "--project", project.slug, "--no-progress")
    assert "4 imported" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_command_applies_a_limit_given_with_max_bytes(project, tmp_path, capsys):
    path = tmp_path / "large.jsonl"
    path.write_bytes(lines(record(1)))
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), "--project", project.slug, "--no-progress", "--max-bytes", "10")
    assert f"file is {path.stat().st_size:,} bytes; the limit is 10" in capsys.readouterr().err
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_every_article_of_a_chunked_file_is_queued_for_proposals_after_commit(
    project, small_chunks, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []

    class RecordingTask:
        def enqueue(self, *, article_ids, force=False):
            queued.extend(article_ids)

    monkeypatch.setattr("annotator.proposer.services._propose_task", RecordingTask())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = article_import_files(
            project=project, files=[("p.jsonl", lines(*(record(n) for n in range(5))))], propose=True
        )
    assert queued == []  # nothing is queued before the transaction commits
    for callback in callbacks:
        callback()
    assert sorted(queued) == sorted(report.files[0].article_ids) and len(queued) == 5
    assert set(Article.objects.values_list("proposal_status", flat=True)) == {"pending"}
