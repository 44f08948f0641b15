"""CSV export: ``csv/quotes.csv`` (one row per quote) and ``csv/articles.csv``.

Written with the ``csv`` module (RFC 4180 style: ``\\r\\n`` rows, fields with
delimiters, quotes or newlines are quoted), so newlines inside a quote stay
inside one field.  ``bom=True`` prepends a UTF-8 BOM, which makes Excel pick
UTF-8 instead of the local code page.  Missing values are empty cells.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from .base import BaseFormatter, iter_quotes, quote_pieces

QUOTE_COLUMNS: tuple[str, ...] = (
    "article_id",
    "split",
    "quote_index",
    "quote",
    "kind",
    "fragments",
    "start",
    "end",
    "cue",
    "cue_start",
    "cue_end",
    "speaker",
    "speaker_start",
    "speaker_end",
    "speaker_entity",
    "speaker_type",
    "confidence",
)
ARTICLE_COLUMNS: tuple[str, ...] = (
    "article_id",
    "split",
    "title",
    "outlet",
    "url",
    "published",
    "author",
    "quotes",
)


# Cells a spreadsheet would run as a formula (OWASP's CSV injection rule).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    return "" if value is None else value


def neutralised(value: Any) -> Any:
    """A text cell that would start a formula, with a `'` before it; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def format_fragments(pieces: list[tuple[int, int]]) -> str:
    """``[(0, 60), (80, 120)]`` -> ``"0-60;80-120"``."""
    return ";".join(f"{s}-{e}" for s, e in pieces)


def parse_fragments(value: str) -> list[tuple[int, int]]:
    """Inverse of :func:`format_fragments`."""
    return [tuple(int(x) for x in part.split("-")) for part in value.split(";") if part]  # type: ignore[misc]


class CsvFormatter(BaseFormatter):
    """Spreadsheet-friendly flat tables."""

    name = "csv"
    description = (
        "`csv/quotes.csv`: one row per quote (article id, split, quote text, kind, fragments as "
        "`start-end;start-end`, offsets, cue, speaker mention, speaker entity, confidence); "
        "`csv/articles.csv`: one row per article (no text). UTF-8, CRLF rows. Unless the release "
        "turned it off, a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return "
        "has a `'` before it, so that a spreadsheet shows it instead of running it as a formula; "
        "the JSONL files keep every text exactly."
    )
    defaults = {"bom": False, "quoting": "minimal", "delimiter": ",", "formula_escape": True}

    def __init__(self, workdir: Path, options: dict[str, Any] | None = None) -> None:
        super().__init__(workdir, options)
        encoding = "utf-8-sig" if self.options["bom"] else "utf-8"
        quoting = csv.QUOTE_ALL if self.options["quoting"] == "all" else csv.QUOTE_MINIMAL
        self._paths = [self.root / "quotes.csv", self.root / "articles.csv"]
        # newline="" is required by the csv module: it writes "\r\n" itself
        # and must see embedded newlines untranslated.
        self._files = [open(p, "w", encoding=encoding, newline="") for p in self._paths]
        kwargs = {"quoting": quoting, "lineterminator": "\r\n", "delimiter": self.options["delimiter"]}
        self._quotes = csv.writer(self._files[0], **kwargs)
        self._articles = csv.writer(self._files[1], **kwargs)
        self._safe = neutralised if self.options["formula_escape"] else (lambda value: value)
        self._quotes.writerow(QUOTE_COLUMNS)
        self._articles.writerow(ARTICLE_COLUMNS)

    def add(self, article: dict[str, Any], split: str) -> None:
        article_id = article["id"]
        text = article.get("text") or ""
        rows = []
        for index, quote in iter_quotes(article):
            quote_text = quote.get("text")
            if quote_text is None:
                quote_text = text[quote["start"] : quote["end"]]
            rows.append(
                (
                    article_id,
                    split,
                    index,
                    quote_text,
                    _cell(quote.get("kind")),
                    format_fragments(quote_pieces(quote)),
                    quote["start"],
                    quote["end"],
                    _cell(quote.get("cue")),
                    _cell(quote.get("cue_start")),
                    _cell(quote.get("cue_end")),
                    _cell(quote.get("speaker")),
                    _cell(quote.get("speaker_start")),
                    _cell(quote.get("speaker_end")),
                    _cell(quote.get("speaker_entity")),
                    _cell(quote.get("speaker_type")),
                    _cell(quote.get("confidence")),
                )
            )
        self._quotes.writerows([tuple(map(self._safe, row)) for row in rows])
        self._articles.writerow(
            tuple(
                map(
                    self._safe,
                    (
                        article_id,
                        split,
                        _cell(article.get("title")),
                        _cell(article.get("outlet")),
                        _cell(article.get("url")),
                        _cell(article.get("published")),
                        _cell(article.get("author")),
                        len(rows),
                    ),
                )
            )
        )

    def finish(self) -> list[Path]:
        for handle in self._files:
            handle.close()
        return list(self._paths)
