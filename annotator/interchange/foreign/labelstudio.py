"""Label Studio's JSON export: a list of tasks, each with `data`, `annotations` and `predictions`.

One document per annotation that was not cancelled (its `completed_by`, an id or a user
object, names the annotator) and per prediction (no annotator: the machine's). `labels`
results (`value.start`/`end`, `value.labels`) are spans, `relation` results (`from_id`,
`to_id`, `labels`) links. Label Studio counts offsets in UTF-16 code units, as JavaScript
does, so an emoji counts two: they are turned into code points, and each region's own
`value.text` must match the text there.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import ForeignDoc, ForeignFormatError, ForeignLink, ForeignSpan, utf16_to_index


def read_labelstudio(path: Path, text_key: str | None = None) -> list[ForeignDoc]:
    try:
        tasks = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ForeignFormatError([f"{path.name}: not a Label Studio JSON export ({exc})"]) from exc
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise ForeignFormatError([f"{path.name}: a Label Studio export is a JSON list of tasks"])
    docs, errors = [], []
    for n, task in enumerate(tasks, start=1):
        where = f"{path.name}, task {n}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            errors.append(f"{where}: a task needs a 'data' object")
            continue
        data = task["data"]
        key = text_key or ("text" if "text" in data else next((k for k, v in data.items() if isinstance(v, str)), None))
        text = data.get(key) if key else None
        if not isinstance(text, str):
            errors.append(f"{where}: no text in 'data' (looked for {text_key or 'text'!r})")
            continue
        table = utf16_to_index(text) if any(ord(ch) > 0xFFFF for ch in text) else None
        doc_id = str(data.get("id") or data.get("article_id") or task.get("id") or n)
        meta = {k: v for k, v in data.items() if k != key and isinstance(v, (str, int, float, bool))}
        for kind in ("annotations", "predictions"):
            for m, work in enumerate(task.get(kind) or [], start=1):
                if not isinstance(work, dict) or work.get("was_cancelled"):
                    continue
                who = None
                if kind == "annotations":
                    who = work.get("completed_by")
                    if isinstance(who, dict):
                        who = who.get("email") or who.get("username") or who.get("id")
                    who = str(who) if who is not None else "unknown"
                doc = ForeignDoc(id=doc_id, text=text, where=f"{where}, {kind[:-1]} {m}", annotator=who,
                                 metadata=dict(meta))  # fmt: skip
                errors.extend(_results(doc, work.get("result") or [], table))
                docs.append(doc)
    if errors:
        raise ForeignFormatError(errors)
    return docs


def _results(doc: ForeignDoc, results: list, table: list[int] | None) -> list[str]:
    errors = []
    choices: list[dict] = []
    for r, result in enumerate(results, start=1):
        if not isinstance(result, dict):
            errors.append(f"{doc.where}, result {r}: not an object")
            continue
        if result.get("type") == "relation":
            labels = result.get("labels") or ["relation"]
            source, target = str(result.get("from_id")), str(result.get("to_id"))
            doc.links.append(ForeignLink(str(labels[0]), source, target))
            continue
        value = result.get("value") or {}
        if result.get("type") == "choices" and result.get("id") and value.get("choices"):
            choices.append(result)  # a per-region choice: an attribute of the region with that id
            continue
        labels = value.get("labels") or value.get("hypertextlabels")
        if not labels:
            continue  # document-level choices, ratings, text areas: not spans
        start, end = value.get("start"), value.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            errors.append(f"{doc.where}, result {r}: a labelled region needs whole-number 'start' and 'end' "
                          "(HTML regions are not read)")  # fmt: skip
            continue
        if table is not None:
            if not 0 <= start <= end < len(table):
                errors.append(f"{doc.where}, result {r}: offsets {start}-{end} are outside the text")
                continue
            start, end = table[start], table[end]
        if not 0 <= start < end <= len(doc.text):
            errors.append(f"{doc.where}, result {r}: offsets {start}-{end} are outside the text")
            continue
        if "text" in value and value["text"] != doc.text[start:end]:
            errors.append(f"{doc.where}, result {r}: the text at {start}-{end} is {doc.text[start:end][:40]!r}, "
                          f"the region says {str(value['text'])[:40]!r}")  # fmt: skip
            continue
        doc.spans.append(ForeignSpan(str(result.get("id") or f"r{r}"), str(labels[0]), [(start, end)]))
    by_id = {s.id: s for s in doc.spans}
    for result in choices:
        if str(result["id"]) in by_id:
            by_id[str(result["id"])].attributes[str(result.get("from_name") or "choice")] = str(
                result["value"]["choices"][0]
            )
    doc.links = [link for link in doc.links if link.source in by_id and link.target in by_id]
    doc.join_continued()
    return errors
