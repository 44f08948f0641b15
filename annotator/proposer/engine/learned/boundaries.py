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


_MARKS = ",;:—–-()"


@dataclass(frozen=True)
class _Info:
    """What the features read of one token, read once: a spaCy attribute costs a string lookup."""

    word: str
    lower: str
    pos: str
    dep: str
    head_dep: str
    mark: str  # the token's text when it is punctuation that separates clauses, else ""
    speech: bool  # a reporting verb's lemma, or "according"


def _info(tokens: TokenIndex, k: int) -> _Info:
    infos = tokens.cache.setdefault("info", {})
    info = infos.get(k)
    if info is None:
        t = tokens.tokens[k]
        info = infos[k] = _Info(
            _word(t),
            t.lower_,
            t.pos_,
            t.dep_,
            t.head.dep_,
            t.text if t.is_punct and t.text in _MARKS else "",
            t.lemma_.lower() in lx.SPEECH_VERBS or t.lower_ == "according",
        )
    return info


_CLAUSE_DEPS = frozenset(("ccomp", "advcl", "conj", "relcl", "xcomp", "parataxis", "acl", "pcomp"))


def _describe(prefix: str, info: _Info | None, f: dict[str, float]) -> None:
    if info is None:
        f[f"{prefix}=<none>"] = 1.0
        return
    f[f"{prefix}_word={info.word}"] = 1.0
    f[f"{prefix}_lower={info.lower}"] = 1.0
    f[f"{prefix}_pos={info.pos}"] = 1.0
    f[f"{prefix}_dep={info.dep}"] = 1.0
    f[f"{prefix}_head_dep={info.head_dep}"] = 1.0


def _word_of(info: _Info | None) -> str:
    return "<none>" if info is None else info.word


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
    # one scorer rates both sides: every feature name starts with its side ("s:" or "e:"), since
    # a start's "in_word=that" is not an end's
    where = "none" if cue is None else "before" if cue[1] <= s else "after" if cue[0] >= e else "inside"
    start_common = {f"s:kind={p.kind}": 1.0, f"s:cue={where}": 1.0}
    end_common = {f"e:kind={p.kind}": 1.0, f"e:cue={where}": 1.0}
    # where the cue's own clauses begin and end (token numbers in their doc), found once per proposal.
    # Tokens are compared by ==, never by `is`: spaCy makes a new Token object on every access.
    left_edges = (
        {c.left_edge.i for c in cue_tok.children if c.dep_ in ("ccomp", "xcomp", "advcl")} if cue_tok else set()
    )
    right_edges = (
        {c.right_edge.i for c in cue_tok.children if c.dep_ in ("ccomp", "xcomp", "advcl", "dobj")}
        if cue_tok
        else set()
    )
    window = _Window.around(tokens, max(0, first - WINDOW), min(len(tokens.tokens), last + WINDOW + 2))
    starts: dict[int, Cut] = {}
    for k in range(max(0, first - WINDOW), min(last, first + WINDOW) + 1):
        tok = tokens.tokens[k]
        if tokens.sentence[k] != tokens.sentence[first]:
            continue
        pos = trimmed(text, tokens.starts[k], e)[0]
        if pos >= e - _MIN_CHARS or pos in starts:
            continue
        features = _start_features(tokens, window, k, first, tok, cue, cue_tok, e, start_common, p.speaker, left_edges)
        starts[pos] = Cut("start", pos, pos == s, features)
    ends: dict[int, Cut] = {}
    for k in range(max(first, last - WINDOW), min(len(tokens.tokens) - 1, last + WINDOW) + 1):
        tok = tokens.tokens[k]
        if tokens.sentence[k] != tokens.sentence[last]:
            continue
        pos = trimmed(text, s, _end_of(tokens, k))[1]
        if pos <= s + _MIN_CHARS or pos in ends:
            continue
        features = _end_features(tokens, window, k, last, tok, cue, cue_tok, s, end_common, p.speaker, right_edges)
        ends[pos] = Cut("end", pos, pos == e, features)
    if s not in starts or e not in ends:
        return [], []  # the rules' own cut must be an option, or the model would be forced to move it
    return list(starts.values()), list(ends.values())


@dataclass(frozen=True)
class _Window:
    """The marks and reporting verbs of the tokens around one proposal, by token number from ``base``."""

    base: int
    marks: list[str]
    speech: list[bool]

    @classmethod
    def around(cls, tokens: TokenIndex, lo: int, hi: int) -> _Window:
        infos = [_info(tokens, j) for j in range(lo, hi)]
        return cls(lo, [i.mark for i in infos], [i.speech for i in infos])


def _crossed(window: _Window, a: int, b: int) -> str:
    """The punctuation between two token positions, as a feature value ("none", ",", ",,", ";" ...)."""
    lo, hi = min(a, b) - window.base, max(a, b) - window.base
    marks = "".join(window.marks[lo:hi])
    return ("-" if b < a else "+") + (marks[:3] or "none")


def _between(
    side: str, tokens: TokenIndex, window: _Window, a: int, b: int, speaker: Span | None, f: dict[str, float]
) -> None:
    """What the tokens a cut adds to the rules' span (or takes from it) hold: a reporting verb, the speaker."""
    lo, hi = min(a, b), max(a, b)
    if lo == hi:
        return
    moved = "taken" if b > a else "added"  # for a start: a later cut takes tokens away, an earlier one adds
    if any(window.speech[lo - window.base : hi - window.base]):
        f[f"{side}{moved}_cue_word"] = 1.0
    if (
        speaker is not None
        and tokens.starts[lo] <= speaker[0]
        and speaker[1] <= tokens.starts[hi - 1] + len(tokens.tokens[hi - 1].text)
    ):
        f[f"{side}{moved}_speaker"] = 1.0


def _cut_features(side: str, step: int, tokens, window, k, rule_k, common, f) -> bool:
    """What a start (``step`` -1: the outside lies before) and an end (+1: after) share: the tokens
    either side of the cut, its distance from the rules' cut, the clause it opens or closes and the
    punctuation between. Returns whether the outside token is in the same sentence."""
    rel = _rel(k - rule_k)
    f[f"{side}rel={rel}"] = 1.0
    f[f"{side}rel_kind={rel}|{next(iter(common))[2:]}"] = 1.0
    out_k, in2_k = k + step, k - step
    has_out = 0 <= out_k < len(tokens.tokens) and tokens.sentence[out_k] == tokens.sentence[k]
    inner, outer = _info(tokens, k), (_info(tokens, out_k) if has_out else None)
    _describe(f"{side}in", inner, f)
    _describe(f"{side}out", outer, f)
    # names read in text order: "pair=that|PRON" is the same two words for a start and an end
    first, second = (_word_of(outer), inner.word) if step < 0 else (inner.word, _word_of(outer))
    f[f"{side}pair={first}|{second}"] = 1.0
    f[f"{side}rel_pair={rel}|{first}|{second}"] = 1.0
    left, right = _clause_edges(tokens, k)
    f[f"{side}clause_starts={left}" if step < 0 else f"{side}clause_ends={right}"] = 1.0
    if 0 <= in2_k < len(tokens.tokens):
        f[f"{side}in2_word={_info(tokens, in2_k).word}"] = 1.0
    if has_out and 0 <= out_k + step < len(tokens.tokens):
        f[f"{side}out2_word={_info(tokens, out_k + step).word}"] = 1.0
    f[f"{side}crossed={_crossed(window, k, rule_k) if step < 0 else _crossed(window, rule_k, k)}"] = 1.0
    return has_out


def _start_features(tokens, window, k, rule_k, tok, cue, cue_tok, end, common, speaker, edges) -> dict[str, float]:
    f = {"s:bias": 1.0, **common}
    _between("s:", tokens, window, rule_k, k, speaker, f)
    has_prev = _cut_features("s:", -1, tokens, window, k, rule_k, common, f)
    prev = tokens.tokens[k - 1] if has_prev else None
    if tok.is_sent_start or prev is None:
        f["s:sentence_start"] = 1.0
    if cue is not None:
        if tokens.starts[k] <= cue[0] and cue[1] <= end:
            f["s:cue_inside"] = 1.0
        if cue_tok is not None:
            if tok.head == cue_tok or (prev is not None and prev.head == cue_tok):
                f["s:next_to_cue_child"] = 1.0
            if prev == cue_tok:
                f["s:right_after_cue"] = 1.0
            if tok.i in edges and tok.doc is cue_tok.doc:
                f["s:clause_left_edge"] = 1.0
    return f


def _end_features(tokens, window, k, rule_k, tok, cue, cue_tok, start, common, speaker, edges) -> dict[str, float]:
    f = {"e:bias": 1.0, **common}
    # for an end, a later cut adds tokens: seen from the end, (k, rule_k] is what moves
    _between("e:", tokens, window, k + 1, rule_k + 1, speaker, f)
    has_next = _cut_features("e:", 1, tokens, window, k, rule_k, common, f)
    nxt = tokens.tokens[k + 1] if has_next else None
    if nxt is None or (nxt.is_punct and (k + 2 >= len(tokens.tokens) or tokens.sentence[k + 2] != tokens.sentence[k])):
        f["e:sentence_end"] = 1.0
    if cue is not None:
        if start <= cue[0] and cue[1] <= _end_of(tokens, k):
            f["e:cue_inside"] = 1.0
        if cue_tok is not None:
            if nxt == cue_tok:
                f["e:right_before_cue"] = 1.0
            if tok.i in edges and tok.doc is cue_tok.doc:
                f["e:clause_right_edge"] = 1.0
    return f


def choose_boundaries(p, options: tuple[list[Cut], list[Cut]], scorer: LinearScorer):
    """The proposal with its best-rated start and end (unchanged when the rules' cuts win or no option exists)."""
    starts, ends = options
    if not starts or not ends:
        return p
    start = max(starts, key=lambda c: scorer.score(c.features))
    end = max(ends, key=lambda c: scorer.score(c.features))
    if start.rule and end.rule:
        return p
    if end.pos - start.pos < _MIN_CHARS:
        return p
    return replace(p, fragments=((start.pos, end.pos),))
