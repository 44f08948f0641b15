"""Reads about projects, roles and members."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, QuerySet, Value, When

from annotator.accounts.models import ROLE_RANK, Membership, Project, Role, role_at_least


def project_by_slug(slug: object) -> Project | None:
    """The project with this slug, or None (also for a slug that is not a string)."""
    return Project.objects.filter(slug=slug).first() if isinstance(slug, str) else None


def project_role(*, user, project: Project) -> str | None:
    """The user's role in the project; superusers count as managers everywhere."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.MANAGER
    cache = getattr(user, "_project_roles", None)
    if cache is None:
        cache = user._project_roles = {}
    if project.pk not in cache:
        cache[project.pk] = Membership.objects.filter(user=user, project=project).values_list("role", flat=True).first()
    return cache[project.pk]


def user_has_role(*, user, project: Project, role: str) -> bool:
    return role_at_least(project_role(user=user, project=project), role)


def project_list_for_user(*, user) -> QuerySet[Project]:
    """Projects the user may see, with article counts."""
    qs = Project.objects.all() if user.is_superuser else Project.objects.filter(memberships__user=user)
    return qs.annotate(article_count=Count("articles", distinct=True)).order_by("name")


def membership_list(*, project: Project) -> QuerySet[Membership]:
    """The project's members with their users: managers first, then reviewers, annotators; by username."""
    rank = Case(*(When(role=role, then=Value(-r)) for role, r in ROLE_RANK.items()), default=Value(0))
    return (
        Membership.objects.filter(project=project)
        .select_related("user")
        .annotate(role_rank=rank)
        .order_by("role_rank", "user__username", "pk")
    )


def membership_for_user(*, project: Project, user_id: object) -> Membership | None:
    """The user's membership of the project, or None (also for an id that is not a number)."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    return Membership.objects.select_related("user", "project").filter(project=project, user_id=user_id).first()


def user_by_username(username: str):
    """The user called `username`; failing an exact match, the one whose name differs only in case.

    So adding "alice" finds "Alice" instead of creating a second account; when several
    names differ only in case, only the exact one counts.
    """
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    matches = list(User.objects.filter(username__iexact=username)[:2])
    return matches[0] if len(matches) == 1 else None
