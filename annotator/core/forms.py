"""Small helpers for reading form posts and JSON ids safely."""

from __future__ import annotations

MAX_ID = 2**63 - 1  # the database's bigint: larger numbers would be a database error, not "not found"


def form_id(value: object) -> int | None:
    """A primary key from a form field, or None for anything that is not one ("abc", "", "-1")."""
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
        return number if number <= MAX_ID else None
    return None


def is_record_id(value: object) -> bool:
    """Whether a JSON value can be a primary key: a whole number (not a bool) the database can hold."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def form_error_text(form) -> str:
    """A form's errors as one line for a page's error message, each with its field's label.

    Django's text fields already refuse NUL characters ("Null characters are not allowed.")
    and check `max_length`; a page that answers with a redirect shows this line instead.
    """
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)  # None for errors of the whole form
        label = (field.label or name.replace("_", " ").capitalize()) if field else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return " ".join(parts)
