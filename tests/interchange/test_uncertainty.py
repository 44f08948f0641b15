"""An article's uncertainty from its proposals' confidences, worked out by hand."""

from __future__ import annotations

import pytest

from annotator.interchange.uncertainty import proposal_uncertainty


@pytest.mark.parametrize(
    "confidences,expected",
    [
        ([1.0, 0.0], 0.0),  # sure either way
        ([0.5, 0.5], 1.0),  # coin flips
        ([0.9, 0.6], 0.5),  # margins 0.8 and 0.2
        ([0.75, None], 0.5),  # a proposal without a confidence is left out
        ([1.3, -0.2], 0.0),  # out of range: taken as 1 and 0
        ([], None),
        ([None], None),
    ],
)
def test_uncertainty_is_one_minus_the_mean_margin(confidences, expected):
    assert proposal_uncertainty(confidences) == expected
