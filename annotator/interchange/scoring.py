"""Scoring quote proposals against gold quotes (pure Python, no dependencies).

Both sides are interchange-format documents (``{"id", "text", "quotes": [...]}``).
Quote spans are compared after trimming white space, quotation marks and edge
punctuation, and paired one to one, largest overlap first.  The metrics are
those of the team's evaluation script:

* ``overlap_p/r/f1``: a prediction counts when it is paired with a gold quote;
* ``exact_f1``: the paired spans are identical after trimming;
* ``soft_f1``: credit by the share of overlapping characters;
* ``cue_acc`` / ``speaker_acc``: on pairs whose gold has a cue / speaker, the
  prediction's cue overlaps it / its speaker is right;
* ``e2e_recall`` / ``e2e_f1``: a quote counts only when paired and its speaker is right.

The speaker is right when the mention spans overlap (``speaker="mention"``) or
when the predicted ``speaker_entity`` names the gold person (``speaker="entity"``;
titles are ignored and a surname alone matches the full name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

STRIP_CHARS = frozenset(" \t\r\n\"'“”‘’«»„‚‹›.,;:–—-()")
NAME_TITLES = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "president", "sen", "senator", "rep", "gov", "gen", "lt", "secretary"}
)
_NAME_TOKEN_RE = re.compile(r"[a-z0-9]+")

Span = tuple[int, int]


def trimmed(text: str, start: int, end: int) -> Span:
    """The span without surrounding white space, quotation marks and punctuation."""
    while start < end and text[start] in STRIP_CHARS:
        start += 1
    while end > start and text[end - 1] in STRIP_CHARS:
        end -= 1
    return start, end


def overlap(a: Span, b: Span) -> int:
    """Number of characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def name_tokens(name: str | None) -> list[str]:
    """Lower-case word tokens of a name, titles dropped."""
    return [t for t in _NAME_TOKEN_RE.findall((name or "").lower()) if t not in NAME_TITLES]


def same_person(predicted: str | None, gold: str | None) -> bool:
    """Whether two names denote the same person ("Blinken" matches "Anthony Blinken")."""
    p, g = name_tokens(predicted), name_tokens(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    return p[-1] == g[-1] and (set(p) <= set(g) or set(g) <= set(p))


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _by_id(docs: Iterable[dict]) -> dict[str, dict]:
    return {str(d["id"]): d for d in docs}


def pair_spans(gold_spans: list[Span], pred_spans: list[Span]) -> list[tuple[int, int, int]]:
    """One-to-one pairs (overlap, gold index, pred index), greatest overlap first.

    Ties are broken like a reverse sort of (overlap, gold index, pred index).
    """
    candidates = []
    for i, a in enumerate(gold_spans):
        for j, b in enumerate(pred_spans):
            ov = overlap(a, b)
            if ov > 0:
                candidates.append((ov, i, j))
    candidates.sort(reverse=True)
    taken_g: set[int] = set()
    taken_p: set[int] = set()
    pairs = []
    for ov, i, j in candidates:
        if i in taken_g or j in taken_p:
            continue
        taken_g.add(i)
        taken_p.add(j)
        pairs.append((ov, i, j))
    return pairs


def _speaker_right(gold: dict, pred: dict, mode: str) -> tuple[bool, bool]:
    """(gold has a speaker, prediction's speaker is right)."""
    if mode == "entity":
        has = bool(gold.get("speaker_entity"))
        return has, has and same_person(pred.get("speaker_entity"), gold.get("speaker_entity"))
    has = gold.get("speaker_start") is not None
    ok = (
        has
        and pred.get("speaker_start") is not None
        and overlap((gold["speaker_start"], gold["speaker_end"]), (pred["speaker_start"], pred["speaker_end"])) > 0
    )
    return has, ok


def _cue_right(gold: dict, pred: dict) -> bool:
    return (
        pred.get("cue_start") is not None
        and overlap((gold["cue_start"], gold["cue_end"]), (pred["cue_start"], pred["cue_end"])) > 0
    )


class Summed:
    """A dataclass of counts that adds up field by field (`+=`), so documents or pairs can be
    scored in chunks and summed; list fields (errors) are joined."""

    def __iadd__(self, other):
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


@dataclass
class Tally(Summed):
    gold: int = 0
    pred: int = 0
    missing_docs: int = 0
    matched: int = 0
    exact: int = 0
    soft_p: float = 0.0
    soft_r: float = 0.0
    cue_n: int = 0
    cue_ok: int = 0
    spk_n: int = 0
    spk_ok: int = 0
    errors: list[dict] = field(default_factory=list)

    def result(self) -> dict:
        p, r = _ratio(self.matched, self.pred), _ratio(self.matched, self.gold)
        return {
            "gold": self.gold,
            "pred": self.pred,
            "missing_docs": self.missing_docs,
            "overlap_p": round(p, 4),
            "overlap_r": round(r, 4),
            "overlap_f1": round(_f1(p, r), 4),
            "exact_f1": round(_f1(_ratio(self.exact, self.pred), _ratio(self.exact, self.gold)), 4),
            "soft_f1": round(_f1(_ratio(self.soft_p, self.pred), _ratio(self.soft_r, self.gold)), 4),
            "cue_acc": round(self.cue_ok / self.cue_n, 4) if self.cue_n else None,
            "speaker_acc": round(self.spk_ok / self.spk_n, 4) if self.spk_n else None,
            "e2e_recall": round(_ratio(self.spk_ok, self.gold), 4),
            "e2e_f1": round(_f1(_ratio(self.spk_ok, self.pred), _ratio(self.spk_ok, self.gold)), 4),
        }


def _context(text: str, span: Span, width: int = 80) -> str:
    s, e = span
    snippet = text[s:e]
    if len(snippet) > width:
        snippet = snippet[: width // 2] + " … " + snippet[-width // 2 :]
    return snippet.replace("\n", " ")


def _tally(gold_docs: list[dict], pred_docs: list[dict], speaker: str, kinds: set[str] | None, collect: bool) -> Tally:
    if speaker not in ("mention", "entity"):
        raise ValueError(f"speaker must be 'mention' or 'entity', not {speaker!r}")
    preds = _by_id(pred_docs)
    t = Tally()
    for doc_id, g in _by_id(gold_docs).items():
        text = g["text"]
        p = preds.get(doc_id)
        if p is None:
            t.missing_docs += 1
            pquotes: list[dict] = []
        else:
            if p.get("text", text) != text:
                raise ValueError(f"text of document {doc_id} differs between gold and prediction")
            pquotes = p.get("quotes", [])
        gquotes = [q for q in g["quotes"] if kinds is None or q.get("kind") in kinds]
        gspans = [trimmed(text, q["start"], q["end"]) for q in gquotes]
        pspans = [trimmed(text, q["start"], q["end"]) for q in pquotes]
        t.gold += len(gquotes)
        t.pred += len(pquotes)
        pairs = pair_spans(gspans, pspans)
        for ov, i, j in pairs:
            gq, pq = gquotes[i], pquotes[j]
            t.matched += 1
            t.exact += gspans[i] == pspans[j]
            t.soft_r += ov / max(1, gspans[i][1] - gspans[i][0])
            t.soft_p += ov / max(1, pspans[j][1] - pspans[j][0])
            if gq.get("cue_start") is not None:
                t.cue_n += 1
                t.cue_ok += _cue_right(gq, pq)
            has, ok = _speaker_right(gq, pq, speaker)
            if has:
                t.spk_n += 1
                t.spk_ok += ok
                if collect and not ok:
                    t.errors.append(
                        {
                            "type": "wrong_speaker",
                            "doc_id": doc_id,
                            "start": gq["start"],
                            "end": gq["end"],
                            "context": _context(text, (gq["start"], gq["end"])),
                            "gold_speaker": gq.get("speaker_entity") if speaker == "entity" else gq.get("speaker"),
                            "pred_speaker": pq.get("speaker_entity") if speaker == "entity" else pq.get("speaker"),
                        }
                    )
        if collect:
            paired_g = {i for _, i, _ in pairs}
            paired_p = {j for _, _, j in pairs}
            for i, q in enumerate(gquotes):
                if i not in paired_g:
                    t.errors.append(
                        {
                            "type": "missed",
                            "doc_id": doc_id,
                            "start": q["start"],
                            "end": q["end"],
                            "kind": q.get("kind"),
                            "context": _context(text, (q["start"], q["end"])),
                        }
                    )
            for j, q in enumerate(pquotes):
                if j not in paired_p:
                    t.errors.append(
                        {
                            "type": "spurious",
                            "doc_id": doc_id,
                            "start": q["start"],
                            "end": q["end"],
                            "kind": q.get("kind"),
                            "context": _context(text, (q["start"], q["end"])),
                        }
                    )
    return t


def tally(
    gold_docs: list[dict],
    pred_docs: list[dict],
    *,
    speaker: str = "mention",
    kinds: Iterable[str] | None = None,
    errors: bool = False,
) -> Tally:
    """The counts behind `score`, to add up over chunks of documents (`+=`), then `.result()`."""
    return _tally(gold_docs, pred_docs, speaker, set(kinds) if kinds is not None else None, errors)


def score(
    gold_docs: list[dict], pred_docs: list[dict], *, speaker: str = "mention", kinds: Iterable[str] | None = None
) -> dict:
    """All metrics for predictions against gold; ``kinds`` restricts the gold side only."""
    return _tally(gold_docs, pred_docs, speaker, set(kinds) if kinds is not None else None, False).result()


def score_by_kind(gold_docs: list[dict], pred_docs: list[dict], *, speaker: str = "mention") -> dict[str, dict]:
    """Metrics with the gold side restricted to each kind in turn (read recall, not precision)."""
    found = sorted({q.get("kind") for d in gold_docs for q in d["quotes"] if q.get("kind")})
    return {k: score(gold_docs, pred_docs, speaker=speaker, kinds={k}) for k in found}


def worst_errors(
    gold_docs: list[dict], pred_docs: list[dict], limit: int = 20, *, speaker: str = "mention"
) -> list[dict]:
    """Missed gold quotes, spurious predictions and wrong speakers, longest quotes first.

    Longer quotes come first because they weigh most for a reader of the article.
    """
    return rank_errors(_tally(gold_docs, pred_docs, speaker, None, True).errors, limit)


def rank_errors(errors: list[dict], limit: int = 20) -> list[dict]:
    """The `limit` errors that weigh most, longest quote first (see `worst_errors`)."""
    return sorted(errors, key=lambda e: (-(e["end"] - e["start"]), e["doc_id"], e["start"]))[:limit]


def split_fragments(docs: list[dict]) -> list[dict]:
    """Write each fragment of an interrupted quote as a quote record of its own.

    The interchange format keeps an interrupted quote as one record with `fragments`;
    some gold corpora (PolNeAR, GGT) store one record per fragment instead. Scoring like
    with like means splitting the predictions the same way; cue and speaker are copied.
    """
    out = []
    for doc in docs:
        quotes = []
        for n, quote in enumerate(doc.get("quotes", [])):
            pieces = quote.get("fragments") or []
            if len(pieces) < 2:
                quotes.append(quote)
                continue
            for start, end in pieces:
                piece = {k: v for k, v in quote.items() if k != "fragments"}
                piece.update({"start": start, "end": end, "text": doc["text"][start:end], "quote_index": n})
                quotes.append(piece)
        out.append({**doc, "quotes": quotes})
    return out


def gold_splits_fragments(gold_docs: list[dict]) -> bool:
    """True when the gold never uses `fragments`, i.e. it stores interrupted quotes split."""
    return not any(len(q.get("fragments") or []) > 1 for d in gold_docs for q in d.get("quotes", []))
