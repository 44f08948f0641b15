"""WebAnno TSV 3 (INCEpTION's "WebAnno TSV v3.x" export): span and relation layers, stacked annotations.

The header declares the layers in column order: `#T_SP=layer|feature|...` (span layers,
one column per feature, or one when it has none), `#T_CH=...` (chains, two columns; read
as nothing and said so), `#T_RL=layer|feature|...|BT_base` (relations: one column per
feature and one naming the other end). Each token row is `sentence-token`, `begin-end`,
the token, then those columns; a cell holds `_` (nothing), or stacked annotations joined by
`|`, each `value[id]` (a span over several tokens has an id on each of its tokens), `value`
(one token) or `*[id]` (no value). A relation cell names the other end's token and the two
span ids, `2-3[4_1]` (the other end's span 4, this row's span 1; 0 for a one-token span).

A span's label is what INCEpTION shows on it: its first feature's value, else its layer's
short name (`webanno.custom.Quote` gives `Quote`); all its features are its attributes. So a
custom `Attribution` layer whose `role` feature says Quote, Cue or Source gets the usual
names, and a `Quote` layer without features with a kind feature second is `Quote`. Offsets are the UTF-16 offsets of Java strings,
turned into code points; the text is rebuilt from the `#Text=` lines at their offsets.
This is the export INCEpTION writes without plug-ins and keeps stable across versions, so
it is the one read here (its UIMA CAS JSON would also do, but needs the type system
to read at all).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import ForeignDoc, ForeignFormatError, ForeignLink, ForeignSpan

_SPLIT = re.compile(r"(?<!\\)\|")
_ITEM = re.compile(r"^(?P<value>.*?)(?:\[(?P<id>\d+)\])?$")
_REF = re.compile(r"^(?P<token>\d+-\d+(?:\.\d+)?)(?:\[(?P<other>\d+)_(?P<this>\d+)\])?$")
_ESCAPES = {"\\_": "_", "\\|": "|", "\\[": "[", "\\]": "]", "\\;": ";", "\\t": "\t", "\\n": "\n", "\\\\": "\\",
            "\\>": ">", "\\-": "-"}  # fmt: skip


def _unescape(value: str) -> str:
    return re.sub(r"\\.", lambda m: _ESCAPES.get(m.group(0), m.group(0)[1]), value)


@dataclass
class _Layer:
    kind: str  # "SP", "CH" or "RL"
    name: str
    features: list[str]
    base: str | None = None
    columns: list[int] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.name.rsplit(".", 1)[-1]


def read_webanno(path: Path) -> list[ForeignDoc]:
    """One document per `.tsv` file: one file, or a folder or zip of them. In INCEpTION's project
    export (`annotation/<document>/<user>.tsv`, `curation/<document>/CURATION_USER.tsv`) the
    folder names the document and the file its annotator (curation: none)."""
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            members = [(PurePosixPath(n), zf.read(n)) for n in sorted(zf.namelist()) if n.endswith(".tsv")]
    elif path.is_dir():
        members = [(PurePosixPath(f.relative_to(path).as_posix()), f.read_bytes()) for f in sorted(path.rglob("*.tsv"))]
    else:
        members = [(PurePosixPath(path.name), path.read_bytes())]
    if not members:
        raise ForeignFormatError([f"{path.name}: no .tsv file"])
    docs, errors = [], []
    for member, data in members:
        if member.stem == "INITIAL_CAS":
            continue  # INCEpTION's copy of the document before anyone annotated it
        try:
            doc = parse_tsv(data.decode("utf-8-sig"), str(member))
        except UnicodeDecodeError as exc:
            errors.append(f"{member}: not UTF-8 text (byte {exc.start})")
            continue
        except ForeignFormatError as exc:
            errors.extend(exc.errors)
            continue
        if len(member.parts) >= 3 and member.parts[-3] in ("annotation", "curation"):
            doc.id = member.parts[-2]
            doc.annotator = None if member.parts[-3] == "curation" else member.stem
        docs.append(doc)
    if errors:
        raise ForeignFormatError(errors)
    return docs


def parse_tsv(content: str, name: str) -> ForeignDoc:
    lines = content.split("\n")
    if not lines or not lines[0].startswith("#FORMAT=WebAnno TSV 3"):
        raise ForeignFormatError(
            [f"{name}, line 1: not WebAnno TSV 3 (the first line must be #FORMAT=WebAnno TSV 3.x)"]
        )
    layers: list[_Layer] = []
    column = 3
    errors: list[str] = []
    sentences: list[tuple[int, str]] = []  # (line number, text)
    rows: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r")
        if line.startswith("#T_"):
            kind, _, spec = line[3:].partition("=")
            parts = spec.split("|")
            layer = _Layer(kind, parts[0], [p for p in parts[1:] if p and not p.startswith("BT_")])
            layer.base = next((p[3:] for p in parts[1:] if p.startswith("BT_")), None)
            width = {"SP": max(1, len(layer.features)), "CH": 2, "RL": len(layer.features) + 1}.get(kind)
            if width is None:
                errors.append(f"{name}, line {number}: unknown layer kind #T_{kind}")
                continue
            layer.columns = list(range(column, column + width))
            column += width
            layers.append(layer)
        elif line.startswith("#Text="):
            sentences.append((number, _unescape(line[6:])))
        elif line and not line.startswith("#"):
            cells = line.split("\t")
            if cells and cells[-1] == "":
                cells = cells[:-1]  # rows end with a tab
            if len(cells) != column:
                errors.append(f"{name}, line {number}: {len(cells)} columns, the header declares {column}")
                continue
            rows.append((number, cells))
    if errors:
        raise ForeignFormatError(errors)
    return _document(name, layers, sentences, rows)


def _document(name, layers, sentences, rows) -> ForeignDoc:
    errors: list[str] = []
    tokens: dict[str, tuple[int, int]] = {}
    for number, cells in rows:
        begin, _, end = cells[1].partition("-")
        if not (begin.isdigit() and end.isdigit()):
            errors.append(f"{name}, line {number}: bad offsets {cells[1]!r}")
            continue
        tokens[cells[0]] = (int(begin), int(end))
    if errors:
        raise ForeignFormatError(errors)
    text16 = _text(sentences, rows, tokens)
    table = _utf16_table(text16)
    spans: dict[tuple[str, str], ForeignSpan] = {}  # (layer, id or "token:stack") -> span
    at_token: dict[tuple[str, str], list[ForeignSpan]] = {}  # (layer, token) -> spans there
    for _number, cells in rows:
        begin, end = tokens[cells[0]]
        for layer in (la for la in layers if la.kind == "SP"):
            stacks = [_SPLIT.split(cells[c]) if cells[c] not in ("_", "") else [] for c in layer.columns]
            depth = max((len(s) for s in stacks), default=0)
            for k in range(depth):
                ident, values = None, {}
                for feature, stack in zip(layer.features or [""], stacks, strict=False):
                    if k >= len(stack):
                        continue
                    m = _ITEM.match(stack[k])
                    ident = ident or m.group("id")
                    value = _unescape(m.group("value"))
                    if feature and value not in ("*", "_", ""):
                        values[feature] = value
                key = (layer.name, ident or f"{cells[0]}:{k}")
                span = spans.get(key)
                if span is None:
                    # labelled as INCEpTION shows it: by the first feature's value, else the layer's name
                    label = values.get(layer.features[0]) if layer.features else None
                    span = spans[key] = ForeignSpan(
                        f"{layer.short}-{key[1]}", label or layer.short, [(begin, end)], values
                    )
                else:
                    span.fragments = [(min(span.start, begin), max(span.end, end))]
                    span.attributes.update(values)
                at_token.setdefault((layer.name, cells[0]), []).append(span)
    by_ident = {(layer, ident): span for (layer, ident), span in spans.items()}
    links: list[ForeignLink] = []
    for number, cells in rows:
        for layer in (la for la in layers if la.kind == "RL"):
            refs = _SPLIT.split(cells[layer.columns[-1]]) if cells[layer.columns[-1]] not in ("_", "") else []
            labels = _SPLIT.split(cells[layer.columns[0]]) if layer.features else []
            for k, ref in enumerate(refs):
                m = _REF.match(ref)
                base = next((la.name for la in layers if la.short == (layer.base or "").rsplit(".", 1)[-1]), layer.base)
                if m is None:
                    errors.append(f"{name}, line {number}: bad relation reference {ref!r}")
                    continue
                this = _end(by_ident, at_token, base, cells[0], m.group("this"))
                other = _end(by_ident, at_token, base, m.group("token"), m.group("other"))
                if this is None or other is None:
                    errors.append(f"{name}, line {number}: relation {ref!r} does not end on {layer.base} spans")
                    continue
                label = _unescape(labels[k]) if k < len(labels) and labels[k] not in ("_", "*") else layer.short
                links.append(ForeignLink(label, other.id, this.id))
    if errors:
        raise ForeignFormatError(errors)
    text = "".join(text16)
    for span in spans.values():
        span.fragments = [(table[s], table[e]) for s, e in span.fragments]
    unread = [la.short for la in layers if la.kind == "CH"]
    metadata = {"webanno_chain_layers_not_read": unread} if unread else {}
    doc = ForeignDoc(id=Path(name).stem, text=text, where=name, spans=list(spans.values()), links=links,
                     metadata=metadata)  # fmt: skip
    doc.join_continued()
    return doc


def _end(by_ident, at_token, layer: str | None, token: str, ident: str | None):
    if ident and ident != "0":
        return by_ident.get((layer, ident))
    here = at_token.get((layer, token)) or []
    return here[0] if here else None


def _text(sentences, rows, tokens) -> list[str]:
    """The document as UTF-16 code units' worth of characters: each sentence's text at its first
    token's offset, spaces between (the format does not keep what lay between sentences)."""
    units: list[str] = []
    starts = []
    current = None
    for _number, cells in rows:
        sentence = cells[0].split("-")[0]
        if sentence != current:
            current = sentence
            starts.append(tokens[cells[0]][0])
    for (_number, sentence), first in zip(sentences, starts, strict=False):
        start = first - (len(sentence) - len(sentence.lstrip()))  # #Text keeps the line's leading blanks
        chars = []
        for ch in sentence:  # a character outside the BMP is two Java chars: pad with an empty slot
            chars.append(ch)
            if ord(ch) > 0xFFFF:
                chars.append("")
        while len(units) < start:
            units.append(" " if len(units) != start - 1 or not units else "\n")
        units[start : start + len(chars)] = chars
    return units


def _utf16_table(units: list[str]) -> list[int]:
    """`table[u]` is the code-point offset of UTF-16 offset `u` in the rebuilt text."""
    table, at = [], 0
    for unit in units:
        table.append(at)
        if unit:
            at += 1
    table.append(at)
    return table
