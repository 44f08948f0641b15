"""REST endpoints for speakers and annotation sets."""

from __future__ import annotations

from functools import partial

from django.db import IntegrityError, transaction
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction, Role
from annotator.accounts.scope import NOT_FOUND, PROJECT_SCOPE, ObjectScope
from annotator.annotations import services
from annotator.annotations.models import AnnotationSet, Comment, Speaker
from annotator.annotations.selectors import (
    annotation_payload,
    annotation_sets_visible,
    article_history,
    article_next_for_user,
    article_search,
    comments_visible,
    editor_quote,
    speaker_list,
    speaker_with_quote_count,
)
from annotator.annotations.serializers import (
    AnnotationPatchResultSerializer,
    AnnotationPatchSerializer,
    AnnotationPutSerializer,
    AnnotationSerializer,
    AnnotationSetDetailSerializer,
    AnnotationSetSerializer,
    AnnotationSubmitSerializer,
    AssignmentRequestSerializer,
    AssignmentResultSerializer,
    CommentCreateSerializer,
    CommentSerializer,
    EventSerializer,
    SpeakerMergeSerializer,
    SpeakerSerializer,
    SpeakerSplitSerializer,
)
from annotator.annotations.services import assignments
from annotator.annotations.services.comments import comment_create, comment_resolve
from annotator.core.errors import DomainError
from annotator.core.forms import MAX_ID
from annotator.core.pagination import CappedPaginator, StandardPagination
from annotator.core.query import QueryChoice, QueryInteger, QueryParamsMixin, QueryText
from annotator.core.schema import ErrorSerializer
from annotator.corpus.api import ARTICLE_SCOPE
from annotator.corpus.models import Article, ArticleStatus
from annotator.corpus.search import match_count
from annotator.corpus.serializers import ArticleListSerializer, ArticleSerializer

SPEAKER_SCOPE = ObjectScope(Speaker)
ANNOTATION_SET_SCOPE = ObjectScope(AnnotationSet, path="article__project", select_related=("owner",))


class ArticlePagination(StandardPagination):
    """The API's pages of articles: `count` exact, as documented, but read as the list page
    reads them (`CappedPaginator`): a rare word's rows from the ids of its few matches, a
    common word's page from its own ids; a search's exact count with the GIN index
    (`corpus.search.match_count`)."""

    def django_paginator_class(self, queryset, page_size):
        searching = bool(self.view.query["search"])
        count = partial(match_count, queryset) if searching else queryset.count
        return CappedPaginator(queryset, page_size, exact_count=count)

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        return super().paginate_queryset(queryset, request, view)


class ArticleListQuery(serializers.Serializer):
    search = QueryText(help_text="Words of the title or text, or a quoted speaker's name.")
    status = QueryChoice(ArticleStatus.values, help_text="Only articles with this status.")


class ProjectArticleListView(QueryParamsMixin, generics.ListAPIView):
    """List a project's articles (paginated, `?search=` also over speaker names, `?status=`)."""

    scope = PROJECT_SCOPE
    required_role = Role.ANNOTATOR
    serializer_class = ArticleListSerializer
    pagination_class = ArticlePagination
    query_serializer = ArticleListQuery

    def get_queryset(self):
        return article_search(
            project=self.project, search=self.query["search"], status=self.query["status"]
        ).select_related("project")  # each row names its project: one join, not a query per row


class SpeakerListQuery(serializers.Serializer):
    search = QueryText(help_text="Part of a speaker's name or of one of their aliases.")


class ProjectSpeakersView(QueryParamsMixin, generics.ListCreateAPIView):
    """The project's speaker registry (`?search=` on names and aliases); members may add."""

    scope = PROJECT_SCOPE
    required_role = Role.ANNOTATOR
    write_role = Role.ANNOTATOR
    serializer_class = SpeakerSerializer
    query_serializer = SpeakerListQuery

    def get_queryset(self):
        if self.request.method != "GET":
            return speaker_list(project=self.project)
        return speaker_list(project=self.project, search=self.query["search"])

    def perform_create(self, serializer):
        try:
            with transaction.atomic():  # a savepoint: the failed insert must not break the request's transaction
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
        return speaker_with_quote_count(pk=self.scoped_object.pk)  # the scope's row has no count

    def perform_update(self, serializer):
        before = SpeakerSerializer(self.scoped_object).data
        try:
            with transaction.atomic():  # a savepoint, as above
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
        return annotation_sets_visible(article=self.scoped_object, user=self.request.user, role=self.role)


class AnnotationSetDetailView(generics.RetrieveAPIView):
    """One annotation set with its quotes in the interchange format."""

    scope = ANNOTATION_SET_SCOPE
    required_role = Role.ANNOTATOR
    serializer_class = AnnotationSetDetailSerializer

    def get_object(self):
        annotation_set = self.scoped_object
        visible = annotation_sets_visible(article=annotation_set.article, user=self.request.user, role=self.role)
        if not visible.filter(pk=annotation_set.pk).exists():
            raise Http404(NOT_FOUND)  # blind annotation: as if it did not exist
        return annotation_set


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

    @extend_schema(request=AnnotationPutSerializer, responses={200: AnnotationSerializer, 409: ErrorSerializer})
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

    @extend_schema(
        request=AnnotationPatchSerializer, responses={200: AnnotationPatchResultSerializer, 409: ErrorSerializer}
    )
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

    @extend_schema(request=AnnotationSubmitSerializer, responses={200: AnnotationSerializer, 409: ErrorSerializer})
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
        return Response(SpeakerSerializer(speaker_with_quote_count(pk=target.pk)).data)


class SpeakerSplitView(SpeakerActionMixin, APIView):
    """Make one alias of this speaker a speaker of its own (reviewers); returns the new speaker."""

    @extend_schema(request=SpeakerSplitSerializer, responses={201: SpeakerSerializer})
    def post(self, request, pk: int):
        body = SpeakerSplitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        new = services.speaker_split_alias(
            speaker=self.scoped_object, alias=body.validated_data["alias"], user=request.user
        )
        return Response(SpeakerSerializer(speaker_with_quote_count(pk=new.pk)).data, status=201)


class ProjectAssignmentsView(APIView):
    """Assign articles to annotators (managers), or remove assignments.

    `POST {"article_ids": [...], "users": [...]}` gives each user each article;
    `POST {"filter": {...}, "per_article": N}` tops every matching article up to N people,
    balanced over the project's annotators (or over `users`). Answers 201 `{"created": N}`.
    `DELETE` takes `article_ids` or `filter`, and `users` to remove only theirs: `{"deleted": N}`.
    """

    scope = PROJECT_SCOPE
    required_role = Role.MANAGER
    write_role = Role.MANAGER

    @extend_schema(request=AssignmentRequestSerializer, responses={201: AssignmentResultSerializer})
    def post(self, request, slug: str):
        body = _json_object(request)
        created = assignments.assignments_create(
            project=self.project,
            by=request.user,
            article_ids=body.get("article_ids"),
            users=body.get("users"),
            filter=body.get("filter"),
            per_article=body.get("per_article"),
        )
        return Response({"created": created}, status=201)

    @extend_schema(request=AssignmentRequestSerializer, responses={200: AssignmentResultSerializer})
    def delete(self, request, slug: str):
        body = _json_object(request)
        deleted = assignments.assignments_delete(
            project=self.project,
            by=request.user,
            article_ids=body.get("article_ids"),
            users=body.get("users"),
            filter=body.get("filter"),
        )
        return Response({"deleted": deleted})


def _json_object(request) -> dict:
    if not isinstance(request.data, dict):
        raise DomainError("Send a JSON object.")
    return request.data


class NextArticleQuery(serializers.Serializer):
    after = QueryInteger(min_value=1, max_value=MAX_ID, help_text="The article just done: the next one is another.")


class ProjectNextArticleView(QueryParamsMixin, APIView):
    """The caller's next article (as `GET /api/articles/{id}/` gives it), or 204 when the queue is empty."""

    scope = PROJECT_SCOPE
    required_role = Role.ANNOTATOR
    query_serializer = NextArticleQuery

    @extend_schema(responses={200: ArticleSerializer, 204: None})
    def get(self, request, slug: str):
        article = article_next_for_user(project=self.project, user=request.user, after=self.query.get("after"))
        if article is None:
            return Response(status=204)
        article = Article.objects.get(pk=article.pk)
        return Response(ArticleSerializer(article, context={"request": request}).data)


class ArticleCommentsView(generics.ListCreateAPIView):
    """Comments and flags on an article (blind projects: annotators see others' once they submitted).

    `POST {"body", "kind": "comment" | "unclear" | "skip", "quote_id"}`; a skip takes the
    article out of the caller's queue.
    """

    scope = ARTICLE_SCOPE
    required_role = Role.ANNOTATOR
    write_role = Role.ANNOTATOR
    serializer_class = CommentSerializer

    def get_queryset(self):
        return comments_visible(article=self.scoped_object, user=self.request.user, role=self.role)

    @extend_schema(request=CommentCreateSerializer, responses={201: CommentSerializer})
    def post(self, request, *args, **kwargs):
        body = CommentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment = comment_create(article=self.scoped_object, author=request.user, **body.validated_data)
        return Response(CommentSerializer(comment).data, status=201)


class CommentResolveView(APIView):
    """Resolve a flag or a skip (reviewers)."""

    scope = ObjectScope(Comment, path="article__project")
    required_role = Role.REVIEWER
    write_role = Role.REVIEWER

    @extend_schema(request=None, responses={200: CommentSerializer})
    def post(self, request, pk: int):
        return Response(CommentSerializer(comment_resolve(comment=self.scoped_object, by=request.user)).data)


class ArticleHistoryView(generics.ListAPIView):
    """Every event on the article, its sets, quotes, comments and the speakers they name (newest first)."""

    scope = ARTICLE_SCOPE
    required_role = Role.ANNOTATOR
    serializer_class = EventSerializer

    def get_queryset(self):
        return article_history(article=self.scoped_object, user=self.request.user, role=self.role)
