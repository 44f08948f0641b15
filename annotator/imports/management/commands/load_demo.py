"""`manage.py load_demo`: a demo project with the sample article and one account per role.

Running it again changes nothing that exists already.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from annotator.accounts.models import Role
from annotator.accounts.selectors import project_by_slug
from annotator.accounts.services import membership_set, project_create
from annotator.imports.services import article_import_files

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "demo-nato-blinken-rutte.txt"
SAMPLE_RECORD = {
    "id": "demo-nato-blinken-rutte",
    "title": "Blinken and Rutte on North Korean troops and support for Ukraine",
    "outlet": "Sample (translated news report)",
}
DEMO_SLUG = "demo"
DEMO_ACCOUNTS = [
    ("manager", Role.MANAGER),
    ("reviewer", Role.REVIEWER),
    ("annotator", Role.ANNOTATOR),
    ("annotator2", Role.ANNOTATOR),
]
DEMO_PASSWORD = "demo-password"
GUIDELINES = """# Who said what

Mark every quote (direct, indirect or mixed) with its reporting cue and speaker mention,
and pick the person or organisation who said it from the speaker registry.
"""


class Command(BaseCommand):
    help = "Create the demo project, its sample article and demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-propose", action="store_true", help="Do not queue proposals for the sample.")
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Where the server answers, for the login hint."
        )

    def handle(self, *args, no_propose: bool = False, url: str = "http://127.0.0.1:8000/", **options):
        project = project_by_slug(DEMO_SLUG)
        if project is None:
            project = project_create(
                name="Demo: NATO and Ukraine",
                slug=DEMO_SLUG,
                guidelines=GUIDELINES,
                description="A translated news report with unpaired quotation marks and pronoun speakers.",
            )
            project.annotators_per_article = 2
            project.save(update_fields=["annotators_per_article"])
        User = get_user_model()
        for username, role in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(username=username, password=DEMO_PASSWORD)
            membership_set(project=project, user=user, role=role)
        report = article_import_files(
            project=project,
            files=[("demo.jsonl", json.dumps(SAMPLE_RECORD | {"text": SAMPLE.read_text("utf-8")}).encode())],
            propose=False if no_propose else None,
        )
        self.stdout.write(
            f"Demo project '{project.name}' ready ({report.imported} new article(s), {report.skipped} already there)."
        )
        self.stdout.write(f"Log in at {url} with one of these accounts:")
        for username, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<11} / {DEMO_PASSWORD}   ({role.label.lower()})")
