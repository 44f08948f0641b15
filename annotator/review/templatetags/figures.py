"""Filters for showing figures: a measure with three decimals, a share as a percentage, "–" for none."""

from __future__ import annotations

from django import template

register = template.Library()
NONE = "–"


@register.filter
def figure(value) -> str:
    """0.8 -> "0.800"; None (nothing was compared) or a missing figure -> "–"."""
    return NONE if value is None or value == "" else f"{value:.3f}"


@register.filter
def share(value) -> str:
    """0.25 -> "25.0 %"; None or a missing share -> "–"."""
    return NONE if value is None or value == "" else f"{value * 100:.1f} %"
