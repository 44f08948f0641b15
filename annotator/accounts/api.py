"""REST endpoints for projects and API tokens."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from annotator.accounts.models import Project, Role
from annotator.accounts.scope import PUBLIC_SCOPE, SlugScope
from annotator.accounts.selectors import project_list_for_user
from annotator.accounts.serializers import ProjectSerializer
from annotator.accounts.services import project_create


class ProjectViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Projects the caller is a member of. Any logged-in user may create one (and manages it)."""

    serializer_class = ProjectSerializer
    lookup_field = "slug"
    scope = SlugScope(optional=True)  # the list and create need no project; one project does
    required_role = Role.ANNOTATOR

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Project.objects.none()
        return project_list_for_user(user=self.request.user)

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

    scope = PUBLIC_SCOPE  # a login itself; DRF's ObtainAuthToken has no permission classes

    @extend_schema(responses=TokenResponseSerializer)
    def post(self, request: Request, *args, **kwargs) -> Response:
        return super().post(request, *args, **kwargs)
