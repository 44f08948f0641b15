"""CoNLL export: ``conll/<split>.conll``, BIO tags, one token per line.

Layout::

    -DOCSTART-\\tO\\tO\\tO
    <blank line>
    # doc_id = ext-42
    He\\tO\\tO\\tB-SPEAKER
    said\\tO\\tB-CUE\\tO
    ...
    <blank line between sentences>

Columns: token, QUOTE tag, CUE tag, SPEAKER tag.  Tokens come from
``spacy.blank("en")`` with the rule-based ``sentencizer``; whitespace tokens
(newlines, runs of spaces) are skipped.  Because each sentence is a separate
sequence for CoNLL readers, a span that continues into a new sentence starts
there again with ``B-`` (so every ``I-`` follows a ``B-``/``I-`` of its type in
the same sentence).  Discontinuous quotes get one ``B-`` per fragment.
Offsets are lost in this format; use jsonl/spacy/brat for exact offsets.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO, Any

from .base import BaseFormatter, iter_quotes, optional_range, quote_pieces
from .spacy_docbin import align

_WS = re.compile(r"\s+")
FRESH_PIPELINE_EVERY = 2000  # articles tokenised by one pipeline before a fresh one


def _mark(tags: list[str], is_space: list[bool], span: Any, label: str) -> None:
    """Write B-/I- tags for the non-whitespace tokens of ``span``."""
    if span is None:
        return
    prefix = "B-"
    for i in range(span.start, span.end):
        if is_space[i]:
            continue
        tags[i] = prefix + label
        prefix = "I-"


def article_to_conll(nlp: Any, article: dict[str, Any]) -> str:
    """The CoNLL block of one article (DOCSTART line through last sentence)."""
    text = article.get("text") or ""
    doc = nlp(text)
    n, length = len(doc), len(text)
    words = [t.text for t in doc]
    is_space = [t.is_space for t in doc]
    quote_tags = ["O"] * n
    cue_tags = ["O"] * n
    speaker_tags = ["O"] * n
    for _, quote in iter_quotes(article):
        for start, end in quote_pieces(quote):
            _mark(quote_tags, is_space, align(doc, start, end, length), "QUOTE")
        cue = optional_range(quote, "cue")
        if cue:
            _mark(cue_tags, is_space, align(doc, *cue, length), "CUE")
        speaker = optional_range(quote, "speaker")
        if speaker:
            _mark(speaker_tags, is_space, align(doc, *speaker, length), "SPEAKER")

    doc_id = _WS.sub("_", str(article["id"]))
    out = ["-DOCSTART-\tO\tO\tO\n\n", f"# doc_id = {doc_id}\n"]
    first_sentence = True
    for sent in doc.sents:
        rows = []
        for i in range(sent.start, sent.end):
            if is_space[i]:
                continue
            q, c, s = quote_tags[i], cue_tags[i], speaker_tags[i]
            if not rows:  # sentence start: a continuing span restarts with B-
                q, c, s = (("B-" + t[2:]) if t.startswith("I-") else t for t in (q, c, s))
            rows.append(f"{words[i]}\t{q}\t{c}\t{s}\n")
        if not rows:
            continue
        if not first_sentence:
            out.append("\n")
        first_sentence = False
        out.extend(rows)
    out.append("\n")
    return "".join(out)


class ConllFormatter(BaseFormatter):
    """One BIO file per split."""

    name = "conll"
    description = (
        "`conll/<split>.conll`: token-per-line BIO tags `TOKEN<TAB>QUOTE<TAB>CUE<TAB>SPEAKER`, "
        "`-DOCSTART-` and `# doc_id = ...` per article, blank line between sentences "
        "(spaCy blank English tokenizer + sentencizer)."
    )

    def __init__(self, workdir: Path, options: dict[str, Any] | None = None) -> None:
        super().__init__(workdir, options)
        import spacy  # imported here: the other formats must not need spaCy

        self._spacy_blank = spacy.blank
        self.nlp = self._pipeline()
        self._docs = 0
        self._handles: dict[str, IO[str]] = {}

    def _pipeline(self) -> Any:
        nlp = self._spacy_blank("en")
        nlp.add_pipe("sentencizer")
        return nlp

    def add(self, article: dict[str, Any], split: str) -> None:
        handle = self._handles.get(split)
        if handle is None:
            handle = self._handles[split] = open(self.root / f"{split}.conll", "w", encoding="utf-8", newline="\n")
        handle.write(article_to_conll(self.nlp, article))
        self._docs += 1
        if self._docs % FRESH_PIPELINE_EVERY == 0:
            # The tokenizer's string store keeps every distinct token it has seen; a fresh
            # pipeline now and then keeps memory flat (the output does not depend on it).
            self.nlp = self._pipeline()

    def finish(self) -> list[Path]:
        for handle in self._handles.values():
            handle.close()
        return sorted(self.root / f"{split}.conll" for split in self._handles)
