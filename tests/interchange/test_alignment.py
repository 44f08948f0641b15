"""Curation's alignment: quotes of several sources matched as whole objects."""

from __future__ import annotations

from annotator.interchange.alignment import agreement, align

TEXT = (
    '"We will not raise taxes," the minister said, "not this year." '
    "Critics said the plan would fail and that “the budget is a fantasy.” "
    "The union warned of strikes."
)


def q(start_text: str, end_text: str | None = None, **fields) -> dict:
    """A quote record from the first occurrence of `start_text` (to the end of `end_text`)."""
    start = TEXT.index(start_text)
    end = TEXT.index(end_text) + len(end_text) if end_text else start + len(start_text)
    return {"start": start, "end": end, "kind": "direct", **fields}


def groups_of(sources):
    return [sorted(g.members) for g in align(TEXT, sources)]


def test_identical_quotes_form_one_group_each_and_agree():
    a = [q('"We will not raise taxes,"'), q("the plan would fail", kind="indirect")]
    b = [dict(x) for x in a]
    groups = align(TEXT, [a, b])
    assert [sorted(g.members) for g in groups] == [[(0, 0), (1, 0)], [(0, 1), (1, 1)]]
    assert all(all(agreement(TEXT, g, [a, b], [0, 1]).values()) for g in groups)


def test_an_interrupted_quote_matches_the_same_quote_and_fragment_edges_are_compared():
    whole = q('"We will not', 'not this year."')
    frag = dict(
        whole, fragments=[[whole["start"], TEXT.index(" the minister")], [TEXT.index('"not this'), whole["end"]]]
    )
    other = dict(frag, fragments=[[frag["fragments"][0][0], TEXT.index(" taxes")], frag["fragments"][1]])
    groups = align(TEXT, [[frag], [other]])
    assert [sorted(g.members) for g in groups] == [[(0, 0), (1, 0)]]
    agreed = agreement(TEXT, groups[0], [[frag], [other]], [0, 1])
    assert agreed["span"] is False and agreed["kind"] is True


def test_a_nested_quote_keeps_a_group_of_its_own():
    outer = q("the plan would fail", "fantasy.”", kind="mixed")
    inner = q("“the budget is a fantasy.”")
    assert groups_of([[outer, inner], [dict(outer)]]) == [[(0, 0), (1, 0)], [(0, 1)]]


def test_a_quote_one_side_split_in_two_is_one_group():
    whole = q("the plan would fail", "fantasy.”", kind="indirect")
    first = q("the plan would fail", kind="indirect")
    second = q("the budget is a fantasy", kind="indirect")
    groups = align(TEXT, [[whole], [first, second]])
    assert [sorted(g.members) for g in groups] == [[(0, 0), (1, 0), (1, 1)]]
    assert agreement(TEXT, groups[0], [[whole], [first, second]], [0, 1]) == dict.fromkeys(
        ["span", "kind", "cue", "mention", "speaker"], False
    )


def test_fields_disagree_one_by_one():
    base = q('"We will not raise taxes,"', cue_start=TEXT.index("said"), cue_end=TEXT.index("said") + 4)
    base |= {"speaker_start": TEXT.index("the minister"), "speaker_end": TEXT.index(" said"), "speaker_id": 7}
    other = base | {"kind": "mixed", "speaker_id": 8}
    [group] = align(TEXT, [[base], [other]])
    assert agreement(TEXT, group, [[base], [other]], [0, 1]) == {
        "span": True, "kind": False, "cue": True, "mention": True, "speaker": False,
    }  # fmt: skip


def test_quotes_only_one_source_has_are_their_own_groups_and_not_agreed():
    a = [q("The union warned of strikes.", kind="indirect")]
    groups = align(TEXT, [a, []])
    assert [sorted(g.members) for g in groups] == [[(0, 0)]]
    assert not any(agreement(TEXT, groups[0], [a, []], [0, 1]).values())
    assert all(agreement(TEXT, groups[0], [a, []], [0]).values())  # one annotator: confirm or fix
