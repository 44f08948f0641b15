"""REST endpoints for speakers and annotation sets."""

from __future__ import annotations

from django.db import IntegrityError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction, Role
from annotator.accounts.scope import PROJECT_SCOPE, ObjectScope
from annotator.annotations import services
from annotator.annotations.models import AnnotationSet, Speaker
from annotator.annotations.selectors import (
    annotation_payload,
    annotation_set_list,
    article_search,
    editor_quote,
    speaker_list,
)
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
from annotator.corpus.api import ARTICLE_SCOPE
from annotator.corpus.serializers import ArticleListSerializer

SPEAKER_SCOPE = ObjectScope(Speaker)
ANNOTATION_SET_SCOPE = ObjectScope(AnnotationSet, path="article__project", select_related=("owner",))


class ProjectArticleListView(generics.ListAPIView):
    """List a project's articles (paginated, `?search=` also over speaker names, `?status=`)."""

    scope = PROJECT_SCOPE
    required_role = Role.ANNOTATOR
    serializer_class = ArticleListSerializer

    def get_queryset(self):
        return article_search(
            project=self.project,
            search=self.request.query_params.get("search", "").strip(),
            status=self.request.query_params.get("status", "").strip(),
        )

    @extend_schema(parameters=[OpenApiParameter("search", str), OpenApiParameter("status", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ProjectSpeakersView(generics.ListCreateAPIView):
    """The project's speaker registry (`?search=` on names and aliases); members may add."""

    scope = PROJECT_SCOPE
    required_role = Role.ANNOTATOR
    write_role = Role.ANNOTATOR
    serializer_class = SpeakerSerializer

    def get_queryset(self):
        return speaker_list(project=self.project, search=self.request.query_params.get("search", "").strip())

    def perform_create(self, serializer):
        try:
            serializer.save(project=self.project)
        except IntegrityError as exc:
            raise DomainError("A speaker with this name exists already in the project.") from exc
        event_record(
            EventAction.SPEAKER_CREATE,
            project=self.project,
            actor=self.request.user,
            object_id=serializer.instance.pk,
            after=serializer.data,
        )


class SpeakerDetailView(generics.RetrieveUpdateAPIView):
    """One speaker; reviewers and managers may rename it or change its aliases."""

    scope = SPEAKER_SCOPE
    required_role = Role.ANNOTATOR
    write_role = Role.REVIEWER
    serializer_class = SpeakerSerializer

    def get_object(self):
        return self.scoped_object

    def perform_update(self, serializer):
        before = SpeakerSerializer(self.scoped_object).data
        try:
            serializer.save()
        except IntegrityError as exc:
            raise DomainError("Another speaker in the project has this name.") from exc
        event_record(
            EventAction.SPEAKER_UPDATE,
            project=self.project,
            actor=self.request.user,
            object_id=serializer.instance.pk,
            before=before,
            after=serializer.data,
        )


class ArticleAnnotationSetsView(generics.ListAPIView):
    """Every annotation set of an article (machine, human, gold, imported)."""

    scope = ARTICLE_SCOPE
    required_role = Role.ANNOTATOR
    serializer_class = AnnotationSetSerializer

    def get_queryset(self):
        return annotation_set_list(article=self.scoped_object)


class AnnotationSetDetailView(generics.RetrieveAPIView):
    """One annotation set with its quotes in the interchange format."""

    scope = ANNOTATION_SET_SCOPE
    required_role = Role.ANNOTATOR
    serializer_class = AnnotationSetDetailSerializer

    def get_object(self):
        return self.scoped_object


class ArticleAnnotationView(APIView):
    """The requesting user's own annotation of an article (their human set).

    GET creates it on first use from the latest proposals. PUT replaces every quote, PATCH
    changes some (the editor's autosave); both name the `version` they edited and get 409
    when it is no longer current, and 400 with every problem listed (nothing saved) when
    a quote fails the import's validation. Quotes are interchange records plus `id`,
    `status` and `speaker_id` (which wins over `speaker_entity` when given).
    """

    scope = ARTICLE_SCOPE
    required_role = Role.ANNOTATOR
    write_role = Role.ANNOTATOR

    def _set(self):
        return services.annotation_set_get_or_create(article=self.scoped_object, user=self.request.user)

    @extend_schema(responses={200: AnnotationSerializer})
    def get(self, request, pk: int):
        annotation_set = self._set()
        return Response(annotation_payload(annotation_set=annotation_set, text=self.scoped_object.text))

    @extend_schema(request=AnnotationPutSerializer, responses={200: AnnotationSerializer})
    def put(self, request, pk: int):
        body = AnnotationPutSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        annotation_set = services.annotation_save(
            annotation_set=self._set(),
            version=body.validated_data["version"],
            quotes=body.validated_data["quotes"],
            user=request.user,
        )
        return Response(annotation_payload(annotation_set=annotation_set, text=self.scoped_object.text))

    @extend_schema(request=AnnotationPatchSerializer, responses={200: AnnotationPatchResultSerializer})
    def patch(self, request, pk: int):
        body = AnnotationPatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        annotation_set, written = services.annotation_patch(
            annotation_set=self._set(),
            version=body.validated_data["version"],
            quotes=body.validated_data["quotes"],
            deleted=body.validated_data["deleted"],
            user=request.user,
        )
        text = self.scoped_object.text
        return Response(
            {
                "version": annotation_set.version,
                "status": annotation_set.status,
                "quotes": [editor_quote(q, text) for q in written],
            }
        )


class ArticleAnnotationSubmitView(APIView):
    """Mark the user's annotation of the article as submitted (done for this annotator)."""

    scope = ARTICLE_SCOPE
    required_role = Role.ANNOTATOR
    write_role = Role.ANNOTATOR

    @extend_schema(request=AnnotationSubmitSerializer, responses={200: AnnotationSerializer})
    def post(self, request, pk: int):
        body = AnnotationSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        annotation_set = services.annotation_set_get_or_create(article=self.scoped_object, user=request.user)
        annotation_set = services.annotation_submit(
            annotation_set=annotation_set, user=request.user, version=body.validated_data["version"]
        )
        return Response(annotation_payload(annotation_set=annotation_set, text=self.scoped_object.text))


class SpeakerActionMixin:
    scope = SPEAKER_SCOPE
    required_role = Role.REVIEWER
    write_role = Role.REVIEWER


class SpeakerMergeView(SpeakerActionMixin, APIView):
    """Merge this speaker into `into` (reviewers): its quotes follow, its names become aliases."""

    @extend_schema(request=SpeakerMergeSerializer, responses={200: SpeakerSerializer})
    def post(self, request, pk: int):
        body = SpeakerMergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        source = self.scoped_object
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
        new = services.speaker_split_alias(
            speaker=self.scoped_object, alias=body.validated_data["alias"], user=request.user
        )
        return Response(SpeakerSerializer(new).data, status=201)
