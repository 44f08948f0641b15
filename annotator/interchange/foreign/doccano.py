"""doccano's JSONL export: one article a line, `text` with `label` ([[start, end, label], ...]) or
`entities` ({id, start_offset, end_offset, label}) and `relations` ({from_id, to_id, type}).

doccano exports one file per user (`admin.jsonl`, `alice.jsonl`) unless the project
shares annotations; the annotator is the line's `user` when it has one, else the file's name.
"""

from __future__ import annotations

from pathlib import Path

from annotator.interchange.jsonl import iter_jsonl

from . import ForeignDoc, ForeignFormatError, ForeignLink, ForeignSpan


def read_doccano(path: Path) -> list[ForeignDoc]:
    try:
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except UnicodeDecodeError as exc:
        raise ForeignFormatError([f"{path.name}: not UTF-8 text (byte {exc.start})"]) from exc
    docs, errors = [], []
    for number, record in iter_jsonl(lines):
        where = f"{path.name}, line {number}"
        if not isinstance(record, dict):
            errors.append(f"{where}: {record}")
            continue
        text = record.get("text")
        if not isinstance(text, str):
            errors.append(f"{where}: a doccano line needs a string 'text'")
            continue
        who = record.get("user") or path.stem
        doc = ForeignDoc(id=str(record.get("id", number)), text=text, where=where, annotator=str(who))
        for k, item in enumerate(record.get("entities") or [], start=1):
            span = _span(item.get("id", f"e{k}") if isinstance(item, dict) else None, item, text)
            if isinstance(span, str):
                errors.append(f"{where}, entity {k}: {span}")
            else:
                doc.spans.append(span)
        for k, item in enumerate(record.get("label") or [], start=1):
            if isinstance(item, list) and len(item) == 3:
                item = {"start_offset": item[0], "end_offset": item[1], "label": item[2]}
            span = _span(f"l{k}", item, text) if isinstance(item, dict) else "write [start, end, label]"
            if isinstance(span, str):
                errors.append(f"{where}, label {k}: {span}")
            else:
                doc.spans.append(span)
        known = {s.id for s in doc.spans}
        for k, rel in enumerate(record.get("relations") or [], start=1):
            if not isinstance(rel, dict) or str(rel.get("from_id")) not in known or str(rel.get("to_id")) not in known:
                errors.append(f"{where}, relation {k}: from_id and to_id must name entities of the line")
                continue
            doc.links.append(ForeignLink(str(rel.get("type") or "relation"), str(rel["from_id"]), str(rel["to_id"])))
        doc.metadata = {k: v for k, v in record.items()
                        if k not in ("text", "label", "entities", "relations", "id") and isinstance(v, (str, int))}  # fmt: skip
        docs.append(doc)
    if errors:
        raise ForeignFormatError(errors)
    return docs


def _span(ident, item: dict, text: str) -> ForeignSpan | str:
    start, end, label = item.get("start_offset"), item.get("end_offset"), item.get("label")
    if not isinstance(start, int) or not isinstance(end, int) or not isinstance(label, str):
        return "needs whole-number start_offset and end_offset and a label"
    if not 0 <= start < end <= len(text):
        return f"offsets {start}-{end} are outside the text ({len(text)} characters)"
    return ForeignSpan(str(ident), label, [(start, end)])
