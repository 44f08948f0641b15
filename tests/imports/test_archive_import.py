"""`import_articles` of `propose_archive` output: proposals as machine sets, a sample or the least sure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind
from annotator.corpus.models import Article, ArticleStatus, ProposalStatus

TEXT = '"We will win," Ana Lopez said on day {n}. Critics said the plan would fail.'


def record(n: int, confidences: list[float]) -> dict:
    text = TEXT.format(n=n)
    quotes = []
    for c in confidences:
        cue = text.index("said")
        quotes.append({"start": 0, "end": 14, "text": text[:14], "kind": "direct", "cue": "said",
                       "cue_start": cue, "cue_end": cue + 4, "speaker": "Ana Lopez", "speaker_start": 15,
                       "speaker_end": 24, "speaker_entity": "Ana Lopez", "speaker_type": "named",
                       "confidence": c})  # fmt: skip
    return {"id": f"a{n}", "text": text, "quotes": quotes}


@pytest.fixture
def archive_output(tmp_path) -> Path:
    """An output folder as propose_archive leaves it: parts/*.jsonl and manifest.json."""
    parts = tmp_path / "out" / "parts"
    parts.mkdir(parents=True)
    # uncertainty 1 - mean |2c - 1|: a0 0.02, a1 0.2, a2 0.9, a3 none (no proposal), a4 0.5
    rows = [record(0, [0.99]), record(1, [0.9]), record(2, [0.55]), record(3, []), record(4, [0.75, 0.75])]
    (parts / "in-00000.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:3]), encoding="utf-8")
    (parts / "in-00001.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[3:]), encoding="utf-8")
    (tmp_path / "out" / "manifest.json").write_text(json.dumps({"proposer": "quote-proposer 1.4.0 + model m-1"}))
    return parts


def files(parts: Path) -> list[str]:
    return [str(p) for p in sorted(parts.glob("*.jsonl"))]


@pytest.mark.django_db
def test_archive_proposals_become_machine_sets_to_review(project, archive_output):
    call_command("import_articles", *files(archive_output), "--project", project.slug, "--as-proposals",
                 "--no-progress")  # fmt: skip
    assert Article.objects.filter(project=project).count() == 5
    sets = AnnotationSet.objects.filter(article__project=project)
    assert {s.kind for s in sets} == {SetKind.MACHINE} and sets.count() == 5
    assert {s.source for s in sets} == {"archive: quote-proposer 1.4.0 + model m-1"}
    assert {q.status for q in Quote.objects.filter(annotation_set__in=sets)} == {QuoteStatus.PROPOSED}
    a2 = Article.objects.get(project=project, external_id="a2")
    assert a2.proposal_status == ProposalStatus.PROPOSED and a2.status == ArticleStatus.PROPOSED
    assert a2.uncertainty == pytest.approx(0.9)
    assert Quote.objects.get(annotation_set__article=a2).confidence == pytest.approx(0.55)
    assert Article.objects.get(project=project, external_id="a3").uncertainty is None


@pytest.mark.django_db
def test_the_least_sure_are_chosen_across_files(project, archive_output, capsys):
    call_command("import_articles", *files(archive_output), "--project", project.slug, "--as-proposals",
                 "--least-sure", "2", "--no-progress")  # fmt: skip
    assert set(Article.objects.filter(project=project).values_list("external_id", flat=True)) == {"a2", "a4"}
    assert "Chose 2 article(s) of 2 file(s): 2 least sure." in capsys.readouterr().out


@pytest.mark.django_db
def test_a_seeded_sample_is_the_same_every_time(project, archive_output, capsys):
    from tests.factories import ProjectFactory

    other = ProjectFactory(slug="other")
    for target in (project, other):
        call_command("import_articles", *files(archive_output), "--project", target.slug, "--sample", "3",
                     "--seed", "7", "--no-progress")  # fmt: skip
    first = set(Article.objects.filter(project=project).values_list("external_id", flat=True))
    assert len(first) == 3 and first <= {f"a{n}" for n in range(5)}
    assert set(Article.objects.filter(project=other).values_list("external_id", flat=True)) == first
    # without --as-proposals the quotes are imported annotations, as for any JSONL file
    assert set(AnnotationSet.objects.filter(article__project=project).values_list("kind", flat=True)) == {
        SetKind.IMPORTED
    }


@pytest.mark.django_db
def test_a_bad_line_refuses_the_selection_whole(project, archive_output):
    with (archive_output / "in-00001.jsonl").open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_articles", *files(archive_output), "--project", project.slug, "--least-sure", "2",
                     "--no-progress")  # fmt: skip
    assert "in-00001.jsonl, line 3: not valid JSON" in str(excinfo.value)
    assert not Article.objects.filter(project=project).exists()
    with pytest.raises(CommandError, match="at least 1"):
        call_command("import_articles", *files(archive_output), "--project", project.slug, "--sample", "0")
