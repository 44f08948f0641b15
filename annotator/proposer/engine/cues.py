"""Reporting cues, their reported clause and their subject, read off the parse.

One pass over the tokens of a parsed chunk finds candidate cue tokens by lemma
(cheap set look-ups); only those candidates are inspected further, so the
extra cost stays small next to the parse itself.
"""

from __future__ import annotations

import re
from itertools import takewhile

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from . import lexicon as lx
from .facts import CANDIDATE, UNTAGGED, Attribution, DocFacts, Mention, PersonMention, Span
from .mentions import (
    NAME_LABELS,
    SUBJECT_DEPS,
    attributable,
    doc_text,
    entity_context,
    entity_rows,
    ents_between,
    mention,
    tok_span,
)

_CLAUSE_DEPS = {"ccomp"}
_INHERIT_DEPS = {"conj", "advcl", "xcomp", "acl", "pcomp", "prep"}
_EDGE_PUNCT = set(" \t\r\n,;:.–—-()[]")


def _trim(text: str, span: Span) -> Span:
    s, e = span
    while s < e and text[s] in _EDGE_PUNCT:
        s += 1
    while e > s and text[e - 1] in _EDGE_PUNCT:
        e -= 1
    return s, e


#: "KUALA LUMPUR, Malaysia — " or "WASHINGTON (AP) — " opening a story: the dateline, not the report.
_DATELINE_RE = re.compile(r"[A-Z][A-Z.'’ -]+[A-Z.](?:, [A-Z][\w.'’ ]+)?(?: \([A-Za-z ]+\))? ?[—–-]+ ?")


def _after_dateline(text: str, span: Span) -> Span:
    m = _DATELINE_RE.match(text, span[0], span[1])
    return (m.end(), span[1]) if m else span


def _subtree_span(tok: Token) -> Span:
    return tok_span(tok.left_edge, tok.right_edge)


def _cue_group(tok: Token) -> str | None:
    """The lexicon group a verb token belongs to, or None if it is no cue."""
    lemma = tok.lemma_.lower()
    if lemma in lx.PARTICLE_CUES:
        if any(c.dep_ == "prt" and c.lower_ in lx.PARTICLE_CUES[lemma] for c in tok.children):
            return "speech"
        if lemma not in lx.SPEECH_VERBS:
            return None
    if lemma in lx.LIGHT_VERB_CUES:
        words = lx.LIGHT_VERB_CUES[lemma]
        # the noun must be what is made ("made a claim"), not the subject ("a claim could make ...")
        if any(c.lower_ in words and c.i > tok.i for c in tok.children):
            return "speech"
    if lemma in lx.SPEECH_VERBS:
        return "speech"
    if lemma in lx.QUOTE_ONLY_VERBS:
        return "quote-only"
    if lemma in lx.BELIEF_VERBS:
        return "belief"
    if lemma in lx.INTENT_VERBS:
        return "intent"
    return None


def _cue_span(tok: Token) -> Span:
    """The verb plus its particle or light-verb object ("pointed out", "made it clear")."""
    last = tok
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.i > last.i and c.i - tok.i <= 3:
            if c.dep_ == "prt" or (lemma in lx.LIGHT_VERB_CUES and c.lower_ in lx.LIGHT_VERB_CUES[lemma]):
                last = c
    return tok_span(tok, last)


def _find_subject(tok: Token) -> tuple[Token | None, bool]:
    """The subject of a cue, inherited through conjunctions and participles.

    Returns (subject, subjectless); ``subjectless`` marks a cue placed after
    the clause it reports with no subject of its own ("..., considered.").
    """
    cur = tok
    for _ in range(4):
        for c in cur.children:
            if c.dep_ in SUBJECT_DEPS:
                if c.lower_ in lx.RELATIVE_PRONOUNS and cur.dep_ == "relcl":
                    return cur.head, False
                return c, False
        if cur.dep_ == "relcl" and cur is tok:
            return cur.head, False
        if cur.dep_ == "agent":
            break
        if cur.dep_ not in _INHERIT_DEPS or cur.head is cur:
            break
        if cur is tok and cur.i > cur.head.i and cur.tag_ != "VBG" and cur.dep_ != "conj":
            return None, True  # inverted cue without subject
        cur = cur.head
    return None, False


def _names_something(tok: Token) -> bool:
    """A naming participle modifying a noun ("an app called 'Loop'"): a label, no report."""
    if not (tok.tag_ == "VBN" and tok.dep_ == "acl" and tok.lemma_.lower() in lx.NAMING_VERBS):
        return False
    if any(c.dep_ == "prep" and c.lower_ in ("for", "on", "upon") for c in tok.children):
        return False  # "called for a ban": a demand
    doc = tok.doc
    j = tok.i + 1
    while j < len(doc) and (doc[j].pos_ == "ADV" or doc[j].dep_ == "prt" or doc[j].lower_ == "as"):
        j += 1
    return j < len(doc) and (doc[j].is_quote or doc[j].text in "“‘\"'" or doc[j].pos_ == "PROPN")


def _withholds(tok: Token) -> bool:
    """ "denied the visitors a goal", "denied Smith's request": refusing something, not a denial of a claim."""
    if tok.lemma_.lower() != "deny":
        return False
    if any(c.dep_ == "dative" for c in tok.children):
        return True
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    return obj is not None and (obj.pos_ == "PROPN" or obj.lemma_.lower() in lx.GRANTABLE_NOUNS)


_AUXILIARIES = frozenset(
    "is are was were be been am do does did have has had will would can could shall should may might must".split()
)


def _elliptic(text: str, content: tuple[Span, ...]) -> bool:
    """A clause cut down to a pronoun and an auxiliary ("it is", "they were")."""
    words = " ".join(text[s:e] for s, e in content).split()
    return len(words) <= 3 and words[-1].lower().strip(".,;:") in _AUXILIARIES


def _candidate_person(tok: Token) -> PersonMention | None:
    """A capitalised main-clause subject the NER did not call a person ("Marsh said", "Marsh rolled")."""
    if tok.ent_type_ == "PERSON" or not tok.text[:1].isupper():
        return None
    if tok.head.dep_ != "ROOT" and _cue_group(tok.head) is None:
        return None
    untagged = (
        tok.ent_type_ == ""
        and not tok.is_upper
        and tok.lower_ not in lx.ORG_NOUNS
        and tok.lower_ not in lx.LABEL_WORDS
        and not any(c.dep_ in ("compound", "det", "poss", "amod") for c in tok.children)
    )
    label = UNTAGGED if untagged else CANDIDATE
    return PersonMention(tok.idx, tok.idx + len(tok.text), tok.text, label, True, frozenset())


def _unasserted(tok: Token) -> bool:
    """A stance verb that is negated, hypothetical or only possible."""
    for c in tok.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ == "aux" and c.lower_ in ("may", "might", "could", "would", "should"):
            return True
        if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
            return True
    return False


def _after_quotation(doc: Doc, tok: Token) -> bool:
    """A cue right after a closing quotation mark ("...”, considered.") reports that quotation."""
    j = tok.i - 1
    while j >= 0 and j >= tok.i - 4 and (doc[j].is_punct or doc[j].is_space or doc[j].pos_ == "PRON"):
        if doc[j].is_quote or doc[j].text in ("”", '"', "''", "’", "»"):
            return True
        j -= 1
    return False


def _word_count(text: str, span: Span) -> int:
    return len(text[span[0] : span[1]].split())


def _is_open_question(doc: Doc, tok: Token, content: tuple[Span, ...]) -> bool:
    """A negated cue whose clause is an open question ("did not say whether")."""
    if not any(c.dep_ == "neg" for c in tok.children):
        return False
    first = doc_text(doc)[content[0][0] : content[0][1]].split(None, 1)
    return bool(first) and first[0].lower() in ("whether", "if", "when", "why", "how", "what", "who")


def _clause_around_cue(doc: Doc, tok: Token) -> tuple[Span, ...]:
    """Content of a cue set into the clause it reports, as fragments around it.

    "X is bad, he said" gives one fragment; "X, he said, is bad" gives two, the
    pieces of the reported clause on both sides of the cue.
    """
    head = tok.head
    if head is tok:
        return ()
    frags = []
    first, stop = head.left_edge, tok.left_edge.i - 1
    if stop >= first.i and any(not t.is_punct for t in doc[first.i : stop + 1]):
        frags.append(tok_span(first, doc[stop]))
    after, last = tok.right_edge.i + 1, head.right_edge
    if after <= last.i and any(not t.is_punct for t in doc[after : last.i + 1]):
        frags.append(tok_span(doc[after], last))
    return tuple(frags)


def _continuation(doc: Doc, tok: Token) -> list[Span]:
    """The rest of a report split by its cue: "A was bad, he said, until it went bankrupt"."""
    out = []
    for c in tok.rights:
        prev = doc[c.left_edge.i - 1]
        if (
            c.dep_ in ("advcl", "ccomp", "conj", "dep")
            and prev.text == ","
            and c.tag_ != "VBG"
            and _cue_group(c) is None
            and not any(m.dep_ == "mark" and m.lower_ in ("though", "although") for m in c.children)
        ):
            out.append(_subtree_span(c))  # "..., he said, though he named no one": the writer's aside
    return out


def _own_report(c: Token) -> bool:
    """A clause that is itself a report with its own speaker ("he added that ...")."""
    return (
        _cue_group(c) in ("speech", "belief")
        and any(g.dep_ == "nsubj" for g in c.children)
        and any(g.dep_ in _CLAUSE_DEPS for g in c.children)
    )


def _before_next_report(doc: Doc, head: Token) -> Token:
    """The last token of a reported clause, stopping before a coordinated report of its own.

    "He said that A and, although B, he added that C": the parser may hang the
    second report on the first clause; "he added that C" is a new report.
    """
    for c in head.children:
        if c.dep_ == "conj" and c.i > head.i and _own_report(c):
            j = c.left_edge.i - 1
            cc = next((g for g in head.children if g.dep_ == "cc" and g.i < c.i), None)
            if cc is not None and cc.i > head.i:
                j = min(j, cc.i - 1)
            while j > head.i and (doc[j].is_punct or doc[j].is_space):
                j -= 1
            return doc[j]
    return head.right_edge


def _before_dangling_and(doc: Doc, head: Token, end: Token) -> Token:
    """Stop a clause before an "and" whose conjunct the parser lost ("A and, although B, ...").

    With no conjunct after it, what follows the "and" belongs to the sentence around
    the report, not to the report.
    """
    for c in head.children:
        if c.dep_ == "cc" and head.i < c.i <= end.i and not any(g.dep_ == "conj" and g.i > c.i for g in head.children):
            return doc[max(head.i, c.i - 1)]
    return end


def _object_content(tok: Token) -> Span | None:
    """What an object-taking cue reports: "called for X", "accused X of Y", "cited X"."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "on") and tok.lemma_.lower() == "call":
            return _subtree_span(c)
    obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i), None)
    if obj is None:
        return None
    if obj.pos_ == "PRON" and not any(c.dep_ == "oprd" for c in tok.children):
        return None  # "praised him": no content; "called him a liar": the predicate is
    last = obj.right_edge
    for c in tok.children:
        if c.i > last.i and (c.dep_ in ("oprd", "xcomp") or (c.dep_ == "prep" and c.lower_ in ("of", "for", "as"))):
            last = c.right_edge
    return tok_span(obj.left_edge, _as_quotation(tok.doc, obj.left_edge, last))


def _as_quotation(doc: Doc, first: Token, last: Token) -> Token:
    """'described the scene as "chaos all around"' even when the parser hangs "as" or
    the closing quotation mark elsewhere."""
    if sum(1 for t in doc[first.i : last.i + 1] if t.is_quote) % 2 == 1:
        start = last.i + 1  # the quotation opens inside the object: find its closing mark
    else:
        k = last.i + 1
        if k + 1 >= len(doc) or doc[k].lower_ != "as" or not doc[k + 1].is_quote:
            return last
        start = k + 2
    for j in range(start, min(len(doc), start + 38)):
        if doc[j].is_quote:
            return doc[j]
        if doc[j].is_sent_start:
            break
    return last


def _that_clause(tok: Token) -> Token | None:
    for g in tok.children:
        if g.dep_ in ("ccomp", "advcl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children):
            return g
    return None


def _content(doc: Doc, tok: Token, group: str) -> tuple[tuple[Span, ...], str]:
    """The reported clause of a cue and how it was found."""
    if group == "quote-only":
        return (), "none"
    lemma = tok.lemma_.lower()
    # light verbs: the clause hangs on the object ("made it clear that ...")
    if lemma in lx.LIGHT_VERB_CUES:
        for c in tok.children:
            if c.lower_ in lx.LIGHT_VERB_CUES[lemma]:
                g = _that_clause(c)
                if g is not None:
                    return (_subtree_span(g),), "ccomp"
    clauses = [c for c in tok.children if c.dep_ in _CLAUSE_DEPS]
    # "She said that A and, although B, she said that C": the parser may hang the first
    # report on the second cue; a clause with its own cue and subject reports itself
    clauses = [c for c in clauses if not (c.i < tok.i and _own_report(c))] or clauses
    if clauses:
        # several clauses on the same side of the cue are one report ("noted that A, that B")
        side = [c for c in clauses if (c.i > tok.i) == (clauses[0].i > tok.i)]
        # ... but not "considered that A and, although B, he considered that C": a report of its own
        side = side[:1] + list(takewhile(lambda c: not _own_report(c), side[1:]))
        last = side[-1]
        end = _before_next_report(doc, last) if last.i > tok.i else last.right_edge
        end = _before_dangling_and(doc, last, end)
        while end.i > last.i and (end.is_punct or end.is_space or end.dep_ == "cc"):
            end = doc[end.i - 1]
        frags = [tok_span(side[0].left_edge, end)]
        if side[0].i < tok.i:
            frags.extend(_continuation(doc, tok))
        return tuple(frags), "ccomp"
    told_someone = group == "speech" and any(c.dep_ in ("dobj", "dative") for c in tok.children)
    if group == "intent" or lemma in lx.INTENT_VERBS or told_someone:
        # "vowed to fight", "told reporters to wait", "advised people never to ..."
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp") and c.i > tok.i:
                return (_subtree_span(c),), "xcomp"
    if lemma in lx.OBJECT_CUES:
        obj = _object_content(tok)
        if obj is not None:
            return (obj,), "object"
    if tok.dep_ in ("parataxis", "ccomp", "advcl", "conj") and group in ("speech", "belief") and tok.tag_ != "VBG":
        # inverted or inserted cue ("X is bad, he said" / "X, he said, is bad" /
        # "..., considered."): a comma, dash or closing quotation mark must
        # separate it from the clause it reports
        left = tok.left_edge
        while left.i < tok.i and left.is_punct:
            left = doc[left.i + 1]
        prev = doc[left.i - 1] if left.i > 0 else None
        separated = prev is not None and (prev.text in (",", "”", '"', "''", "’", "—", "–") or prev.is_quote)
        inserted = tok.head.i > tok.i and tok.dep_ == "parataxis"
        if separated and (tok.head.i < tok.i or inserted):
            frag = _clause_around_cue(doc, tok)
            if frag:
                return frag, "inverted"
    return (), "none"


def _colon_after(doc: Doc, tok: Token) -> Token | None:
    j = tok.i + 1
    while j < len(doc) and j <= tok.i + 3:
        t = doc[j]
        if t.text == ":":
            return t
        if not (t.is_space or t.dep_ in ("prt", "advmod", "npadvmod") or t.pos_ == "ADV"):
            return None
        j += 1
    return None


def _sentence_tail(doc: Doc, after: Token, sent: SpacySpan) -> Span | None:
    if after.i + 1 >= sent.end:
        return None
    last = sent.end - 1
    while last > after.i and (doc[last].is_space or doc[last].is_punct):
        last -= 1
    if last <= after.i:
        return None
    return tok_span(doc[after.i + 1], doc[last])


def _minus_region(doc: Doc, sent: SpacySpan, lo: int, hi: int) -> tuple[Span, ...]:
    """The sentence without tokens lo..hi (a source phrase), as 1-2 fragments."""
    frags = []
    if lo > sent.start:
        frags.append(tok_span(doc[sent.start], doc[lo - 1]))
    if hi < sent.end - 1:
        frags.append(tok_span(doc[hi + 1], doc[sent.end - 1]))
    return tuple(frags)


def _source_phrase(doc: Doc, tok: Token, sent: SpacySpan) -> Attribution | None:
    """ "according to X, ..." and "in the opinion of X, ..." attributions."""
    lower = tok.lower_
    source: Token | None = None
    region: tuple[int, int] | None = None
    cue_last = tok
    if lower == "according" or (lower == "as" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "per"):
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "per")), None)
        if lower == "per":
            prep = tok
        if prep is None:
            return None
        source = next((c for c in prep.children if c.dep_ == "pobj"), None)
        cue_last = prep
        region = (tok.left_edge.i, tok.right_edge.i)
    elif lower in lx.OPINION_NOUNS and tok.head.lower_ == "in" and tok.head.dep_ == "prep":
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            source = next((c for c in of.children if c.dep_ == "pobj"), None)
        else:
            source = next((c for c in tok.children if c.dep_ == "poss"), None)
        region = (tok.head.left_edge.i, tok.head.right_edge.i)
        tok, cue_last = tok.head, tok
    if source is None or region is None:
        return None
    content = tuple(
        c for c in (_trim(doc_text(doc), s) for s in _minus_region(doc, sent, region[0], region[1])) if c[1] > c[0]
    )
    if not content:
        return None
    return Attribution(
        tok_span(tok, cue_last), "according to", "source", content, mention(doc, source), tok_span(sent[0], sent[-1])
    )


def _headline(doc: Doc, sent: SpacySpan) -> Attribution | None:
    """ "Name: what they said" at the start of a line (headline convention)."""
    toks = [t for t in sent if not t.is_space]
    for k, t in enumerate(toks[:7]):
        if t.text == ":":
            before = [x for x in toks[:k] if not x.is_punct]
            if not before or len(before) > 4:
                return None
            # a name, a transcript speaker ("PENCE:") or a source noun ("Poll:")
            if not any(
                (x.pos_ == "PROPN" and not x.is_upper)
                or x.ent_type_ in ("PERSON", "ORG")
                or x.lemma_.lower() in lx.SOURCE_NOUNS
                for x in before
            ):
                return None  # all-capital section labels ("ENERGY:") are not speakers; "PENCE:" is a name
            if any(x.lower_ in lx.LABEL_WORDS for x in before):
                return None  # "READ MORE:", "WATCH:", "UPDATE:" are page furniture
            if all(x.ent_type_ in ("GPE", "LOC") for x in before):
                return None  # "Israel: ..." is a dateline or topic, not a speaker
            if any(x.pos_ in ("VERB", "AUX") for x in before):
                return None
            head = before[-1]
            # what follows runs to the end of the line, even if the parser cut a sentence there
            text = doc_text(doc)
            line_end = text.find("\n", t.idx)
            content = _trim(text, (t.idx + 1, len(text) if line_end == -1 else line_end))
            if len(text[content[0] : content[1]].split()) < 3:
                return None
            end_tok = next((x.i for x in doc[t.i :] if x.idx >= content[1]), len(doc))
            if not any(x.pos_ in ("VERB", "AUX") or x.is_quote for x in doc[t.i + 1 : end_tok]):
                return None  # a statement has a verb or quotation marks; "Email: a@b.com" has neither
            m = Mention(
                before[0].idx,
                head.idx + len(head.text),
                doc_text(doc)[before[0].idx : head.idx + len(head.text)],
                "named",
                head.lower_,
                tuple((r[2], r[3], r[4], r[5]) for r in ents_between(doc, before[0].i, head.i) if r[5] in NAME_LABELS),
                frozenset(x.lower_ for x in before),
            )
            return Attribution(tok_span(t, t), ":", "headline", (content,), m, (toks[0].idx, content[1]))
        if t.pos_ in ("VERB", "AUX"):
            return None
    return None


def _in_capitals(sent: SpacySpan) -> bool:
    """A sentence written in capitals: at least three words, nearly all of them upper-case."""
    words = [t for t in sent if t.is_alpha]
    return len(words) >= 3 and sum(t.is_upper for t in words) >= 0.8 * len(words)


def extract(doc: Doc) -> DocFacts:
    """Reduce one parsed chunk to the facts the document-level steps use."""
    facts = DocFacts()
    text = doc_text(doc)
    for sent in doc.sents:
        head_attr = (
            _headline(doc, sent)
            if sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws or doc[sent.start - 1].is_space
            else None
        )
        if head_attr is not None:
            facts.attributions.append(head_attr)
        if _in_capitals(sent):
            continue  # a section heading ("FELLOW DOCTORS DON'T WANT HIM"): page furniture, no report
        for tok in sent:
            pos = tok.pos_
            if pos == "PROPN" and tok.dep_ in SUBJECT_DEPS:
                cand = _candidate_person(tok)
                if cand is not None:
                    facts.entities.append(cand)
            if pos in ("ADP", "VERB", "NOUN") and (tok.lower_ in ("according", "as") or tok.lower_ in lx.OPINION_NOUNS):
                src = _source_phrase(doc, tok, sent)
                if src is not None:
                    facts.attributions.append(src)
                    continue
            if pos not in ("VERB", "AUX"):
                continue
            group = _cue_group(tok)
            if group is None or _names_something(tok) or (tok.is_upper and len(tok.text) > 1):
                continue  # no cue, a naming verb, or a verb in a heading written in capitals
            content, how = _content(doc, tok, group)
            if how == "object" and _withholds(tok):
                continue
            colon = _colon_after(doc, tok)
            if colon is not None and not content:
                tail = _sentence_tail(doc, colon, sent)
                content = (tail,) if tail else ()
            if group not in ("speech", "quote-only") and not content and not _after_quotation(doc, tok):
                continue
            subj, subjectless = _find_subject(tok)
            if how == "inverted" and subj is not None and subj.i < tok.head.i and tok.dep_ == "conj":
                content = ()  # "X did A and said B": not an inverted cue
            content = tuple(c for c in (_trim(text, _after_dateline(text, (s, e))) for s, e in content) if c[1] > c[0])
            if (
                content
                and not subjectless
                and (group in ("belief", "intent") or how == "xcomp" or tok.lemma_.lower() in lx.EVIDENCE_VERBS)
                and not attributable(subj)
            ):
                continue  # "you know", "we hope", "the attack showed": stance of no one in particular
            if subj is not None and not attributable(subj, lenient=True):
                continue  # "you can't tell", "fear says", "an odd thing to say": no source
            if group in ("belief", "intent") and _unasserted(tok):
                continue  # "if she feels ...", "may decline to ...", "didn't want to ...": no stance held
            if content and _is_open_question(doc, tok, content):
                continue  # "did not say whether ...": nothing was reported
            if subj is not None and subj.dep_ == "nsubjpass" and tok.lemma_.lower() not in ("quote", "cite"):
                # "it was announced that ...": the subject is not the source, the agent is;
                # but "he was quoted as saying" names the speaker
                agent = next(
                    (g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None
                )
                if how not in ("ccomp",):
                    continue
                subj = agent
            if how not in ("none",) and content and sum(_word_count(text, c) for c in content) < 2:
                continue
            if how == "ccomp" and content[0][0] > tok.idx and _elliptic(text, content):
                continue  # "higher than the agency says it is": a comparison, nothing reported
            facts.attributions.append(
                Attribution(
                    cue=_cue_span(tok),
                    lemma=tok.lemma_.lower(),
                    group=group,
                    content=content,
                    speaker=mention(doc, subj) if subj is not None else None,
                    sent=(sent.start_char, sent.end_char),
                    subjectless=subjectless,
                    colon=colon is not None,
                )
            )
    for t_start, t_end, c_start, c_end, e_text, label in entity_rows(doc):
        if label in ("PERSON", "ORG"):
            ent = doc[t_start:t_end]
            root = ent.root
            main_subject = root.dep_ in SUBJECT_DEPS and (root.head.dep_ == "ROOT" or _cue_group(root.head) is not None)
            facts.entities.append(PersonMention(c_start, c_end, e_text, label, main_subject, entity_context(doc, ent)))
    return facts
