"""`manage.py import_annotations --format {brat,labelstudio,doccano,prodigy} [--mapping FILE]
--as {annotators,gold,proposals} PATH --project SLUG [--member NAME=USERNAME] [--create-members] [--show-labels]`."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annotator.accounts.selectors import project_by_slug
from annotator.core.errors import DomainError
from annotator.imports.annotation_import import (
    FORMATS,
    MODES,
    annotations_import,
    annotations_read,
    mapping_file,
    mapping_for,
)
from annotator.interchange.foreign import ForeignFormatError
from annotator.interchange.foreign.mapping import found


class Command(BaseCommand):
    help = (
        "Import annotations made in another tool (brat, Label Studio, doccano, Prodigy) into a project: as "
        "the submitted work of its members (one per source annotator), as gold, or as proposals. Labels are "
        "mapped onto quotes, cues and speakers by --mapping (a JSON file; without it the usual names are "
        "recognised: see --show-labels). Nothing is written when any document is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The export: a file, or a brat folder or zip.")
        parser.add_argument("--format", required=True, choices=list(FORMATS))
        parser.add_argument("--as", dest="mode", choices=MODES, default="annotators")
        parser.add_argument("--project", required=True, help="Slug of the target project.")
        parser.add_argument("--mapping", type=Path, help="A JSON mapping file (see README, Importing annotations).")
        parser.add_argument(
            "--member",
            action="append",
            default=[],
            metavar="NAME=USERNAME",
            help="Whose work a source annotator's is (repeatable); default: the member with the same username.",
        )
        parser.add_argument("--create-members", action="store_true", help="Add missing annotators to the project.")
        parser.add_argument(
            "--annotator",
            help="Whose work a brat folder is (brat records no annotator); without it, --as annotators stores "
            "brat documents as machine sets.",
        )
        parser.add_argument(
            "--show-labels",
            action="store_true",
            help="Print the labels, links and annotators found and the mapping that would be used; import nothing.",
        )

    def handle(
        self,
        *args,
        path,
        format,
        mode,
        project,
        mapping,
        member,
        create_members,
        show_labels,
        annotator=None,
        **options,
    ):
        target = project_by_slug(project)
        if target is None:
            raise CommandError(f"No project with slug {project!r}.")
        if not path.exists():
            raise CommandError(f"File not found: {path}")
        members = {}
        for item in member:
            name, eq, username = item.partition("=")
            if not eq or not name or not username:
                raise CommandError(f"--member takes NAME=USERNAME, not {item!r}.")
            members[name] = username
        try:
            docs, skipped = annotations_read(format, path)
            if annotator and format == "brat":
                for doc in docs:
                    doc.annotator = annotator
            chosen = mapping_for(docs, mapping_file(mapping) if mapping else None)
        except ForeignFormatError as exc:
            raise CommandError("Nothing imported:\n  " + "\n  ".join(exc.errors)) from exc
        if show_labels:
            self.stdout.write(json.dumps({"found": found(docs), "mapping": chosen.as_json()}, indent=1))
            return
        try:
            report = annotations_import(
                project=target, docs=docs, mapping=chosen, mode=mode, fmt=format, source=path.name,
                members=members, create_members=create_members, skipped=skipped,
            )  # fmt: skip
        except DomainError as exc:
            details = exc.details if isinstance(exc.details, list) else []
            raise CommandError("\n  ".join([exc.message, *details[1:]])) from exc
        sets = ", ".join(f"{who} {n}" for who, n in sorted(report.sets.items()))
        self.stdout.write(
            f"{path.name} ({FORMATS[format]}): {report.documents} document(s), {report.quotes_read} quote(s) read, "
            f"{report.quotes_written} written as {mode} ({sets}); {report.articles_created} new article(s), "
            f"{report.articles_found} already in the project; {report.unmapped} unmapped annotation(s) kept in "
            f"the articles' metadata"
            + (f"; {report.skipped} example(s) not accepted, skipped" if report.skipped else "")
        )
        if report.members_created:
            self.stdout.write(f"New members: {', '.join(report.members_created)} (they set a password from the "
                              "Members page's link).")  # fmt: skip
