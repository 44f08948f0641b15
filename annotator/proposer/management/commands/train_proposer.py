"""`manage.py train_proposer GOLD.jsonl [...] -o DIR [--dev DEV.jsonl] [--seed N]`, or `--project SLUG`."""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from annotator.accounts.models import Project
from annotator.core.errors import DomainError
from annotator.interchange.jsonl import InputError, load_articles
from annotator.proposer.engine.learned import ModelError
from annotator.proposer.engine.learned.training import train_to_directory
from annotator.proposer.models import TrainingStatus
from annotator.proposer.services import proposer_model_request, proposer_model_train

STAGES = {"parse": "Parsing", "fit": "Fitting", "compare": "Comparing"}


class TqdmProgress:
    """One progress bar per stage of training (parse, fit), on stderr."""

    def __init__(self, disable: bool):
        self.disable = disable
        self.bar: tqdm | None = None
        self.stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage or self.bar is None or done < self.bar.n:
            self.close()
            self.stage = stage
            self.bar = tqdm(total=total, desc=STAGES.get(stage, stage), file=sys.stderr, disable=self.disable or None)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = (
        "Train the learned quote proposer from gold articles (interchange JSONL) and write a versioned "
        "model directory (config, scorer, metadata with the data's hash and counts, dev scores, engine "
        "version). With --project, train from that project's gold sets, holding out its release test "
        "split, as the proposer page's Train button does. CPU only; deterministic for a given seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", nargs="*", type=Path, help="Gold articles with quotes, JSONL.")
        parser.add_argument("-o", "--output", type=Path, help="Model directory to write (must not exist).")
        parser.add_argument("--dev", type=Path, help="Gold articles to score the model (and the rules) on.")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--project", help="Train from this project's gold instead of files.")
        parser.add_argument(
            "--parse-cache",
            type=Path,
            help="Keep spaCy parses here (DocBin) and reuse them (default: ANNOTATOR_MODEL_ROOT/parse-cache).",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, gold, output, dev, seed, project, parse_cache, no_progress, **options):
        progress = TqdmProgress(disable=no_progress)
        cache = parse_cache or Path(settings.ANNOTATOR_MODEL_ROOT) / "parse-cache"
        if project:
            if gold or output or dev:
                raise CommandError("--project trains from the project's gold: give no files, -o or --dev with it.")
            self._train_project(project, seed, progress)
            return
        if not gold or output is None:
            raise CommandError("Give gold JSONL files and -o DIR, or --project SLUG.")
        try:
            records = [r for path in gold for r in load_articles(path)]
            dev_records = load_articles(dev) if dev else None
        except InputError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"File not found: {exc.filename}") from exc
        if not any(r.get("quotes") for r in records):
            raise CommandError("The gold files hold no quotes to learn from.")
        try:
            model = train_to_directory(
                records,
                output,
                seed=seed,
                dev=dev_records,
                model_name=settings.ANNOTATOR_SPACY_MODEL or None,
                cache_dir=cache,
                sources=[str(p) for p in gold],
                progress=progress,
            )
        except ModelError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            progress.close()
        self._report(model.version, output, model.meta)

    def _report(self, version: str, path: Path, meta: dict) -> None:
        t = meta["training"]
        self.stdout.write(
            f"Model {version} -> {path}: {t['articles']} articles, {t['gold_quotes']} gold quotes, "
            f"{t['candidates']} candidates, {meta['train_seconds']} s"
        )
        for name, scores in (meta.get("dev") or {}).items():
            if not isinstance(scores, dict):
                continue
            line = "  ".join(
                f"{mode}: overlap F1 {s['overlap_f1']:.3f} e2e F1 {s['e2e_f1']:.3f}"
                for mode, s in scores.items()
                if isinstance(s, dict)
            )
            self.stdout.write(f"  dev, {name}: {line}")

    def _train_project(self, slug: str, seed: int, progress: TqdmProgress) -> None:
        project = Project.objects.filter(slug=slug).first()
        if project is None:
            raise CommandError(f"No project {slug!r}.")
        try:
            model = proposer_model_request(project=project, seed=seed, queue=False)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        try:
            model = proposer_model_train(model_id=model.pk, progress=progress)
        finally:
            progress.close()
        if model.status != TrainingStatus.READY:
            raise CommandError(f"Training failed: {model.error}")
        self.stdout.write(
            f"Model {model.version} of {slug} -> {settings.ANNOTATOR_MODEL_ROOT}/{model.path}: "
            f"{model.train_articles} gold articles trained on, {model.test_articles} held out (test split). "
            "Activate it on the project's proposer page."
        )
        for name in ("model", "active"):
            scores = model.scores.get(name)
            if scores:
                s = scores.get("entity") or scores["mention"]
                self.stdout.write(
                    f"  test split, {model.scores['active_label'] if name == 'active' else 'new model'}: "
                    f"overlap F1 {s['overlap_f1']:.3f}, e2e F1 {s['e2e_f1']:.3f}"
                )
