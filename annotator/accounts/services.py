"""Writes for projects and memberships."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction, Membership, Project, Role
from annotator.core.errors import DomainError


@transaction.atomic
def project_create(*, name: str, slug: str = "", creator=None, description: str = "", guidelines: str = "") -> Project:
    """Create a project; its creator becomes its manager."""
    slug = slug or slugify(name)[:80]
    if not slug:
        raise DomainError("A project needs a name or slug made of letters or digits.")
    if Project.objects.filter(slug=slug).exists():
        raise DomainError(f"A project with the slug {slug!r} exists already.")
    project = Project(name=name or slug, slug=slug, description=description, guidelines=guidelines)
    project.full_clean()
    project.save()
    if creator is not None and creator.is_authenticated:
        Membership.objects.create(project=project, user=creator, role=Role.MANAGER)
    event_record(EventAction.PROJECT_CREATE, project=project, actor=creator, object_id=project.pk, after={"slug": slug})
    return project


def membership_set(*, project: Project, user, role: str) -> Membership:
    """Give `user` the role in `project` (creating or changing the membership)."""
    if role not in Role.values:
        raise DomainError(f"Unknown role {role!r}; use one of {', '.join(Role.values)}.")
    membership, _ = Membership.objects.update_or_create(project=project, user=user, defaults={"role": role})
    return membership
