"""Reporting cues, their reported clause and their subject, read off the parse.

One pass over the tokens of a parsed chunk finds candidate cue tokens by lemma
(cheap set look-ups); only those candidates are inspected further, so the
extra cost stays small next to the parse itself.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span as SpacySpan, Token

from . import lexicon as lx
from .facts import Attribution, DocFacts, Mention, PersonMention, Span

_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_CLAUSE_DEPS = {"ccomp"}
_INHERIT_DEPS = {"conj", "advcl", "xcomp", "acl", "pcomp"}
_NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
_EDGE_PUNCT = set(" \t\r\n,;:.–—-()[]")
_CUT_DEPS = {"relcl", "acl", "advcl", "ccomp", "parataxis"}


def _tok_span(first: Token, last: Token) -> Span:
    return first.idx, last.idx + len(last.text)


def _trim(text: str, span: Span) -> Span:
    s, e = span
    while s < e and text[s] in _EDGE_PUNCT:
        s += 1
    while e > s and text[e - 1] in _EDGE_PUNCT:
        e -= 1
    return s, e


def _subtree_span(tok: Token) -> Span:
    return _tok_span(tok.left_edge, tok.right_edge)


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
        if any(c.lower_ in words for c in tok.children):
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
    return _tok_span(tok, last)


def _find_subject(tok: Token) -> tuple[Token | None, bool]:
    """The subject of a cue, inherited through conjunctions and participles.

    Returns (subject, subjectless); ``subjectless`` marks a cue placed after
    the clause it reports with no subject of its own ("..., considered.").
    """
    cur = tok
    for _ in range(4):
        for c in cur.children:
            if c.dep_ in _SUBJECT_DEPS:
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


def _phrase_end(tok: Token) -> Token:
    """Last token of a noun phrase, stopping before commas, clauses and appositions."""
    last = tok
    for c in tok.rights:
        if c.is_punct or c.dep_ in ("relcl", "appos", "cc", "conj", "punct", "advcl", "parataxis"):
            break
        if c.dep_ in ("compound", "flat", "nummod", "prep", "amod", "acl", "pobj", "npadvmod", "case"):
            if any(t.is_punct and t.text in ",;:—–(" for t in c.subtree):
                break
            last = c.right_edge
    return last


def _attributable(subj: Token | None) -> bool:
    """Whether a belief or intention is attributed to a specific person or organisation."""
    if subj is None:
        return False
    if subj.pos_ == "PRON":
        return subj.lower_ in ("he", "she")
    return subj.pos_ == "PROPN" or subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or subj.lemma_.lower() in lx.PERSON_NOUNS


def _mention(doc: Doc, tok: Token) -> Mention:
    """The noun phrase around a subject token, with names found inside it."""
    lower = tok.lower_
    if tok.pos_ == "PRON":
        return Mention(tok.idx, tok.idx + len(tok.text), tok.text, "pronoun", lower, (), frozenset({lower}))
    first = tok.left_edge
    while first.i < tok.i and (first.is_punct or first.is_space):
        first = doc[first.i + 1]
    last = _phrase_end(tok)
    region_end = max(last.i, max((c.right_edge.i for c in tok.rights if c.dep_ == "appos"), default=last.i))
    names = []
    for ent in doc.ents:
        if ent.start > region_end:
            break
        if ent.label_ in _NAME_LABELS and ent.start >= first.i and ent.end - 1 <= region_end:
            if ent.start > last.i:
                # a name in apposition ("the Secretary of State, Anthony Blinken") extends the mention
                if ent.label_ == "PERSON" and not any(n[3] == "PERSON" for n in names):
                    last = doc[ent.end - 1]
                else:
                    continue
            names.append((ent.start_char, ent.end_char, ent.text, ent.label_))
    start, end = _tok_span(first, last)
    words = frozenset(t.lower_ for t in doc[first.i : last.i + 1] if not t.is_punct and t.pos_ != "DET")
    lemma = tok.lemma_.lower()
    definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "its", "this", "that") for c in tok.children)
    if any(n[3] == "PERSON" for n in names) or tok.pos_ == "PROPN":
        kind = "named"
    elif lemma in lx.ORG_NOUNS and definite and tok.tag_ in ("NN", "NNP"):
        kind = "org-description"
    elif lower in lx.PERSON_NOUNS or lemma in lx.PERSON_NOUNS or (definite and tok.tag_ == "NN" and tok.ent_type_ == ""):
        kind = "description" if tok.tag_ != "NNS" else "other"
    else:
        kind = "other"
    return Mention(start, end, doc.text[start:end], kind, lemma, tuple(names), words)


def _clause_after_cue(doc: Doc, tok: Token) -> tuple[Span, ...]:
    """Content of an inverted cue: its head's clause before the cue ("X is bad, he said")."""
    head = tok.head
    if head is tok or head.i > tok.i:
        return ()
    first = head.left_edge
    stop = tok.left_edge.i - 1
    if stop < first.i:
        return ()
    return (_tok_span(first, doc[stop]),)


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
    if clauses:
        # several clauses on the same side of the cue are one report ("noted that A, that B")
        side = [c for c in clauses if (c.i > tok.i) == (clauses[0].i > tok.i)]
        return (_tok_span(side[0].left_edge, side[-1].right_edge),), "ccomp"
    if group == "intent" or lemma in lx.INTENT_VERBS:
        for c in tok.children:
            if c.dep_ == "xcomp" and c.i > tok.i:
                return (_subtree_span(c),), "xcomp"
    if tok.dep_ in ("parataxis", "ccomp", "advcl", "conj") and tok.head.i < tok.i and group in ("speech", "belief"):
        # inverted cue ("X is bad, he said" / "..., considered."): a comma or closing
        # quotation mark must separate it from the clause it reports
        prev = doc[tok.left_edge.i - 1] if tok.left_edge.i > 0 else None
        if prev is not None and (prev.text in (",", "”", '"', "''", "’", "—", "–") or prev.is_quote):
            frag = _clause_after_cue(doc, tok)
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
    return _tok_span(doc[after.i + 1], doc[last])


def _minus_region(doc: Doc, sent: SpacySpan, lo: int, hi: int) -> tuple[Span, ...]:
    """The sentence without tokens lo..hi (a source phrase), as 1-2 fragments."""
    frags = []
    if lo > sent.start:
        frags.append(_tok_span(doc[sent.start], doc[lo - 1]))
    if hi < sent.end - 1:
        frags.append(_tok_span(doc[hi + 1], doc[sent.end - 1]))
    return tuple(frags)


def _source_phrase(doc: Doc, tok: Token, sent: SpacySpan) -> Attribution | None:
    """"according to X, ..." and "in the opinion of X, ..." attributions."""
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
    content = tuple(c for c in (_trim(doc.text, s) for s in _minus_region(doc, sent, region[0], region[1])) if c[1] > c[0])
    if not content:
        return None
    return Attribution(_tok_span(tok, cue_last), "according to", "source", content, _mention(doc, source), _tok_span(sent[0], sent[-1]))


def _headline(doc: Doc, sent: SpacySpan) -> Attribution | None:
    """"Name: what they said" at the start of a line (headline convention)."""
    toks = [t for t in sent if not t.is_space]
    for k, t in enumerate(toks[:7]):
        if t.text == ":":
            before = [x for x in toks[:k] if not x.is_punct]
            if not before or len(before) > 4 or len(toks) - k < 3:
                return None
            if not any(x.pos_ == "PROPN" or x.ent_type_ in ("PERSON", "ORG") for x in before):
                return None
            if any(x.pos_ in ("VERB", "AUX") for x in before):
                return None
            head = before[-1]
            rest = toks[k + 1 :]
            while rest and rest[-1].is_punct and rest[-1].text not in "”\"'’»":
                rest = rest[:-1]
            if not rest:
                return None
            m = Mention(before[0].idx, head.idx + len(head.text), doc.text[before[0].idx : head.idx + len(head.text)], "named", head.lower_,
                        tuple((e.start_char, e.end_char, e.text, e.label_) for e in doc.ents if e.start >= before[0].i and e.end <= head.i + 1 and e.label_ in _NAME_LABELS),
                        frozenset(x.lower_ for x in before))
            return Attribution(_tok_span(t, t), ":", "headline", (_tok_span(rest[0], rest[-1]),), m, _tok_span(toks[0], toks[-1]))
        if t.pos_ in ("VERB", "AUX"):
            return None
    return None


def _entity_context(doc: Doc, ent: SpacySpan) -> frozenset[str]:
    """Words that describe a named person near the name (title, nationality, role)."""
    root = ent.root
    words: set[str] = set()
    for t in doc[root.left_edge.i : ent.start]:
        words.add(t.lower_)
    if root.dep_ == "appos" and not any(c.dep_ == "appos" and c.i < root.i for c in root.head.children):
        h = root.head
        for t in doc[h.left_edge.i : h.i + 1]:
            words.add(t.lower_)
        for c in h.rights:
            if c.dep_ == "prep" and c.lower_ == "of":
                words.update(t.lower_ for t in c.subtree)
    for c in root.rights:
        if c.dep_ == "appos":
            words.update(t.lower_ for t in c.subtree if t.i - c.i < 12)
    return frozenset(w for w in words if len(w) > 1 and any(ch.isalpha() for ch in w))


def extract(doc: Doc) -> DocFacts:
    """Reduce one parsed chunk to the facts the document-level steps use."""
    facts = DocFacts()
    text = doc.text
    for sent in doc.sents:
        facts.sentences.append((sent.start_char, sent.end_char))
        head_attr = _headline(doc, sent) if sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws or doc[sent.start - 1].is_space else None
        if head_attr is not None:
            facts.attributions.append(head_attr)
        for tok in sent:
            pos = tok.pos_
            if pos == "PRON" and tok.dep_ in _SUBJECT_DEPS:
                facts.pronouns.append((tok.idx, tok.idx + len(tok.text), tok.lower_))
            if pos in ("ADP", "VERB", "NOUN") and (tok.lower_ in ("according", "as") or tok.lower_ in lx.OPINION_NOUNS):
                src = _source_phrase(doc, tok, sent)
                if src is not None:
                    facts.attributions.append(src)
                    continue
            if pos not in ("VERB", "AUX"):
                continue
            group = _cue_group(tok)
            if group is None:
                continue
            content, how = _content(doc, tok, group)
            colon = _colon_after(doc, tok)
            if colon is not None and not content:
                tail = _sentence_tail(doc, colon, sent)
                content = (tail,) if tail else ()
            if group not in ("speech", "quote-only") and not content:
                continue
            subj, subjectless = _find_subject(tok)
            if how == "inverted" and subj is not None and subj.i < tok.head.i and tok.dep_ == "conj":
                content = ()  # "X did A and said B": not an inverted cue
            content = tuple(c for c in (_trim(text, (s, e)) for s, e in content) if c[1] > c[0])
            if group in ("belief", "intent") and not _attributable(subj):
                continue  # "you know", "we hope": stance of no one in particular
            facts.attributions.append(
                Attribution(
                    cue=_cue_span(tok),
                    lemma=tok.lemma_.lower(),
                    group=group,
                    content=content,
                    speaker=_mention(doc, subj) if subj is not None else None,
                    sent=(sent.start_char, sent.end_char),
                    subjectless=subjectless,
                    colon=colon is not None,
                )
            )
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "ORG"):
            root = ent.root
            main_subject = root.dep_ in _SUBJECT_DEPS and (root.head.dep_ == "ROOT" or _cue_group(root.head) is not None)
            facts.entities.append(PersonMention(ent.start_char, ent.end_char, ent.text, ent.label_, main_subject, _entity_context(doc, ent)))
    return facts
