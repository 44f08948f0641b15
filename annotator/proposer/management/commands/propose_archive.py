"""`manage.py propose_archive INPUT... -o OUTPUT_DIR [--model DIR | --project SLUG] [--scheduler URL | --workers N]`."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from annotator.accounts.selectors import project_by_slug
from annotator.proposer.archive.partitions import DEFAULT_SIZE, ArchiveInputError, input_files, partitions
from annotator.proposer.archive.run import MANIFEST, run_archive
from annotator.proposer.archive.worker import EngineSpec
from annotator.proposer.batch import proposer_label, trained_or_package
from annotator.proposer.engine.learned import ModelError, load_model
from annotator.proposer.selectors import proposer_model_active
from annotator.proposer.services import model_dir


class Command(BaseCommand):
    help = (
        "Propose quotes for a whole archive of articles (JSONL, JSONL.gz or Parquet files with at least "
        "'id' and 'text') on Dask: a local cluster of --workers processes, or an existing --scheduler. "
        "Writes one output file per partition (interchange JSONL records, or Parquet rows of quotes), a "
        "rejects file per partition and manifest.json. Resumable: a rerun skips partitions whose output is "
        "complete and verified. Needs no database unless --project is given."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "inputs", nargs="+", help="Files, folders or globs (quote them) of .jsonl, .jsonl.gz, .parquet."
        )
        parser.add_argument("-o", "--output", type=Path, required=True, help="Output folder (made if missing).")
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--model", default="", help="A trained model directory (train_proposer). Default: the rules."
        )
        which.add_argument("--project", help="Use this project's active proposer (its trained model, or the rules).")
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--scheduler", help="An existing Dask scheduler, e.g. tcp://host:8786.")
        where.add_argument("--workers", type=int, default=1, help="Worker processes of a local cluster (default 1).")
        parser.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl", help="Output format.")
        parser.add_argument(
            "--partition-size",
            type=int,
            default=DEFAULT_SIZE,
            help=f"JSONL lines per partition (default {DEFAULT_SIZE}).",
        )
        parser.add_argument(
            "--spacy-model", default="", help="spaCy pipeline package (default: ANNOTATOR_SPACY_MODEL)."
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, inputs, output, model, project, scheduler, workers, format, partition_size, spacy_model,
               no_progress, **options):  # fmt: skip
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if project:
            model = self._project_model(project)
        try:
            trained, package = trained_or_package(model)
            model_version = load_model(trained).version if trained else None
        except ModelError as exc:
            raise CommandError(str(exc)) from exc
        try:
            parts = partitions(input_files(inputs), partition_size)
        except ArchiveInputError as exc:
            raise CommandError(f"{exc}; nothing was started.") from exc
        label = proposer_label(trained)
        spec = EngineSpec(
            model_name=spacy_model or package or settings.ANNOTATOR_SPACY_MODEL or None,
            trained=str(Path(trained).resolve()) if trained else None,
            label=label,
            max_chars=settings.ANNOTATOR_MAX_ARTICLE_CHARS,
        )
        total = sum(p.count for p in parts)
        bar = tqdm(total=total, unit="article", desc="Proposing", file=sys.stderr, disable=no_progress or None)
        started = time.perf_counter()

        def on_start(dashboard: str | None, todo: int) -> None:
            where = scheduler or f"a local cluster of {workers} worker process(es)"
            self.stderr.write(f"{todo} of {len(parts)} partition(s) to propose on {where} with {label}.")
            if dashboard:
                self.stderr.write(f"Dask dashboard: {dashboard}")

        def on_done(receipt: dict) -> None:
            bar.update(receipt["partition"]["count"])

        try:
            report = run_archive(
                parts, output, spec, out_format=format, scheduler=scheduler, workers=workers,
                model_version=model_version, on_start=on_start, on_done=on_done,
            )  # fmt: skip
        except OSError as exc:
            raise CommandError(f"Cannot write to {output}: {exc}") from exc
        finally:
            bar.close()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{len(report.receipts)} of {len(parts)} partition(s) done ({report.skipped} already done before): "
            f"{report.articles} article(s), {report.quotes} quote(s), {report.rejects} rejected record(s) "
            f"in {seconds:.1f} s."
        )
        if report.rejects:
            self.stdout.write(f"Rejected records are listed in {output / 'rejects'}.")
        if report.failed:
            for key, error in report.failed:
                self.stderr.write(self.style.ERROR(f"{key}: {error}"))
            raise CommandError(
                f"{len(report.failed)} partition(s) failed and are not marked done; run the same command again "
                "to redo only those.",
                returncode=1,
            )
        self.stdout.write(f"Manifest: {output / MANIFEST}")

    def _project_model(self, slug: str) -> str:
        project = project_by_slug(slug)
        if project is None:
            raise CommandError(f"No project with slug {slug!r}.")
        active = proposer_model_active(project=project)
        return str(model_dir(active)) if active is not None else ""
