"""The "re-run the proposer" button of the editor (a plain form post, no script needed)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views import View

from annotator.accounts.models import Role
from annotator.accounts.permissions import ProjectRoleRequiredMixin
from annotator.corpus.models import Article
from annotator.proposer.services import article_request_proposals


class ArticleProposeView(ProjectRoleRequiredMixin, View):
    """Queue a new proposer run for one article; human sets are never touched."""

    required_role = Role.ANNOTATOR
    http_method_names = ["post"]

    def get_project(self):
        self.article = get_object_or_404(Article.objects.select_related("project"), pk=self.kwargs["pk"])
        return self.article.project

    def post(self, request, pk: int):
        article_request_proposals(article=self.article, force=True)
        messages.info(
            request,
            "The proposer runs again on this article. Annotators who have not saved anything yet start from the "
            "new proposals; saved work is never changed.",
        )
        return redirect(self.article.get_absolute_url())
