"""Writes for projects, their settings and guidelines, and memberships."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction, Membership, Project, QueueOrder, ReviewOrder, Role
from annotator.accounts.selectors import user_by_username
from annotator.core.deletion import delete_tree
from annotator.core.errors import DomainError

MAX_ANNOTATORS_PER_ARTICLE = 20
MAX_RETRAIN_EVERY = 10_000  # gold articles between automatic retraining runs
MAX_GUIDELINES_CHARS = 200_000


@transaction.atomic
def project_create(
    *,
    name: str,
    slug: str = "",
    creator=None,
    description: str = "",
    guidelines: str = "",
    annotators_per_article: int = 1,
    blind_annotation: bool = True,
    self_service: bool = True,
) -> Project:
    """Create a project; its creator becomes its manager."""
    slug = slug or slugify(name)[:80]
    if not slug:
        raise DomainError("A project needs a name or slug made of letters or digits.")
    if Project.objects.filter(slug=slug).exists():
        raise DomainError(f"A project with the slug {slug!r} exists already.")
    _annotators_checked(annotators_per_article)
    project = Project(
        name=name or slug,
        slug=slug,
        description=description,
        guidelines=guidelines,
        annotators_per_article=annotators_per_article,
        blind_annotation=blind_annotation,
        self_service=self_service,
    )
    project.full_clean()
    project.save()
    if creator is not None and creator.is_authenticated:
        Membership.objects.create(project=project, user=creator, role=Role.MANAGER)
    event_record(EventAction.PROJECT_CREATE, project=project, actor=creator, object_id=project.pk, after={"slug": slug})
    return project


def _annotators_checked(count: int) -> int:
    if not 1 <= count <= MAX_ANNOTATORS_PER_ARTICLE:
        raise DomainError(f"Annotators per article must be between 1 and {MAX_ANNOTATORS_PER_ARTICLE}, not {count}.")
    return count


def _project_locked(project: Project) -> Project:
    # Row lock on the project: membership and settings changes of one project run one
    # after the other, so two managers demoting each other cannot leave it without one.
    return Project.objects.select_for_update().get(pk=project.pk)


@transaction.atomic
def project_update(
    *,
    project: Project,
    actor=None,
    name: str | None = None,
    description: str | None = None,
    annotators_per_article: int | None = None,
    blind_annotation: bool | None = None,
    self_service: bool | None = None,
    queue_order: str | None = None,
    review_order: str | None = None,
    retrain_every: int | None = None,
    guidelines: str | None = None,
) -> Project:
    """Change a project's settings; `None` leaves a setting as it is.

    Records one `PROJECT_UPDATE` event with the old and new values of what changed
    (none when nothing did). New `guidelines` go through `guidelines_update`, which
    bumps their version. Returns the project as saved.
    """
    locked = _project_locked(project)
    wanted: dict[str, object] = {}
    if name is not None:
        name = " ".join(name.split())
        if not name:
            raise DomainError("A project needs a name.")
        if len(name) > Project._meta.get_field("name").max_length:
            raise DomainError("The project's name is too long (200 characters at most).")
        wanted["name"] = name
    if description is not None:
        wanted["description"] = description.replace("\r\n", "\n").strip()
    if annotators_per_article is not None:
        wanted["annotators_per_article"] = _annotators_checked(annotators_per_article)
    if blind_annotation is not None:
        wanted["blind_annotation"] = bool(blind_annotation)
    if self_service is not None:
        wanted["self_service"] = bool(self_service)
    if queue_order is not None:
        if queue_order not in QueueOrder.values:
            raise DomainError(f"queue_order must be one of {', '.join(QueueOrder.values)}, not {queue_order!r}.")
        wanted["queue_order"] = queue_order
    if review_order is not None:
        if review_order not in ReviewOrder.values:
            raise DomainError(f"review_order must be one of {', '.join(ReviewOrder.values)}, not {review_order!r}.")
        wanted["review_order"] = review_order
    if retrain_every is not None:
        if (
            isinstance(retrain_every, bool)
            or not isinstance(retrain_every, int)
            or not 0 <= retrain_every <= MAX_RETRAIN_EVERY
        ):
            raise DomainError(f"retrain_every must be a whole number from 0 (never) to {MAX_RETRAIN_EVERY}.")
        wanted["retrain_every"] = retrain_every
    changed = {field: value for field, value in wanted.items() if getattr(locked, field) != value}
    if changed:
        before = {field: getattr(locked, field) for field in changed}
        for field, value in changed.items():
            setattr(locked, field, value)
        locked.save(update_fields=[*changed, "updated_at"])
        event_record(
            EventAction.PROJECT_UPDATE, project=locked, actor=actor, object_id=locked.pk, before=before, after=changed
        )
    if guidelines is not None:
        locked = guidelines_update(project=locked, actor=actor, text=guidelines)
    return locked


def _guidelines_normalised(text: str) -> str:
    # Browsers send a textarea's lines with CRLF; saving the text unchanged from the page
    # must not count as a change (and bump the version).
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip()


@transaction.atomic
def guidelines_update(*, project: Project, actor=None, text: str) -> Project:
    """Replace the project's guidelines (Markdown).

    `guidelines_version` goes up by one only when the text changed (line endings and
    trailing blank space do not count), and then a `GUIDELINES_UPDATE` event records
    both versions. Returns the project as saved.
    """
    text = _guidelines_normalised(text)
    if len(text) > MAX_GUIDELINES_CHARS:
        raise DomainError(f"The guidelines are too long ({len(text):,} characters; {MAX_GUIDELINES_CHARS:,} at most).")
    locked = _project_locked(project)
    if _guidelines_normalised(locked.guidelines) == text:
        return locked
    before = {"version": locked.guidelines_version, "guidelines": locked.guidelines}
    locked.guidelines = text
    locked.guidelines_version += 1
    locked.save(update_fields=["guidelines", "guidelines_version", "updated_at"])
    event_record(
        EventAction.GUIDELINES_UPDATE,
        project=locked,
        actor=actor,
        object_id=locked.pk,
        before=before,
        after={"version": locked.guidelines_version, "guidelines": text},
    )
    return locked


def _role_checked(role: str) -> str:
    if role not in Role.values:
        raise DomainError(f"Unknown role {role!r}; use one of {', '.join(Role.values)}.")
    return role


def _member_record(membership: Membership) -> dict:
    return {"user_id": membership.user_id, "username": membership.user.get_username(), "role": membership.role}


def _keep_a_manager(membership: Membership, *, new_role: str | None) -> None:
    """Refuse to leave the project without a manager (`new_role` None: removal)."""
    if membership.role != Role.MANAGER or new_role == Role.MANAGER:
        return
    others = Membership.objects.filter(project_id=membership.project_id, role=Role.MANAGER).exclude(pk=membership.pk)
    if not others.exists():
        doing = "remove" if new_role is None else "demote"
        raise DomainError(
            f"{membership.user.get_username()} is the project's last manager: make another member a manager "
            f"before you {doing} them."
        )


@transaction.atomic
def membership_set(*, project: Project, user, role: str, actor=None) -> Membership:
    """Give `user` the role in `project`, creating or changing the membership.

    Records `MEMBER_ADD` for a new member and `MEMBER_ROLE` for a changed role; refuses
    to demote the project's last manager.
    """
    _role_checked(role)
    _project_locked(project)
    membership = Membership.objects.select_related("user").filter(project=project, user=user).first()
    if membership is None:
        membership = Membership.objects.create(project=project, user=user, role=role)
        event_record(
            EventAction.MEMBER_ADD,
            project=project,
            actor=actor,
            object_id=membership.pk,
            after=_member_record(membership) | {"user_created": False},
        )
        return membership
    if membership.role == role:
        return membership
    _keep_a_manager(membership, new_role=role)
    before = _member_record(membership)
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    event_record(
        EventAction.MEMBER_ROLE,
        project=project,
        actor=actor,
        object_id=membership.pk,
        before=before,
        after=_member_record(membership),
    )
    return membership


@dataclass(frozen=True)
class MemberAdded:
    """What `membership_add` did. `set_password_path` is set only for a user it created."""

    membership: Membership
    user_created: bool
    set_password_path: str | None


def set_password_path(*, user) -> str:
    """The path of a one-time link with which `user` chooses a password.

    Django's password-reset token: it stops working once the password is set (the
    token covers the password hash) and after `PASSWORD_RESET_TIMEOUT` (three days).
    """
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})


def member_set_password_path(*, membership: Membership) -> str:
    """A new set-password link for a member who has not chosen a password yet.

    For a manager who lost the first link or let it expire. Only for an account that
    has never logged in, has no usable password, is not staff and belongs to no other
    project, so the link gives nothing beyond what this project's manager can give.
    Links handed out before keep working until the password is set. Writes nothing.
    """
    user = membership.user
    name = user.get_username()
    if user.has_usable_password() or user.last_login is not None:
        raise DomainError(f"{name} has a password already; they can log in with it.")
    if user.is_staff or user.is_superuser:
        raise DomainError(f"{name} is a site administrator; set their password in the admin.")
    if Membership.objects.filter(user=user).exclude(project_id=membership.project_id).exists():
        raise DomainError(
            f"{name} belongs to other projects too, so only a site administrator may give them a new link."
        )
    return set_password_path(user=user)


@transaction.atomic
def membership_add(*, project: Project, username: str, role: str, actor=None) -> MemberAdded:
    """Add the user called `username` to the project with `role`.

    A user who does not exist yet is created without a usable password; the result then
    carries a set-password link for the manager to pass on (there is no mail server).
    Adding someone who is a member already is refused: their role is changed instead.
    """
    _role_checked(role)
    User = get_user_model()
    username = User.normalize_username((username or "").strip())
    if not username:
        raise DomainError("Give the username of the person to add.")
    _project_locked(project)
    user = user_by_username(username)
    created = user is None
    if created:
        user = User(username=username)
        user.set_unusable_password()
        try:
            user.full_clean()
        except ValidationError as exc:
            messages = exc.message_dict.get("username") or exc.messages
            raise DomainError(f"Cannot create the user {username!r}: {' '.join(messages)}") from exc
        user.save()
    else:
        existing = Membership.objects.filter(project=project, user=user).first()
        if existing is not None:
            raise DomainError(
                f"{user.get_username()} is a member of this project already (as {existing.get_role_display().lower()});"
                " change their role in the list instead."
            )
    membership = Membership.objects.create(project=project, user=user, role=role)
    event_record(
        EventAction.MEMBER_ADD,
        project=project,
        actor=actor,
        object_id=membership.pk,
        after=_member_record(membership) | {"user_created": created},
    )
    return MemberAdded(
        membership=membership, user_created=created, set_password_path=set_password_path(user=user) if created else None
    )


@transaction.atomic
def membership_remove(*, membership: Membership, actor=None) -> None:
    """Remove a member from the project; refuses to remove its last manager.

    The user account stays, and so does the work they did in the project.
    """
    project = _project_locked(membership.project)
    # Read again under the lock: the role may have changed since the caller loaded it.
    current = Membership.objects.select_related("user").filter(pk=membership.pk).first()
    if current is None:
        raise DomainError(f"{membership.user.get_username()} is not a member of this project any more.")
    _keep_a_manager(current, new_role=None)
    before = _member_record(current)
    current.delete()
    event_record(EventAction.MEMBER_REMOVE, project=project, actor=actor, object_id=membership.pk, before=before)


def project_delete(*, project: Project) -> None:
    """Delete a project with everything in it (articles, their annotation sets and quotes,
    speakers, memberships, jobs, releases, and its audit events, which cascade with it).

    In batches, leaves first (`core.deletion.delete_tree`), in one transaction: however many
    articles it holds, no statement outgrows the database's limit on parameters.
    """
    delete_tree(project)
