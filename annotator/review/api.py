"""REST endpoints for curation (the aligned sets of an article, its gold version, send-back)
and for a project's agreement and proposer figures."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.accounts.models import Role
from annotator.accounts.scope import PROJECT_SCOPE, ObjectScope
from annotator.annotations.api import NextArticleQuery
from annotator.annotations.models import AnnotationSet
from annotator.annotations.selectors import annotation_payload
from annotator.annotations.serializers import AnnotationQuoteField, AnnotationSerializer
from annotator.core.query import QueryInteger, QueryParamsMixin
from annotator.core.schema import ErrorSerializer
from annotator.corpus.api import ARTICLE_SCOPE
from annotator.corpus.models import Article
from annotator.corpus.serializers import ArticleSerializer
from annotator.review.selectors import article_curation, article_next_for_review, gold_payload, project_quality
from annotator.review.services import annotation_send_back, gold_save


class GoldSerializer(serializers.Serializer):
    """The article's gold version: `version` (0 before the first save) and its quotes."""

    version = serializers.IntegerField()
    quotes = AnnotationQuoteField()


class SendBackSerializer(serializers.Serializer):
    comment = serializers.CharField(help_text="Why the annotation goes back; the annotator sees it.")


class ProjectNextReviewView(QueryParamsMixin, APIView):
    """The reviewer's next article to curate (as `GET /api/articles/{id}/` gives it): one all its
    annotators have submitted, in the project's `review_order`; 204 when none is waiting."""

    scope = PROJECT_SCOPE
    required_role = Role.REVIEWER
    query_serializer = NextArticleQuery

    @extend_schema(responses={200: ArticleSerializer, 204: None})
    def get(self, request, slug: str):
        article = article_next_for_review(project=self.project, after=self.query.get("after"))
        if article is None:
            return Response(status=204)
        article = Article.objects.get(pk=article.pk)
        return Response(ArticleSerializer(article, context={"request": request}).data)


class ArticleCurationView(APIView):
    """The submitted sets and the latest proposals, aligned quote by quote, with per-field agreement."""

    scope = ARTICLE_SCOPE
    required_role = Role.REVIEWER

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk: int):
        return Response(article_curation(article=self.scoped_object))


class ArticleGoldView(APIView):
    """`GET`/`PUT` the gold version (reviewers); a `PUT` naming an old version gets 409."""

    scope = ARTICLE_SCOPE
    required_role = Role.REVIEWER
    write_role = Role.REVIEWER

    @extend_schema(responses={200: GoldSerializer})
    def get(self, request, pk: int):
        return Response(gold_payload(article=self.scoped_object))

    @extend_schema(request=GoldSerializer, responses={200: GoldSerializer, 409: ErrorSerializer})
    def put(self, request, pk: int):
        body = GoldSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        gold_save(
            article=self.scoped_object,
            version=body.validated_data["version"],
            quotes=body.validated_data["quotes"],
            reviewer=request.user,
        )
        return Response(gold_payload(article=self.scoped_object))


class AnnotationSetSendBackView(APIView):
    """Return a submitted annotator set to draft with a comment (reviewers)."""

    scope = ObjectScope(AnnotationSet, path="article__project", select_related=("owner",))
    required_role = Role.REVIEWER
    write_role = Role.REVIEWER

    @extend_schema(request=SendBackSerializer, responses={200: AnnotationSerializer})
    def post(self, request, pk: int):
        body = SendBackSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        annotation_set = annotation_send_back(
            annotation_set=self.scoped_object, reviewer=request.user, comment=body.validated_data["comment"]
        )
        return Response(annotation_payload(annotation_set=annotation_set, text=annotation_set.article.text))


class AgreementQuery(serializers.Serializer):
    page = QueryInteger(default=1, min_value=1, max_value=10**6, help_text="page of `articles` (100 a page)")


class ProjectAgreementView(QueryParamsMixin, APIView):
    """Agreement of the project's annotators (`project`, `pairs`, `articles` one page at a time,
    `?page=`) and the proposer's worth per version (`proposer`); reviewers."""

    scope = PROJECT_SCOPE
    required_role = Role.REVIEWER
    query_serializer = AgreementQuery

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, slug: str):
        return Response(project_quality(project=self.project, articles=self.query["page"]))
