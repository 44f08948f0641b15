"""spaCy export: sharded ``DocBin`` files, ``spacy/<split>-000.spacy`` ...

Docs are tokenised with ``spacy.blank("en")`` (no trained model needed to
read or write them).  Each doc carries:

* ``doc.spans["quotes"]``: one span per quote fragment, label = quote kind;
* ``doc.spans["cues"]`` (label ``CUE``) and ``doc.spans["speakers"]``
  (label ``SPEAKER``);
* every span's ``id_`` is ``q<index>``, the index of its quote;
* ``doc.user_data["quotes"]``: per quote, its character offsets as annotated
  plus token offsets of the aligned spans (``None`` when a range could not be
  aligned to tokens, e.g. it covers only whitespace), ``speaker_entity`` etc.;
* ``doc.user_data["id"]`` and the other article fields.

Spans are aligned with ``alignment_mode="expand"``, so a span's own
``start_char``/``end_char`` may be wider than the annotation; the exact
annotated offsets are the ``start_char``/``end_char`` in ``user_data``.

Load with::

    DocBin().from_disk(path).get_docs(spacy.blank("en").vocab)

(msgpack gives lists back as tuples in ``user_data``.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotator.interchange.jsonl import plain

from .base import BaseFormatter, iter_quotes, optional_range, quote_pieces


def align(doc: Any, start: int, end: int, length: int | None = None) -> Any | None:
    """The token span covering ``[start, end)``, or None if it cannot be aligned.

    Pass ``length`` (of the text) when you have it: ``doc.text`` is rebuilt
    on every access and dominated the export time.
    """
    if length is None:
        length = len(doc.text)
    if not 0 <= start < end <= length:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span


def _ref(doc: Any, text: str, start: int, end: int, group: list, label: str, span_id: str, Span: Any) -> dict[str, Any]:
    """Align a range, append its span to ``group`` and describe it for user_data."""
    span = align(doc, start, end, len(text))
    ref: dict[str, Any] = {
        "text": text[start:end],
        "start_char": start,
        "end_char": end,
        "start_token": None,
        "end_token": None,
        "span": None,
    }
    if span is not None:
        ref["start_token"], ref["end_token"] = span.start, span.end
        ref["span"] = len(group)  # index in doc.spans[<group>]
        group.append(Span(doc, span.start, span.end, label=label, span_id=span_id))
    return ref


def article_to_doc(nlp: Any, article: dict[str, Any], split: str) -> Any:
    """Build the annotated Doc for one article."""
    from spacy.tokens import Span  # local: importing this module must not import spaCy

    text = article.get("text") or ""
    doc = nlp.make_doc(text)
    quote_spans: list = []
    cue_spans: list = []
    speaker_spans: list = []
    quotes = []
    for index, quote in iter_quotes(article):
        span_id = f"q{index}"
        kind = quote.get("kind") or "direct"
        fragments = [_ref(doc, text, s, e, quote_spans, kind, span_id, Span) for s, e in quote_pieces(quote)]
        cue_range = optional_range(quote, "cue")
        speaker_range = optional_range(quote, "speaker")
        quotes.append(
            {
                "index": index,
                "kind": kind,
                "start": quote.get("start"),
                "end": quote.get("end"),
                "text": quote.get("text"),
                "fragments": fragments,
                "cue": _ref(doc, text, *cue_range, cue_spans, "CUE", span_id, Span) if cue_range else None,
                "speaker": _ref(doc, text, *speaker_range, speaker_spans, "SPEAKER", span_id, Span)
                if speaker_range
                else None,
                "speaker_entity": quote.get("speaker_entity"),
                "speaker_type": quote.get("speaker_type"),
                "confidence": plain(quote.get("confidence")),
            }
        )
    doc.spans["quotes"] = quote_spans
    doc.spans["cues"] = cue_spans
    doc.spans["speakers"] = speaker_spans
    user = doc.user_data
    user["id"] = article["id"]
    user["split"] = split
    for key in ("title", "outlet", "url", "published", "author"):
        user[key] = plain(article.get(key))
    user["quotes"] = quotes
    # msgpack cannot pack dates/Decimals that the database layer may pass on.
    user["speakers"] = plain(article.get("speakers") or [])
    user["metadata"] = plain(article.get("metadata") or {})
    return doc


@contextmanager
def cached_msgpack_encoders(encoders: dict[str, Any] | None = None) -> Iterator[None]:
    """Make srsly's msgpack encoder lookup O(1) for the duration of the block.

    ``DocBin.add`` packs user_data and every span group with a fresh srsly
    ``Packer``, and each ``Packer()`` asks the catalogue registry for its
    encoders, which scans all installed entry points and spaCy's whole
    function registry (~1 ms, i.e. ~5 ms per doc, most of the export time).
    The encoders do not change while we export, so we shadow ``get_all`` on
    the registry instance with the answer computed once, and restore it.
    The result of every pack call is unchanged.  Pass ``encoders`` (from
    ``msgpack_encoders.get_all()``) to skip even the one lookup.
    """
    from srsly.msgpack import msgpack_encoders  # srsly comes with spaCy: imported only when used

    previous = vars(msgpack_encoders).get("get_all")
    if encoders is None:
        encoders = msgpack_encoders.get_all()
    msgpack_encoders.get_all = lambda: encoders
    try:
        yield
    finally:
        if previous is None:
            vars(msgpack_encoders).pop("get_all", None)
        else:
            msgpack_encoders.get_all = previous


class SpacyFormatter(BaseFormatter):
    """Sharded DocBins; at most ``shard_size`` docs per split are held in memory."""

    name = "spacy"
    description = (
        "`spacy/<split>-NNN.spacy`: spaCy DocBin shards (blank English tokenizer) with span groups "
        "`quotes` (label = kind), `cues`, `speakers`; quote links and exact character offsets in "
        '`doc.user_data["quotes"]`, article id in `doc.user_data["id"]`.'
    )
    # A shard closes at `shard_size` docs; and once the open shards of all splits together
    # hold `shard_chars` characters of text, the largest of them closes, so neither long
    # articles nor a large corpus make what is held in memory until written any bigger.
    defaults = {"shard_size": 1000, "shard_chars": 4_000_000}

    def __init__(self, workdir: Path, options: dict[str, Any] | None = None) -> None:
        super().__init__(workdir, options)
        import spacy  # imported here: the other formats must not need spaCy
        from srsly.msgpack import msgpack_encoders

        self._spacy_blank = spacy.blank
        self.nlp = self._spacy_blank("en")
        self._encoders = msgpack_encoders.get_all()
        self._bins: dict[str, Any] = {}
        self._chars: dict[str, int] = {}
        self._next_shard: dict[str, int] = {}
        self._written: list[Path] = []

    def _new_bin(self) -> Any:
        from spacy.tokens import DocBin  # see __init__: spaCy is imported only when used

        # ORTH (+ whitespace, always stored) is all a blank pipeline produces.
        return DocBin(attrs=["ORTH"], store_user_data=True)

    def _flush(self, split: str) -> None:
        docbin = self._bins.pop(split, None)
        if docbin is None or len(docbin) == 0:
            return
        number = self._next_shard.get(split, 0)
        self._next_shard[split] = number + 1
        path = self.root / f"{split}-{number:03d}.spacy"
        docbin.to_disk(path)
        self._written.append(path)
        self._chars.pop(split, None)
        # A DocBin keeps its own strings, so a fresh tokenizer is safe at any time; the old
        # one's string store would keep every distinct token of the corpus.
        self.nlp = self._spacy_blank("en")

    def add(self, article: dict[str, Any], split: str) -> None:
        docbin = self._bins.get(split)
        if docbin is None:
            docbin = self._bins[split] = self._new_bin()
        doc = article_to_doc(self.nlp, article, split)
        with cached_msgpack_encoders(self._encoders):
            docbin.add(doc)
        self._chars[split] = self._chars.get(split, 0) + len(article.get("text") or "")
        if len(docbin) >= int(self.options["shard_size"]):
            self._flush(split)
        elif sum(self._chars.values()) >= int(self.options["shard_chars"]):
            # The splits' open shards together hold at most `shard_chars`: counted per split,
            # dev and test grew to the limit too once the corpus was large enough, three
            # shards in memory instead of one (peak 248 MB at 1,000 articles, 335 MB at 8,000).
            self._flush(max(self._chars, key=self._chars.__getitem__))

    def finish(self) -> list[Path]:
        for split in list(self._bins):
            self._flush(split)
        return sorted(self._written)
