"""Choosing where a kept proposal starts and ends: the rules' boundary or a token boundary near it.

The rules cut a reported clause where the parse's subtree ends; a project's gold has its
own conventions ("that" in or out, a trailing "he added" or a "because" clause in or out,
a lede's clause before the cue). For a proposal of one fragment, every token boundary in
the sentence of its rule boundary, up to ``WINDOW`` tokens away, is an option for its start
and for its end; a linear scorer trained on which option is the gold boundary rates each
(features of the tokens either side of the cut, its distance from the rules' cut, the cue
and the quote kind) and the best one wins. Options are compared after trimming, as the
scorer compares spans, so a quotation mark or a comma more or less is not a choice.
Interrupted quotes keep the rules' fragments. Pure: spans and spaCy tokens in, a proposal out.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from spacy.tokens import Token

from annotator.interchange.scoring import trimmed

from .. import lexicon as lx
from ..facts import Span
from .candidates import TokenIndex
from .linear import LinearScorer

WINDOW = 12  # tokens either side of the rules' boundary
_MIN_CHARS = 3  # a chosen start must stay this far before the chosen end


@dataclass(frozen=True)
class Cut:
    """One option for a boundary: its position (trimmed) and its features."""

    side: str  # "start" or "end"
    pos: int
    rule: bool
    features: dict[str, float]


def _word(tok: Token | None) -> str:
    if tok is None:
        return "<none>"
    if tok.is_punct or tok.is_space:
        return tok.text.strip() or "<space>"
    return tok.lower_ if tok.is_stop or tok.pos_ in ("ADP", "SCONJ", "CCONJ", "PRON", "AUX", "PART") else tok.pos_


_CLAUSE_DEPS = frozenset(("ccomp", "advcl", "conj", "relcl", "xcomp", "parataxis", "acl", "pcomp"))


def _describe(prefix: str, tok: Token | None, f: dict[str, float]) -> None:
    if tok is None:
        f[f"{prefix}=<none>"] = 1.0
        return
    f[f"{prefix}_word={_word(tok)}"] = 1.0
    f[f"{prefix}_lower={tok.lower_}"] = 1.0
    f[f"{prefix}_pos={tok.pos_}"] = 1.0
    f[f"{prefix}_dep={tok.dep_}"] = 1.0
    f[f"{prefix}_head_dep={tok.head.dep_}"] = 1.0


def _clause_edges(tokens: TokenIndex, k: int) -> tuple[str | None, str | None]:
    """The dependency of the smallest clause whose subtree starts / ends at token ``k``."""
    number = tokens.sentence[k]
    edges = tokens.cache.get(("clause_edges", number))
    if edges is None:
        left: dict[int, tuple[int, str]] = {}
        right: dict[int, tuple[int, str]] = {}
        sent = tokens.tokens[k].sent
        for t in sent:
            if t.dep_ in _CLAUSE_DEPS or t.dep_ == "ROOT":
                a, b = t.left_edge.i, t.right_edge.i
                size = b - a
                if a not in left or size < left[a][0]:
                    left[a] = (size, t.dep_)
                if b not in right or size < right[b][0]:
                    right[b] = (size, t.dep_)
        edges = tokens.cache[("clause_edges", number)] = (left, right)
    i = tokens.tokens[k].i
    left, right = edges
    return (left[i][1] if i in left else None), (right[i][1] if i in right else None)


def _rel(n: int) -> str:
    sign = "-" if n < 0 else "+"
    n = abs(n)
    return f"{sign}{n}" if n <= 4 else f"{sign}{'8' if n <= 8 else 'far'}"


def _token_range(tokens: TokenIndex, a: int, b: int) -> tuple[int, int]:
    """Indices [i, j) of the tokens that lie inside characters [a, b)."""
    return bisect.bisect_left(tokens.starts, a), bisect.bisect_left(tokens.starts, b)


def _end_of(tokens: TokenIndex, k: int) -> int:
    return tokens.starts[k] + len(tokens.tokens[k].text)


def boundary_options(text: str, p, tokens: TokenIndex) -> tuple[list[Cut], list[Cut]]:
    """The start and end options of a one-fragment proposal (the rules' own among them); none otherwise."""
    if len(p.fragments) != 1 or not tokens.starts:
        return [], []
    s, e = trimmed(text, p.start, p.end)
    if e <= s:
        return [], []
    first, stop = _token_range(tokens, s, e)
    last = stop - 1
    if first >= len(tokens.tokens) or last < first:
        return [], []
    cue = (p.cue[0], p.cue[1]) if p.cue is not None else None
    cue_tok = tokens.at(cue[0]) if cue is not None else None
    common = {
        f"kind={p.kind}": 1.0,
        f"cue={'none' if cue is None else 'before' if cue[1] <= s else 'after' if cue[0] >= e else 'inside'}": 1.0,
    }
    starts: dict[int, Cut] = {}
    for k in range(max(0, first - WINDOW), min(last, first + WINDOW) + 1):
        tok = tokens.tokens[k]
        if tokens.sentence[k] != tokens.sentence[first]:
            continue
        pos = trimmed(text, tokens.starts[k], e)[0]
        if pos >= e - _MIN_CHARS or pos in starts:
            continue
        features = _start_features(tokens, k, first, tok, cue, cue_tok, e, common, p.speaker)
        starts[pos] = Cut("start", pos, pos == s, _sided("s", features))
    ends: dict[int, Cut] = {}
    for k in range(max(first, last - WINDOW), min(len(tokens.tokens) - 1, last + WINDOW) + 1):
        tok = tokens.tokens[k]
        if tokens.sentence[k] != tokens.sentence[last]:
            continue
        pos = trimmed(text, s, _end_of(tokens, k))[1]
        if pos <= s + _MIN_CHARS or pos in ends:
            continue
        features = _end_features(tokens, k, last, tok, cue, cue_tok, s, common, p.speaker)
        ends[pos] = Cut("end", pos, pos == e, _sided("e", features))
    if s not in starts or e not in ends:
        return [], []  # the rules' own cut must be an option, or the model would be forced to move it
    return list(starts.values()), list(ends.values())


def _crossed(tokens: TokenIndex, a: int, b: int) -> str:
    """The punctuation between two token positions, as a feature value ("none", ",", ",,", ";" ...)."""
    lo, hi = min(a, b), max(a, b)
    marks = "".join(t.text for t in tokens.tokens[lo:hi] if t.is_punct and t.text in ",;:—–-()")
    return ("-" if b < a else "+") + (marks[:3] or "none")


def _between(tokens: TokenIndex, a: int, b: int, speaker: Span | None, f: dict[str, float]) -> None:
    """What the tokens a cut adds to the rules' span (or takes from it) hold: a reporting verb, the speaker."""
    lo, hi = min(a, b), max(a, b)
    if lo == hi:
        return
    moved = "taken" if b > a else "added"  # for a start: a later cut takes tokens away, an earlier one adds
    for t in tokens.tokens[lo:hi]:
        if t.lemma_.lower() in lx.SPEECH_VERBS or t.lower_ == "according":
            f[f"{moved}_cue_word"] = 1.0
            break
    if (
        speaker is not None
        and tokens.starts[lo] <= speaker[0]
        and speaker[1] <= tokens.starts[hi - 1] + len(tokens.tokens[hi - 1].text)
    ):
        f[f"{moved}_speaker"] = 1.0


def _sided(side: str, features: dict[str, float]) -> dict[str, float]:
    # one scorer rates both sides: a start's "in_word=that" is not an end's
    return {f"{side}:{name}": value for name, value in features.items()}


def _start_features(tokens, k, rule_k, tok, cue, cue_tok, end, common, speaker=None) -> dict[str, float]:
    f = {"bias": 1.0, **common}
    _between(tokens, rule_k, k, speaker, f)
    rel = _rel(k - rule_k)
    f[f"rel={rel}"] = 1.0
    f[f"rel_kind={rel}|{next(iter(common))}"] = 1.0
    prev = tokens.tokens[k - 1] if k > 0 and tokens.sentence[k - 1] == tokens.sentence[k] else None
    _describe("in", tok, f)
    _describe("out", prev, f)
    f[f"pair={_word(prev)}|{_word(tok)}"] = 1.0
    f[f"rel_pair={rel}|{_word(prev)}|{_word(tok)}"] = 1.0
    left = _clause_edges(tokens, k)[0]
    f[f"clause_starts={left}"] = 1.0
    if k + 1 < len(tokens.tokens):
        f[f"in2_word={_word(tokens.tokens[k + 1])}"] = 1.0
    if k > 1 and prev is not None:
        f[f"out2_word={_word(tokens.tokens[k - 2])}"] = 1.0
    f[f"crossed={_crossed(tokens, k, rule_k)}"] = 1.0
    if tok.is_sent_start or prev is None:
        f["sentence_start"] = 1.0
    if cue is not None:
        inside = tokens.starts[k] <= cue[0] and cue[1] <= end
        if inside:
            f["cue_inside"] = 1.0
        if cue_tok is not None:
            if tok.head is cue_tok or (prev is not None and prev.head is cue_tok):
                f["next_to_cue_child"] = 1.0
            if prev is cue_tok:
                f["right_after_cue"] = 1.0
            if any(tok is c.left_edge for c in cue_tok.children if c.dep_ in ("ccomp", "xcomp", "advcl")):
                f["clause_left_edge"] = 1.0
    return f


def _end_features(tokens, k, rule_k, tok, cue, cue_tok, start, common, speaker=None) -> dict[str, float]:
    f = {"bias": 1.0, **common}
    # for an end, a later cut adds tokens: seen from the end, (k, rule_k] is what moves
    _between(tokens, k + 1, rule_k + 1, speaker, f)
    rel = _rel(k - rule_k)
    f[f"rel={rel}"] = 1.0
    f[f"rel_kind={rel}|{next(iter(common))}"] = 1.0
    nxt = tokens.tokens[k + 1] if k + 1 < len(tokens.tokens) and tokens.sentence[k + 1] == tokens.sentence[k] else None
    _describe("in", tok, f)
    _describe("out", nxt, f)
    f[f"pair={_word(tok)}|{_word(nxt)}"] = 1.0
    f[f"rel_pair={rel}|{_word(tok)}|{_word(nxt)}"] = 1.0
    right = _clause_edges(tokens, k)[1]
    f[f"clause_ends={right}"] = 1.0
    if k > 0:
        f[f"in2_word={_word(tokens.tokens[k - 1])}"] = 1.0
    if nxt is not None and k + 2 < len(tokens.tokens):
        f[f"out2_word={_word(tokens.tokens[k + 2])}"] = 1.0
    f[f"crossed={_crossed(tokens, rule_k, k)}"] = 1.0
    if nxt is None or (nxt.is_punct and (k + 2 >= len(tokens.tokens) or tokens.sentence[k + 2] != tokens.sentence[k])):
        f["sentence_end"] = 1.0
    if cue is not None:
        if start <= cue[0] and cue[1] <= _end_of(tokens, k):
            f["cue_inside"] = 1.0
        if cue_tok is not None:
            if nxt is cue_tok:
                f["right_before_cue"] = 1.0
            if any(tok is c.right_edge for c in cue_tok.children if c.dep_ in ("ccomp", "xcomp", "advcl", "dobj")):
                f["clause_right_edge"] = 1.0
    return f


def choose_boundaries(p, options: tuple[list[Cut], list[Cut]], scorer: LinearScorer):
    """The proposal with its best-rated start and end (unchanged when the rules' cuts win or no option exists)."""
    starts, ends = options
    if not starts or not ends:
        return p
    start = max(starts, key=lambda c: scorer.probability(c.features))
    end = max(ends, key=lambda c: scorer.probability(c.features))
    if start.rule and end.rule:
        return p
    if end.pos - start.pos < _MIN_CHARS:
        return p
    return replace(p, fragments=((start.pos, end.pos),))
