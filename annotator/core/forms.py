"""Small helpers for reading form posts safely."""

from __future__ import annotations

MAX_ID = 2**63 - 1  # the database's bigint: larger numbers would be a database error, not "not found"


def form_id(value: object) -> int | None:
    """A primary key from a form field, or None for anything that is not one ("abc", "", "-1")."""
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
        return number if number <= MAX_ID else None
    return None
