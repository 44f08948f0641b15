"""`manage.py evaluate_quotes GOLD.jsonl [--pred PRED.jsonl] [--json]`."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from annotator.interchange import scoring
from annotator.interchange.effort import effort_figures
from annotator.interchange.jsonl import InputError, load_articles
from annotator.proposer.batch import propose_records, proposer_label
from annotator.proposer.engine.learned import ModelError, load_model

ROWS = [
    ("overlap_p", "overlap precision"),
    ("overlap_r", "overlap recall"),
    ("overlap_f1", "overlap F1"),
    ("exact_f1", "exact F1"),
    ("soft_f1", "soft F1"),
    ("cue_acc", "cue accuracy"),
    ("speaker_acc", "speaker accuracy"),
    ("e2e_f1", "end-to-end F1"),
]


class Command(BaseCommand):
    help = (
        "Score quote proposals against gold annotations (interchange JSONL): overlap, exact "
        "and soft F1, cue and speaker accuracy by mention and by person, end-to-end F1, "
        "overall and by kind, with the worst errors. Without --pred, runs the proposer on "
        "the gold texts first. Needs no database."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("gold", type=Path)
        parser.add_argument("--pred", type=Path, help="Predictions to score (default: run the proposer now).")
        parser.add_argument("--json", action="store_true", help="Print one JSON object instead of tables.")
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--errors", type=int, default=10, help="How many of the worst errors to list.")
        parser.add_argument("--save-pred", type=Path, help="Also write the proposer's predictions here.")
        parser.add_argument(
            "--fragments",
            choices=["auto", "split", "whole"],
            default="auto",
            help="Score each fragment of an interrupted quote as its own record (split), or the quote "
            "as one record (whole). auto: split when the gold never uses 'fragments'.",
        )
        parser.add_argument("--model", type=Path, help="Propose with this trained model directory (train_proposer).")
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self,
        *args,
        gold: Path,
        pred: Path | None,
        json: bool,
        workers: int,
        errors: int,
        save_pred: Path | None,
        fragments: str,
        model: Path | None,
        no_progress: bool,
        **options,
    ):
        try:
            if model is not None:
                load_model(model)  # a clear error before any work when it is no trained model
            gold_docs = load_articles(gold)
            if pred is not None:
                pred_docs = load_articles(pred)
                source = str(pred)
            else:
                bar = tqdm(
                    total=len(gold_docs), unit="article", desc="Proposing", file=sys.stderr, disable=no_progress or None
                )
                started = time.perf_counter()
                pred_docs = list(
                    propose_records(
                        gold_docs,
                        workers=workers,
                        model_name=settings.ANNOTATOR_SPACY_MODEL or None,
                        trained=str(model) if model else None,
                        progress=bar.update,
                    )
                )
                bar.close()
                source = f"{proposer_label(str(model) if model else None)} ({time.perf_counter() - started:.1f} s)"
                if save_pred:
                    save_pred.write_text("".join(_dumps(d) + "\n" for d in pred_docs), encoding="utf-8")
        except InputError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"File not found: {exc.filename}") from exc
        except ModelError as exc:
            raise CommandError(str(exc)) from exc

        split = fragments == "split" or (fragments == "auto" and scoring.gold_splits_fragments(gold_docs))
        if split:
            pred_docs = scoring.split_fragments(pred_docs)
        has_entities = any(q.get("speaker_entity") for d in gold_docs for q in d.get("quotes", []))
        report = {
            "gold": str(gold),
            "pred": source,
            "documents": len(gold_docs),
            "interrupted_quotes": "one record per fragment" if split else "one record per quote",
            "empty_documents": sum(1 for d in pred_docs if not d.get("quotes")),
            "mention": scoring.score(gold_docs, pred_docs, speaker="mention"),
            "entity": scoring.score(gold_docs, pred_docs, speaker="entity") if has_entities else None,
            "by_kind": scoring.score_by_kind(gold_docs, pred_docs, speaker="entity" if has_entities else "mention"),
            "worst_errors": scoring.worst_errors(
                gold_docs, pred_docs, limit=errors, speaker="entity" if has_entities else "mention"
            ),
            "effort": effort_figures(gold_docs, pred_docs),
        }
        if json:
            self.stdout.write(_dumps(report))
            return
        self._print(report)

    def _print(self, report: dict) -> None:
        w = self.stdout.write
        w(f"Gold: {report['gold']} ({report['documents']} documents, {report['mention']['gold']} quotes)")
        w(
            f"Predictions: {report['pred']} ({report['mention']['pred']} quotes, "
            f"{report['empty_documents']} documents without any); interrupted quotes scored as "
            f"{report['interrupted_quotes']}"
        )
        columns = [("by mention", report["mention"])]
        if report["entity"]:
            columns.append(("by person", report["entity"]))
        w("")
        w(f"{'':<20}" + "".join(f"{title:>12}" for title, _ in columns))
        for key, label in ROWS:
            w(f"{label:<20}" + "".join(f"{_fmt(m.get(key)):>12}" for _, m in columns))
        w("")
        w("Recall by gold kind (" + ("person" if report["entity"] else "mention") + "):")
        w(f"{'kind':<10}{'gold':>7}{'overlap R':>11}{'exact F1':>10}{'speaker':>9}{'e2e R':>8}")
        for kind, m in report["by_kind"].items():
            w(
                f"{kind:<10}{m['gold']:>7}{_fmt(m['overlap_r']):>11}{_fmt(m['exact_f1']):>10}"
                f"{_fmt(m['speaker_acc']):>9}{_fmt(m['e2e_recall']):>8}"
            )
        effort = report["effort"]
        if effort["scratch"]["gold"]:
            w("")
            w(
                f"Editor actions per gold quote (interchange.effort): from scratch "
                f"{effort['scratch']['per_gold_quote']:.2f}, from these proposals "
                f"{effort['proposals']['per_gold_quote']:.2f} ({effort['saved']:.0%} fewer)"
            )
            w("  " + ", ".join(f"{name} {n}" for name, n in effort["proposals"]["by_action"].items()))
        if report["worst_errors"]:
            w("")
            w("Worst errors:")
            for e in report["worst_errors"]:
                detail = ""
                if e.get("gold_speaker") is not None or e.get("pred_speaker") is not None:
                    detail = f" (gold speaker {e.get('gold_speaker')!r}, predicted {e.get('pred_speaker')!r})"
                w(f"  {e['type']:<14} {e['doc_id']} [{e['start']}:{e['end']}]{detail}")
                w(f"      {e['context']}")


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)
