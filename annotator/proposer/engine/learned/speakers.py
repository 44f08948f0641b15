"""Choosing the speaker mention of a kept proposal: the rules' choice or a nearby alternative.

For each proposal the options are the rules' mention, the full subject of its cue, the
relative pronoun, possessor or passive agent on the cue, the nearest person or
organisation named before and after it, and the previous quote's speaker. A second linear scorer, trained on which option overlaps the gold speaker,
rates each; the best one wins. Pure: plain spans and spaCy tokens in, a proposal out.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, replace

from .. import lexicon as lx
from ..cues import _find_subject
from ..facts import Span
from .candidates import TokenIndex
from .linear import LinearScorer

_NEAR = 300  # characters: a named person further from the quote is no option
_NAME_LABELS = ("PERSON", "ORG")


@dataclass(frozen=True)
class Option:
    kind: str
    span: Span
    entity: str | None
    speaker_type: str
    features: dict[str, float]


class Names:
    """People and organisations named in a text, by position (offsets into the whole text)."""

    def __init__(self, docs):
        rows = sorted(
            (e.start_char + offset, e.end_char + offset, e.text, e.label_)
            for offset, doc in docs
            for e in doc.ents
            if e.label_ in _NAME_LABELS
        )
        self.rows = rows
        self.starts = [r[0] for r in rows]
        self.ends = sorted((r[1], i) for i, r in enumerate(rows))

    def before(self, pos: int):
        k = bisect.bisect_right([e for e, _ in self.ends], pos) - 1
        return self.rows[self.ends[k][1]] if k >= 0 else None

    def after(self, pos: int):
        k = bisect.bisect_left(self.starts, pos)
        return self.rows[k] if k < len(self.rows) else None

    def inside(self, span: Span):
        k = bisect.bisect_left(self.starts, span[0])
        while k < len(self.rows) and self.rows[k][0] < span[1]:
            if self.rows[k][1] <= span[1]:
                return self.rows[k]
            k += 1
        return None


def _bucket(n: float) -> str:
    return str(min(7, int(math.log2(max(0, n) + 1))))


def _overlaps(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and min(a[1], b[1]) > max(a[0], b[0])


def _mention(kind: str, span: Span, head, names: Names, p) -> tuple[str, Span, str | None, str]:
    """An option row for a mention headed by ``head``: its type, and the person it names (the
    rules' own when it overlaps the rules' mention, else the name inside it)."""
    name = names.inside(span)
    stype = "pronoun" if head.pos_ == "PRON" else "named" if name else "description"
    entity = p.speaker_entity if _overlaps(span, p.speaker) else name[2] if name else None
    return kind, span, entity, stype


def _cue_dependents(tok, offset: int, names: Names, p) -> list[tuple[str, Span, str | None, str]]:
    """Mentions hanging on the cue itself that conventions differ on: the relative pronoun of a
    relative clause ("the mayor, who said ..."; the rules take its antecedent), the possessor of a
    noun cue ("Lee's claim that ...") and the agent of a passive one ("was announced by the club")."""
    out = []
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
            out.append(("relative", c))
        elif c.dep_ == "poss":
            out.append(("possessor", c))
        elif c.dep_ == "agent":
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                out.append(("agent", pobj))
    rows = []
    for kind, head in out:
        first = head if kind in ("relative", "possessor") and head.pos_ == "PRON" else head.left_edge
        last = head if kind == "relative" else head.right_edge
        if kind == "possessor" and last.tag_ == "POS" and last.i > first.i:
            last = last.doc[last.i - 1]  # "Lee's": the name, not its 's
        span = (first.idx + offset, last.idx + len(last.text) + offset)
        if span[1] - span[0] <= 200:
            rows.append(_mention(kind, span, head, names, p))
    return rows


def _sentence_subjects(anchor, offset: int, names: Names, p, skip) -> list[tuple[str, Span, str | None, str, dict]]:
    """Every other subject in the sentence of the cue: where the parse hangs the cue on the wrong
    verb, the speaker is often the subject of a neighbouring clause ("..., Lee, who chairs the
    board, told reporters" with "told" misparsed)."""
    rows = []
    for t in anchor.sent:
        if t.dep_ not in ("nsubj", "nsubjpass") or t == skip:  # ==: spaCy makes a new Token per access
            continue
        first, last = t.left_edge, t.right_edge
        if last.idx + len(last.text) - first.idx > 120:
            first = last = t
        span = (first.idx + offset, last.idx + len(last.text) + offset)
        verb = t.head
        extra = {
            f"ssubj_side={'before' if t.i < anchor.i else 'after'}": 1.0,
            f"ssubj_pos={t.pos_}": 1.0,
            f"ssubj_verb_speech={verb.lemma_.lower() in lx.SPEECH_VERBS}": 1.0,
            f"ssubj_verb_dep={verb.dep_}": 1.0,
        }
        if verb == anchor:
            extra["ssubj_of_cue"] = 1.0
        elif anchor in verb.subtree:
            extra["ssubj_verb_governs_cue"] = 1.0
        elif verb in anchor.subtree:
            extra["ssubj_inside_cue_clause"] = 1.0
        rows.append((*_mention("sentence_subject", span, t, names, p), extra))
    return rows


def speaker_options(text: str, p, tokens: TokenIndex, names: Names, prev) -> list[Option]:
    """The speaker options of proposal ``p`` (the rules' own first), each with its features."""
    raw: list[tuple[str, Span, str | None, str]] = []
    if p.speaker is not None:
        raw.append(("rule", p.speaker, p.speaker_entity, p.speaker_type))
    cue_tok = tokens.at(p.cue[0]) if p.cue is not None else None
    extras = []
    if cue_tok is not None:
        offset = tokens.offset_of(cue_tok)
        subj = _find_subject(cue_tok)[0]
        if subj is not None:
            span = (subj.left_edge.idx + offset, subj.right_edge.idx + len(subj.right_edge.text) + offset)
            if span[1] - span[0] <= 200:
                raw.append(_mention("subject", span, subj, names, p))
        raw.extend(_cue_dependents(cue_tok, offset, names, p))
        extras = _sentence_subjects(cue_tok, offset, names, p, subj)
    before = names.before(p.start)
    if before is not None and p.start - before[1] <= _NEAR:
        raw.append(("name_before", (before[0], before[1]), before[2], "named"))
    after = names.after(p.end)
    if after is not None and after[0] - p.end <= _NEAR:
        raw.append(("name_after", (after[0], after[1]), after[2], "named"))
    if prev is not None and prev.speaker is not None and p.start - prev.end <= 2 * _NEAR:
        raw.append(("previous", prev.speaker, prev.speaker_entity, prev.speaker_type))
    lemma = cue_tok.lemma_.lower() if cue_tok is not None else ""
    seen = [span for _, span, _, _ in raw]
    # a sentence subject the other options already offer adds nothing but a second vote
    rows = [(*r, {}) for r in raw] + [r for r in extras if not any(_overlaps(r[1], s) for s in seen)]
    out = []
    for kind, span, entity, stype, extra in rows:
        dist = max(0, p.start - span[1], span[0] - p.end)
        f = {
            "bias": 1.0,
            f"option={kind}": 1.0,
            f"option_kind={kind}|{p.kind}": 1.0,
            f"option_type={kind}|{stype}": 1.0,
            f"rule_type={p.speaker_type}|{kind}": 1.0,
            f"distance={kind}|{_bucket(dist)}": 1.0,
            f"words={kind}|{_bucket(len(text[span[0] : span[1]].split()))}": 1.0,
            f"cue={'yes' if p.cue else 'no'}|{kind}": 1.0,
            f"cue_lemma={lemma}|{kind}": 1.0,
            f"first_word={text[span[0] : span[1]].split()[0].lower() if text[span[0] : span[1]].split() else ''}": 1.0,
        }
        f.update(extra)
        if kind != "rule" and _overlaps(span, p.speaker):
            f[f"agrees_with_rule={kind}"] = 1.0
        if "\n" in text[min(span[1], p.start) : max(span[0], p.end)]:
            f[f"other_paragraph={kind}"] = 1.0
        if span[0] >= p.start and span[1] <= p.end:
            f[f"inside_quote={kind}"] = 1.0
        out.append(Option(kind, span, entity, stype, f))
    return out


def choose_speaker(p, options: list[Option], scorer: LinearScorer):
    """The proposal with its best-rated speaker option (unchanged when the rules' option wins or none exists)."""
    if not options:
        return p
    best = max(options, key=lambda o: scorer.score(o.features))
    if best.kind == "rule":
        return p
    return replace(p, speaker=best.span, speaker_entity=best.entity, speaker_type=best.speaker_type)
