"""`manage.py propose_quotes IN.jsonl -o OUT.jsonl [--workers N]`: proposals without a database."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from annotator.interchange import scoring
from annotator.interchange.jsonl import InputError, load_articles
from annotator.proposer.batch import propose_records, proposer_label, trained_or_package
from annotator.proposer.engine.learned import ModelError


class Command(BaseCommand):
    help = (
        "Read articles in the JSONL interchange format and write them back with 'quotes' "
        "replaced by the proposer's quotes (cue, speaker mention, speaker_entity). "
        "Needs no database."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("input", type=Path, help="Articles, one JSON object per line (only 'text' is required).")
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            required=True,
            help="Where to write the articles with proposals ('-' for stdout).",
        )
        parser.add_argument(
            "--workers", type=int, default=1, help="Worker processes (each loads the spaCy model once)."
        )
        parser.add_argument(
            "--model",
            default="",
            help="A trained model directory (train_proposer); any other value names a spaCy pipeline package, "
            "as before. Default: the rules, with ANNOTATOR_SPACY_MODEL.",
        )
        parser.add_argument(
            "--spacy-model", default="", help="spaCy pipeline package (default: ANNOTATOR_SPACY_MODEL)."
        )
        parser.add_argument(
            "--split-fragments",
            action="store_true",
            help="Write each fragment of an interrupted quote as its own record (as PolNeAR and GGT store them).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(
        self,
        *args,
        input: Path,
        output: Path,
        workers: int,
        model: str,
        spacy_model: str,
        split_fragments: bool,
        no_progress: bool,
        **options,
    ):
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if not input.is_file():
            raise CommandError(f"File not found: {input}")
        try:
            records = load_articles(input)
        except InputError as exc:
            raise CommandError("The input was rejected, nothing written:\n  " + "\n  ".join(exc.errors)) from exc
        try:
            trained, package = trained_or_package(model)
        except ModelError as exc:
            raise CommandError(str(exc)) from exc
        model_name = spacy_model or package or settings.ANNOTATOR_SPACY_MODEL or None
        bar = tqdm(total=len(records), unit="article", desc="Proposing", file=sys.stderr, disable=no_progress or None)
        count = 0
        # Write to a temporary file first so a failure never leaves half an output.
        target = None if str(output) == "-" else output
        tmp = target.with_name(target.name + ".part") if target else None
        try:
            with open(tmp, "w", encoding="utf-8") if tmp else _Stdout() as out:
                for record in propose_records(
                    records, workers=workers, model_name=model_name, trained=trained, progress=bar.update
                ):
                    if split_fragments:
                        [record] = scoring.split_fragments([record])
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    count += len(record["quotes"])
        except BaseException:
            if tmp and tmp.exists():
                tmp.unlink()
            raise
        finally:
            bar.close()
        if tmp:
            tmp.replace(target)
        self.stderr.write(
            f"{len(records)} article(s), {count} proposed quote(s) by {proposer_label(trained)}"
            + (f" -> {target}" if target else "")
        )


class _Stdout:
    def __enter__(self):
        return sys.stdout

    def __exit__(self, *exc):
        sys.stdout.flush()
        return False
