"""How unsure a proposer was of an article's proposals: the queue's "uncertainty" order.

Each proposal's confidence `c` (the trained model's probability that the quote is right,
or the rule's own confidence) is `|2c - 1|` from a coin flip: its margin. An article's
uncertainty is one minus the mean margin of its proposals, from 0 (every proposal at 0
or 1) to 1 (every one at 0.5), so articles whose proposals sit nearest the model's
threshold come first, where a person's decision teaches the next model most. None when
no proposal carries a confidence: nothing to rank by. Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable


def proposal_uncertainty(confidences: Iterable[float | None]) -> float | None:
    """One minus the mean confidence margin `|2c - 1|` of the proposals that have one."""
    margins = [abs(2 * min(1.0, max(0.0, float(c))) - 1) for c in confidences if c is not None]
    if not margins:
        return None
    return round(1 - sum(margins) / len(margins), 4)
