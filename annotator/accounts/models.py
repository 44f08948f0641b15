"""Users, projects and who may do what in each project."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse

from annotator.core.models import TimeStampedModel


class User(AbstractUser):
    """A person who logs in. Superusers may do everything in every project."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"


class Role(models.TextChoices):
    """Project roles, each including the rights of the ones below it."""

    MANAGER = "manager", "Manager"
    REVIEWER = "reviewer", "Reviewer"
    ANNOTATOR = "annotator", "Annotator"


ROLE_RANK = {Role.ANNOTATOR: 1, Role.REVIEWER: 2, Role.MANAGER: 3}


def role_at_least(role: str | None, required: str) -> bool:
    """True when `role` includes the rights of `required`."""
    return role is not None and ROLE_RANK.get(role, 0) >= ROLE_RANK[required]


class Project(TimeStampedModel):
    """A collection of articles annotated under one set of guidelines.

    `guidelines_version` increases whenever `guidelines` change, so releases can say
    which version their annotators followed.
    """

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    guidelines = models.TextField(blank=True, help_text="Markdown shown to annotators.")
    guidelines_version = models.PositiveIntegerField(default=1)
    annotators_per_article = models.PositiveSmallIntegerField(default=1)
    options = models.JSONField(default=dict, blank=True, help_text="Project-level settings.")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="projects")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("corpus:article-list", kwargs={"slug": self.slug})


class Membership(TimeStampedModel):
    """A user's role in one project; at most one membership per user and project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ANNOTATOR)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_unique_user"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.project_id} as {self.role}"
