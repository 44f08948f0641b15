"""Reads about projects and roles."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from annotator.accounts.models import Membership, Project, Role, role_at_least


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
