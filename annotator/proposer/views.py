"""The editor's "re-run the proposer" button, and the project's proposer page (plain form posts)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views import View

from annotator.accounts.models import Role
from annotator.accounts.scope import PROJECT_SCOPE, ScopedViewMixin
from annotator.core.errors import ConflictError, DomainError
from annotator.corpus.api import ARTICLE_SCOPE
from annotator.proposer.comparison import FEW_TEST_QUOTES, VERDICT_KEY, VERDICT_LABEL, figure, score_mode, sides
from annotator.proposer.selectors import (
    TEST_SPLIT,
    project_gold_split_counts,
    proposer_model_active,
    proposer_model_for_activation,
    proposer_model_list,
    retrain_due_in,
)
from annotator.proposer.services import (
    article_request_rerun,
    proposer_model_activate,
    proposer_model_request,
)


class ArticleProposeView(ScopedViewMixin, View):
    """Queue a new proposer run for one article; human sets are never touched."""

    scope = ARTICLE_SCOPE
    required_role = Role.REVIEWER  # a re-run changes what every annotator starts from
    http_method_names = ["post"]

    def post(self, request, pk: int):
        try:
            article_request_rerun(article=self.scoped_object)
        except ConflictError as exc:
            return render(
                request,
                "proposer/rerun_refused.html",
                {"message": exc.message, "article": self.scoped_object},
                status=exc.status_code,
            )
        messages.info(
            request,
            "The proposer runs again on this article. Annotators who have not saved anything yet start from the "
            "new proposals; saved work is never changed.",
        )
        return redirect(self.scoped_object.get_absolute_url())


class ProjectProposerView(ScopedViewMixin, View):
    """The project's proposer page: train a model, follow its progress, compare it with the
    active proposer on the test-split gold, activate it or keep the rules (managers)."""

    scope = PROJECT_SCOPE
    required_role = Role.MANAGER

    def get(self, request, slug: str):
        page = Paginator(proposer_model_list(project=self.project), 10).get_page(request.GET.get("page"))
        for model in page:
            model.comparison = comparison_rows(model.scores)
        active = proposer_model_active(project=self.project)
        gold = project_gold_split_counts(project=self.project)
        context = {
            "project": self.project,
            "page": page,
            "active": active,
            "gold_train": gold["train"],
            "gold_test": gold[TEST_SPLIT],
            "retrain_due_in": retrain_due_in(project=self.project, gold=gold),
            "few_test_quotes": FEW_TEST_QUOTES,
        }
        return render(request, "proposer/proposer.html", context)

    def post(self, request, slug: str):
        try:
            proposer_model_request(project=self.project, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.info(request, "Training started in the background; this page shows its progress.")
        return redirect("proposer:project", slug=self.project.slug)


class ProjectProposerActivateView(ScopedViewMixin, View):
    """Make a trained model (or the rules) the project's proposer; optionally propose again for every article."""

    scope = PROJECT_SCOPE
    required_role = Role.MANAGER
    http_method_names = ["post"]

    def post(self, request, slug: str):
        raw = request.POST.get("model_id", "")
        try:
            model_id = None if raw in ("", "rules") else int(raw)
            model = proposer_model_for_activation(project=self.project, model_id=model_id)
            queued = proposer_model_activate(
                project=self.project, model=model, actor=request.user, repropose=request.POST.get("repropose") == "1"
            )
        except ValueError:
            messages.error(request, "Choose a model from the list, or the rules.")
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            who = f"model {model.version}" if model else "the rules"
            messages.info(
                request,
                f"The project's proposer is now {who}."
                + (f" {queued} article(s) get new proposals; saved human work is never changed." if queued else ""),
            )
        return redirect("proposer:project", slug=self.project.slug)


#: The figures the comparison shows: (key in the scores, label).
SCORE_ROWS = [
    ("overlap_p", "overlap precision"),
    ("overlap_r", "overlap recall"),
    ("overlap_f1", "overlap F1"),
    ("exact_f1", "exact F1"),
    ("cue_acc", "cue accuracy"),
    ("speaker_acc", "speaker accuracy"),
    ("e2e_f1", "end-to-end F1"),
]


def active_label(label: str) -> tuple[str, str]:
    """The active proposer as the page names it, "the rules" or "model m-…", and the engine's version."""
    engine, _, model = label.partition(" + model ")
    return (f"model {model}" if model else "the rules"), engine


def comparison_rows(scores: dict) -> dict | None:
    """The side-by-side table of a model's scores and the active proposer's, by person when the gold names people.

    Figures come as the page prints them (three decimals), and each row's change from the
    active proposer to the model is computed from those, so that the columns add up.
    """
    if not scores.get("model"):
        return None
    mode = score_mode(scores)
    model, active = sides(scores)
    rows = []
    for key, label in SCORE_ROWS:
        new, old = shown(model.get(key)), shown(active.get(key))
        change = None if new is None or old is None else Decimal(new) - Decimal(old)
        rows.append({"label": label, "new": new, "old": old, "change": change, **change_shown(change)})
    verdict = next((r for r in rows if r["label"] == dict(SCORE_ROWS)[VERDICT_KEY]), None)
    gold = model.get("gold")
    name, engine = active_label(scores.get("active_label", ""))
    return {
        "by": "person" if mode == "entity" else "mention",
        "rows": rows,
        "active_name": name,
        "active_engine": engine,
        "gold_quotes": gold,
        "proposed": (model.get("pred"), active.get("pred")),
        "verdict": verdict_text(verdict, f"{name} ({engine})") if verdict and verdict["change"] is not None else "",
        "few": gold is not None and gold < FEW_TEST_QUOTES,
    }


def shown(value: float | None) -> str | None:
    """A figure as the page prints it: three decimals, the rounding automatic retraining decides on."""
    rounded = figure(value)
    return None if rounded is None else str(rounded)


def change_shown(change: Decimal | None) -> dict:
    """The change as the table prints it (a real minus sign) and its direction, for the colour."""
    if change is None:
        return {"change_text": "", "trend": ""}
    if change == 0:
        return {"change_text": "±0.000", "trend": ""}
    return {"change_text": f"{'+' if change > 0 else '−'}{abs(change):.3f}", "trend": "up" if change > 0 else "down"}


def verdict_text(row: dict, against: str) -> str:
    """One line on the main figure, naming what the model was compared with (it may since be active itself)."""
    change = row["change"]
    how = "the same" if change == 0 else f"{abs(change):.3f} {'higher' if change > 0 else 'lower'}"
    return f"{VERDICT_LABEL} {row['new']} against {row['old']} for {against}: {how}."
