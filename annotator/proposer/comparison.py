"""How a new model is judged against the active proposer on the test split: one rule, used by
the proposer page (its verdict line) and by automatic retraining (whether to activate)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

#: The figure the verdict is about: a quote found with its cue and speaker right, which is
#: what spares an annotator work.
VERDICT_KEY, VERDICT_LABEL = "e2e_f1", "End-to-end F1"
#: Below this many gold quotes in the test split a difference of a few hundredths may be
#: chance: the page says so, and automatic retraining does not activate on such evidence.
FEW_TEST_QUOTES = 100


def score_mode(scores: dict) -> str:
    """Speakers are judged by person when the gold names people, by mention otherwise."""
    return "entity" if "entity" in (scores.get("model") or {}) else "mention"


def sides(scores: dict) -> tuple[dict, dict]:
    """The model's figures and the active proposer's, in the mode speakers are judged by."""
    mode = score_mode(scores)
    return scores["model"][mode], (scores.get("active") or {}).get(mode, {})


def figure(value: float | None) -> Decimal | None:
    """A figure as it is compared and shown: three decimals, rounded half up as the page's
    `floatformat` rounds, so the decision and the printed figures never disagree."""
    if value is None:
        return None
    return Decimal(repr(float(value))).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def auto_activation(scores: dict) -> tuple[bool, str]:
    """Whether an automatically retrained model replaces the active proposer, and why (one sentence).

    It does when the test split holds at least `FEW_TEST_QUOTES` gold quotes and the model's
    end-to-end F1, to three decimals, is at least the active proposer's: never worse than
    what proposes now, on evidence large enough to tell.
    """
    if not scores.get("model"):
        return False, "Kept the active proposer: no gold article in the test split to compare on."
    model, active = sides(scores)
    gold = model.get("gold") or 0
    new, old = figure(model.get(VERDICT_KEY)), figure(active.get(VERDICT_KEY))
    if gold < FEW_TEST_QUOTES:
        return False, (
            f"Kept the active proposer: {gold} gold quotes in the test split are too few to tell "
            f"(at least {FEW_TEST_QUOTES} needed); activate it by hand if you trust it."
        )
    if new is None or old is None or new < old:
        return False, f"Kept the active proposer: {VERDICT_LABEL.lower()} {new} against {old}."
    return True, f"Activated: {VERDICT_LABEL.lower()} {new} against {old} on {gold} test gold quotes."
