"""What the learned proposer adds to the rules: more cue candidates, and features to judge every proposal.

The rules know a fixed lexicon of reporting verbs. Every other verb (or noun) that
governs a reported clause ("warned that ...", "the claim that ...") becomes a *candidate*
attribution here; the rules' own machinery then pairs it with quotation marks and
resolves its speaker, so a candidate is proposed the way a rule cue would be. A linear
model (``linear.py``) trained on a project's gold then decides, for rule proposals and
candidates alike, which to keep. Pure: spaCy objects in, plain data out.
"""

from __future__ import annotations

import bisect
import math

from spacy.tokens import Doc, Token

from ..cues import _content, _cue_group, _find_subject, _trim
from ..facts import Attribution, DocFacts, Span
from ..mentions import attributable, doc_text, mention, tok_span

#: ``Attribution.group`` of a cue the rules do not know; the model judges it by its lemma.
LEARNED_GROUP = "learned"

_CLAUSE_DEPS = ("ccomp",)
_NOUN_CLAUSE_DEPS = ("acl", "ccomp", "appos")


def _has_clause(tok: Token) -> bool:
    return any(c.dep_ in _CLAUSE_DEPS for c in tok.children)


def _noun_that_clause(tok: Token) -> Token | None:
    """ "the claim that ...": a clause introduced by "that" hanging on a noun."""
    for c in tok.children:
        if (
            c.dep_ in _NOUN_CLAUSE_DEPS
            and c.i > tok.i
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ):
            return c
    return None


#: Dependents after a verb that carry what a lexicon cue reports when it has no clause:
#: "attacked the plan", "pledged to cut taxes", "seems unlikely", "pointed to the polls".
_COMPLEMENT_DEPS = ("dobj", "xcomp", "prep", "attr", "acomp", "oprd", "ccomp", "advcl")


def _complement(doc: Doc, tok: Token) -> tuple[Span, ...]:
    rights = [c for c in tok.rights if c.dep_ in _COMPLEMENT_DEPS]
    if not rights:
        return ()
    return (tok_span(rights[0].left_edge, rights[-1].right_edge),)


def cue_head(tokens: list[Token]) -> Token | None:
    """The token of a cue phrase a lexicon is keyed on: its verb, else its noun, else its last word."""
    for pos in ("VERB", "NOUN", "ADJ"):
        for t in tokens:
            if t.pos_ == pos:
                return t
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    return words[-1] if words else None


def cue_key(tok: Token) -> str:
    return f"{tok.pos_}:{tok.lemma_.lower()}"


def candidate_attributions(doc: Doc, facts: DocFacts, lexicon: frozenset[str] = frozenset()) -> list[Attribution]:
    """Cue candidates the rules did not take.

    Verbs with a clausal complement and nouns with a "that" clause always; besides,
    any word whose ``cue_key`` is in ``lexicon`` (the cues a project's gold uses,
    learned in training), with its complement as what it reports.
    """
    text = doc_text(doc)
    # what the rules already report; a rule cue that found no clause ("complained about his mic") stays open
    taken: list[Span] = sorted(
        [a.cue for a in facts.attributions if a.content] + [c for a in facts.attributions for c in a.content]
    )
    starts = [s for s, _ in taken]

    def claimed(span: Span) -> bool:
        k = bisect.bisect_right(starts, span[1])
        return any(s < span[1] and span[0] < e for s, e in taken[max(0, k - 40) : k])

    out: list[Attribution] = []
    for sent in doc.sents:
        for tok in sent:
            in_lexicon = cue_key(tok) in lexicon
            # a rule cue the rules dropped ("said" with no clause they accept) is a candidate again when
            # the gold uses it: the model, not the rule's filter, then decides
            if tok.pos_ == "VERB" and ((_cue_group(tok) is None and _has_clause(tok)) or in_lexicon):
                content = _content(doc, tok, "speech")[0] if _has_clause(tok) else _complement(doc, tok)
                subj, subjectless = _find_subject(tok)
                if subj is not None and not attributable(subj, lenient=True):
                    continue
                speaker = mention(doc, subj) if subj is not None else None
            elif tok.pos_ == "NOUN" and ((clause := _noun_that_clause(tok)) is not None or in_lexicon):
                content = (
                    (tok_span(clause.left_edge, clause.right_edge),) if clause is not None else _complement(doc, tok)
                )
                owner = next((c for c in tok.children if c.dep_ == "poss"), None)
                speaker, subjectless = (mention(doc, owner) if owner is not None else None), False
            else:
                continue
            content = tuple(c for c in (_trim(text, c) for c in content) if c[1] - c[0] > 8)
            cue = tok_span(tok, tok)
            if not content or claimed(cue) or any(claimed(c) for c in content):
                continue
            out.append(
                Attribution(
                    cue=cue,
                    lemma=tok.lemma_.lower(),
                    group=LEARNED_GROUP,
                    content=content,
                    speaker=speaker,
                    sent=(sent.start_char, sent.end_char),
                    subjectless=subjectless,
                )
            )
    return out


class TokenIndex:
    """Find the token at a character offset across the chunks of one text."""

    def __init__(self, docs: list[tuple[int, Doc]]):
        self.starts: list[int] = []
        self.tokens: list[Token] = []
        #: a number per sentence of the whole text, by token (``Token.sent`` builds a Span on every call)
        self.sentence: list[int] = []
        #: what the learned parts compute once per sentence (keyed by what and the sentence number)
        self.cache: dict = {}
        self._offsets = {id(doc): offset for offset, doc in docs}
        number = 0
        for offset, doc in docs:
            for sent in doc.sents:
                number += 1
                for tok in sent:
                    if not tok.is_space:
                        self.starts.append(tok.idx + offset)
                        self.tokens.append(tok)
                        self.sentence.append(number)

    def offset_of(self, tok: Token) -> int:
        """Where the chunk holding ``tok`` starts in the whole text."""
        return self._offsets[id(tok.doc)]

    def at(self, pos: int) -> Token | None:
        k = bisect.bisect_right(self.starts, pos) - 1
        return self.tokens[k] if k >= 0 else None


def _bucket(n: float) -> str:
    return str(min(6, int(math.log2(n + 1))))


_QUOTE_MARKS = set('"“”«»')


def proposal_features(
    text: str,
    proposal,
    learned_cues: set[Span],
    tokens: TokenIndex,
    line_starts: list[int],
    lexicon: frozenset[str] = frozenset(),
) -> dict[str, float]:
    """Sparse features of one proposal (a ``Proposal`` of the engine), named for a linear model."""
    f: dict[str, float] = {"bias": 1.0}
    src = "learned" if proposal.cue in learned_cues else "rule"
    kind = proposal.kind
    f[f"src={src}"] = 1.0
    f[f"kind={kind}"] = 1.0
    f[f"src_kind={src}|{kind}"] = 1.0
    f["confidence"] = float(proposal.confidence)
    start, end = proposal.start, proposal.end
    body = text[start:end]
    words = len(body.split())
    f[f"words={_bucket(words)}"] = 1.0
    f[f"kind_words={kind}|{_bucket(words)}"] = 1.0
    f[f"fragments={min(3, len(proposal.fragments))}"] = 1.0
    line = bisect.bisect_right(line_starts, start) - 1
    f[f"line={min(line, 6)}"] = 1.0
    line_end = text.find("\n", start)
    line_text = text[line_starts[line] : line_end if line_end != -1 else len(text)]
    if line_text.rstrip()[-1:] not in (".", "!", "?", '"', "”", "’"):
        f["line_unterminated"] = 1.0
    if line_text[:1].isupper() and line_text[:20].isupper():
        f["line_capitals"] = 1.0
    marks = sum(1 for ch in body if ch in _QUOTE_MARKS)
    f[f"marks={min(marks, 4)}"] = 1.0
    if body.rstrip(' "”’').endswith("?"):
        f["question"] = 1.0
    if proposal.cue is None:
        f["cue=none"] = 1.0
    else:
        tok = tokens.at(proposal.cue[0])
        cue_pos = "before" if proposal.cue[1] <= start else "after" if proposal.cue[0] >= end else "inside"
        f[f"cue_pos={cue_pos}"] = 1.0
        f[f"cue_pos_kind={cue_pos}|{kind}"] = 1.0
        gap = max(0, start - proposal.cue[1], proposal.cue[0] - end)
        f[f"cue_gap={_bucket(gap)}"] = 1.0
        if tok is not None:
            lemma = tok.lemma_.lower()
            f[f"lemma={lemma}"] = 1.0
            f[f"cue_key={cue_key(tok)}"] = 1.0
            if cue_key(tok) in lexicon:
                f[f"in_lexicon={src}"] = 1.0
            f[f"lemma_src={lemma}|{src}"] = 1.0
            f[f"lemma_kind={lemma}|{kind}"] = 1.0
            f[f"cue_dep={tok.dep_}"] = 1.0
            f[f"cue_tag={tok.tag_}"] = 1.0
            for c in tok.children:
                if c.dep_ == "neg":
                    f["cue_negated"] = 1.0
                elif c.dep_ == "aux" and c.tag_ == "MD":
                    f["cue_modal"] = 1.0
                elif c.dep_ == "aux" and c.lemma_.lower() == "will":
                    f["cue_future"] = 1.0
    speaker_text = text[proposal.speaker[0] : proposal.speaker[1]] if proposal.speaker else ""
    f[f"speaker={proposal.speaker_type}"] = 1.0
    f[f"speaker_src={proposal.speaker_type}|{src}"] = 1.0
    if proposal.speaker_entity:
        f["has_entity"] = 1.0
    if proposal.speaker_type == "pronoun":
        f[f"pronoun={speaker_text.lower()}"] = 1.0
    if speaker_text and proposal.speaker_type not in ("named", "pronoun"):
        f[f"speaker_head={speaker_text.split()[-1].lower()}"] = 1.0
    return f
