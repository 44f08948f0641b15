"""REST endpoints that bring articles in: one article as JSON, or files in bulk."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.accounts.api import ScopedObjectDetailView
from annotator.accounts.models import Role
from annotator.accounts.scope import PROJECT_SCOPE, ObjectScope
from annotator.annotations.api import ProjectArticleListView
from annotator.core.parsers import CheckedFormParser, CheckedMultiPartParser
from annotator.corpus.serializers import ArticleSerializer
from annotator.imports.annotation_import import annotations_from_upload, members_checked
from annotator.imports.jobs import annotation_import_job_create, import_in_background, import_job_create
from annotator.imports.models import ImportJob
from annotator.imports.serializers import (
    AnnotationImportSerializer,
    ArticleCreateSerializer,
    ImportJobSerializer,
    ImportRejectedSerializer,
    ImportReportSerializer,
    ImportUploadSerializer,
)
from annotator.imports.services import article_create, article_import_files


def job_accepted(job, request) -> Response:
    """202 with a background import job, its `url` (progress, then the report) in `Location`."""
    body = ImportJobSerializer(job, context={"request": request}).data
    return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


class ProjectArticlesView(ProjectArticleListView):
    """List a project's articles (paginated, `?search=`, `?status=`) or add one.

    Posting needs the manager role; the body is one article in the interchange format.
    """

    write_role = Role.MANAGER

    @extend_schema(request=ArticleCreateSerializer, responses={201: ArticleSerializer})
    def post(self, request, *args, **kwargs):
        if not isinstance(request.data, dict):
            return Response({"detail": "Send one article as a JSON object."}, status=status.HTTP_400_BAD_REQUEST)
        article = article_create(project=self.project, data=dict(request.data), user=request.user)
        return Response(ArticleSerializer(article, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ProjectImportView(APIView):
    """Bulk import: upload one or more files (`files`) as multipart form data.

    Each file is validated whole: one bad line rejects that file with every error
    listed by line number, and nothing of it is written. Answers 201 when every file
    was imported, 400 when any was rejected; the body reports every file. An upload over
    `ANNOTATOR_IMPORT_SYNC_BYTES` is imported by a worker instead: 202 with the job, whose
    `url` gives its progress and, once done, the same report.
    """

    scope = PROJECT_SCOPE
    required_role = Role.MANAGER
    write_role = Role.MANAGER
    parser_classes = [CheckedMultiPartParser, CheckedFormParser]
    serializer_class = ImportUploadSerializer

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        # 201: imported while the request waited; 202: a large upload, imported by a worker.
        responses={201: ImportReportSerializer, 202: ImportJobSerializer, 400: ImportRejectedSerializer},
    )
    def post(self, request, slug: str):
        files = request.FILES.getlist("files") or request.FILES.getlist("file")
        if not files:
            return Response({"detail": "Attach one or more files as 'files'."}, status=status.HTTP_400_BAD_REQUEST)
        if import_in_background(files):
            return job_accepted(import_job_create(project=self.project, files=files, user=request.user), request)
        report = article_import_files(project=self.project, files=files, user=request.user)
        body = report.as_dict()
        if report.rejected_files:
            body["detail"] = "Some files were rejected; nothing of them was imported."
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(body, status=status.HTTP_201_CREATED)


IMPORT_JOB_SCOPE = ObjectScope(ImportJob, select_related=("created_by",))


class ImportJobDetailView(ScopedObjectDetailView):
    """One background import: status, step, percent done, and the report once done."""

    scope = IMPORT_JOB_SCOPE
    required_role = Role.MANAGER
    serializer_class = ImportJobSerializer


class ProjectAnnotationImportView(APIView):
    """Import annotations made in another tool (multipart: `file`, `format`, `mode`, `mapping`, `members`,
    `create_members`, `dry_run`). An upload over `ANNOTATOR_IMPORT_SYNC_BYTES` is imported by a
    worker: 202 with the job, whose `url` gives its progress and, once done, the report.

    201 with the report (documents, quotes read and written, sets by annotator, unmapped
    annotations kept); 400 with every problem (`errors`, each naming its file and line or task)
    and nothing written. `dry_run` answers 200 with the labels, links and annotators found and
    the mapping that would be used.
    """

    scope = PROJECT_SCOPE
    required_role = Role.MANAGER
    write_role = Role.MANAGER
    parser_classes = [CheckedMultiPartParser, CheckedFormParser]
    serializer_class = AnnotationImportSerializer

    @extend_schema(
        request={"multipart/form-data": AnnotationImportSerializer},
        responses={200: dict, 201: dict, 202: ImportJobSerializer},
    )
    def post(self, request, slug: str):
        data = AnnotationImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        options = data.validated_data
        upload = options["file"]
        if not options["dry_run"] and import_in_background([upload]):
            kept = {"format": options["format"], "mode": options["mode"], "mapping": options.get("mapping"),
                    "members": members_checked(options.get("members") or {}),
                    "create_members": options["create_members"]}  # fmt: skip
            job = annotation_import_job_create(project=self.project, upload=upload, options=kept, user=request.user)
            return job_accepted(job, request)
        result = annotations_from_upload(
            project=self.project,
            upload=options["file"],
            fmt=options["format"],
            mode=options["mode"],
            mapping=options.get("mapping"),
            members=options.get("members") or {},
            create_members=options["create_members"],
            dry_run=options["dry_run"],
            user=request.user,
        )
        return Response(result, status=status.HTTP_200_OK if options["dry_run"] else status.HTTP_201_CREATED)
