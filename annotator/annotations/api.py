"""REST endpoints for speakers and annotation sets."""

from __future__ import annotations

from django.db import IntegrityError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.accounts.models import Role
from annotator.accounts.permissions import ProjectRolePermission
from annotator.annotations import services
from annotator.annotations.models import AnnotationSet, Event, Speaker
from annotator.annotations.selectors import annotation_payload, annotation_set_list, editor_quote, speaker_list
from annotator.annotations.serializers import (
    AnnotationPatchResultSerializer,
    AnnotationPatchSerializer,
    AnnotationPutSerializer,
    AnnotationSerializer,
    AnnotationSetDetailSerializer,
    AnnotationSetSerializer,
    AnnotationSubmitSerializer,
    SpeakerMergeSerializer,
    SpeakerSerializer,
    SpeakerSplitSerializer,
)
from annotator.core.errors import DomainError
from annotator.corpus.api import ArticleScopedMixin, ProjectScopedMixin


class ProjectSpeakersView(ProjectScopedMixin, generics.ListCreateAPIView):
    """The project's speaker registry (`?search=` on names and aliases); reviewers may add."""

    required_role = Role.ANNOTATOR
    write_role = Role.ANNOTATOR
    serializer_class = SpeakerSerializer

    def get_queryset(self):
        return speaker_list(project=self.get_project(), search=self.request.query_params.get("search", "").strip())

    def perform_create(self, serializer):
        try:
            serializer.save(project=self.get_project())
        except IntegrityError as exc:
            raise DomainError("A speaker with this name exists already in the project.") from exc
        Event.objects.create(project=self.get_project(), actor=self.request.user, action="create",
                             object_type="speaker", object_id=str(serializer.instance.pk), after=serializer.data)


class SpeakerDetailView(generics.RetrieveUpdateAPIView):
    """One speaker; reviewers and managers may rename it or change its aliases."""

    permission_classes = [IsAuthenticated, ProjectRolePermission]
    required_role = Role.ANNOTATOR
    write_role = Role.REVIEWER
    serializer_class = SpeakerSerializer

    def get_speaker(self) -> Speaker:
        if not hasattr(self, "_speaker"):
            self._speaker = get_object_or_404(Speaker.objects.select_related("project"), pk=self.kwargs["pk"])
        return self._speaker

    def get_project(self):
        return self.get_speaker().project

    def get_object(self):
        return self.get_speaker()

    def perform_update(self, serializer):
        before = SpeakerSerializer(self.get_speaker()).data
        try:
            serializer.save()
        except IntegrityError as exc:
            raise DomainError("Another speaker in the project has this name.") from exc
        Event.objects.create(project=self.get_project(), actor=self.request.user, action="update",
                             object_type="speaker", object_id=str(serializer.instance.pk), before=before, after=serializer.data)


class ArticleAnnotationSetsView(ArticleScopedMixin, generics.ListAPIView):
    """Every annotation set of an article (machine, human, gold, imported)."""

    required_role = Role.ANNOTATOR
    serializer_class = AnnotationSetSerializer

    def get_queryset(self):
        return annotation_set_list(article=self.get_article())


class AnnotationSetDetailView(generics.RetrieveAPIView):
    """One annotation set with its quotes in the interchange format."""

    permission_classes = [IsAuthenticated, ProjectRolePermission]
    required_role = Role.ANNOTATOR
    serializer_class = AnnotationSetDetailSerializer

    def get_set(self) -> AnnotationSet:
        if not hasattr(self, "_set"):
            self._set = get_object_or_404(AnnotationSet.objects.select_related("article__project", "owner"), pk=self.kwargs["pk"])
        return self._set

    def get_project(self):
        return self.get_set().article.project

    def get_object(self):
        return self.get_set()


class ArticleAnnotationView(ArticleScopedMixin, APIView):
    """The requesting user's own annotation of an article (their human set).

    GET creates it on first use from the latest proposals. PUT replaces every quote, PATCH
    changes some (the editor's autosave); both name the `version` they edited and get 409
    when it is no longer current, and 400 with every problem listed (nothing saved) when
    a quote fails the import's validation. Quotes are interchange records plus `id`,
    `status` and `speaker_id` (which wins over `speaker_entity` when given).
    """

    required_role = Role.ANNOTATOR
    write_role = Role.ANNOTATOR

    def _set(self):
        return services.annotation_set_get_or_create(article=self.get_article(), user=self.request.user)

    @extend_schema(responses={200: AnnotationSerializer})
    def get(self, request, pk: int):
        annotation_set = self._set()
        return Response(annotation_payload(annotation_set=annotation_set, text=self.get_article().text))

    @extend_schema(request=AnnotationPutSerializer, responses={200: AnnotationSerializer})
    def put(self, request, pk: int):
        body = AnnotationPutSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        annotation_set = services.annotation_save(
            annotation_set=self._set(), version=body.validated_data["version"],
            quotes=body.validated_data["quotes"], user=request.user,
        )
        return Response(annotation_payload(annotation_set=annotation_set, text=self.get_article().text))

    @extend_schema(request=AnnotationPatchSerializer, responses={200: AnnotationPatchResultSerializer})
    def patch(self, request, pk: int):
        body = AnnotationPatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        annotation_set, written = services.annotation_patch(
            annotation_set=self._set(), version=body.validated_data["version"],
            quotes=body.validated_data["quotes"], deleted=body.validated_data["deleted"], user=request.user,
        )
        text = self.get_article().text
        return Response(
            {"version": annotation_set.version, "status": annotation_set.status,
             "quotes": [editor_quote(q, text) for q in written]}
        )


class ArticleAnnotationSubmitView(ArticleScopedMixin, APIView):
    """Mark the user's annotation of the article as submitted (done for this annotator)."""

    required_role = Role.ANNOTATOR
    write_role = Role.ANNOTATOR

    @extend_schema(request=AnnotationSubmitSerializer, responses={200: AnnotationSerializer})
    def post(self, request, pk: int):
        body = AnnotationSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        annotation_set = services.annotation_set_get_or_create(article=self.get_article(), user=request.user)
        annotation_set = services.annotation_submit(
            annotation_set=annotation_set, user=request.user, version=body.validated_data["version"]
        )
        return Response(annotation_payload(annotation_set=annotation_set, text=self.get_article().text))


class SpeakerActionMixin:
    permission_classes = [IsAuthenticated, ProjectRolePermission]
    required_role = Role.REVIEWER
    write_role = Role.REVIEWER

    def get_speaker(self) -> Speaker:
        if not hasattr(self, "_speaker"):
            self._speaker = get_object_or_404(Speaker.objects.select_related("project"), pk=self.kwargs["pk"])
        return self._speaker

    def get_project(self):
        return self.get_speaker().project


class SpeakerMergeView(SpeakerActionMixin, APIView):
    """Merge this speaker into `into` (reviewers): its quotes follow, its names become aliases."""

    @extend_schema(request=SpeakerMergeSerializer, responses={200: SpeakerSerializer})
    def post(self, request, pk: int):
        body = SpeakerMergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        source = self.get_speaker()
        target = Speaker.objects.filter(project=source.project, pk=body.validated_data["into"]).first()
        if target is None:
            raise DomainError("into: no such speaker in this project.")
        target = services.speaker_merge(source=source, target=target, user=request.user)
        return Response(SpeakerSerializer(target).data)


class SpeakerSplitView(SpeakerActionMixin, APIView):
    """Make one alias of this speaker a speaker of its own (reviewers); returns the new speaker."""

    @extend_schema(request=SpeakerSplitSerializer, responses={201: SpeakerSerializer})
    def post(self, request, pk: int):
        body = SpeakerSplitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        new = services.speaker_split_alias(speaker=self.get_speaker(), alias=body.validated_data["alias"], user=request.user)
        return Response(SpeakerSerializer(new).data, status=201)
