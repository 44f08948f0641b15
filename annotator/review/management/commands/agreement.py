"""`manage.py agreement --project SLUG [--json]`: the dashboard's agreement and proposer figures."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from annotator.accounts.selectors import project_by_slug
from annotator.review.measures import AGREEMENT_MEASURES, EDIT_OUTCOMES, PROPOSER_MEASURES
from annotator.review.selectors import project_quality


def _figure(value) -> str:
    return "–" if value is None else f"{value:.3f}"


class Command(BaseCommand):
    help = (
        "Print the agreement of a project's annotators (project, annotator pairs, by kind) and what "
        "each proposer version is worth against the gold, as GET /api/projects/{slug}/agreement/ gives them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="Project slug.")
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="Print the figures as JSON, every article included."
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, project: str, as_json: bool = False, no_progress: bool = False, **options):
        target = project_by_slug(project)
        if target is None:
            raise CommandError(f"No project with slug {project!r}.")
        bar = tqdm(desc="articles", unit=" articles", file=sys.stderr, disable=no_progress or None)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        report = project_quality(project=target, articles="all" if as_json else None, progress=progress)
        bar.close()
        if as_json:
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
            return
        self._agreement(report)
        self._proposer(report["proposer"])

    def _agreement(self, report: dict) -> None:
        figures = report["project"]
        if not figures:
            self.stdout.write("Agreement: no article has two submitted annotations yet.")
        else:
            self.stdout.write(
                f"Agreement on {figures['articles']} article(s), {figures['pairs']} pair(s) of submitted sets:"
            )
            for key, label in AGREEMENT_MEASURES.items():
                self.stdout.write(f"  {label:<36}{_figure(figures.get(key)):>8}")
            for kind, t in figures["by_kind"].items():
                self.stdout.write(
                    f"  {kind:<10} quotes {t['quotes']:>6}  overlap F1 {_figure(t['overlap_f1'])}"
                    f"  exact F1 {_figure(t['exact_f1'])}"
                )
        for pair in report["pairs"]:
            self.stdout.write(
                f"  {' / '.join(pair['annotators'])}: {pair['articles']} article(s), overlap F1 "
                f"{_figure(pair['overlap_f1'])}, speaker person {_figure(pair['speaker_person'])}, "
                f"alpha kind {_figure(pair['alpha_kind'])}"
            )

    def _proposer(self, versions: list[dict]) -> None:
        if not versions:
            self.stdout.write("Proposals: no proposer version has been scored or reviewed yet.")
        for v in versions:
            self.stdout.write(f"Proposer {v['version']}:")
            gold = v["gold"]
            if gold:
                self.stdout.write(f"  against gold on {gold['articles']} article(s):")
                for key, label in PROPOSER_MEASURES.items():
                    self.stdout.write(f"    {label:<34}{_figure(gold.get(key)):>8}")
            effort = v["effort"]
            if effort and effort["scratch"]["gold"]:
                self.stdout.write(
                    f"  editor actions per gold quote: {_figure(effort['proposals']['per_gold_quote'])} from "
                    f"the proposals, {_figure(effort['scratch']['per_gold_quote'])} from scratch "
                    f"({'–' if effort['saved'] is None else f'{effort["saved"] * 100:.1f} %'} saved)"
                )
            edits = v["edits"]
            if edits:
                self.stdout.write(f"  what annotators did to {edits['proposals']} proposal(s):")
                for key, label in EDIT_OUTCOMES.items():
                    share = edits["shares"][key]
                    self.stdout.write(
                        f"    {label:<34}{edits[key]:>6}  {'–' if share is None else f'{share * 100:.1f} %'}"
                    )
