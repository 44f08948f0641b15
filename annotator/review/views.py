"""The reviewer's pages for one article: the submitted sets side by side (adopt one as gold),
and the curation page that builds the gold quote by quote from the aligned sets."""

from __future__ import annotations

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from annotator.accounts.models import Role, role_at_least
from annotator.accounts.scope import PROJECT_SCOPE, ScopedViewMixin
from annotator.annotations.models import (
    AnnotationSet,
    CommentKind,
    QuoteKind,
    QuoteStatus,
    SetKind,
    SetStatus,
    SpeakerType,
)
from annotator.annotations.selectors import annotation_set_quotes, project_annotators, speaker_choices
from annotator.annotations.services.assignments import assignments_create, assignments_delete
from annotator.annotations.views import editor_vocabulary
from annotator.core.errors import DomainError
from annotator.core.forms import form_id
from annotator.core.pagination import CappedPaginator
from annotator.corpus.api import ARTICLE_SCOPE
from annotator.corpus.models import ArticleStatus
from annotator.review import charts
from annotator.review.agreement import agreement_report
from annotator.review.dashboard import NO_TYPE, gold_speakers, project_progress
from annotator.review.measures import (
    AGREEMENT_MEASURES,
    EDIT_OUTCOMES,
    EFFORT_ACTIONS,
    ERROR_TYPES,
    PROPOSER_MEASURES,
)
from annotator.review.selectors import (
    SORTS,
    article_agreement,
    article_curation,
    article_next_for_review,
    article_overview,
    gold_payload,
    project_agreement,
)
from annotator.review.services import gold_adopt
from annotator.review.worth import proposer_worth


class NextReviewView(ScopedViewMixin, View):
    """Open the next article waiting for review (see `article_next_for_review`)."""

    scope = PROJECT_SCOPE
    required_role = Role.REVIEWER

    def get(self, request, slug: str):
        after = request.GET.get("after", "")
        article = article_next_for_review(project=self.project, after=int(after) if after.isdigit() else None)
        if article is None:
            messages.info(request, "No other article is waiting for review: none has all its annotations submitted.")
            return redirect(self.project.get_absolute_url())
        return redirect("review:article", pk=article.pk)


class ArticleReviewView(ScopedViewMixin, View):
    scope = ARTICLE_SCOPE
    required_role = Role.REVIEWER

    def get(self, request, pk: int):
        article = self.scoped_object
        candidates = (
            AnnotationSet.objects.filter(article=article)
            .filter(kind__in=[SetKind.HUMAN, SetKind.IMPORTED, SetKind.GOLD])
            .select_related("owner", "based_on__owner")
            .order_by("kind", "owner__username", "-created_at")
        )
        columns = []
        for annotation_set in candidates:
            if annotation_set.kind == SetKind.HUMAN and annotation_set.status != SetStatus.SUBMITTED:
                continue
            quotes = annotation_set_quotes(annotation_set=annotation_set, text=article.text)
            columns.append(
                {
                    "set": annotation_set,
                    "quotes": [q for q in quotes if q["status"] != QuoteStatus.REJECTED],
                    "rejected": sum(q["status"] == QuoteStatus.REJECTED for q in quotes),
                    "unreviewed": sum(q["status"] == QuoteStatus.PROPOSED for q in quotes),
                }
            )
        drafts = AnnotationSet.objects.filter(article=article, kind=SetKind.HUMAN, status=SetStatus.DRAFT).count()
        gold = next((c["set"] for c in columns if c["set"].kind == SetKind.GOLD), None)
        return render(
            request,
            "review/article_review.html",
            {
                "project": self.project,
                "article": article,
                "columns": columns,
                "drafts": drafts,
                "gold": gold,
                "agreement": project_agreement(project=self.project, article_ids=[article.pk]) or None,
            },
        )

    def post(self, request, pk: int):
        article = self.scoped_object
        source = AnnotationSet.objects.filter(pk=form_id(request.POST.get("set")), article=article).first()
        try:
            if source is None:
                raise DomainError("Pick one of this article's annotation sets to adopt.")
            gold = gold_adopt(
                article=article,
                source=source,
                reviewer=request.user,
                version=request.POST.get("gold_version") or None,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            who = source.owner.get_username() if source.owner else "the import"
            left_out = (
                f" {gold.unreviewed_left_out} unreviewed proposal(s) were left out; take them one by one if they belong."
                if gold.unreviewed_left_out
                else ""
            )
            messages.success(request, f"Gold version {gold.version} adopted from {who}'s set.{left_out}")
        return redirect("review:article", pk=article.pk)


class ArticleListView(ScopedViewMixin, View):
    """A project's articles: for annotators their own progress, for reviewers and managers
    the project's (annotators done / needed, agreement, gold version, open flags); managers
    assign the selected articles, or all that match the filter, from here."""

    scope = PROJECT_SCOPE
    required_role = Role.ANNOTATOR
    write_role = Role.MANAGER

    def get(self, request, slug: str):
        filters = self._filters(request.GET)
        # The page is chosen by ids alone, then its 25 rows are read with their counts. Sorted
        # by anything but the newest-first index (status, title, done, flags) or searched,
        # SQLite computed every selected column of every matching article before sorting and
        # cutting the page: all six count subqueries for the whole project. The ids query
        # computes only the sort key (for done and flags, that one count, for every article).
        matching = article_overview(project=self.project, user=request.user, **filters).values_list("pk", flat=True)
        # Counted up to a cap: an exact count of a common word's matches cost more than the page.
        page = CappedPaginator(matching, 25).get_page(request.GET.get("page"))
        ids = list(page.object_list)
        # The rows by a list of ids, without the filters (the ids met them; a search matched
        # again) and without ORDER BY: with either, SQLite walked the project's index past
        # every article to find the 25 rather than looking each one up.
        rows = (
            article_overview(project=self.project, user=request.user)
            .filter(pk__in=ids)
            .order_by()
            .prefetch_related("assignments__user")
            if ids
            else []
        )
        position = {pk: i for i, pk in enumerate(ids)}
        page.object_list = sorted(rows, key=lambda a: position[a.pk])
        can_review = role_at_least(self.role, Role.REVIEWER)
        if can_review:  # agreement for the rows shown only: it reads every submitted set of them
            figures = article_agreement(project=self.project, article_ids=[a.pk for a in page])
            for article in page:
                article.agreement = figures.get(article.pk)
        query = request.GET.copy()
        query.pop("page", None)
        sort_query = query.copy()
        sort_query.pop("sort", None)
        return render(
            request,
            "review/article_list.html",
            {
                "project": self.project,
                "role": self.role,
                "page": page,
                **filters,
                "statuses": ArticleStatus.choices,
                "query": query.urlencode(),
                "sort_query": sort_query.urlencode(),
                "can_import": self.role == Role.MANAGER,
                "can_assign": self.role == Role.MANAGER,
                "can_review": can_review,
                "annotators": project_annotators(project=self.project) if can_review else [],
            },
        )

    def post(self, request, slug: str):
        action = request.POST.get("action")
        users = request.POST.getlist("users") or None
        ids = [i for i in (form_id(v) for v in request.POST.getlist("article")) if i is not None]
        try:
            if action == "assign":
                if not ids or not users:
                    raise DomainError("Select articles and annotators to assign.")
                created = assignments_create(project=self.project, by=request.user, article_ids=ids, users=users)
                messages.success(request, f"{created} assignment(s) made.")
            elif action == "assign_matching":
                per_article = form_id(request.POST.get("per_article"))
                spec = _assignment_filter(self._filters(QueryDict(request.POST.get("query", ""))))
                created = assignments_create(
                    project=self.project, by=request.user, filter=spec, per_article=per_article, users=users
                )
                messages.success(request, f"{created} assignment(s) made, balanced over the annotators.")
            elif action == "unassign":
                if not ids:
                    raise DomainError("Select the articles to unassign.")
                deleted = assignments_delete(project=self.project, by=request.user, article_ids=ids, users=users)
                messages.success(request, f"{deleted} assignment(s) removed.")
            else:
                raise DomainError("Unknown action.")
        except DomainError as exc:
            messages.error(request, exc.message)
        back = request.POST.get("query", "")
        return redirect(self.project.get_absolute_url() + (f"?{back}" if back else ""))

    @staticmethod
    def _filters(data: QueryDict) -> dict:
        status, sort = data.get("status", ""), data.get("sort", "")
        return {
            "search": data.get("q", "").strip(),
            "status": status if status in ArticleStatus.values else "",
            "assigned_to_me": data.get("mine") == "1",
            "assignee": data.get("assignee", "").strip(),
            "flagged": data.get("flagged") == "1",
            "sort": sort if sort in SORTS else "newest",
        }


def _assignment_filter(filters: dict) -> dict:
    """The list page's filter in the assignment service's terms."""
    spec = {"search": filters["search"], "status": filters["status"]}
    if filters["assignee"]:
        spec["assignee"] = filters["assignee"]
    return spec


class ArticleCurationPageView(ScopedViewMixin, View):
    """Curation: the gold version built quote by quote from the aligned submitted sets.

    The page gets everything in one `json_script` block (the aligned groups of
    `GET /api/articles/{id}/curation/`, the gold of `GET /api/articles/{id}/gold/`), edits
    the gold with the editor's own modules and saves it with `PUT .../gold/`.
    """

    scope = ARTICLE_SCOPE
    required_role = Role.REVIEWER

    def get(self, request, pk: int):
        article = self.scoped_object
        curation = article_curation(article=article)
        data = {
            "article": {"id": article.pk, "text": article.text},
            "curation": curation,
            "gold": gold_payload(article=article),
            "speakers": speaker_choices(project=self.project),
            "vocab": editor_vocabulary(),
            "comment_kinds": [{"value": v, "label": label} for v, label in CommentKind.choices],
            "gold_status": {"value": ArticleStatus.GOLD, "label": ArticleStatus.GOLD.label},
            "urls": {
                "gold": reverse("api-article-gold", kwargs={"pk": article.pk}),
                "comments": reverse("api-article-comments", kwargs={"pk": article.pk}),
                # One URL per id the page may need, rather than a pattern to fill in.
                "send_back": {
                    str(s["set_id"]): reverse("api-annotation-set-send-back", kwargs={"pk": s["set_id"]})
                    for s in curation["sources"]
                    if s["kind"] == SetKind.HUMAN
                },
                # Comments arrive later from the API: the page puts each one's id in place of the 0.
                "resolve": reverse("api-comment-resolve", kwargs={"pk": 0}),
            },
        }
        return render(
            request,
            "review/curation.html",
            {
                "project": self.project,
                "article": article,
                "curation_data": data,
                "sources": curation["sources"],
                "quote_kinds": QuoteKind.choices,
                "speaker_types": SpeakerType.choices,
            },
        )


def _rows(labels: dict[str, str], *figures: dict | None) -> list[tuple[str, list]]:
    """Table rows: each measure's words and its value in each of `figures`."""
    return [(label, [(f or {}).get(key) for f in figures]) for key, label in labels.items()]


def _effort_rows(scored: list[dict]) -> list[tuple[str, list, str]]:
    """The effort table's rows (words, a value per version, how to show it): actions per gold
    quote from scratch and from the proposals, the share saved, then each action's count."""
    efforts = [v["effort"] for v in scored]
    return [
        ("Actions per gold quote, from scratch", [e["scratch"]["per_gold_quote"] for e in efforts], "figure"),
        ("Actions per gold quote, from the proposals", [e["proposals"]["per_gold_quote"] for e in efforts], "figure"),
        ("Actions saved", [e["saved"] for e in efforts], "share"),
        *(
            (label, [e["proposals"]["by_action"][key] for e in efforts], "count")
            for key, label in EFFORT_ACTIONS.items()
        ),
    ]


class DashboardView(ScopedViewMixin, View):
    """The project's quality dashboard: progress, agreement, what the proposals are worth, speakers.

    Every chart is drawn on the server (`review.charts`) with its numbers in a table beside it.
    """

    scope = PROJECT_SCOPE
    required_role = Role.REVIEWER

    def get(self, request, slug: str):
        page = form_id(request.GET.get("page")) or 1
        progress = project_progress(project=self.project)
        agreement = agreement_report(project=self.project, articles=page)
        versions = proposer_worth(project=self.project)
        speakers = gold_speakers(project=self.project)
        statuses = dict(ArticleStatus.choices)
        type_labels = dict(SpeakerType.choices) | {NO_TYPE: "Not set"}
        scored = [v for v in versions if v["gold"]]
        edited = [v for v in versions if v["edits"]]
        for v in versions:
            for error in (v["gold"] or {}).get("errors", []):
                error["label"] = ERROR_TYPES.get(error["type"], error["type"])
        kinds = sorted({k for v in scored for k in v["gold"]["by_kind"]})
        figures = agreement["project"]
        return render(
            request,
            "review/dashboard.html",
            {
                "project": self.project,
                "progress": progress,
                "status_rows": [(statuses[k], n) for k, n in progress["by_status"].items()],
                "agreement": agreement,
                "figures": figures,
                "agreement_rows": _rows(AGREEMENT_MEASURES, figures),
                "kind_rows": [
                    (dict(QuoteKind.choices).get(k, k), t) for k, t in (figures.get("by_kind") or {}).items()
                ],
                "versions": versions,
                "scored": scored,
                "edited": edited,
                "proposer_rows": _rows(PROPOSER_MEASURES, *[v["gold"] for v in scored]),
                "proposer_kind_rows": [
                    (dict(QuoteKind.choices).get(k, k), [v["gold"]["by_kind"].get(k) for v in scored]) for k in kinds
                ],
                "effort_rows": _effort_rows(scored),
                "effort_kind_rows": [
                    (dict(QuoteKind.choices).get(k, k), [v["effort"]["by_kind"].get(k) for v in scored])
                    for k in sorted({k for v in scored for k in v["effort"]["by_kind"]})
                ],
                "edit_rows": [
                    (label, [(v["edits"][key], v["edits"]["shares"][key]) for v in edited])
                    for key, label in EDIT_OUTCOMES.items()
                ],
                "speakers": speakers,
                "type_rows": [(type_labels.get(k, k), v) for k, v in speakers["by_type"].items()],
                "charts": {
                    "status": charts.status_chart(progress["over_time"], statuses),
                    "annotators": charts.annotators_chart(progress["annotators"]),
                    "agreement": charts.measures_chart(
                        "Agreement between annotators", {"project": figures} if figures else {}, AGREEMENT_MEASURES
                    ),
                    "proposer": charts.measures_chart(
                        "Proposals against gold", {v["version"]: v["gold"] for v in scored}, PROPOSER_MEASURES
                    ),
                    "edits": charts.edits_chart(edited, EDIT_OUTCOMES),
                    "speaker_types": charts.speaker_type_chart(speakers["by_type"], type_labels),
                    "top_speakers": charts.top_speakers_chart(speakers["top"]),
                },
            },
        )
