"""WebAnno TSV 3.3 export, INCEpTION's import format: ``webanno/<split>/<safe id>.tsv``.

One span layer ``webanno.custom.Attribution`` with the features ``role`` (Quote, Cue or
Speaker) and ``kind`` (of a quote), and one relation layer ``webanno.custom.Link`` on it
with the feature ``type`` (``cue``, ``speaker``, ``continues`` between the fragments of an
interrupted quote). A project in INCEpTION with these two layers imports the files as
"WebAnno TSV v3.x". Tokens are the text's runs without white space, cut again at every
annotation's edge so each annotation covers whole tokens; one sentence per line of text.
Offsets are UTF-16 code units, as Java counts them. ``import_annotations --format webanno``
reads the files back.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from annotator.interchange.vocabulary import QUOTE_KINDS

from .base import iter_quotes, optional_range, quote_pieces
from .brat import FilePerArticle
from .labelstudio import utf16_offsets

HEADER = (
    "#FORMAT=WebAnno TSV 3.3\n"
    "#T_SP=webanno.custom.Attribution|role|kind\n"
    "#T_RL=webanno.custom.Link|type|BT_webanno.custom.Attribution\n"
    "\n\n"
)
_RUN = re.compile(r"\S+")


def _escape(value: str) -> str:
    return re.sub(r"([\\\[\]|_;>\-*])", r"\\\1", value) if value not in ("_", "*") else value


def article_to_tsv(article: dict[str, Any]) -> str:
    text = article.get("text") or ""
    spans: list[dict] = []  # {"id", "role", "kind", "start", "end"}
    links: list[tuple[int, int, str]] = []  # (governor span id, dependent span id, type)
    shared: dict[tuple[str, int, int], int] = {}

    def span(role: str, start: int, end: int, kind: str = "", share: bool = False) -> int:
        key = (role, start, end)
        if share and key in shared:
            return shared[key]
        spans.append({"id": len(spans) + 1, "role": role, "kind": kind, "start": start, "end": end})
        shared[key] = len(spans)
        return len(spans)

    for _, quote in iter_quotes(article):
        pieces = [(s, e) for s, e in quote_pieces(quote) if 0 <= s < e <= len(text) and text[s:e].strip()]
        if not pieces:
            continue
        kind = quote.get("kind") if quote.get("kind") in QUOTE_KINDS else ""
        ids = [span("Quote", *_trim(text, s, e), kind) for s, e in pieces]
        links.extend((a, b, "continues") for a, b in zip(ids, ids[1:], strict=False))
        for prefix, role in (("cue", "Cue"), ("speaker", "Speaker")):
            where = optional_range(quote, prefix)
            if where and 0 <= where[0] < where[1] <= len(text) and text[where[0] : where[1]].strip():
                links.append((ids[0], span(role, *_trim(text, *where), share=True), prefix))
    cuts = {a for s in spans for a in (s["start"], s["end"])}
    tokens: list[tuple[int, int]] = []
    for m in _RUN.finditer(text):
        edges = sorted({m.start(), m.end(), *(c for c in cuts if m.start() < c < m.end())})
        tokens.extend(zip(edges, edges[1:], strict=False))
    u16 = utf16_offsets(text)
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    lines = [bisect.bisect_right(line_starts, start) - 1 for start, _end in tokens]
    # `sentence-token` of every token (a sentence is a line of text): the rows carry them, and
    # a relation names the first token of the span at its other end, which may come later
    addresses: list[str] = []
    sentence = position = 0
    for k in range(len(tokens)):
        if k == 0 or lines[k] != lines[k - 1]:
            sentence, position = sentence + 1, 0
        position += 1
        addresses.append(f"{sentence}-{position}")
    at_start: dict[int, str] = {}
    for (start, _end), address in zip(tokens, addresses, strict=True):
        at_start.setdefault(start, address)
    out = [HEADER]
    rows: list[str] = []
    for k, (start, end) in enumerate(tokens):
        if k == 0 or lines[k] != lines[k - 1]:
            if rows:
                out.append("\n".join(rows) + "\n\n")
                rows = []
            line_end = text.find("\n", line_starts[lines[k]])
            out.append("#Text=" + text[line_starts[lines[k]] : line_end if line_end != -1 else len(text)].replace(
                "\\", "\\\\") + "\n")  # fmt: skip
        here = [s for s in spans if s["start"] <= start and end <= s["end"]]
        roles = "|".join(f"{s['role']}[{s['id']}]" for s in here) or "_"
        kinds = "|".join(f"{_escape(s['kind']) or '*'}[{s['id']}]" for s in here) or "_"
        starting = [(g, d, t) for g, d, t in links if spans[d - 1]["start"] == start]
        types = "|".join(t for _, _, t in starting) or "_"
        refs = "|".join(f"{at_start[spans[g - 1]['start']]}[{g}_{d}]" for g, d, _ in starting) or "_"
        rows.append(f"{addresses[k]}\t{u16[start]}-{u16[end]}\t{text[start:end]}\t{roles}\t{kinds}\t{types}\t{refs}\t")
    if rows:
        out.append("\n".join(rows) + "\n\n")
    return "".join(out)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without the white space at its edges (a token never starts or ends with it)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class WebAnnoFormatter(FilePerArticle):
    """One TSV file per article, grouped by split."""

    name = "webanno"
    description = (
        "`webanno/<split>/<id>.tsv`: WebAnno TSV 3.3, INCEpTION's import format (span layer Attribution with "
        "role and kind, relation layer Link with type cue, speaker or continues)."
    )

    def add(self, article: dict[str, Any], split: str) -> None:
        folder, stem = self.stem_for(article, split)
        (folder / f"{stem}.tsv").write_text(article_to_tsv(article), encoding="utf-8")

    def finish(self):
        # found on disk as the builder zips them: a list of every file would grow with the corpus
        return self.root.rglob("*.tsv")
