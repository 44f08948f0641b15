"""REST endpoints of the proposer: re-run it on one article; train, compare and activate a project's model."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.accounts.api import ScopedObjectDetailView
from annotator.accounts.models import Role
from annotator.accounts.scope import PROJECT_SCOPE, ObjectScope
from annotator.core.schema import ErrorSerializer
from annotator.corpus.api import ARTICLE_SCOPE
from annotator.proposer.models import ProposerModel
from annotator.proposer.selectors import proposer_model_for_activation, proposer_model_list
from annotator.proposer.serializers import ActivateSerializer, ProposerModelSerializer, TrainRequestSerializer
from annotator.proposer.services import (
    article_request_rerun,
    proposer_model_activate,
    proposer_model_request,
)

PROPOSER_MODEL_SCOPE = ObjectScope(ProposerModel, select_related=("created_by",))


class ArticleProposeView(APIView):
    """Re-run the proposer on one article (a new machine set; human work is untouched)."""

    scope = ARTICLE_SCOPE
    required_role = Role.REVIEWER  # a re-run changes what every annotator starts from
    write_role = Role.REVIEWER

    @extend_schema(request=None, responses={202: None, 409: None})
    def post(self, request, pk: int):
        article_request_rerun(article=self.scoped_object)  # 409 while a run is pending
        return Response({"detail": "Proposals queued.", "article": pk}, status=status.HTTP_202_ACCEPTED)


class ProjectProposerModelsView(generics.ListAPIView):
    """A project's trained proposer models (newest first), or train a new one in the background."""

    scope = PROJECT_SCOPE
    required_role = Role.MANAGER
    write_role = Role.MANAGER
    serializer_class = ProposerModelSerializer

    def get_queryset(self):
        return proposer_model_list(project=self.project)

    @extend_schema(request=TrainRequestSerializer, responses={202: ProposerModelSerializer, 409: ErrorSerializer})
    def post(self, request, slug: str):
        data = TrainRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        model = proposer_model_request(project=self.project, actor=request.user, seed=data.validated_data["seed"])
        model.refresh_from_db()
        return Response(ProposerModelSerializer(model).data, status=status.HTTP_202_ACCEPTED)


class ProposerModelDetailView(ScopedObjectDetailView):
    """One training run: status, progress, version and the comparison on the test split."""

    scope = PROPOSER_MODEL_SCOPE
    required_role = Role.MANAGER
    serializer_class = ProposerModelSerializer


class ProjectProposerActivateView(APIView):
    """Choose the project's proposer: a ready model, or the rules (`model_id` null)."""

    scope = PROJECT_SCOPE
    required_role = Role.MANAGER
    write_role = Role.MANAGER

    @extend_schema(request=ActivateSerializer, responses={200: None})
    def post(self, request, slug: str):
        data = ActivateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        model = proposer_model_for_activation(project=self.project, model_id=data.validated_data["model_id"])
        queued = proposer_model_activate(
            project=self.project, model=model, actor=request.user, repropose=data.validated_data["repropose"]
        )
        return Response({"active": model.version if model else None, "queued": queued})
