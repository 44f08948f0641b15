"""Text from people, checked at the edge: what the database cannot store is refused clearly.

PostgreSQL refuses a NUL character in any text or JSON value, and a lone surrogate cannot
be encoded at all; SQLite takes both. So the same input would be stored on one database
and a 500 on the other. Every edge runs its text through here: `text_checked` for one
value, `strings_checked` for a whole parsed JSON body or import record (the API's JSON
parser, `annotator.core.parsers`, and the importer's validator). Pages post through Django
forms, whose text fields refuse NUL already; a form post cannot carry a lone surrogate
(Django decodes it with replacement characters).
"""

from __future__ import annotations

from collections.abc import Iterator

from annotator.core.errors import DomainError


def text_problem(value: str) -> str | None:
    """Why the database cannot store `value` (a NUL, a lone surrogate), or None."""
    if "\x00" in value:
        return "contains a NUL character; remove it"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"contains an invalid character (a lone surrogate) at position {exc.start}"
    return None


def text_checked(value: str, *, field: str) -> str:
    """`value` unchanged, or a DomainError for a NUL character or a lone surrogate."""
    problem = text_problem(value)
    if problem:
        raise DomainError(f"{field} {problem}.", details={field: [f"{problem}."]})
    return value


def string_problems(value: object) -> Iterator[tuple[str, str]]:
    """`(field path, problem)` for every string in a parsed JSON value, keys included.

    Paths read like `title`, `quotes[2].speaker_entity` or `metadata.note`, so a message
    names the field the client sent. The walk uses a stack, not recursion: a value nested
    as deeply as a parser allows cannot overflow Python's stack here.
    """
    stack: list[tuple[str, object]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                yield path or "the value", problem
        elif isinstance(item, dict):
            for key, inner in reversed(item.items()):
                key_text = str(key)
                if text_problem(key_text):
                    yield f"a key in {path or 'the object'}", text_problem(key_text)
                    key_text = _printable(key_text)
                stack.append((f"{path}.{key_text}" if path else key_text, inner))
        elif isinstance(item, (list, tuple)):
            stack.extend((f"{path}[{index}]", inner) for index, inner in reversed(list(enumerate(item))))


def _printable(value: str) -> str:
    """`value` with NULs and lone surrogates written as escapes, fit to appear in a message."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def strings_checked(value: object) -> object:
    """`value` unchanged, or a DomainError listing every field with a NUL or a lone surrogate."""
    problems = list(string_problems(value))
    if problems:
        field, problem = problems[0]
        errors: dict[str, list[str]] = {}
        for where, what in problems:
            errors.setdefault(where, []).append(f"{what}.")
        raise DomainError(f"{field} {problem}.", details=errors)
    return value


def search_text(value: str) -> str:
    """A search term as the database can take it: without NUL characters, which no stored
    text holds (PostgreSQL would refuse the query, SQLite would find nothing)."""
    return value.replace("\x00", "")
