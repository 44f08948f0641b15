"""Leaving and coming back: real gold through each export format and `import_annotations`, compared.

Usage: python bench/bench_interop.py [--gold FILE.jsonl] [--formats brat,labelstudio,webanno]

The gold (PolNeAR dev when present) is written by
the release formatters (`releases/formats`), read back by `import_annotations --as gold`
into a project of its own in a database of its own (`var/bench-interop.sqlite3`, made
anew), and every quote is compared with the one it came from: span and fragments, kind,
cue, speaker mention, person. Prints, per format, the articles and quotes written, read
and stored, what was refused, and how many quotes came back identical.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB = ROOT / "var" / "bench-interop.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ANNOTATOR_PROPOSE_ON_IMPORT", "0")
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"

DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "polnear" / "dev.jsonl"
FIELDS = ("start", "end", "fragments", "kind", "cue_start", "cue_end", "speaker_start", "speaker_end")
MAPPINGS = {
    "brat": {"quote": ["Quote"], "cue": ["Cue"], "speaker": ["Speaker"]},
    "labelstudio": {"quote": ["Quote"], "cue": ["Cue"], "speaker": ["Speaker"], "kind_attribute": "kind"},
    "webanno": {
        "quote": ["Quote"],
        "cue": ["Cue"],
        "speaker": ["Speaker"],
        "kind_attribute": "kind",
        "links": ["cue", "speaker"],
    },  # fmt: skip
}


def normal(q: dict) -> tuple:
    fragments = q.get("fragments") or [[q["start"], q["end"]]]
    return tuple([*(q.get(k) for k in FIELDS[:2]), tuple(map(tuple, fragments)), *(q.get(k) for k in FIELDS[3:]),
                  q.get("speaker_entity") or None])  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--formats", default="brat,labelstudio,webanno")
    args = parser.parse_args()
    if not args.gold.is_file():
        print(f"{args.gold} not found; skipped.")
        return 0
    DB.parent.mkdir(parents=True, exist_ok=True)
    DB.unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    from annotator.accounts.services import project_create
    from annotator.annotations.models import AnnotationSet, SetKind
    from annotator.releases.formats import FORMATS

    call_command("migrate", verbosity=0)
    records = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    # the gold as the app stores it: offsets on the text with \n for \r\n, as the importer normalises
    gold_quotes = sum(len(r.get("quotes") or []) for r in records)
    print(f"{args.gold}: {len(records)} articles, {gold_quotes} gold quotes")
    print("\n| format | files written | articles back | quotes back | refused | identical to the gold | seconds |")
    print("|---|---:|---:|---:|---|---:|---:|")
    for fmt in [f for f in args.formats.split(",") if f]:
        with tempfile.TemporaryDirectory(prefix=f"interop-{fmt}-") as tmp:
            writer = FORMATS[fmt](Path(tmp))
            for r in records:
                writer.add(r, "dev")
            files = [p for p in writer.finish() if p.suffix != ".conf" and p.name != "config.xml"]
            source = Path(tmp) / fmt if fmt != "labelstudio" else files[0]
            mapping = Path(tmp) / "mapping.json"
            mapping.write_text(json.dumps(MAPPINGS[fmt]), encoding="utf-8")
            project = project_create(name=f"interop {fmt}", slug=f"interop-{fmt}")
            started = time.perf_counter()
            refused = ""
            try:
                call_command("import_annotations", str(source), "--format", fmt, "--as", "gold",
                             "--mapping", str(mapping), "--project", project.slug, stdout=open(os.devnull, "w"))  # fmt: skip
            except Exception as exc:  # a refused import: say why, in the table
                refused = str(exc).splitlines()[0][:80]
            seconds = time.perf_counter() - started
        by_id = {str(r["id"]): r for r in records}
        identical = stored = read = 0
        for gold_set in AnnotationSet.objects.filter(article__project=project, kind=SetKind.GOLD).select_related(
            "article"
        ):
            article = gold_set.article
            original = by_id.get(article.external_id)
            if original is None:
                continue
            read += 1
            want = {normal(q) for q in original.get("quotes") or []}
            for q in gold_set.quotes.select_related("speaker"):
                stored += 1
                got = {k: getattr(q, k) for k in FIELDS} | {"speaker_entity": q.speaker.name if q.speaker else None}
                identical += normal(got) in want
        print(f"| {fmt} | {len(files)} | {read} | {stored} | {refused or 'nothing'} | {identical} of {gold_quotes} "
              f"({identical / gold_quotes:.1%}) | {seconds:.1f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
