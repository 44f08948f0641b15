"""REST endpoint to re-run the proposer on one article."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.accounts.models import Role
from annotator.corpus.api import ARTICLE_SCOPE
from annotator.proposer.services import article_request_rerun


class ArticleProposeView(APIView):
    """Re-run the proposer on one article (a new machine set; human work is untouched)."""

    scope = ARTICLE_SCOPE
    required_role = Role.REVIEWER  # a re-run changes what every annotator starts from
    write_role = Role.REVIEWER

    @extend_schema(request=None, responses={202: None, 409: None})
    def post(self, request, pk: int):
        article_request_rerun(article=self.scoped_object)  # 409 while a run is pending
        return Response({"detail": "Proposals queued.", "article": pk}, status=status.HTTP_202_ACCEPTED)
