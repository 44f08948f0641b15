"""The audit log's one writer: every service records what it did through `event_record`."""

from __future__ import annotations

from typing import Any

from annotator.accounts.models import Event, EventAction

# What kind of object each action is about; the log's `object_type` comes from here.
OBJECT_TYPES: dict[EventAction, str] = {
    EventAction.PROJECT_CREATE: "project",
    EventAction.PROJECT_UPDATE: "project",
    EventAction.GUIDELINES_UPDATE: "project",
    EventAction.MEMBER_ADD: "membership",
    EventAction.MEMBER_ROLE: "membership",
    EventAction.MEMBER_REMOVE: "membership",
    EventAction.ARTICLE_STATUS: "article",
    EventAction.ARTICLE_PROPOSE: "article",
    EventAction.ASSIGNMENT_CREATE: "assignment",
    EventAction.ASSIGNMENT_DELETE: "assignment",
    EventAction.ARTICLES_IMPORT: "file",
    EventAction.SPEAKER_CREATE: "speaker",
    EventAction.SPEAKER_UPDATE: "speaker",
    EventAction.SPEAKER_RENAME: "speaker",
    EventAction.SPEAKER_MERGE: "speaker",
    EventAction.SPEAKER_SPLIT: "speaker",
    EventAction.ANNOTATION_CREATE: "annotation_set",
    EventAction.ANNOTATION_SAVE: "annotation_set",
    EventAction.ANNOTATION_PATCH: "annotation_set",
    EventAction.ANNOTATION_SUBMIT: "annotation_set",
    EventAction.ANNOTATION_SEND_BACK: "annotation_set",
    EventAction.GOLD_ADOPT: "annotation_set",
    EventAction.GOLD_SAVE: "annotation_set",
    EventAction.COMMENT_CREATE: "comment",
    EventAction.COMMENT_RESOLVE: "comment",
    EventAction.RELEASE_CREATE: "release",
    EventAction.TOKEN_CREATE: "api_token",
    EventAction.TOKEN_REVOKE: "api_token",
}


def event_record(
    action: EventAction,
    *,
    project=None,
    project_id: int | None = None,
    article_id: int | None = None,
    actor=None,
    object_id: object,
    before: Any = None,
    after: Any = None,
) -> Event:
    """Append one event. `actor` may be anonymous or None (commands, workers).

    `article_id` files the event in that article's history.
    """
    if action not in OBJECT_TYPES:
        raise ValueError(f"{action!r} is not an audit action; add it to EventAction and OBJECT_TYPES")
    return Event.objects.create(
        project_id=project.pk if project is not None else project_id,
        article_id=article_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=OBJECT_TYPES[action],
        object_id=str(object_id)[:64],
        before=before,
        after=after,
    )


def event_exists(*actions: EventAction, object_id: object) -> bool:
    """Whether the object has any of these events (the object type follows from them)."""
    types = {OBJECT_TYPES[a] for a in actions}
    return Event.objects.filter(action__in=actions, object_type__in=types, object_id=str(object_id)).exists()
