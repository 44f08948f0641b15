"""The reviewer's page for one article: annotators' submitted sets side by side, adopt one as gold."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views import View

from annotator.accounts.models import Role
from annotator.accounts.scope import ScopedViewMixin
from annotator.annotations.models import AnnotationSet, QuoteStatus, SetKind, SetStatus
from annotator.annotations.selectors import annotation_set_quotes
from annotator.core.errors import DomainError
from annotator.core.forms import form_id
from annotator.corpus.api import ARTICLE_SCOPE
from annotator.review.selectors import project_agreement
from annotator.review.services import gold_adopt


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
