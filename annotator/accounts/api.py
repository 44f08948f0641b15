"""REST endpoints for projects, their members and API tokens."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.accounts.models import ApiToken, Membership, Project, Role
from annotator.accounts.scope import NOT_FOUND, PROJECT_SCOPE, PUBLIC_SCOPE, SlugScope
from annotator.accounts.selectors import membership_for_user, membership_list, project_list_for_user
from annotator.accounts.serializers import (
    MemberAddedSerializer,
    MemberAddSerializer,
    MemberRoleSerializer,
    MemberSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
)
from annotator.accounts.services import (
    membership_add,
    membership_remove,
    membership_set,
    project_create,
    project_update,
)
from annotator.accounts.throttle import lockout_message, lockout_retry_after
from annotator.accounts.tokens import ApiTokenAuthentication, api_token_create, api_token_revoke
from annotator.core.schema import ErrorSerializer


class ScopedObjectDetailView(generics.RetrieveAPIView):
    """An API detail view of the object its `ObjectScope` names: the resolver has already
    found it and checked the caller's role, so there is nothing left to look up."""

    def get_object(self):
        return self.scoped_object


class ProjectViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Projects the caller is a member of. Any logged-in user may create one (and manages it).

    Managers change a project's settings with `PATCH`; new `guidelines` bump their version.
    """

    serializer_class = ProjectSerializer
    lookup_field = "slug"
    scope = SlugScope(optional=True)  # the list and create need no project; one project does
    required_role = Role.ANNOTATOR
    write_role = Role.MANAGER  # writes to one project; creating one needs no project, so no role

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
            annotators_per_article=data.get("annotators_per_article", 1),
            blind_annotation=data.get("blind_annotation", True),
            self_service=data.get("self_service", True),
        )

    @extend_schema(request=ProjectUpdateSerializer, responses=ProjectSerializer)
    def partial_update(self, request: Request, slug: str) -> Response:
        data = ProjectUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        project_update(project=self.project, actor=request.user, **data.validated_data)
        return Response(self.get_serializer(self.get_object()).data)


class ProjectMembersView(generics.ListAPIView):
    """`GET`: the project's members (paginated). `POST {"username", "role"}`: add one.

    A username nobody has yet creates that user without a password; the answer then
    carries `set_password_url`, a one-time link for the manager to pass on.
    """

    scope = PROJECT_SCOPE
    required_role = Role.MANAGER
    write_role = Role.MANAGER
    serializer_class = MemberSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation resolves no project
            return Membership.objects.none()
        return membership_list(project=self.project)

    @extend_schema(request=MemberAddSerializer, responses={201: MemberAddedSerializer})
    def post(self, request: Request, slug: str) -> Response:
        data = MemberAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        added = membership_add(project=self.project, actor=request.user, **data.validated_data)
        body = MemberSerializer(added.membership).data | {
            "user_created": added.user_created,
            "set_password_url": request.build_absolute_uri(added.set_password_path)
            if added.set_password_path
            else None,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class ProjectMemberDetailView(generics.GenericAPIView):
    """One member: `PATCH {"role"}` changes the role, `DELETE` removes them from the project.

    Neither may leave the project without a manager (400).
    """

    scope = PROJECT_SCOPE
    required_role = Role.MANAGER
    write_role = Role.MANAGER
    serializer_class = MemberSerializer
    pagination_class = None

    def get_membership(self, user_id: int) -> Membership:
        membership = membership_for_user(project=self.project, user_id=user_id)
        if membership is None:
            raise Http404(NOT_FOUND)
        return membership

    def get(self, request: Request, slug: str, user_id: int) -> Response:
        return Response(MemberSerializer(self.get_membership(user_id)).data)

    @extend_schema(request=MemberRoleSerializer, responses=MemberSerializer)
    def patch(self, request: Request, slug: str, user_id: int) -> Response:
        membership = self.get_membership(user_id)
        data = MemberRoleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = membership_set(
            project=self.project, user=membership.user, role=data.validated_data["role"], actor=request.user
        )
        return Response(MemberSerializer(membership).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, slug: str, user_id: int) -> Response:
        membership_remove(membership=self.get_membership(user_id), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenRequestSerializer(AuthTokenSerializer):
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="A name for the token list, e.g. the script."
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`; it is not shown again.")
    expires_at = serializers.DateTimeField()


class TokenView(APIView):
    """`POST` username and password for a new API token; `DELETE` ends the token the request uses.

    Every login makes a new token, valid for `ANNOTATOR_TOKEN_DAYS` days; a password
    change ends them all. Failed logins are throttled like the login page (429 with
    `Retry-After`).
    """

    # DELETE takes no body and checks nothing but the token: it has no 400 to document.
    schema_impossible_statuses = {"DELETE": ("400",)}

    scope = PUBLIC_SCOPE  # a login itself: POST needs no login (DELETE does, below)
    authentication_classes = [ApiTokenAuthentication]
    permission_classes: list = []
    throttle_classes: list = []  # axes throttles failures, not successful logins

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "DELETE" else []

    def perform_authentication(self, request: Request) -> None:
        # A login ignores whatever old, perhaps expired, token the script still sends.
        if request.method == "DELETE":
            super().perform_authentication(request)

    @extend_schema(
        summary="Log in: a new API token",
        description="Every call makes a new token; `name` labels it on the tokens page (`/account/tokens/`).",
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Wrong username or password, or one missing."),
            429: OpenApiResponse(ErrorSerializer, description="Too many failed logins; see `Retry-After`."),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data, context={"request": request})
        valid = data.is_valid()
        # axes marks the request when this try is refused or was one failure too many.
        if getattr(request, "axes_locked_out", False):
            seconds = lockout_retry_after(request, getattr(request, "axes_credentials", None))
            return Response(
                {"detail": lockout_message(seconds)},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(seconds)},
            )
        if not valid:
            data.is_valid(raise_exception=True)
        user = data.validated_data["user"]
        # A token login is a login: axes clears the failure count, Django notes last_login.
        user_logged_in.send(sender=type(user), request=request, user=user)
        token, key = api_token_create(user=user, name=data.validated_data.get("name", ""))
        return Response({"token": key, "expires_at": token.expires_at})

    @extend_schema(
        summary="Log out: revoke the token this request is made with",
        request=None,
        responses={
            204: OpenApiResponse(description="The token is revoked."),
            401: OpenApiResponse(ErrorSerializer, description="No valid token in `Authorization: Token <token>`."),
        },
    )
    def delete(self, request: Request) -> Response:
        if not isinstance(request.auth, ApiToken):  # only a test's force_authenticate gets here without one
            raise NotAuthenticated("Send the token to revoke as Authorization: Token <token>.")
        api_token_revoke(user=request.user, token_id=request.auth.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
