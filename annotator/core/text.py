"""Text from people, checked at the edge: what the database cannot store is refused clearly."""

from __future__ import annotations

from annotator.core.errors import DomainError


def text_checked(value: str, *, field: str) -> str:
    """`value` unchanged, or a DomainError for a NUL character or a lone surrogate.

    PostgreSQL refuses both (and SQLite takes them), so without this check the same input
    is a 500 on one database and stored on the other.
    """
    if "\x00" in value:
        raise DomainError(f"{field} contains a NUL character; remove it.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise DomainError(f"{field} contains an invalid character (a lone surrogate) at position {exc.start}.") from exc
    return value


def search_text(value: str) -> str:
    """A search term as the database can take it: without NUL characters, which no stored
    text holds (PostgreSQL would refuse the query, SQLite would find nothing)."""
    return value.replace("\x00", "")
