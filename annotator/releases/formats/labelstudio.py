"""Label Studio export: ``labelstudio/<split>.json`` (tasks) and ``labelstudio/config.xml``.

Each article is a task (``data.text``, ``data.article_id``) with one annotation: a
``Quote`` region per quote fragment, ``Cue`` and ``Speaker`` regions, relations from the
quote to its cue (``cue``) and speaker (``speaker``), from one fragment of an interrupted
quote to the next (``continues``), and the quote's kind as a per-region choice (``kind``).
Offsets are UTF-16 code units, as Label Studio counts them in the browser. A team that
leaves takes its work into Label Studio with ``config.xml`` as the labelling interface;
``import_annotations --format labelstudio`` reads it back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.interchange.vocabulary import QUOTE_KINDS

from .base import BaseFormatter, iter_quotes, optional_range, quote_pieces

CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="Quote"/>
    <Label value="Cue"/>
    <Label value="Speaker"/>
  </Labels>
  <Text name="text" value="$text"/>
  <Relations>
    <Relation value="cue"/>
    <Relation value="speaker"/>
    <Relation value="continues"/>
  </Relations>
  <Choices name="kind" toName="text" perRegion="true">
{choices}
  </Choices>
</View>
""".format(choices="\n".join(f'    <Choice value="{k}"/>' for k in QUOTE_KINDS))


def utf16_offsets(text: str) -> list[int]:
    """`table[i]` is the UTF-16 offset of code point `i` (and `table[len(text)]` the length)."""
    table, at = [], 0
    for ch in text:
        table.append(at)
        at += 2 if ord(ch) > 0xFFFF else 1
    table.append(at)
    return table


def article_to_task(article: dict[str, Any], task_id: int) -> dict:
    """One article as a Label Studio task with its quotes as one annotation."""
    text = article.get("text") or ""
    u16 = utf16_offsets(text)
    results: list[dict] = []
    regions: dict[tuple[str, int, int], str] = {}

    def region(label: str, start: int, end: int, shared: bool) -> str:
        key = (label, start, end)
        if shared and key in regions:  # one cue or mention for several quotes: one region
            return regions[key]
        rid = f"{label[0].lower()}{len(results) + 1}"
        regions[key] = rid
        results.append({
            "id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": u16[start], "end": u16[end], "text": text[start:end], "labels": [label]},
        })  # fmt: skip
        return rid

    def relation(source: str, target: str, label: str) -> None:
        results.append({"from_id": source, "to_id": target, "type": "relation", "direction": "right",
                        "labels": [label]})  # fmt: skip

    for _, quote in iter_quotes(article):
        pieces = [(s, e) for s, e in quote_pieces(quote) if 0 <= s < e <= len(text)]
        if not pieces:
            continue
        ids = [region("Quote", s, e, shared=False) for s, e in pieces]
        for a, b in zip(ids, ids[1:], strict=False):
            relation(a, b, "continues")
        if quote.get("kind") in QUOTE_KINDS:
            s, e = pieces[0]
            results.append({"id": ids[0], "from_name": "kind", "to_name": "text", "type": "choices",
                            "value": {"start": u16[s], "end": u16[e], "choices": [quote["kind"]]}})  # fmt: skip
        for prefix, label in (("cue", "Cue"), ("speaker", "Speaker")):
            span = optional_range(quote, prefix)
            if span and 0 <= span[0] < span[1] <= len(text):
                relation(ids[0], region(label, span[0], span[1], shared=True), prefix)
    data = {"text": text, "article_id": str(article.get("id", ""))}
    for key in ("title", "outlet", "url"):
        if article.get(key):
            data[key] = article[key]
    return {"id": task_id, "data": data, "annotations": [{"result": results}]}


class LabelStudioFormatter(BaseFormatter):
    """One JSON list of tasks per split, written as articles arrive."""

    name = "labelstudio"
    description = (
        "`labelstudio/<split>.json`: Label Studio tasks (Quote/Cue/Speaker regions in UTF-16 offsets, cue, "
        "speaker and continues relations, kind as a per-region choice) with `labelstudio/config.xml`."
    )

    def __init__(self, workdir: Path, options: dict[str, Any] | None = None) -> None:
        super().__init__(workdir, options)
        self._files: dict[str, Any] = {}
        self._count = 0

    def add(self, article: dict[str, Any], split: str) -> None:
        handle = self._files.get(split)
        if handle is None:
            handle = self._files[split] = open(self.root / f"{split}.json", "w", encoding="utf-8")
            handle.write("[\n")
        else:
            handle.write(",\n")
        self._count += 1
        handle.write(json.dumps(article_to_task(article, self._count), ensure_ascii=False))

    def finish(self) -> list[Path]:
        paths = []
        for split, handle in self._files.items():
            handle.write("\n]\n")
            handle.close()
            paths.append(self.root / f"{split}.json")
        config = self.root / "config.xml"
        config.write_text(CONFIG, encoding="utf-8")
        return [*paths, config]
