"""`manage.py load_demo`: a demo project with the sample article, invented gold articles and one account per role.

The sample article is there to annotate. The invented articles (`fixtures/demo-news.jsonl`,
short news stories written for the demo, with their quotes) are saved as gold by the demo
reviewer, so that a manager can train the proposer on the demo, compare the new model on
the ones in the release test split and activate it. Running it again changes nothing that
exists already.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef

from annotator.accounts.models import Role
from annotator.accounts.selectors import project_by_slug
from annotator.accounts.services import membership_set, project_create
from annotator.annotations.models import AnnotationSet, SetKind
from annotator.corpus.models import Article
from annotator.imports.readers import FileSource
from annotator.imports.services import article_import_files
from annotator.review.services import gold_adopt

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
# Invented news with gold quotes; their ids put 4 of the 22 in the release test split
# (`interchange/splits.py`), which the proposer page compares models on.
GOLD_NEWS = FIXTURES / "demo-news.jsonl"
SAMPLE = FIXTURES / "demo-nato-blinken-rutte.txt"
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
        parser.add_argument(
            "--no-propose", action="store_true", help="Do not queue proposals for the sample and the gold articles."
        )
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
                description=(
                    "A translated news report with unpaired quotation marks and pronoun speakers to annotate, "
                    "and invented short news articles with gold quotes to train the proposer on."
                ),
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
            files=[
                ("demo.jsonl", json.dumps(SAMPLE_RECORD | {"text": SAMPLE.read_text("utf-8")}).encode()),
                FileSource.from_path(GOLD_NEWS),
            ],
            propose=False if no_propose else None,
            max_bytes=None,
        )
        if report.rejected_files:
            raise CommandError(f"The demo fixtures do not import: {report.rejected_files[0].errors[0]}")
        saved = gold_from_imported(project=project, reviewer=User.objects.get(username="reviewer"))
        self.stdout.write(
            f"Demo project '{project.name}' ready ({report.imported} new article(s), {report.skipped} already there; "
            f"{saved} gold set(s) saved by reviewer)."
        )
        self.stdout.write(f"Log in at {url} with one of these accounts:")
        for username, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<11} / {DEMO_PASSWORD}   ({role.label.lower()})")


def gold_from_imported(*, project, reviewer) -> int:
    """Save the imported quotes of the gold fixture's articles as their gold, where they have none yet.

    Through the review service, as a reviewer adopting an imported set would: the article
    becomes gold, a gold version is kept and the history records it. Articles whose gold
    exists (an earlier run, or a reviewer's own edits) are left as they are.
    """
    ids = [json.loads(line)["id"] for line in GOLD_NEWS.read_text("utf-8").splitlines() if line.strip()]
    has_gold = AnnotationSet.objects.filter(kind=SetKind.GOLD, article=OuterRef("pk"))
    articles = Article.objects.filter(project=project, external_id__in=ids).exclude(Exists(has_gold)).order_by("pk")
    saved = 0
    for article in articles:
        source = (
            AnnotationSet.objects.filter(article=article, kind=SetKind.IMPORTED).order_by("created_at", "pk").first()
        )
        if source is not None:
            gold_adopt(article=article, source=source, reviewer=reviewer)
            saved += 1
    return saved
