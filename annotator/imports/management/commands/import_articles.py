"""`manage.py import_articles FILE... --project SLUG [--create-project] [--max-bytes N]
[--as-proposals] [--sample N | --least-sure N] [--seed S]`."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from annotator.accounts.selectors import project_by_slug
from annotator.accounts.services import project_create
from annotator.imports.readers import FileSource
from annotator.imports.selection import SelectionError, choose, write_chosen
from annotator.imports.services import article_import_files


class Command(BaseCommand):
    help = (
        "Import articles from JSONL, CSV, TXT or HTML files into a project. Each file is "
        "validated whole; a file with any bad line is rejected (errors listed by line) and "
        "nothing of it is written. Files of any size are streamed (the upload limit does not "
        "apply here). Exits with status 1 when any file is rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="Files to import.")
        parser.add_argument("--project", required=True, help="Slug of the target project.")
        parser.add_argument("--create-project", action="store_true", help="Create the project if it does not exist.")
        parser.add_argument("--no-propose", action="store_true", help="Do not queue quote proposals for new articles.")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")
        parser.add_argument(
            "--max-bytes", type=int, default=None, help="Reject files larger than this many bytes (default: no limit)."
        )
        parser.add_argument(
            "--as-proposals",
            action="store_true",
            help="The records' quotes are a proposer's (propose_archive output): import them as each article's "
            "machine set, to review, instead of as imported annotations.",
        )
        chosen = parser.add_mutually_exclusive_group()
        chosen.add_argument("--sample", type=int, help="Import only a random sample of this many articles (JSONL).")
        chosen.add_argument(
            "--least-sure",
            type=int,
            help="Import only this many articles whose proposals the proposer was least sure of (JSONL).",
        )
        parser.add_argument("--seed", type=int, default=0, help="The seed of --sample (default 0).")

    def handle(
        self,
        *args,
        files: list[Path],
        project: str,
        create_project: bool,
        no_propose: bool,
        no_progress: bool,
        max_bytes: int | None,
        as_proposals: bool = False,
        sample: int | None = None,
        least_sure: int | None = None,
        seed: int = 0,
        **options,
    ):
        target = project_by_slug(project)
        if target is None:
            if not create_project:
                raise CommandError(f"No project with slug {project!r}. Use --create-project to create it.")
            target = project_create(name=project, slug=project)
            self.stdout.write(f"Created project {project!r}.")
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise CommandError(f"File not found: {', '.join(missing)}")

        proposals_source = _proposals_source(files) if as_proposals else None
        with tempfile.TemporaryDirectory(prefix="import-selection-") as tmp:
            if sample is not None or least_sure is not None:
                files = [self._selection(files, Path(tmp), sample, least_sure, seed)]
            self._import(target, files, no_propose, no_progress, max_bytes, proposals_source)

    def _selection(self, files: list[Path], tmp: Path, sample: int | None, least_sure: int | None, seed: int) -> Path:
        """One JSONL file of the chosen articles (see `imports.selection`)."""
        n = sample if sample is not None else least_sure
        if n < 1:
            raise CommandError("--sample and --least-sure need a number of articles of at least 1.")
        if any(f.suffix.lower() != ".jsonl" for f in files):
            raise CommandError("--sample and --least-sure choose among JSONL files only.")
        try:
            chosen = choose(files, sample=sample, least_sure=least_sure, seed=seed)
        except SelectionError as exc:
            raise CommandError("Nothing imported:\n  " + "\n  ".join(exc.errors)) from exc
        how = f"sample of {n}, seed {seed}" if sample is not None else f"{n} least sure"
        target = tmp / f"{files[0].stem}{' and more' if len(files) > 1 else ''} ({how}).jsonl"
        count = write_chosen(files, chosen, target)
        self.stdout.write(f"Chose {count} article(s) of {len(files)} file(s): {how}.")
        return target

    def _import(self, target, files, no_propose, no_progress, max_bytes, proposals_source):
        sources = [FileSource.from_path(path) for path in files]
        total_bytes = sum(source.size for source in sources)
        # Every byte is read twice: once to check the file, once to write it.
        bar = tqdm(
            total=2 * total_bytes,
            unit="B",
            unit_scale=True,
            disable=no_progress or None,
            desc="Importing",
            file=self.stderr._out,
        )
        before = 0  # bytes of the files already imported, counted twice

        def progress(step: str, name: str, done: int, size: int) -> None:
            bar.set_description_str(f"{step.capitalize()} {name}", refresh=False)
            bar.n = before + (size if step == "writing" else 0) + done
            bar.refresh()

        reports = []
        for source in sources:
            report = article_import_files(
                project=target,
                files=[source],
                propose=False if no_propose else None,
                progress=progress,
                max_bytes=max_bytes,
                proposals_source=proposals_source,
            )
            reports.extend(report.files)
            before += 2 * source.size  # a rejected file is never written: its second reading counts as done
            bar.n = before
            bar.refresh()
        bar.close()

        for file_report in reports:
            if file_report.rejected:
                self.stderr.write(self.style.ERROR(f"{file_report.name}: rejected, nothing imported"))
                for issue in file_report.errors:
                    where = f"line {issue.line}: " if issue.line else ""
                    self.stderr.write(f"  {where}{issue.message}")
            else:
                self.stdout.write(
                    f"{file_report.name}: {file_report.imported} imported, {file_report.skipped} skipped "
                    f"(duplicates), {file_report.quotes} quotes"
                )
        imported = sum(r.imported for r in reports)
        skipped = sum(r.skipped for r in reports)
        rejected = [r for r in reports if r.rejected]
        self.stdout.write(
            f"Total: {imported} imported, {skipped} skipped, {len(rejected)} of {len(files)} file(s) rejected "
            f"({total_bytes / 1e6:.1f} MB read)."
        )
        if rejected:
            raise CommandError(f"{len(rejected)} file(s) rejected.", returncode=1)


def _proposals_source(files: list[Path]) -> str:
    """The machine sets' source: the proposer that `propose_archive`'s manifest names, when found
    beside the files (OUTPUT_DIR/parts/*.jsonl), else "archive"."""
    for path in files:
        manifest = path.resolve().parent.parent / "manifest.json"
        try:
            proposer = json.loads(manifest.read_text(encoding="utf-8")).get("proposer")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(proposer, str) and proposer:
            return f"archive: {proposer}"
    return "archive"
