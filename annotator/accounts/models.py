"""Users, projects and who may do what in each project."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse

from annotator.core.models import TimeStampedModel


class User(AbstractUser):
    """A person who logs in. Superusers may do everything in every project.

    A new password ends every API token of the user (see `save`).
    """

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def save(self, *args, **kwargs) -> None:
        # `set_password` keeps the new raw password in `_password` until the save, the
        # same signal Django's own `password_changed` hook uses; a hash upgrade at login
        # clears it first, so only a real change (password change or reset, admin,
        # `changepassword`) revokes the tokens.
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            self.api_tokens.all().delete()


class Role(models.TextChoices):
    """Project roles, each including the rights of the ones below it."""

    MANAGER = "manager", "Manager"
    REVIEWER = "reviewer", "Reviewer"
    ANNOTATOR = "annotator", "Annotator"


ROLE_RANK = {Role.ANNOTATOR: 1, Role.REVIEWER: 2, Role.MANAGER: 3}


def role_at_least(role: str | None, required: str) -> bool:
    """True when `role` includes the rights of `required`."""
    return role is not None and ROLE_RANK.get(role, 0) >= ROLE_RANK[required]


class QueueOrder(models.TextChoices):
    """Which article *Next article* gives, after the caller's assigned and started work."""

    OLDEST = "oldest", "Oldest first (as imported)"
    NEWEST = "newest", "Newest first"
    RANDOM = "random", "Random (one shuffle, the same for everyone)"
    UNCERTAINTY = "uncertainty", "Where the proposer is least sure first"


class ReviewOrder(models.TextChoices):
    """Which article *Next to review* gives among those all their annotators have submitted."""

    OLDEST = "oldest", "Oldest first (as imported)"
    DISAGREEMENT = "disagreement", "Where the annotators disagree most first"


class Project(TimeStampedModel):
    """A collection of articles annotated under one set of guidelines.

    `guidelines_version` increases whenever `guidelines` change, so every submitted and
    gold set, and every release, can say which version it was made under.
    """

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    guidelines = models.TextField(blank=True, help_text="Markdown shown to annotators.")
    guidelines_version = models.PositiveIntegerField(default=1)
    annotators_per_article = models.PositiveSmallIntegerField(
        default=1, help_text="Submitted annotations an article needs before it counts as annotated."
    )
    blind_annotation = models.BooleanField(
        default=True, help_text="Until they submit, annotators see only the proposals and their own work."
    )
    self_service = models.BooleanField(
        default=True, help_text="Annotators may take unassigned articles that still need annotators."
    )
    queue_order = models.CharField(
        max_length=20,
        choices=QueueOrder.choices,
        default=QueueOrder.OLDEST,
        help_text="Which article Next article gives after the annotator's assigned and started ones.",
    )
    review_order = models.CharField(
        max_length=20,
        choices=ReviewOrder.choices,
        default=ReviewOrder.OLDEST,
        help_text="Which annotated article Next to review gives the reviewer.",
    )
    retrain_every = models.PositiveIntegerField(
        default=0,
        help_text="Retrain the proposer in the background after this many new gold articles, and activate the "
        "new model only if it does at least as well on the test split (0: never; train by hand).",
    )
    options = models.JSONField(default=dict, blank=True, help_text="Project-level settings.")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="projects")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("review:article-list", kwargs={"slug": self.slug})


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


class EventAction(models.TextChoices):
    """The closed set of things the audit log records, as `<object>.<verb>`.

    Features read the log back by these names (an annotation set counts as saved when
    it has a save, patch or submit event), so a name is never written out by hand:
    `annotator.accounts.events.event_record` takes one of these.
    """

    PROJECT_CREATE = "project.create", "Project created"
    PROJECT_UPDATE = "project.update", "Project settings changed"
    GUIDELINES_UPDATE = "guidelines.update", "Guidelines changed"
    MEMBER_ADD = "member.add", "Member added"
    MEMBER_ROLE = "member.role", "Member's role changed"
    MEMBER_REMOVE = "member.remove", "Member removed"
    ARTICLE_STATUS = "article.status", "Article status changed"
    ARTICLE_PROPOSE = "article.propose", "Proposals requested"
    ASSIGNMENT_CREATE = "assignment.create", "Assigned"
    ASSIGNMENT_DELETE = "assignment.delete", "Unassigned"
    ARTICLES_IMPORT = "articles.import", "Articles imported"
    SPEAKER_CREATE = "speaker.create", "Speaker added"
    SPEAKER_UPDATE = "speaker.update", "Speaker changed"
    SPEAKER_RENAME = "speaker.rename", "Speaker renamed"
    SPEAKER_MERGE = "speaker.merge", "Speakers merged"
    SPEAKER_SPLIT = "speaker.split", "Alias split off"
    ANNOTATION_CREATE = "annotation.create", "Annotation started"
    ANNOTATION_SAVE = "annotation.save", "Annotation saved"
    ANNOTATION_PATCH = "annotation.patch", "Annotation autosaved"
    ANNOTATION_SUBMIT = "annotation.submit", "Annotation submitted"
    ANNOTATION_SEND_BACK = "annotation.send_back", "Annotation sent back"
    GOLD_ADOPT = "gold.adopt", "Gold version adopted"
    GOLD_SAVE = "gold.save", "Gold version saved"
    COMMENT_CREATE = "comment.create", "Comment added"
    COMMENT_RESOLVE = "comment.resolve", "Flag resolved"
    RELEASE_CREATE = "release.create", "Release created"
    TOKEN_CREATE = "token.create", "API token made"
    TOKEN_REVOKE = "token.revoke", "API token revoked"


class Event(models.Model):
    """Append-only audit log: who did what to which object, with before and after.

    Rows are written only by `annotator.accounts.events.event_record`, which fills in
    `object_type` from the action, so the two always agree.
    """

    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    # The article an event concerns, for its history page. A plain id, not a foreign key:
    # articles live in a layer above, and the log outlives what it describes.
    article_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=80, choices=EventAction.choices)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="event_object_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(action__in=EventAction.values), name="event_action_known")
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"


class ApiToken(models.Model):
    """A revocable, expiring API token of one user (`Authorization: Token <key>`).

    Only a SHA-256 digest of the key is stored: the key is shown once, when it is made.
    `prefix` (the key's first characters) names it in lists. A token past `expires_at`
    no longer authenticates; `annotator.accounts.tokens` issues, checks and revokes them.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… of user {self.user_id}"
