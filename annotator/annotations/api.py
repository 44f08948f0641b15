"""REST endpoints for speakers and annotation sets."""

from __future__ import annotations

from django.db import IntegrityError
from django.shortcuts import get_object_or_404
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated

from annotator.accounts.models import Role
from annotator.accounts.permissions import ProjectRolePermission
from annotator.annotations.models import AnnotationSet, Event, Speaker
from annotator.annotations.selectors import annotation_set_list, speaker_list
from annotator.annotations.serializers import AnnotationSetDetailSerializer, AnnotationSetSerializer, SpeakerSerializer
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
