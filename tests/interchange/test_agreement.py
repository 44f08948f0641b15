"""Agreement figures and Krippendorff's alpha against examples worked out by hand."""

from __future__ import annotations

import math

import pytest

from annotator.interchange import agreement
from annotator.interchange.agreement import NominalUnits, pair_agreement, pair_tally, text_units

# 18 short quotes, each "qNN said x." apart; offsets are computed, not typed.
PIECES = [f'"Quote number {n:02d} here," Ana said.' for n in range(18)]
TEXT18 = " ".join(PIECES)


def _quotes18() -> list[dict]:
    quotes, at = [], 0
    for piece in PIECES:
        end = at + piece.index(",") + 2  # through the closing quotation mark
        cue = at + piece.index("said")
        quotes.append(
            {"start": at, "end": end, "kind": "direct", "cue_start": cue, "cue_end": cue + 4, "speaker_entity": "Ana"}
        )
        at += len(piece) + 1
    return quotes


def test_a_copy_holding_12_of_18_quotes_has_overlap_f1_080_either_way_round():
    full = _quotes18()
    part = [q for n, q in enumerate(full) if n % 3 != 2]
    assert len(part) == 12
    for left, right in ((full, part), (part, full)):
        figures = pair_tally(TEXT18, left, right)[0].figures()
        assert figures["overlap_f1"] == pytest.approx(0.8)  # 2 * 12 / (18 + 12)
        assert figures["exact_f1"] == pytest.approx(0.8)
        assert figures["soft_f1"] == pytest.approx(0.8)
        assert figures["matched"] == 12
        assert figures["cue"] == 1.0 and figures["speaker_person"] == 1.0


TEXT = '"We will win the vote," Ana Lopez said. Critics said the plan would fail. "Never," he replied.'


def test_boundaries_cues_and_speakers_are_compared_on_matched_quotes():
    lopez = {"speaker_id": 1, "speaker_start": 24, "speaker_end": 33}
    left = [
        {"start": 0, "end": 23, "kind": "direct", "cue_start": 34, "cue_end": 38, **lopez},
        {"start": 40, "end": 73, "kind": "indirect", "speaker_id": 2, "speaker_start": 40, "speaker_end": 47},
    ]
    right = [
        # "We will win" only: 11 of the 20 trimmed characters
        {"start": 0, "end": 12, "kind": "direct", "cue_start": 34, "cue_end": 38, **lopez},
        # the same span, but no cue on the left, and another person
        {"start": 40, "end": 73, "kind": "indirect", "cue_start": 48, "cue_end": 52, "speaker_id": 1},
        {"start": 75, "end": 82, "kind": "direct"},
    ]
    figures = pair_tally(TEXT, left, right)[0].figures()
    assert figures["overlap_f1"] == pytest.approx(2 * 2 / 5)
    assert figures["exact_f1"] == pytest.approx(2 * 1 / 5)
    # soft: left side recall (11/20 + 1) / 2, right side precision (1 + 1) / 3
    soft_r, soft_p = (11 / 20 + 1) / 2, 2 / 3
    assert figures["soft_f1"] == pytest.approx(round(2 * soft_p * soft_r / (soft_p + soft_r), 4))
    assert figures["cue"] == 0.5  # first pair agrees, second: only one side has a cue
    assert figures["speaker_mention"] == 0.5  # mentions overlap in the first pair only
    assert figures["speaker_person"] == 0.5


def test_alpha_for_kind_by_hand():
    units = NominalUnits()
    for values in (["direct", "direct"], ["direct", "direct"], ["indirect", "indirect"], ["direct", "indirect"]):
        units.add(values)
    # n = 8 values: 5 direct, 3 indirect; coincidences on the diagonal 2 + 2 + 2 = 6
    assert units.alpha() == pytest.approx(round(1 - 7 * (8 - 6) / (64 - 25 - 9), 4))


# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the worked example for
# nominal data with four observers and missing values (also the krippendorff package's test).
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


@pytest.mark.parametrize("dense_cells", [agreement.DENSE_CELLS, 0], ids=["package", "coincidence-sums"])
def test_alpha_matches_krippendorffs_published_example(monkeypatch, dense_cells):
    monkeypatch.setattr(agreement, "DENSE_CELLS", dense_cells)
    units = NominalUnits()
    for unit in zip(*KRIPPENDORFF_2011, strict=True):
        units.add(v for v in unit if v is not None)
    assert units.alpha() == pytest.approx(0.743, abs=5e-4)


def test_alpha_is_undefined_without_pairable_units_or_without_variation():
    assert NominalUnits().alpha() is None
    units = NominalUnits()
    units.add(["direct"])  # one coder: not pairable
    assert units.alpha() is None
    units.add(["direct", "direct"])
    assert units.alpha() is None  # no expected disagreement
    units.add(["direct", "mixed"])
    assert not math.isnan(units.alpha())


def test_units_of_many_sets_follow_the_alignment_and_a_split_quote_is_missing_data():
    one = [{"start": 0, "end": 23, "kind": "direct", "speaker_id": 1}]
    two = [{"start": 0, "end": 23, "kind": "mixed", "speaker_id": 1}]
    split = [{"start": 0, "end": 8, "kind": "direct"}, {"start": 12, "end": 23, "kind": "direct"}]
    kinds, speakers = text_units(TEXT, [one, two, split])
    assert dict(kinds.rows) == {("direct", "mixed"): 1}
    assert dict(speakers.rows) == {("id:1", "id:1"): 1}


def test_pair_agreement_by_kind_and_alpha_on_matched_quotes():
    left = [{"start": 0, "end": 23, "kind": "direct"}, {"start": 40, "end": 73, "kind": "indirect"}]
    right = [{"start": 0, "end": 23, "kind": "direct"}, {"start": 40, "end": 73, "kind": "mixed"}]
    figures = pair_agreement(TEXT, left, right).figures()
    assert figures["overlap_f1"] == 1.0
    assert figures["by_kind"]["direct"]["overlap_f1"] == 1.0
    assert figures["by_kind"]["indirect"]["overlap_f1"] == 0.0
    assert figures["units"] == 2
    assert figures["alpha_speaker"] is None  # nobody named anyone
    # kind units (direct, direct), (indirect, mixed): n = 4, diagonal 2, marginals 2, 1, 1
    assert figures["alpha_kind"] == pytest.approx(round(1 - 3 * (4 - 2) / (16 - 4 - 1 - 1), 4))


def test_disagreement_is_zero_for_the_same_quotes_and_one_for_none_in_common():
    full = _quotes18()
    assert agreement.disagreement(TEXT18, [full, [dict(q) for q in full]]) == 0.0
    assert agreement.disagreement(TEXT18, [full[:9], full[9:]]) == 1.0  # no quote overlaps another's


def _with_speaker(quotes: list[dict], wrong: int = 0) -> list[dict]:
    """The quotes with "Ana" as the speaker mention, but for the first `wrong`, whose mention is
    the word "Quote" inside the quote itself (no overlap with "Ana")."""
    for n, q in enumerate(quotes):
        q["speaker_start"], q["speaker_end"] = (
            (q["start"] + 1, q["start"] + 6)
            if n < wrong
            else (
                q["cue_start"] - 4,
                q["cue_start"] - 1,
            )
        )
    return quotes


def test_disagreement_averages_overlap_f1_with_the_cue_and_speaker_shares():
    def twelve() -> list[dict]:
        return [q for n, q in enumerate(_quotes18()) if n % 3 != 2]  # 12 of 18: overlap F1 0.8

    # no speaker mention on either side: only overlap F1 and the cue count, 1 - (0.8 + 1.0) / 2
    assert agreement.disagreement(TEXT18, [_quotes18(), twelve()]) == 0.1
    # the mention of 3 of the 12 matched quotes differs: 1 - (0.8 + 1.0 + 9 / 12) / 3
    assert agreement.disagreement(TEXT18, [_with_speaker(_quotes18()), _with_speaker(twelve(), wrong=3)]) == 0.15


def test_disagreement_needs_two_sets_and_two_empty_sets_agree():
    assert agreement.disagreement(TEXT18, [_quotes18()]) is None
    assert agreement.disagreement(TEXT18, []) is None
    assert agreement.disagreement(TEXT18, [[], []]) == 0.0


def test_disagreement_of_three_sets_sums_every_pair():
    full = _quotes18()
    # pairs: (full, full) agree; (full, half) and (full, half) each 18 vs 9 matched 9
    half = full[:9]
    three = agreement.disagreement(TEXT18, [full, [dict(q) for q in full], half])
    # matched 18 + 9 + 9 = 36 of left 18 + 18 + 18 = 54 and right 18 + 9 + 9 = 36: F1 = 72 / 90
    assert three == round(1 - (72 / 90 + 1.0) / 2, 4)
