"""The editor actions from proposals to gold, against examples counted by hand."""

from __future__ import annotations

import pytest

from annotator.interchange.effort import ACTIONS, Effort, EffortTally, effort_tally, guessed_kind

TEXT = (
    '"We will win," Ana Lopez said on Monday. '
    "Critics said the plan would fail. "
    'Bo Chen called it "a fine plan" and left.'
)


def at(needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def quote(span: str, kind: str, cue: str | None = None, mention: str | None = None, person: str | None = None):
    start, end = at(span)
    q = {"start": start, "end": end, "kind": kind}
    if cue:
        q["cue_start"], q["cue_end"] = at(cue)
    if mention:
        q["speaker_start"], q["speaker_end"] = at(mention)
    if person:
        q["speaker_entity"] = person
    return q


GOLD = [
    quote('"We will win,"', "direct", cue="said", mention="Ana Lopez", person="Ana Lopez"),
    quote("the plan would fail", "indirect", cue="said on", mention="Critics"),
    quote('it "a fine plan"', "mixed", cue="called", mention="Bo Chen", person="Bo Chen"),
]


def by_action(e: Effort) -> dict:
    return {name: n for name, n in e.figures()["by_action"].items() if n}


def test_from_scratch_each_quote_costs_its_selection_and_its_fields():
    tally = effort_tally(TEXT, GOLD, [])
    # Quote 1: add, cue, mention, person; the editor guesses "direct" from its marks.
    # Quote 2: add, cue, mention (no person in the gold); guessed "indirect", right.
    # Quote 3: add, cue, mention, person; 'it "a fine plan"' is guessed mixed, right.
    assert by_action(tally.scratch) == {"add": 3, "cue": 3, "mention": 3, "person": 2}
    assert tally.scratch.actions == 11 and tally.proposed.actions == 11  # no proposals: the same work
    assert tally.figures()["saved"] == 0.0
    assert tally.figures()["scratch"]["per_gold_quote"] == round(11 / 3, 4)


def test_right_proposals_cost_one_accept_each():
    tally = effort_tally(TEXT, GOLD, [dict(q) for q in GOLD])
    assert by_action(tally.proposed) == {"accept": 3}
    assert tally.figures()["saved"] == round(1 - 3 / 11, 4)


def test_each_wrong_field_costs_one_action_and_no_accept():
    proposals = [
        # the end one word short (trimmed edges differ at the end only), the kind wrong, no cue
        quote('"We will', "indirect", mention="Ana Lopez", person="Lopez"),  # "Lopez" is the same person
        # the right span with quotation-mark trimming, the mention on the wrong words, a cue too many
        quote("the plan would fail", "indirect", cue="said on", mention="plan"),
        # nothing proposed for the third; a spurious one instead
        quote("and left", "indirect"),
    ]
    tally = effort_tally(TEXT, GOLD, proposals)
    # 1: boundary (end) + kind + cue; 2: mention; 3 added: add + cue + mention + person; spurious: reject.
    assert by_action(tally.proposed) == {
        "boundary": 1,
        "kind": 1,
        "cue": 2,
        "mention": 2,
        "person": 1,
        "add": 1,
        "reject": 1,
    }
    assert tally.proposed.actions == 9 and tally.proposed.proposals == 3 and tally.proposed.gold == 3


def test_a_cue_or_mention_too_many_is_one_action_to_clear():
    gold = [{"start": 0, "end": 14, "kind": "direct"}]
    proposed = [{**gold[0], "cue_start": 30, "cue_end": 34, "speaker_start": 15, "speaker_end": 24}]
    assert by_action(effort_tally(TEXT, gold, proposed).proposed) == {"cue": 1, "mention": 1}


def test_fragments_added_removed_and_their_edges():
    a, b = at('"We will win,"'), at("on Monday")
    gold = [{"start": a[0], "end": b[1], "kind": "direct", "fragments": [list(a), list(b)]}]
    one_fragment = [{"start": a[0], "end": a[1], "kind": "direct"}]
    assert by_action(effort_tally(TEXT, gold, one_fragment).proposed) == {"fragment": 1}
    assert by_action(effort_tally(TEXT, gold, []).proposed) == {"add": 1, "fragment": 1}


def test_by_kind_counts_each_gold_quotes_actions_and_rejects_only_overall():
    proposals = [dict(GOLD[0]), quote("and left", "indirect")]
    figures = effort_tally(TEXT, GOLD, proposals).figures()
    assert figures["by_kind"] == {
        "direct": {"gold": 1, "per_gold_quote": 1.0, "scratch_per_gold_quote": 4.0},
        "indirect": {"gold": 1, "per_gold_quote": 3.0, "scratch_per_gold_quote": 3.0},
        "mixed": {"gold": 1, "per_gold_quote": 4.0, "scratch_per_gold_quote": 4.0},
    }
    assert figures["proposals"]["actions"] == 1 + 3 + 4 + 1  # the spurious one's reject too


def test_tallies_add_up_over_texts():
    total = EffortTally()
    total += effort_tally(TEXT, GOLD, [])
    total += effort_tally(TEXT, GOLD, [dict(q) for q in GOLD])
    assert (total.scratch.actions, total.proposed.actions, total.scratch.gold) == (22, 14, 6)
    assert total.figures()["by_kind"]["direct"] == {"gold": 2, "per_gold_quote": 2.5, "scratch_per_gold_quote": 4.0}


def test_no_gold_quotes_gives_no_per_quote_figure():
    figures = effort_tally(TEXT, [], [quote("and left", "indirect")]).figures()
    assert figures["proposals"]["per_gold_quote"] is None and figures["saved"] is None
    assert figures["proposals"]["by_action"]["reject"] == 1


@pytest.mark.parametrize(
    "words,kind",
    [
        ('"We will win,"', "direct"),
        ("“Soon.”", "direct"),
        ('it "a fine plan"', "mixed"),
        ("the plan's end", "indirect"),
    ],
)
def test_the_kind_guess_is_the_editors(words, kind):
    assert guessed_kind(words) == kind


def test_every_action_is_documented_in_the_module():
    from annotator.interchange import effort

    assert all(f"| `{name}` |" in effort.__doc__ for name in ACTIONS)
