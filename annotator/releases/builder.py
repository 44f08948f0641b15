"""Assemble a dataset release: stream articles through the chosen formats,
then pack everything into one zip with a ``MANIFEST`` and a ``README.md``
datasheet.

Input articles are dicts in the interchange format::

    {"id": "ext-42", "title": ..., "outlet": ..., "url": ..., "published": ..., "author": ...,
     "text": "...", "metadata": {...},
     "quotes": [{"start": 0, "end": 120, "text": ..., "kind": "direct",
                 "fragments": [[0, 60], [80, 120]],          # only when interrupted
                 "cue": ..., "cue_start": ..., "cue_end": ...,
                 "speaker": ..., "speaker_start": ..., "speaker_end": ...,
                 "speaker_entity": ..., "speaker_type": ..., "confidence": ...}],
     "speakers": [{"name": ..., "aliases": [...], "description": ..., "external_id": ...}]}

Offsets are Python ``str`` indices into ``text``.  Nothing here imports
Django: the caller supplies an iterable of such dicts (ideally a generator,
so memory stays bounded) and, if it likes, a progress callback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import pickle
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from annotator.interchange.splits import DEFAULT_RATIOS, SPLIT_ORDER, split_for
from annotator.interchange.splits import ordered_splits as _ordered_splits

from .formats import FORMATS

__all__ = ["SPLIT_ORDER", "build_release", "split_for"]  # the splits moved to interchange; old imports still work

TOP_SPEAKERS = 20
PROGRESS_EVERY = 100  # articles between progress callbacks (the callback may hit the DB)
_CHUNK = 1 << 20
FILES_LISTED_PER_FOLDER = 50  # past this a folder is one row of the summary (count, size)
# Files that are compressed already: deflating them again only costs time.
_STORED_SUFFIXES = {".spacy", ".zip", ".gz"}


class ReleaseCounts:
    """Running statistics of a release; small dicts and one speaker Counter."""

    def __init__(self) -> None:
        self.articles = 0
        self.quotes = 0
        self.by_split: dict[str, dict[str, int]] = {}
        self.by_kind: Counter[str] = Counter()
        self.by_speaker_type: Counter[str] = Counter()
        self.speakers: Counter[str] = Counter()
        self.interrupted = 0
        self.with_cue = 0
        self.with_speaker_mention = 0
        self.with_speaker_entity = 0

    def add(self, article: dict[str, Any], split: str) -> None:
        quotes = article.get("quotes") or []
        self.articles += 1
        self.quotes += len(quotes)
        split_counts = self.by_split.setdefault(split, {"articles": 0, "quotes": 0})
        split_counts["articles"] += 1
        split_counts["quotes"] += len(quotes)
        for quote in quotes:
            self.by_kind[quote.get("kind") or "unknown"] += 1
            if quote.get("fragments") and len(quote["fragments"]) > 1:
                self.interrupted += 1
            if quote.get("cue_start") is not None:
                self.with_cue += 1
            if quote.get("speaker_start") is not None:
                self.with_speaker_mention += 1
            if quote.get("speaker_type"):
                self.by_speaker_type[quote["speaker_type"]] += 1
            entity = quote.get("speaker_entity")
            if entity:
                self.with_speaker_entity += 1
                self.speakers[entity] += 1

    def as_dict(self) -> dict[str, Any]:
        ordered = _ordered_splits(self.by_split)
        return {
            "articles": self.articles,
            "quotes": self.quotes,
            "by_split": {name: dict(self.by_split[name]) for name in ordered},
            "by_kind": dict(self.by_kind.most_common()),
            "by_speaker_type": dict(self.by_speaker_type.most_common()),
            "interrupted_quotes": self.interrupted,
            "quotes_with_cue": self.with_cue,
            "quotes_with_speaker_mention": self.with_speaker_mention,
            "quotes_with_speaker_entity": self.with_speaker_entity,
            "distinct_speakers": len(self.speakers),
            "top_speakers": [[name, n] for name, n in self.speakers.most_common(TOP_SPEAKERS)],
        }


def _readable(value: Any) -> str:
    """Options and filters as a person writes them: `train: 0.8; dev: 0.1`, not a Python repr."""
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_readable(v)}" for k, v in value.items()) or "none"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(_readable(v) for v in value) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "none" if value is None else str(value)


def _md_cell(value: Any) -> str:
    return _readable(value).replace("|", "\\|").replace("\n", " ")


def render_datasheet(info: Mapping[str, Any], counts: dict[str, Any], formats: list[str]) -> str:
    """The README.md datasheet of a release (Markdown)."""
    name = info.get("name") or "Quote attribution dataset"
    lines = [f"# {name}", ""]
    if info.get("description"):
        lines += [str(info["description"]), ""]
    lines += ["| | |", "|---|---|"]
    for label, key in (
        ("Version", "version"),
        ("Created", "created"),
        ("License", "license"),
        ("Language", "language"),
        ("Annotation guidelines", "guideline_version"),
        ("Quote proposer", "proposer_version"),
    ):
        if info.get(key) not in (None, ""):
            lines.append(f"| {label} | {_md_cell(info[key])} |")
    lines += [f"| Articles | {counts['articles']} |", f"| Quotes | {counts['quotes']} |", ""]

    lines += [
        "## Splits",
        "",
        "Splits are assigned from a sha256 hash of the article id, so an article keeps its split "
        "across releases while the ratios stay the same.",
        "",
        "| split | articles | quotes |",
        "|---|---:|---:|",
    ]
    for split, c in counts["by_split"].items():
        lines.append(f"| {_md_cell(split)} | {c['articles']} | {c['quotes']} |")
    lines += ["", "## Quotes by kind", "", "| kind | quotes |", "|---|---:|"]
    for kind, n in counts["by_kind"].items():
        lines.append(f"| {_md_cell(kind)} | {n} |")
    lines += [
        "",
        f"- interrupted (several fragments): {counts['interrupted_quotes']}",
        f"- with a cue: {counts['quotes_with_cue']}",
        f"- with a speaker mention: {counts['quotes_with_speaker_mention']}",
        f"- attributed to a speaker entity: {counts['quotes_with_speaker_entity']} "
        f"({counts['distinct_speakers']} distinct speakers)",
    ]
    if counts["by_speaker_type"]:
        lines.append(
            "- speaker mention types: " + ", ".join(f"{_md_cell(k)} {v}" for k, v in counts["by_speaker_type"].items())
        )
    if counts["top_speakers"]:
        lines += ["", "## Top speakers", "", "| speaker | quotes |", "|---|---:|"]
        lines += [f"| {_md_cell(name)} | {n} |" for name, n in counts["top_speakers"]]

    agreement = info.get("agreement")
    if agreement:
        lines += ["", "## Inter-annotator agreement", ""]
        if isinstance(agreement, Mapping):
            lines += ["| measure | value |", "|---|---|"]
            lines += [f"| {_md_cell(k)} | {_md_cell(v)} |" for k, v in agreement.items()]
        else:
            lines.append(str(agreement))
    method = info.get("method") or info.get("how_made")
    if method:
        lines += ["", "## How the data was made", "", str(method)]
    guidelines = info.get("guidelines")
    if guidelines:
        version = info.get("guideline_version")
        lines += [
            "",
            "## Annotation guidelines" + (f" (version {version})" if version else ""),
            "",
            str(guidelines).strip(),
        ]

    lines += ["", "## Files", ""]
    for fmt in formats:
        lines.append(f"- **{fmt}**: {FORMATS[fmt].description}")
    lines += [
        "- `MANIFEST`: sha256 of every other file; verify with `sha256sum -c MANIFEST` in the unzipped folder.",
        "",
        "Offsets in jsonl, csv, spacy `user_data` and brat are Unicode code point (Python "
        "`str`) indices into the article text; text uses `\\n` line breaks only.",
    ]
    known = {
        "name",
        "description",
        "version",
        "created",
        "license",
        "language",
        "guideline_version",
        "proposer_version",
        "agreement",
        "method",
        "how_made",
        "guidelines",
    }
    extra = {k: v for k, v in info.items() if k not in known}
    if extra:
        lines += ["", "## Other information", "", "| | |", "|---|---|"]
        lines += [f"| {_md_cell(k)} | {_md_cell(v)} |" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


class _SpooledEntries:
    """`ZipFile.filelist` kept in a temporary file: a brat release has two entries per
    article, and zipfile keeps every entry's `ZipInfo` until it writes the central
    directory at the end, memory that grew with the corpus. zipfile only appends to the
    list, takes its length and iterates it once, at close."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._count = 0

    def append(self, zinfo: zipfile.ZipInfo) -> None:
        pickle.dump(zinfo, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[zipfile.ZipInfo]:
        self._file.seek(0)
        for _ in range(self._count):
            yield pickle.load(self._file)
        self._file.seek(0, os.SEEK_END)

    def close(self) -> None:
        self._file.close()


class _NoNames(dict):
    """`ZipFile.NameToInfo` that keeps nothing: it only serves reading and the duplicate
    name warning, and the formats never write a name twice."""

    def __setitem__(self, key: str, value: zipfile.ZipInfo) -> None:
        pass


class _StreamingZipFile(zipfile.ZipFile):
    """A write-only ZipFile whose bookkeeping stays in constant memory (see above)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filelist = _SpooledEntries()  # type: ignore[assignment]
        self.NameToInfo = _NoNames()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.filelist.close()  # type: ignore[attr-defined]


class _FileList:
    """The summary's file entries, bounded: a folder with more than `limit` files (brat:
    two per article) becomes one `{"path": folder, "files", "size"}` row; every checksum
    is in the MANIFEST anyway."""

    def __init__(self, limit: int = FILES_LISTED_PER_FOLDER) -> None:
        self.limit = limit
        self._folders: dict[str, list[dict[str, Any]] | dict[str, Any]] = {}

    def add(self, entry: dict[str, Any]) -> None:
        folder = entry["path"].rsplit("/", 1)[0] + "/" if "/" in entry["path"] else ""
        listed = self._folders.setdefault(folder, [])
        if isinstance(listed, dict):
            listed["files"] += 1
            listed["size"] += entry["size"]
        elif folder and len(listed) >= self.limit:
            self._folders[folder] = {
                "path": folder,
                "files": len(listed) + 1,
                "size": sum(e["size"] for e in listed) + entry["size"],
            }
        else:
            listed.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for listed in self._folders.values():
            if isinstance(listed, dict):
                out.append(listed)
            else:
                out.extend(listed)
        return out


def _zip_file(zf: zipfile.ZipFile, path: Path, arcname: str) -> tuple[str, int]:
    """Stream one file into the zip, hashing it on the way; (sha256, size)."""
    zinfo = zipfile.ZipInfo.from_file(path, arcname)
    zinfo.compress_type = zipfile.ZIP_STORED if path.suffix in _STORED_SUFFIXES else zipfile.ZIP_DEFLATED
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as src, zf.open(zinfo, "w") as dst:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _write_zip(target: Path, workdir: Path, paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Zip ``paths`` (relative to ``workdir``) plus a MANIFEST; describe the entries
    (folders of many files summed up, see `_FileList`). The MANIFEST is written to disk
    line by line, so nothing here grows with the number of files."""
    files = _FileList()
    manifest_path = workdir.parent / "MANIFEST"
    with (
        _StreamingZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf,
        open(manifest_path, "w", encoding="utf-8", newline="\n") as manifest,
    ):
        for path in paths:
            arcname = path.relative_to(workdir).as_posix()
            sha, size = _zip_file(zf, path, arcname)
            files.add({"path": arcname, "sha256": sha, "size": size})
            # sha256sum text format: "<hex>  <path>"; the MANIFEST cannot list itself.
            manifest.write(f"{sha}  {arcname}\n")
        manifest.close()
        sha, size = _zip_file(zf, manifest_path, "MANIFEST")
        files.add({"path": "MANIFEST", "sha256": sha, "size": size})
    return files.entries()


def build_release(
    articles: Iterable[dict[str, Any]],
    *,
    out_path: Path,
    formats: list[str],
    ratios: Mapping[str, float] | None = None,
    info: Mapping[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
    options: dict[str, Any] | None = None,
    split_of: Callable[[dict[str, Any]], str] | None = None,
) -> dict[str, Any]:
    """Write a release zip at ``out_path`` and return its summary.

    ``formats`` are keys of ``FORMATS``; ``ratios`` e.g. ``{"train": .8,
    "dev": .1, "test": .1}``; ``info`` feeds the datasheet (name, version,
    created, description, license, guideline_version, proposer_version,
    agreement, method, ...); ``options`` go to every formatter (flat, or
    nested per format name).  ``progress(n)`` is called with the number of
    articles done every ``PROGRESS_EVERY`` articles and once at the end.
    ``split_of(article)`` overrides the hash-based split assignment.

    Returns ``{"counts": {...}, "files": [{"path", "sha256", "size"}, ...],
    (a folder of more than ``FILES_LISTED_PER_FOLDER`` files is one ``{"path", "files",
    "size"}`` entry; the MANIFEST has every checksum)
    "sha256": <zip sha256>, "size": <zip bytes>}``.  The zip is written to a
    temporary name next to ``out_path`` and renamed into place when complete.
    """
    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown or no formats {unknown!r}; known: {sorted(FORMATS)}")
    ratios = dict(ratios or DEFAULT_RATIOS)
    info = dict(info or {})
    info.setdefault("created", dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat())
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    assign = split_of or (lambda article: split_for(article["id"], ratios))

    # Scratch space beside the target: same file system, and /tmp may be small.
    with tempfile.TemporaryDirectory(dir=out_path.parent, prefix=".release-") as tmp:
        workdir = Path(tmp) / "files"
        writers = [FORMATS[name](workdir, options or {}) for name in formats]
        counts = ReleaseCounts()
        for article in articles:
            split = assign(article)
            for writer in writers:
                writer.add(article, split)
            counts.add(article, split)
            if progress is not None and counts.articles % PROGRESS_EVERY == 0:
                progress(counts.articles)
        # Each writer's files, possibly found lazily (brat's two per article are).
        written = itertools.chain.from_iterable([writer.finish() for writer in writers])
        if progress is not None and counts.articles % PROGRESS_EVERY != 0:
            progress(counts.articles)

        summary_counts = counts.as_dict()
        readme = workdir / "README.md"
        readme.write_text(render_datasheet(info, summary_counts, formats), encoding="utf-8")

        partial = out_path.with_name(out_path.name + ".part")
        files: list[dict[str, Any]] = []
        try:
            files = _write_zip(partial, workdir, itertools.chain([readme], written))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise

    digest = hashlib.sha256()
    with open(partial, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    os.replace(partial, out_path)
    return {"counts": summary_counts, "files": files, "sha256": digest.hexdigest(), "size": out_path.stat().st_size}
