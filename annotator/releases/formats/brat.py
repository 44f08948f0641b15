"""brat standoff export: ``brat/<split>/<safe id>.txt`` + ``.ann``.

* ``T`` lines: ``Quote`` (all fragments in one discontinuous annotation),
  ``Cue``, ``Speaker``.
* ``A`` lines: ``Kind`` attribute of each quote (direct/indirect/mixed).
* ``R`` lines: ``HasCue Arg1:<quote> Arg2:<cue>``, ``HasSpeaker Arg1:<quote>
  Arg2:<speaker>``.  The relations are deliberately *not* named ``Cue`` and
  ``Speaker``: brat misbehaves when a relation and an entity type share a
  name (nlplab/brat issues #419 and #1069).
* ``#`` lines: ``AnnotatorNotes`` with the speaker entity on the speaker
  mention (or on the quote when there is no mention), plus speaker type and
  confidence on the quote.

Offsets are character offsets into the ``.txt``, which is written byte for
byte from the article text (no newline translation).  brat forbids a line
break inside a text-bound fragment, so every range is cut into pieces around
line breaks; "line break" includes everything ``str.splitlines`` splits on,
because brat reads ``.ann`` files line by line with Python.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.interchange.vocabulary import QUOTE_KINDS

from .base import BaseFormatter, iter_quotes, optional_range, quote_pieces

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_NO_BREAK_RUN = re.compile(f"[^{LINE_BREAKS}]+")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_NOTE_WS = re.compile(r"\s+")

ANNOTATION_CONF = """\
# brat configuration for the quote annotator export.
[entities]
Quote
Cue
Speaker

[relations]
HasCue\tArg1:Quote, Arg2:Cue
HasSpeaker\tArg1:Quote, Arg2:Speaker
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>

[events]

[attributes]
Kind\tArg:Quote, Value:{kinds}
""".format(kinds="|".join(QUOTE_KINDS))


def safe_name(article_id: str) -> str:
    """A file-system-safe, collision-free stem for an article id.

    Ids that are already safe are kept; otherwise unsafe characters become
    ``_`` and a short hash of the real id is appended so that ``a/b`` and
    ``a_b`` cannot collide.
    """
    article_id = str(article_id)
    cleaned = _UNSAFE.sub("_", article_id).strip("._")[:80]
    if cleaned == article_id and cleaned:
        return cleaned
    digest = hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:10]
    return f"{cleaned}-{digest}" if cleaned else digest


def break_free_pieces(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut ``ranges`` around line breaks; drop empty/out-of-range bits; sort
    and merge overlapping or touching pieces (brat rejects fragments of one
    annotation that overlap *or touch*: its check is ``end >= other_start``)."""
    pieces: list[tuple[int, int]] = []
    for start, end in ranges:
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        pieces.extend(m.span() for m in _NO_BREAK_RUN.finditer(text, start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(pieces):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _note(value: str) -> str:
    """Notes live on one .ann line: collapse whitespace (incl. tabs/newlines)."""
    return _NOTE_WS.sub(" ", str(value)).strip()


def article_to_ann(article: dict[str, Any]) -> str:
    """The ``.ann`` content of one article."""
    text = article.get("text") or ""
    lines: list[str] = []
    t_ids: dict[tuple[str, tuple[tuple[int, int], ...]], str] = {}
    counters = {"T": 0, "R": 0, "A": 0, "#": 0}

    def next_id(kind: str) -> str:
        counters[kind] += 1
        return f"{kind}{counters[kind]}"

    def textbound(label: str, ranges: list[tuple[int, int]], dedupe: bool) -> str | None:
        pieces = break_free_pieces(text, ranges)
        if not pieces:
            return None
        key = (label, tuple(pieces))
        if dedupe and key in t_ids:  # one cue shared by several quotes: one T
            return t_ids[key]
        tid = next_id("T")
        t_ids[key] = tid
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        covered = " ".join(text[s:e] for s, e in pieces)
        lines.append(f"{tid}\t{label} {offsets}\t{covered}")
        return tid

    noted: set[str] = set()

    def note(target: str, value: str) -> None:
        if target in noted:  # a shared speaker mention gets one note
            return
        noted.add(target)
        lines.append(f"{next_id('#')}\tAnnotatorNotes {target}\t{_note(value)}")

    for _, quote in iter_quotes(article):
        quote_t = textbound("Quote", quote_pieces(quote), dedupe=False)
        if quote_t is None:
            continue
        kind = quote.get("kind")
        if kind in QUOTE_KINDS:
            lines.append(f"{next_id('A')}\tKind {quote_t} {kind}")
        cue = optional_range(quote, "cue")
        cue_t = textbound("Cue", [cue], dedupe=True) if cue else None
        if cue_t:
            lines.append(f"{next_id('R')}\tHasCue Arg1:{quote_t} Arg2:{cue_t}")
        speaker = optional_range(quote, "speaker")
        speaker_t = textbound("Speaker", [speaker], dedupe=True) if speaker else None
        entity = quote.get("speaker_entity")
        if speaker_t:
            lines.append(f"{next_id('R')}\tHasSpeaker Arg1:{quote_t} Arg2:{speaker_t}")
            if entity:
                note(speaker_t, entity)
        quote_notes = []
        if entity and not speaker_t:
            quote_notes.append(f"speaker_entity={entity}")
        if quote.get("speaker_type"):
            quote_notes.append(f"speaker_type={quote['speaker_type']}")
        if quote.get("confidence") is not None:
            quote_notes.append(f"confidence={quote['confidence']}")
        if quote_notes:
            note(quote_t, "; ".join(quote_notes))
    return "".join(line + "\n" for line in lines)


class FilePerArticle(BaseFormatter):
    """Writers of one file (or pair) per article under ``<name>/<split>/``, named by the article id."""

    def __init__(self, workdir: Path, options: dict[str, Any] | None = None) -> None:
        super().__init__(workdir, options)
        # Lower-cased names per split: ids differing only in case would
        # overwrite each other on case-insensitive file systems once unzipped.
        self._seen: dict[str, set[str]] = {}

    def stem_for(self, article: dict[str, Any], split: str) -> tuple[Path, str]:
        """The split's folder (made on first use) and a file stem no other article of it has."""
        folder = self.root / split
        seen = self._seen.get(split)
        if seen is None:
            folder.mkdir(parents=True, exist_ok=True)
            seen = self._seen[split] = set()
        stem = safe_name(article["id"])
        if stem.lower() in seen:
            stem = f"{stem}-{hashlib.sha1(str(article['id']).encode('utf-8')).hexdigest()[:10]}"
        seen.add(stem.lower())
        return folder, stem


class BratFormatter(FilePerArticle):
    """One ``.txt``/``.ann`` pair per article, grouped by split."""

    name = "brat"
    description = (
        "`brat/<split>/<id>.txt|.ann`: brat standoff (Quote/Cue/Speaker entities, Kind attribute, "
        "HasCue/HasSpeaker relations, speaker entity in AnnotatorNotes) with `brat/annotation.conf`."
    )

    def add(self, article: dict[str, Any], split: str) -> None:
        folder, stem = self.stem_for(article, split)
        txt, ann = folder / f"{stem}.txt", folder / f"{stem}.ann"
        # newline="": write the text exactly, offsets depend on it.
        with open(txt, "w", encoding="utf-8", newline="") as handle:
            handle.write(article.get("text") or "")
        with open(ann, "w", encoding="utf-8", newline="") as handle:
            handle.write(article_to_ann(article))

    def finish(self) -> Iterator[Path]:
        conf = self.root / "annotation.conf"
        conf.write_text(ANNOTATION_CONF, encoding="utf-8")
        return self._files(conf)

    def _files(self, conf: Path) -> Iterator[Path]:
        # Found on disk as the builder zips them, not listed as they are written: a list
        # of two paths per article would grow with the corpus.
        yield conf
        for split in sorted(self._seen):
            with os.scandir(self.root / split) as entries:
                names = sorted(e.name for e in entries)
            for name in names:
                yield self.root / split / name
