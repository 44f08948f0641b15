"""Prodigy's JSONL (`prodigy db-out`): `text`, `spans` ({start, end, label}), `relations` from
`rel.manual` ({head_span, child_span, label}), `answer` and `_session_id`.

Only accepted examples are read (rejected and ignored ones are counted in `skipped`); the
annotator is the session (`_session_id`, "dataset-name"), else none.
"""

from __future__ import annotations

from pathlib import Path

from annotator.interchange.jsonl import iter_jsonl

from . import ForeignDoc, ForeignFormatError, ForeignLink, ForeignSpan


def read_prodigy(path: Path) -> tuple[list[ForeignDoc], int]:
    """The accepted examples as documents, and how many examples were not accepted."""
    try:
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except UnicodeDecodeError as exc:
        raise ForeignFormatError([f"{path.name}: not UTF-8 text (byte {exc.start})"]) from exc
    docs, errors, skipped = [], [], 0
    for number, record in iter_jsonl(lines):
        where = f"{path.name}, line {number}"
        if not isinstance(record, dict):
            errors.append(f"{where}: {record}")
            continue
        if record.get("answer", "accept") != "accept":
            skipped += 1
            continue
        text = record.get("text")
        if not isinstance(text, str):
            errors.append(f"{where}: a Prodigy example needs a string 'text'")
            continue
        meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
        ident = meta.get("id") or record.get("id") or record.get("_input_hash") or number
        doc = ForeignDoc(id=str(ident), text=text, where=where, annotator=record.get("_session_id"),
                         metadata={k: v for k, v in meta.items() if isinstance(v, (str, int))})  # fmt: skip
        by_place: dict[tuple[int, int], str] = {}
        for k, item in enumerate(record.get("spans") or [], start=1):
            start, end = (item.get("start"), item.get("end")) if isinstance(item, dict) else (None, None)
            if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
                errors.append(f"{where}, span {k}: needs start and end inside the text")
                continue
            label = str(item.get("label") or "span")
            doc.spans.append(ForeignSpan(f"s{k}", label, [(start, end)]))
            by_place[(start, end)] = f"s{k}"
        for k, rel in enumerate(record.get("relations") or [], start=1):
            ends = []
            for side in ("head_span", "child_span"):
                span = rel.get(side) if isinstance(rel, dict) else None
                if not isinstance(span, dict) or (span.get("start"), span.get("end")) not in by_place:
                    ends = None
                    break
                ends.append(by_place[(span["start"], span["end"])])
            if not ends:
                errors.append(f"{where}, relation {k}: head_span and child_span must be spans of the example")
                continue
            doc.links.append(ForeignLink(str(rel.get("label") or "relation"), ends[0], ends[1]))
        docs.append(doc)
    if errors:
        raise ForeignFormatError(errors)
    return docs, skipped
