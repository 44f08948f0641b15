"""HTML pages for annotating one article."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.views import View

from annotator.accounts.models import Role
from annotator.accounts.permissions import ProjectRoleRequiredMixin
from annotator.annotations.models import SetKind
from annotator.annotations.selectors import annotation_set_quotes
from annotator.corpus.models import Article
from annotator.corpus.selectors import latest_set


class ArticleEditorView(ProjectRoleRequiredMixin, View):
    required_role = Role.ANNOTATOR

    def get_project(self):
        self.article = get_object_or_404(Article.objects.select_related("project"), pk=self.kwargs["pk"])
        return self.article.project

    def get(self, request, pk: int):
        shown = latest_set(article=self.article, kind=SetKind.MACHINE) or latest_set(
            article=self.article, kind=SetKind.IMPORTED
        )
        quotes = annotation_set_quotes(annotation_set=shown, text=self.article.text) if shown else []
        return render(
            request,
            "annotations/editor.html",
            {"article": self.article, "project": self.project, "annotation_set": shown, "quotes": quotes},
        )
