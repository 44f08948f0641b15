"""`propose_quotes` and `evaluate_quotes` on small files written for the tests."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ARTICLE = {
    "id": "t1",
    "title": "Budget",
    "desk": "metro",
    "text": 'The mayor, Ana Lopez, spoke on Friday. "Taxes will not rise," Lopez said.',
}


def write_jsonl(path, *records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


@pytest.mark.spacy
def test_propose_quotes_writes_interchange_records_with_proposals(tmp_path, capsys):
    source = write_jsonl(tmp_path / "in.jsonl", ARTICLE, {"id": "t2", "text": "No quotes here at all."})
    out = tmp_path / "out.jsonl"
    call_command("propose_quotes", str(source), "-o", str(out), "--no-progress")
    first, second = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert first["desk"] == "metro" and first["title"] == "Budget"
    [quote] = [q for q in first["quotes"] if "Taxes will not rise" in q["text"]]
    assert first["text"][quote["start"] : quote["end"]] == quote["text"]
    assert first["text"][quote["cue_start"] : quote["cue_end"]] == quote["cue"] == "said"
    assert quote["speaker_entity"] == "Ana Lopez"
    assert second["quotes"] == []


@pytest.mark.spacy
def test_propose_quotes_with_two_workers_keeps_input_order(tmp_path):
    records = [dict(ARTICLE, id=f"a{i}", text=ARTICLE["text"].replace("Friday", f"day {i}")) for i in range(20)]
    source = write_jsonl(tmp_path / "in.jsonl", *records)
    out = tmp_path / "out.jsonl"
    call_command("propose_quotes", str(source), "-o", str(out), "--workers", "2", "--no-progress")
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [f"a{i}" for i in range(20)]


def test_propose_quotes_rejects_bad_input_with_line_numbers_and_writes_nothing(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "fine"}\n{oops\n{"title": "no text"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with pytest.raises(CommandError) as excinfo:
        call_command("propose_quotes", str(source), "-o", str(out), "--no-progress")
    assert "line 2" in str(excinfo.value) and "line 3" in str(excinfo.value)
    assert not out.exists()


def test_evaluate_quotes_scores_given_predictions(tmp_path, capsys):
    text = '"We will win," Ana Lopez said. Critics said the plan would fail.'
    gold = {
        "id": "g",
        "text": text,
        "quotes": [
            {
                "start": 0,
                "end": 14,
                "kind": "direct",
                "cue_start": 25,
                "cue_end": 29,
                "speaker_start": 15,
                "speaker_end": 24,
                "speaker_entity": "Ana Lopez",
            },
            {
                "start": 44,
                "end": 63,
                "kind": "indirect",
                "cue_start": 39,
                "cue_end": 43,
                "speaker_start": 31,
                "speaker_end": 38,
                "speaker_entity": "Critics",
            },
        ],
    }
    pred = {
        "id": "g",
        "text": text,
        "quotes": [
            {
                "start": 0,
                "end": 14,
                "kind": "direct",
                "cue_start": 25,
                "cue_end": 29,
                "speaker_start": 15,
                "speaker_end": 24,
                "speaker_entity": "Lopez",
            },
        ],
    }
    gold_path = write_jsonl(tmp_path / "gold.jsonl", gold)
    pred_path = write_jsonl(tmp_path / "pred.jsonl", pred)
    call_command("evaluate_quotes", str(gold_path), "--pred", str(pred_path), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["mention"]["overlap_p"] == 1.0 and report["mention"]["overlap_r"] == 0.5
    assert report["entity"]["speaker_acc"] == 1.0  # a surname names the same person
    assert report["by_kind"]["indirect"]["overlap_r"] == 0.0
    assert [e["type"] for e in report["worst_errors"]] == ["missed"]

    call_command("evaluate_quotes", str(gold_path), "--pred", str(pred_path))
    table = capsys.readouterr().out
    assert "overlap F1" in table and "0.667" in table and "missed" in table


def test_interrupted_predictions_are_split_when_the_gold_stores_fragments_apart(tmp_path, capsys):
    text = '"Part one," she said, "part two." Later text.'
    gold = {
        "id": "g",
        "text": text,
        "quotes": [
            {"start": 0, "end": 11, "kind": "direct"},
            {"start": 22, "end": 33, "kind": "direct"},
        ],
    }
    pred = {
        "id": "g",
        "text": text,
        "quotes": [
            {"start": 0, "end": 33, "kind": "direct", "fragments": [[0, 11], [22, 33]]},
        ],
    }
    gold_path = write_jsonl(tmp_path / "gold.jsonl", gold)
    pred_path = write_jsonl(tmp_path / "pred.jsonl", pred)
    call_command("evaluate_quotes", str(gold_path), "--pred", str(pred_path), "--json")
    split = json.loads(capsys.readouterr().out)
    assert split["interrupted_quotes"] == "one record per fragment"
    assert (split["mention"]["pred"], split["mention"]["exact_f1"]) == (2, 1.0)
    call_command("evaluate_quotes", str(gold_path), "--pred", str(pred_path), "--json", "--fragments", "whole")
    whole = json.loads(capsys.readouterr().out)
    assert (whole["mention"]["pred"], whole["mention"]["overlap_r"]) == (1, 0.5)
