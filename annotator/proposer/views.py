"""The "re-run the proposer" button of the editor (a plain form post, no script needed)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views import View

from annotator.accounts.models import Role
from annotator.accounts.scope import ScopedViewMixin
from annotator.core.errors import ConflictError
from annotator.corpus.api import ARTICLE_SCOPE
from annotator.proposer.services import article_request_rerun


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
