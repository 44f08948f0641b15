"""REST endpoints for releases (managers only)."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, Http404
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.accounts.api import ScopedObjectDetailView
from annotator.accounts.models import Role
from annotator.accounts.scope import PROJECT_SCOPE, ObjectScope
from annotator.releases.models import Release, ReleaseStatus
from annotator.releases.selectors import release_list
from annotator.releases.serializers import ReleaseCreateSerializer, ReleaseSerializer
from annotator.releases.services import release_create

RELEASE_SCOPE = ObjectScope(Release, select_related=("created_by",))


class ProjectReleasesView(generics.ListAPIView):
    """List a project's releases, or create one (built in the background)."""

    scope = PROJECT_SCOPE
    required_role = Role.MANAGER
    write_role = Role.MANAGER
    serializer_class = ReleaseSerializer

    def get_queryset(self):
        return release_list(project=self.project)

    @extend_schema(request=ReleaseCreateSerializer, responses={202: ReleaseSerializer})
    def post(self, request, slug: str):
        data = ReleaseCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        release = release_create(project=self.project, user=request.user, **data.validated_data)
        release.refresh_from_db()
        return Response(ReleaseSerializer(release, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


class ReleaseDetailView(ScopedObjectDetailView):
    """One release: status, progress, counts, files and checksums."""

    scope = RELEASE_SCOPE
    required_role = Role.MANAGER
    serializer_class = ReleaseSerializer


def release_file_response(release: Release) -> FileResponse:
    """The release zip as a download; 404 until it is built."""
    if release.status != ReleaseStatus.READY or not release.file_path or not Path(release.file_path).is_file():
        raise Http404("This release has no file yet.")
    filename = f"{release.project.slug}-{release.name}-{release.version}.zip".replace(" ", "_")
    response = FileResponse(
        open(release.file_path, "rb"), as_attachment=True, filename=filename, content_type="application/zip"
    )
    response["X-Checksum-SHA256"] = release.sha256
    return response


class ReleaseDownloadView(APIView):
    """The release zip (application/zip), with its sha256 in `X-Checksum-SHA256`."""

    scope = RELEASE_SCOPE
    required_role = Role.MANAGER

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        return release_file_response(self.scoped_object)
