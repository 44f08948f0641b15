"""Finding quoted passages from quotation marks alone (no parse needed).

News text uses every style of mark (straight, curly, low-high, guillemets,
single, doubled apostrophes), glues marks to words, reopens a quote on every
paragraph of a long quotation without closing the previous one, and contains
marks that simply do not pair up.  The scanner classifies each mark as opening,
closing or either from the characters around it, pairs marks paragraph by
paragraph and recovers *locally* from every inconsistency, so one bad mark costs
at most one paragraph, never the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSE, EITHER = "open", "close", "either"

#: Double-level marks and the role they have when context does not decide.
_DOUBLE_MARKS = {
    "“": OPEN,
    "”": CLOSE,
    "„": OPEN,
    "‟": OPEN,
    "«": OPEN,
    "»": CLOSE,
    '"': EITHER,
    "''": EITHER,
    "``": OPEN,
    "〝": OPEN,
    "〞": CLOSE,
    "＂": EITHER,
}
_SINGLE_MARKS = {"‘": OPEN, "’": CLOSE, "‚": OPEN, "‹": OPEN, "›": CLOSE, "'": EITHER, "`": OPEN}

_MARK_RE = re.compile(r"''|``|[\"“”„‟«»〝〞＂‘’‚‹›'`]")
_OPENING_CONTEXT = set("([{—–-/") | {"\u00a0"}
_PARAGRAPH_RE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class QuoteSpan:
    """A quoted passage: ``start``/``end`` include the marks that were found.

    ``closed`` is False when one of the two marks was missing and the span was
    recovered (ended at the paragraph end, or started after the previous quote).
    """

    start: int
    end: int
    level: int  # 2 for double marks, 1 for single
    closed: bool = True


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    level: int
    role: str


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _classify(text: str, start: int, end: int, mark: str) -> _Mark | None:
    """Decide the role of one mark from its neighbours; None for apostrophes."""
    prev = text[start - 1] if start > 0 else " "
    nxt = text[end] if end < len(text) else " "
    prev_open = prev.isspace() or prev in _OPENING_CONTEXT or prev in _DOUBLE_MARKS or prev in _SINGLE_MARKS
    next_close = nxt.isspace() or (not _is_word(nxt) and nxt not in "([{$£€#@")
    if mark in _DOUBLE_MARKS:
        role = _DOUBLE_MARKS[mark]
        if role == EITHER:
            if prev_open and not next_close:
                role = OPEN
            elif next_close and not prev_open:
                role = CLOSE
        elif role == OPEN and next_close and not prev_open and mark == "“":
            role = CLOSE  # German „...“ or a misused mark at the end of a word
        elif role == CLOSE and prev_open and not next_close:
            role = OPEN  # ”...” (Nordic style) or » used as an opener
        return _Mark(start, end, 2, role)
    role = _SINGLE_MARKS[mark]
    if _is_word(prev) and _is_word(nxt):
        return None  # don't, Putin’s, rock'n'roll
    if mark in "'’":
        if prev_open and _is_word(nxt):
            if nxt.isdigit():
                return None  # '90s
            role = OPEN
        elif _is_word(prev) or prev in ".,!?;:)":
            role = CLOSE
        elif prev_open and next_close:
            return None
    elif mark == "‘" and nxt.isdigit():
        return None
    return _Mark(start, end, 1, role)


def _marks(text: str, start: int, end: int) -> list[_Mark]:
    out = []
    for m in _MARK_RE.finditer(text, start, end):
        mk = _classify(text, m.start(), m.end(), m.group())
        if mk is not None:
            out.append(mk)
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARAGRAPH_RE.finditer(text) if m.group().strip()]


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _lstrip_start(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _pair(
    text: str, marks: list[_Mark], para: tuple[int, int], open_at: int | None
) -> tuple[list[QuoteSpan], int | None]:
    """Pair the marks of one level inside one paragraph.

    ``open_at`` carries a quote left open by the previous paragraph (news
    convention).  Returns the spans closed here and the start of a quote still
    open at the paragraph end, if any.
    """
    spans: list[QuoteSpan] = []
    last_end = para[0]
    for mk in marks:
        role = mk.role
        if role == EITHER:
            role = CLOSE if open_at is not None else OPEN
        if role == OPEN:
            if open_at is None:
                open_at = mk.start
            # A second opener while one is open is a nested quote written with
            # the same marks or a missing closer: keep the outer quote.
            continue
        if open_at is not None:
            spans.append(QuoteSpan(open_at, mk.end, mk.level, True))
            open_at = None
        else:
            # Orphan closer: the quote most likely began after the previous
            # quote (or at the paragraph start).
            s = _lstrip_start(text, last_end, mk.start)
            if mk.start - s > 1:
                spans.append(QuoteSpan(s, mk.end, mk.level, False))
        last_end = mk.end
    return spans, open_at


def _starts_with_opener(marks: list[_Mark], text: str, para: tuple[int, int]) -> bool:
    if not marks:
        return False
    first = marks[0]
    return first.role in (OPEN, EITHER) and not text[para[0] : first.start].strip(" \t\r-–—•*")


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """All top-level quoted passages of ``text``, in order, non-overlapping.

    Double-mark quotes are found first; single-mark quotes only count outside
    them (inside they are nested quotes and belong to the outer one).
    """
    paras = _paragraphs(text)
    marks_by_para = [_marks(text, s, e) for s, e in paras]
    doubles: list[QuoteSpan] = []
    open_at: int | None = None
    for k, para in enumerate(paras):
        dmarks = [m for m in marks_by_para[k] if m.level == 2]
        if open_at is not None and _starts_with_opener(dmarks, text, para):
            dmarks = dmarks[1:]  # the reopening mark of a continued quotation
        spans, open_at = _pair(text, dmarks, para, open_at)
        doubles.extend(spans)
        if open_at is not None:
            nxt = [m for m in marks_by_para[k + 1] if m.level == 2] if k + 1 < len(paras) else []
            if (
                k + 1 < len(paras)
                and _starts_with_opener(nxt, text, paras[k + 1])
                and _has_closer_ahead(marks_by_para, k + 1)
            ):
                continue  # the quotation runs on into the next paragraph
            end = _rstrip_end(text, open_at, para[1])
            if end - open_at > 1:
                doubles.append(QuoteSpan(open_at, end, 2, False))
            open_at = None
    return _add_singles(text, paras, marks_by_para, doubles)


def _has_closer_ahead(marks_by_para: list[list[_Mark]], k: int, horizon: int = 12) -> bool:
    """A run-on quotation must be closed within a few paragraphs."""
    for marks in marks_by_para[k : k + horizon]:
        if any(m.level == 2 and m.role in (CLOSE, EITHER) for m in marks):
            return True
    return False


def _add_singles(
    text: str, paras: list[tuple[int, int]], marks_by_para: list[list[_Mark]], doubles: list[QuoteSpan]
) -> list[QuoteSpan]:
    result = list(doubles)
    j = 0
    for k in range(len(paras)):
        singles = []
        for m in marks_by_para[k]:
            if m.level != 1:
                continue
            while j < len(doubles) and doubles[j].end <= m.start:
                j += 1
            if j < len(doubles) and doubles[j].start <= m.start < doubles[j].end:
                continue
            singles.append(m)
        open_at: int | None = None
        for m in singles:
            role = m.role if m.role != EITHER else (CLOSE if open_at is not None else OPEN)
            if role == OPEN and open_at is None:
                open_at = m.start
            elif role == CLOSE and open_at is not None:
                if any(d.start < m.end and open_at < d.end for d in doubles):
                    open_at = None
                    continue
                result.append(QuoteSpan(open_at, m.end, 1, True))
                open_at = None
    result.sort(key=lambda q: q.start)
    return result
