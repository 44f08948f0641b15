"""`manage.py export_dataset --project SLUG --format F [--format F ...] -o PATH.zip [--source S]`."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from annotator.accounts.selectors import project_by_slug
from annotator.core.errors import DomainError
from annotator.releases.models import ReleaseSource
from annotator.releases.selectors import release_article_count
from annotator.releases.services import FORMAT_NAMES, export_zip, parse_ratios, release_info, validate_formats


class Command(BaseCommand):
    help = (
        "Write a release zip (chosen formats, MANIFEST of sha256 checksums, README datasheet) "
        "for a project's annotations, the same as a release built in the browser."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="Project slug.")
        parser.add_argument(
            "--format",
            dest="formats",
            action="append",
            required=True,
            choices=FORMAT_NAMES,
            help="Format to include; repeat for several.",
        )
        parser.add_argument("-o", "--output", type=Path, required=True, help="Path of the zip to write.")
        parser.add_argument(
            "--source",
            choices=ReleaseSource.values,
            default=ReleaseSource.GOLD,
            help="Which annotation set of each article (default: gold).",
        )
        parser.add_argument("--name", default="", help="Dataset name for the datasheet (default: the project slug).")
        parser.add_argument(
            "--release-version", dest="release_version", default="unversioned", help="Version written in the datasheet."
        )
        parser.add_argument(
            "--split", default="train=0.8,dev=0.1,test=0.1", help="Split ratios, e.g. train=0.8,dev=0.1,test=0.1."
        )
        parser.add_argument(
            "--csv-bom", action="store_true", help="Start the CSV with a UTF-8 byte-order mark (Excel)."
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self,
        *args,
        project: str,
        formats: list[str],
        output: Path,
        source: str,
        name: str,
        release_version: str,
        split: str,
        csv_bom: bool,
        no_progress: bool,
        **options,
    ):
        target = project_by_slug(project)
        if target is None:
            raise CommandError(f"No project with slug {project!r}.")
        try:
            formats = validate_formats(formats)
            ratios = parse_ratios(split)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        total = release_article_count(project=target, source=source, filters={})
        if total == 0:
            raise CommandError(
                f"Project {project!r} has no articles with a {source} annotation set; nothing to export."
            )
        bar = tqdm(total=total, unit="article", desc="Exporting", file=sys.stderr, disable=no_progress or None)
        info = release_info(
            project=target, name=name or target.slug, version=release_version, source=source, filters={}, ratios=ratios
        )
        summary = export_zip(
            project=target,
            source=source,
            filters={},
            ratios=ratios,
            formats=formats,
            out_path=output,
            info=info,
            options={"csv": {"bom": csv_bom}},
            progress=lambda done: bar.update(done - bar.n),
        )
        bar.close()
        counts = summary["counts"]
        self.stdout.write(
            f"Wrote {output} ({summary['size']:,} bytes, sha256 {summary['sha256']}): "
            f"{counts.get('articles', 0)} articles, {counts.get('quotes', 0)} quotes, formats {', '.join(formats)}."
        )
