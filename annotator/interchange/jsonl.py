"""Reading and writing JSONL, the one way every layer does it.

The importer, the proposer's commands, the scorer and the release reader all read lines
through `iter_jsonl`, so a bad line gets the same message everywhere, with its number.
"""

from __future__ import annotations

import datetime
import decimal
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


class JsonlError(str):
    """Why one line could not be read as a JSON object."""


class InputError(Exception):
    """A file that cannot be used; `errors` lists every problem with its line number."""

    def __init__(self, errors: list[str]) -> None:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}" if errors else "the input cannot be used")
        self.errors = errors


def parse_line(line: str) -> dict | JsonlError:
    """One line as a JSON object, or the reason it is not one."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        # json's messages can end in "starting at"; the column says where.
        return JsonlError(f"not valid JSON at column {exc.colno}: {exc.msg.removesuffix(' starting at')}")
    except RecursionError:
        return JsonlError("the JSON is nested too deeply")
    if not isinstance(record, dict):
        return JsonlError(f"each line must be a JSON object, got {type(record).__name__}")
    return record


def iter_jsonl(lines: Iterable[str]) -> Iterator[tuple[int, dict | JsonlError]]:
    """`(line number, record or error)` for every non-blank line, numbered from 1."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, parse_line(line)


def load_articles(path: Path) -> list[dict]:
    """Every article of an interchange JSONL file; all bad lines are reported together.

    An article needs a string `text`. Raises `InputError` listing each problem as
    "path, line N: message", or `FileNotFoundError`.
    """
    try:
        content = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from exc
    records, errors = [], []
    for number, record in iter_jsonl(content.split("\n")):
        if isinstance(record, JsonlError):
            errors.append(f"{path}, line {number}: {record}")
        elif not isinstance(record.get("text"), str):
            errors.append(f"{path}, line {number}: an article needs a string 'text'")
        else:
            records.append(record)
    if errors:
        raise InputError(errors)
    return records


_PRIMITIVES = (str, int, float, bool, type(None))


def plain(value: Any) -> Any:
    """A JSON/msgpack-safe version of `value`.

    The database may hand over `date`/`datetime` (published), `Decimal` (confidence) or
    `UUID` values; they become ISO strings, floats and strings. Containers are copied.
    """
    if isinstance(value, _PRIMITIVES):
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    return json_default(value)


def json_default(value: Any) -> Any:
    """`default=` hook for `json.dumps`: see `plain`."""
    if isinstance(value, (datetime.date, datetime.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def dumps_line(record: dict[str, Any]) -> str:
    """One record as a JSONL line (no trailing newline).

    ensure_ascii=False keeps emoji and right-to-left text readable; json escapes U+2028/9
    and control characters, so the text itself can never break a line.
    """
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=json_default)
