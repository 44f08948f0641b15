"""brat standoff: `.txt` + `.ann` pairs in a folder or a zip, with `annotation.conf` when present.

Read: text-bound annotations (`T1<TAB>Label 0 5;9 14<TAB>text`, discontinuous too),
relations (`R1<TAB>Type Arg1:T1 Arg2:T2`), events (`E1<TAB>Type:T3 Role:T1 Role2:T2`, each
argument a link from the trigger), attributes (`A1<TAB>Name T1 [value]`, and the older `M`),
normalisations (`N1<TAB>Reference T1 db:id<TAB>name`, kept as a note) and `AnnotatorNotes`
(`#1<TAB>AnnotatorNotes T1<TAB>note`). Equivalences (`*`) are listed as unmapped links.
Offsets are code points into the `.txt` as stored (a CRLF counts two), checked against the
covered text brat writes after them: a mismatch is refused, never guessed at.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from . import ForeignDoc, ForeignFormatError, ForeignLink, ForeignSpan


def read_brat(path: Path) -> Iterator[ForeignDoc]:
    """Every document of a brat folder (searched recursively) or zip; refuses the whole input on any error."""
    pairs = list(_pairs(path))
    if not pairs:
        raise ForeignFormatError([f"{path.name}: no .ann file with its .txt beside it"])
    docs, errors = [], []
    for name, text, ann in pairs:
        try:
            docs.append(parse_ann(text, ann, name))
        except ForeignFormatError as exc:
            errors.extend(exc.errors)
    if errors:
        raise ForeignFormatError(errors)
    yield from docs


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ForeignFormatError([f"{name}: not UTF-8 text (byte {exc.start})"]) from exc


def _pairs(path: Path) -> Iterator[tuple[str, str, str]]:
    """(document name, text, ann) of every .ann that has its .txt."""
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            for name in sorted(names):
                if name.endswith(".ann") and not PurePosixPath(name).name.startswith("."):
                    txt = name[:-4] + ".txt"
                    if txt in names:
                        yield name[:-4], _decode(zf.read(txt), txt), _decode(zf.read(name), name)
        return
    if path.is_dir():
        for ann in sorted(path.rglob("*.ann")):
            txt = ann.with_suffix(".txt")
            if txt.is_file():
                rel = str(ann.relative_to(path).with_suffix(""))
                yield rel, _decode(txt.read_bytes(), str(txt)), _decode(ann.read_bytes(), str(ann))
        return
    raise ForeignFormatError([f"{path.name}: give a folder or a zip of brat .txt and .ann files"])


def parse_ann(text: str, ann: str, name: str) -> ForeignDoc:
    """One document from its text and `.ann` content; `name` is used in messages and as its id."""
    spans: dict[str, ForeignSpan] = {}
    links: list[ForeignLink] = []
    pending: list[tuple[int, str, list[str]]] = []  # lines that refer to spans, read after all T lines
    errors: list[str] = []
    where = f"{name}.ann"
    # io.StringIO(newline="") keeps \r inside a line as brat's own reader sees it, not as a break
    for number, raw in enumerate(io.StringIO(ann, newline="").read().split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        fields = line.split("\t")
        ident = fields[0]
        if ident.startswith("T"):
            problem = _textbound(text, fields, spans)
            if problem:
                errors.append(f"{where}, line {number}: {problem}")
        elif ident[:1] in ("R", "E", "A", "M", "N", "#", "*"):
            pending.append((number, ident, fields))
        else:
            errors.append(f"{where}, line {number}: unknown annotation id {ident!r} (brat ids start with T, R, E, A, "
                          "M, N, # or *)")  # fmt: skip
    refs = dict(spans)  # events join them: an attribute or relation on E1 means its trigger
    for number, ident, fields in pending:
        problem = _refers(ident, fields, refs, links)
        if problem:
            errors.append(f"{where}, line {number}: {problem}")
    if errors:
        raise ForeignFormatError(errors)
    return ForeignDoc(id=PurePosixPath(name).name, text=text, where=where, spans=list(spans.values()), links=links)


def _textbound(text: str, fields: list[str], spans: dict[str, ForeignSpan]) -> str | None:
    if len(fields) < 2:
        return "a text-bound annotation needs 'T<n><TAB>Label start end'"
    label, _, offsets = fields[1].partition(" ")
    fragments = []
    for piece in offsets.split(";"):
        parts = piece.split()
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            return f"bad offsets {offsets!r} (write 'start end', fragments joined by ';')"
        start, end = int(parts[0]), int(parts[1])
        if not 0 <= start < end <= len(text):
            return f"offsets {start} {end} are outside the text ({len(text)} characters)"
        fragments.append((start, end))
    if len(fields) > 2:
        covered = " ".join(text[s:e] for s, e in fragments)
        if covered != fields[2]:
            return (f"the text at {offsets} is {covered[:60]!r}, the annotation says {fields[2][:60]!r}: the .txt "
                    "is not the one annotated (line breaks or encoding changed?)")  # fmt: skip
    spans[fields[0]] = ForeignSpan(fields[0], label, fragments)
    return None


def _refers(ident: str, fields: list[str], refs: dict[str, ForeignSpan], links: list[ForeignLink]) -> str | None:
    body = fields[1].split() if len(fields) > 1 else []
    if not body:
        return f"{ident} says nothing"

    def span(ref: str) -> ForeignSpan | None:
        return refs.get(ref)

    kind = ident[0]
    if kind == "R":
        args = dict(a.split(":", 1) for a in body[1:] if ":" in a)
        source, target = args.get("Arg1"), args.get("Arg2")
        if not (source and target) or not (span(source) and span(target)):
            return f"relation {ident} needs Arg1 and Arg2 naming text-bound annotations"
        links.append(ForeignLink(body[0], span(source).id, span(target).id))
    elif kind == "E":
        etype, _, trigger = body[0].partition(":")
        if not span(trigger):
            return f"event {ident}'s trigger {trigger!r} is no text-bound annotation"
        for arg in body[1:]:
            role, _, target = arg.partition(":")
            if not span(target):
                return f"event {ident}'s argument {arg!r} is no text-bound annotation"
            links.append(ForeignLink(f"{etype}:{role.rstrip('0123456789') or role}", trigger, span(target).id))
        refs[ident] = refs[trigger]
    elif kind in ("A", "M"):
        target = body[1] if len(body) > 1 else ""
        if not span(target):
            return f"attribute {ident} names {target!r}, no annotation"
        span(target).attributes[body[0]] = body[2] if len(body) > 2 else "true"
    elif kind == "N":
        target = body[1] if len(body) > 1 else ""
        if not span(target):
            return f"normalisation {ident} names {target!r}, no annotation"
        span(target).notes.append(fields[2] if len(fields) > 2 and fields[2] else " ".join(body[2:]))
    elif kind == "#":
        target = body[1] if len(body) > 1 else ""
        if not span(target):
            return f"note {ident} names {target!r}, no annotation"
        span(target).notes.append(fields[2] if len(fields) > 2 else "")
    elif kind == "*":
        members = [m for m in body[1:] if span(m)]
        for a, b in zip(members, members[1:], strict=False):
            links.append(ForeignLink(body[0], a, b))
    return None
