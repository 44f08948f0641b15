"""Tests of the scorer on small invented documents."""

from __future__ import annotations

import pytest

from annotator.interchange.scoring import same_person, score, score_by_kind, trimmed, worst_errors

TEXT = "“Rain is coming,” said Ana Silva. Tom Reed said the roads were closed. Ana added that “schools stay open.”"
#        0         1         2         3         4         5         6         7         8         9         10


def q(start: int, end: int, **kw) -> dict:
    return {"start": start, "end": end, **kw}


def span_of(needle: str) -> tuple[int, int]:
    k = TEXT.index(needle)
    return k, k + len(needle)


RAIN = span_of("“Rain is coming,”")
ROADS = span_of("the roads were closed")
SCHOOLS = span_of("that “schools stay open.”")
ANA = span_of("Ana Silva")
TOM = span_of("Tom Reed")
ANA2 = span_of("Ana added")[0], span_of("Ana added")[0] + 3
SAID1 = span_of("said Ana")[0], span_of("said Ana")[0] + 4
SAID2 = span_of("said the roads")[0], span_of("said the roads")[0] + 4


def gold_doc() -> dict:
    return {
        "id": "d1",
        "text": TEXT,
        "quotes": [
            q(
                *RAIN,
                kind="direct",
                cue_start=SAID1[0],
                cue_end=SAID1[1],
                speaker_start=ANA[0],
                speaker_end=ANA[1],
                speaker_entity="Ana Silva",
            ),
            q(
                *ROADS,
                kind="indirect",
                cue_start=SAID2[0],
                cue_end=SAID2[1],
                speaker_start=TOM[0],
                speaker_end=TOM[1],
                speaker_entity="Tom Reed",
            ),
            q(*SCHOOLS, kind="mixed", speaker_start=ANA2[0], speaker_end=ANA2[1], speaker_entity="Ana Silva"),
        ],
    }


def test_trim_strips_marks_spaces_and_edge_punctuation():
    text = " “Hello, world.” "
    s, e = trimmed(text, 0, len(text))
    assert text[s:e] == "Hello, world"


def test_same_person_accepts_surname_and_ignores_titles():
    assert same_person("Silva", "Ana Silva")
    assert same_person("Mr. Reed", "Tom Reed")
    assert same_person("President Ana Silva", "ana silva")
    assert not same_person("Ana", "Ana Silva")  # a first name alone is not enough
    assert not same_person(None, "Ana Silva")
    assert not same_person("Tom Silva", "Ana Silva")


def test_perfect_prediction_scores_one():
    g = gold_doc()
    res = score([g], [g])
    assert res["overlap_f1"] == res["exact_f1"] == res["soft_f1"] == 1.0
    assert res["speaker_acc"] == 1.0 and res["e2e_f1"] == 1.0
    assert res["cue_acc"] == 1.0
    assert res["gold"] == res["pred"] == 3 and res["missing_docs"] == 0


def test_partial_prediction():
    pred = {
        "id": "d1",
        "text": TEXT,
        "quotes": [
            # trimmed boundaries equal the gold ones: exact
            q(
                RAIN[0] + 1,
                RAIN[1],
                cue_start=SAID1[0],
                cue_end=SAID1[1],
                speaker_start=ANA[0],
                speaker_end=ANA[1],
                speaker_entity="Silva",
            ),
            # half of the gold span, wrong speaker
            q(
                ROADS[0],
                ROADS[0] + 9,
                cue_start=None,
                cue_end=None,
                speaker_start=ANA[0],
                speaker_end=ANA[1],
                speaker_entity="Ana Silva",
            ),
            # spurious
            q(0, 1),
        ],
    }
    res = score([gold_doc()], [pred])
    assert res["gold"] == 3 and res["pred"] == 3
    assert res["overlap_p"] == pytest.approx(2 / 3, abs=1e-4)
    assert res["overlap_r"] == pytest.approx(2 / 3, abs=1e-4)
    assert res["exact_f1"] == pytest.approx(1 / 3, abs=1e-4)
    assert res["cue_acc"] == 0.5
    assert res["speaker_acc"] == 0.5
    assert res["e2e_recall"] == pytest.approx(1 / 3, abs=1e-4)
    ent = score([gold_doc()], [pred], speaker="entity")
    assert ent["speaker_acc"] == 0.5  # "Silva" names Ana Silva; Ana is not Tom Reed


def test_each_prediction_pairs_with_one_gold_quote_largest_overlap_first():
    big = q(RAIN[0], ROADS[1])  # overlaps two gold quotes, pairs with the larger overlap
    res = score([gold_doc()], [{"id": "d1", "text": TEXT, "quotes": [big]}])
    assert res["overlap_r"] == pytest.approx(1 / 3, abs=1e-4)
    assert res["overlap_p"] == 1.0


def test_missing_document_counts_its_gold_quotes():
    res = score([gold_doc()], [])
    assert res["missing_docs"] == 1 and res["overlap_r"] == 0.0 and res["overlap_f1"] == 0.0


def test_different_text_is_an_error():
    pred = {"id": "d1", "text": TEXT + "!", "quotes": []}
    with pytest.raises(ValueError):
        score([gold_doc()], [pred])


def test_kinds_restrict_the_gold_side_only():
    g = gold_doc()
    res = score([g], [g], kinds={"direct"})
    assert res["gold"] == 1 and res["pred"] == 3
    assert res["overlap_r"] == 1.0


def test_score_by_kind_reports_each_gold_kind():
    g = gold_doc()
    by_kind = score_by_kind([g], [g])
    assert set(by_kind) == {"direct", "indirect", "mixed"}
    assert all(v["overlap_r"] == 1.0 for v in by_kind.values())


def test_unknown_speaker_mode_is_rejected():
    with pytest.raises(ValueError):
        score([gold_doc()], [gold_doc()], speaker="name")


def test_worst_errors_lists_missed_spurious_and_wrong_speakers():
    pred = {
        "id": "d1",
        "text": TEXT,
        "quotes": [
            q(*RAIN, speaker_start=TOM[0], speaker_end=TOM[1]),
            q(0, 1),
        ],
    }
    errors = worst_errors([gold_doc()], [pred], limit=10)
    kinds = sorted(e["type"] for e in errors)
    assert kinds == ["missed", "missed", "spurious", "wrong_speaker"]
    for e in errors:
        assert e["doc_id"] == "d1"
        assert 0 <= e["start"] < e["end"] <= len(TEXT)
        assert len(e["context"]) <= 90
    assert len(worst_errors([gold_doc()], [pred], limit=2)) == 2
