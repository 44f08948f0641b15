"""REST endpoints for articles and imports."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.accounts.models import Project, Role
from annotator.accounts.permissions import ProjectRolePermission
from annotator.corpus.models import Article
from annotator.corpus.selectors import article_list
from annotator.corpus.serializers import (
    ArticleCreateSerializer,
    ArticleListSerializer,
    ArticleSerializer,
    ImportUploadSerializer,
)
from annotator.corpus.services import article_create, article_import_files


class ProjectScopedMixin:
    """Finds the project from the URL's `slug` for the role check."""

    permission_classes = [IsAuthenticated, ProjectRolePermission]

    def get_project(self) -> Project:
        if not hasattr(self, "_project"):
            self._project = get_object_or_404(Project, slug=self.kwargs["slug"])
        return self._project


class ArticleScopedMixin:
    """Finds the article (and through it the project) from the URL's `pk`."""

    permission_classes = [IsAuthenticated, ProjectRolePermission]

    def get_article(self) -> Article:
        if not hasattr(self, "_article"):
            self._article = get_object_or_404(Article.objects.select_related("project"), pk=self.kwargs["pk"])
        return self._article

    def get_project(self) -> Project:
        return self.get_article().project


class ProjectArticlesView(ProjectScopedMixin, generics.ListCreateAPIView):
    """List a project's articles (paginated, `?search=`, `?status=`) or add one.

    Posting needs the manager role; the body is one article in the interchange format.
    """

    required_role = Role.ANNOTATOR
    write_role = Role.MANAGER
    serializer_class = ArticleListSerializer

    def get_queryset(self):
        return article_list(
            project=self.get_project(),
            search=self.request.query_params.get("search", "").strip(),
            status=self.request.query_params.get("status", "").strip(),
        )

    @extend_schema(
        parameters=[OpenApiParameter("search", str), OpenApiParameter("status", str)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ArticleCreateSerializer, responses={201: ArticleSerializer})
    def post(self, request, *args, **kwargs):
        if not isinstance(request.data, dict):
            return Response({"detail": "Send one article as a JSON object."}, status=status.HTTP_400_BAD_REQUEST)
        article = article_create(project=self.get_project(), data=dict(request.data), user=request.user)
        return Response(ArticleSerializer(article, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ProjectImportView(ProjectScopedMixin, APIView):
    """Bulk import: upload one or more files (`files`) as multipart form data.

    Each file is validated whole: one bad line rejects that file with every error
    listed by line number, and nothing of it is written. Answers 201 when every file
    was imported, 400 when any was rejected; the body reports every file.
    """

    required_role = Role.MANAGER
    write_role = Role.MANAGER
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = ImportUploadSerializer

    @extend_schema(request={"multipart/form-data": ImportUploadSerializer})
    def post(self, request, slug: str):
        files = request.FILES.getlist("files") or request.FILES.getlist("file")
        if not files:
            return Response({"detail": "Attach one or more files as 'files'."}, status=status.HTTP_400_BAD_REQUEST)
        report = article_import_files(
            project=self.get_project(), files=files, user=request.user
        )
        body = report.as_dict()
        if report.rejected_files:
            body["detail"] = "Some files were rejected; nothing of them was imported."
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(body, status=status.HTTP_201_CREATED)


class ArticleDetailView(ArticleScopedMixin, generics.RetrieveAPIView):
    """One article with its text and `editor_url`."""

    required_role = Role.ANNOTATOR
    serializer_class = ArticleSerializer

    def get_object(self):
        article = self.get_article()
        self.check_object_permissions(self.request, article)
        return article


class ArticleProposeView(ArticleScopedMixin, APIView):
    """Re-run the proposer on one article (a new machine set; human work is untouched)."""

    required_role = Role.ANNOTATOR
    write_role = Role.ANNOTATOR

    @extend_schema(request=None, responses={202: None})
    def post(self, request, pk: int):
        from annotator.proposer.services import article_request_proposals

        article_request_proposals(article=self.get_article(), force=True)
        return Response({"detail": "Proposals queued.", "article": pk}, status=status.HTTP_202_ACCEPTED)
