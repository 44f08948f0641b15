"""REST endpoints for projects and API tokens."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from annotator.accounts.models import Role
from annotator.accounts.permissions import ProjectRolePermission
from annotator.accounts.selectors import project_list_for_user
from annotator.accounts.serializers import ProjectSerializer
from annotator.accounts.services import project_create


class ProjectViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Projects the caller is a member of. Any logged-in user may create one (and manages it)."""

    serializer_class = ProjectSerializer
    lookup_field = "slug"
    permission_classes = [IsAuthenticated, ProjectRolePermission]
    required_role = Role.ANNOTATOR

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            from annotator.accounts.models import Project

            return Project.objects.none()
        return project_list_for_user(user=self.request.user)

    def get_project(self):
        slug = self.kwargs.get("slug")
        if slug is None:
            return None
        from annotator.accounts.models import Project

        return get_object_or_404(Project, slug=slug)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = project_create(
            name=data["name"],
            slug=data.get("slug", ""),
            creator=self.request.user,
            description=data.get("description", ""),
            guidelines=data.get("guidelines", ""),
        )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenView(ObtainAuthToken):
    """`POST /api/auth/token/` with username and password returns `{"token": ...}`."""

    @extend_schema(responses=TokenResponseSerializer)
    def post(self, request: Request, *args, **kwargs) -> Response:
        return super().post(request, *args, **kwargs)
