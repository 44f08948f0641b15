"""Noun phrases that name speakers, and named people with their describing words.

Reads the parse of one chunk; returns plain ``Mention`` / ``PersonMention``
records with character offsets, so later steps need no spaCy objects.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from . import lexicon as lx
from .facts import Mention, Span

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}


_EntRow = tuple[int, int, int, int, str, str]  # token start, token end, char start, char end, text, label
_ENTS_KEY = "quote_proposer_ents"
_TEXT_KEY = "quote_proposer_text"


def _ents(doc: Doc) -> tuple[list[int], list[_EntRow]]:
    """Named entities of a doc as plain rows, built once per doc (``doc.ents`` is costly)."""
    cached = doc.user_data.get(_ENTS_KEY)
    if cached is None:
        rows = [(e.start, e.end, e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
        cached = ([r[0] for r in rows], rows)
        doc.user_data[_ENTS_KEY] = cached
    return cached


def doc_text(doc: Doc) -> str:
    """``doc.text`` rebuilds the string on every access: keep one copy per doc."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def entity_rows(doc: Doc) -> list[_EntRow]:
    """All named entities of a doc as plain rows."""
    return _ents(doc)[1]


def ents_between(doc: Doc, first: int, last: int) -> list[_EntRow]:
    """Entities lying within tokens first..last (inclusive)."""
    starts, rows = _ents(doc)
    out = []
    for k in range(bisect.bisect_left(starts, first), len(rows)):
        row = rows[k]
        if row[0] > last:
            break
        if row[1] - 1 <= last:
            out.append(row)
    return out


def tok_span(first: Token, last: Token) -> Span:
    return first.idx, last.idx + len(last.text)


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


def _last_conjunct(tok: Token) -> Token:
    """The last noun joined to a subject by "and" ("Ann Lee and Tom Berg said"): they speak together."""
    chain, joined = [tok], False
    while True:
        cur = chain[-1]
        joined = joined or any(c.dep_ == "cc" and c.lower_ in ("and", "&") for c in cur.rights)
        conj = next((c for c in cur.rights if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")), None)
        if conj is None or (conj.pos_ != tok.pos_ and "PROPN" in (conj.pos_, tok.pos_)):
            break
        chain.append(conj)
    # "Lee, Berg and Haddad": a list of names ends in "and"; "Lee, Berg" alone is no list
    return chain[-1] if joined else tok


def _appositive(c: Token) -> bool:
    """A phrase set off after a noun: "the minister, Ann Lee" (parsed as appos, or npadvmod for a bare name)."""
    return c.dep_ == "appos" or (c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.i > c.head.i)


def attributable(subj: Token | None, *, lenient: bool = False) -> bool:
    """Whether a report is attributed to a specific person, organisation or document.

    ``lenient`` (speech verbs) also accepts other pronouns and plural nouns
    ("they said", "officials said"), which are sources for speech but too vague
    for beliefs and intentions.
    """
    if subj is None:
        return False
    if subj.pos_ == "PRON":
        if lenient:
            return subj.lower_ not in ("you", "one")
        return subj.lower_ in ("he", "she", "who")
    lemma = subj.lemma_.lower()
    if lenient:
        return lemma not in lx.NON_SOURCE_NOUNS  # "a common belief says", "the needs of X argue"

    return (
        subj.pos_ == "PROPN"
        or subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        or lemma in lx.PERSON_NOUNS
        or lemma in lx.ORG_NOUNS
        or lemma in lx.SOURCE_NOUNS
    )


def mention(doc: Doc, tok: Token) -> Mention:
    """The noun phrase around a subject token, with names found inside it."""
    lower = tok.lower_
    if tok.pos_ == "PRON" and (lower in lx.PRONOUN_WORDS or not tok.text[:1].isupper()):
        return Mention(tok.idx, tok.idx + len(tok.text), tok.text, "pronoun", lower, (), frozenset({lower}))
    lemma = tok.lemma_.lower()
    if lemma in lx.SOURCE_NOUNS:
        # "her statement said", "the union's release said": the owner of the document speaks
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is not None and (
            owner.pos_ == "PRON" or owner.lemma_.lower() in lx.ORG_NOUNS or owner.pos_ == "PROPN"
        ):
            return mention(doc, owner)
    first = tok.left_edge
    while first.i < tok.i and (first.is_punct or first.is_space):
        first = doc[first.i + 1]
    last = _phrase_end(_last_conjunct(tok))
    region_end = max(last.i, max((c.right_edge.i for c in tok.rights if _appositive(c)), default=last.i))
    # names inside a prepositional phrase ("a spokeswoman for Trudeau") are not the speaker,
    # except in titles of a named head ("Secretary of State Blinken")
    in_prep: set[int] = set()
    if tok.pos_ != "PROPN" and lemma not in lx.SOURCE_NOUNS:  # "a statement from the EU": the EU speaks
        for c in tok.rights:
            if c.dep_ == "prep":
                in_prep.update(range(c.left_edge.i, c.right_edge.i + 1))
    names = []
    for e_start, e_end, c_start, c_end, e_text, label in ents_between(doc, first.i, region_end):
        if label not in NAME_LABELS or e_start in in_prep:
            continue
        if e_start > last.i:
            # a name in apposition ("the Secretary of State, Anthony Blinken") extends the mention
            root = doc[e_start:e_end].root
            between = doc[last.i + 1 : e_start]
            if (
                label == "PERSON"
                and not any(n[3] == "PERSON" and n[1] > tok.idx for n in names)
                and (root.head.i == tok.i or (_appositive(root.head) and root.head.head.i == tok.i))
                and not any(t.pos_ in ("VERB", "AUX") or t.text in (":", ";") for t in between)
            ):
                last = doc[e_end - 1]
            else:
                continue
        names.append((c_start, c_end, e_text, label))
    if not any(n[3] == "PERSON" and n[1] > tok.idx for n in names):
        # "his father, Joseph," -- a lone given name in apposition the NER did not tag
        app = next((c for c in tok.rights if _appositive(c)), None)
        if (
            app is not None
            and app.pos_ == "PROPN"
            and app.ent_type_ in ("", "PERSON")
            and app.text[:1].isupper()
            and all(t.pos_ == "PROPN" for t in doc[app.left_edge.i : app.i + 1])
            and app.i - last.i <= 3
        ):
            a_start, a_end = tok_span(app.left_edge, app)
            names.append((a_start, a_end, doc_text(doc)[a_start:a_end], "PERSON"))
            last = app
    start, end = tok_span(first, last)
    words = frozenset(t.lower_ for t in doc[first.i : last.i + 1] if not t.is_punct and t.pos_ != "DET")
    definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "its", "this", "that") for c in tok.children)
    if any(n[3] == "PERSON" for n in names) or tok.pos_ == "PROPN":
        kind = "named"
    elif lemma in lx.ORG_NOUNS and definite and tok.tag_ in ("NN", "NNP"):
        kind = "org-description"
    elif (
        lower in lx.PERSON_NOUNS or lemma in lx.PERSON_NOUNS or (definite and tok.tag_ == "NN" and tok.ent_type_ == "")
    ):
        kind = "description" if tok.tag_ != "NNS" else "other"
    else:
        kind = "other"
    core_last = tok
    for c in tok.rights:
        if c.dep_ in ("compound", "flat") or (c.dep_ == "prep" and c.lower_ == "of" and tok.pos_ != "PROPN"):
            core_last = _phrase_end(c) if c.dep_ == "prep" else c.right_edge
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if c.dep_ == "prep" and pobj is not None:
                core_last = _phrase_end(pobj)
        else:
            break
    core = doc_text(doc)[first.idx : core_last.idx + len(core_last.text)]
    return Mention(start, end, doc_text(doc)[start:end], kind, lemma, tuple(names), words, core)


def entity_context(doc: Doc, ent: SpacySpan) -> frozenset[str]:
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
