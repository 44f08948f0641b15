"""Writes for assignments: who is asked to annotate which article.

Managers assign chosen articles to chosen annotators, or top up every article matching a
filter to N annotators, balanced over the annotators with the least open work. Each
article's assignments are recorded in its history.
"""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction, Membership, Role
from annotator.annotations.models import AnnotationSet, Assignment, SetKind, SetStatus
from annotator.annotations.selectors import article_search
from annotator.core.errors import DomainError
from annotator.core.forms import is_record_id
from annotator.core.text import text_checked
from annotator.corpus.models import Article, ArticleStatus

FILTER_KEYS = {"status", "search", "assignee", "unassigned"}
MAX_PER_ARTICLE = 20


def _members(*, project, users: list | None) -> list:
    """The users named (ids or usernames) who are members of the project; all annotators when None."""
    if users is None:
        ids = Membership.objects.filter(project=project, role=Role.ANNOTATOR).values_list("user_id", flat=True)
        return list(get_user_model().objects.filter(pk__in=ids).order_by("username"))
    if not isinstance(users, list) or not users:
        raise DomainError("users must be a non-empty list of user ids or usernames.")
    ids = [u for u in users if is_record_id(u)]
    names = [u for u in users if isinstance(u, str)]
    if len(ids) + len(names) != len(users):
        raise DomainError("users must be user ids (numbers) or usernames (strings).")
    members = list(
        get_user_model()
        .objects.filter(memberships__project=project)
        .filter(Q(pk__in=ids) | Q(username__in=names))
        .distinct()
    )
    known = {m.pk for m in members} | {m.username for m in members}
    missing = [str(u) for u in users if u not in known]
    if missing:
        raise DomainError(f"Not members of this project: {', '.join(missing)}.", details={"users": missing})
    return sorted(members, key=lambda m: m.username)


def articles_matching(*, project, spec: object) -> list[int]:
    """Ids of the project's articles matching a filter `{"status", "search", "assignee", "unassigned"}`."""
    if not isinstance(spec, dict):
        raise DomainError('filter must be an object, e.g. {"status": "proposed"}.')
    unknown = set(spec) - FILTER_KEYS
    if unknown:
        raise DomainError(f"Unknown filter key(s) {', '.join(sorted(unknown))}; use {', '.join(sorted(FILTER_KEYS))}.")
    status = spec.get("status") or ""
    if status and status not in ArticleStatus.values:
        raise DomainError(f"status must be one of {', '.join(ArticleStatus.values)}.")
    search = spec.get("search") or ""
    if not isinstance(search, str):
        raise DomainError("search must be a string.")
    qs = article_search(project=project, search=text_checked(search.strip(), field="search"), status=status)
    if assignee := spec.get("assignee"):
        qs = qs.filter(assignments__user__username=str(assignee))
    if spec.get("unassigned"):
        qs = qs.filter(assignments__isnull=True)
    return list(qs.order_by("created_at", "pk").values_list("pk", flat=True).distinct())


def _check_article_ids(*, project, article_ids: object) -> list[int]:
    if not isinstance(article_ids, list) or not all(is_record_id(i) for i in article_ids):
        raise DomainError("article_ids must be a list of article ids.")
    found = set(Article.objects.filter(project=project, pk__in=article_ids).values_list("pk", flat=True))
    missing = [i for i in article_ids if i not in found]
    if missing:
        raise DomainError(f"Not articles of this project: {', '.join(map(str, missing))}.")
    return list(dict.fromkeys(article_ids))


@transaction.atomic
def assignments_create(
    *,
    project,
    by,
    article_ids: object = None,
    users: object = None,
    filter: object = None,
    per_article: object = None,
) -> int:
    """Assign articles; returns how many assignments were made (existing ones are kept).

    Either `article_ids` and `users`: each user gets each article. Or `filter` (and
    optionally `users`, the pool; by default every annotator of the project) with
    `per_article`: each matching article gets annotators until it has `per_article`
    people assigned or submitted, choosing those with the fewest open assignments first.
    """
    if filter is not None:
        if isinstance(per_article, bool) or not isinstance(per_article, int) or not 1 <= per_article <= MAX_PER_ARTICLE:
            raise DomainError(f"per_article must be a whole number from 1 to {MAX_PER_ARTICLE}.")
        ids = articles_matching(project=project, spec=filter)
        pool = _members(project=project, users=users)
        if not pool:
            raise DomainError("The project has no annotators to assign; add members first.")
        plan = _balanced_plan(article_ids=ids, pool=pool, per_article=per_article)
    else:
        if article_ids is None or users is None:
            raise DomainError('Send {"article_ids": [...], "users": [...]} or {"filter": {...}, "per_article": N}.')
        ids = _check_article_ids(project=project, article_ids=article_ids)
        people = _members(project=project, users=users)
        existing = set(Assignment.objects.filter(article_id__in=ids).values_list("article_id", "user_id"))
        plan = {a: [u for u in people if (a, u.pk) not in existing] for a in ids}
    rows = [Assignment(article_id=a, user=u, assigned_by=by) for a, chosen in plan.items() for u in chosen]
    Assignment.objects.bulk_create(rows, ignore_conflicts=True)
    for article_id, chosen in plan.items():
        if chosen:
            event_record(
                EventAction.ASSIGNMENT_CREATE,
                project=project,
                article_id=article_id,
                actor=by,
                object_id=article_id,
                after={"users": [u.username for u in chosen]},
            )
    return len(rows)


def _balanced_plan(*, article_ids: list[int], pool: list, per_article: int) -> dict[int, list]:
    """For each article, the pool members to add so it reaches `per_article` people."""
    involved: dict[int, set[int]] = {a: set() for a in article_ids}
    for article_id, user_id in Assignment.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "user_id"
    ):
        involved[article_id].add(user_id)
    for article_id, owner_id in AnnotationSet.objects.filter(
        article_id__in=article_ids, kind=SetKind.HUMAN, status=SetStatus.SUBMITTED
    ).values_list("article_id", "owner_id"):
        involved[article_id].add(owner_id)
    # Open work per annotator: assignments of articles they have not submitted yet.
    load = Counter(
        Assignment.objects.filter(user__in=pool)
        .exclude(article__status=ArticleStatus.GOLD)
        .values_list("user_id", flat=True)
    )
    plan: dict[int, list] = {}
    for article_id in article_ids:
        needed = per_article - len(involved[article_id])
        candidates = sorted(
            (u for u in pool if u.pk not in involved[article_id]), key=lambda u: (load[u.pk], u.username)
        )
        plan[article_id] = candidates[: max(0, needed)]
        for user in plan[article_id]:
            load[user.pk] += 1
    return plan


@transaction.atomic
def assignments_delete(*, project, by, article_ids: object = None, users: object = None, filter: object = None) -> int:
    """Remove assignments of the given (or matching) articles, for `users` or for everyone."""
    if filter is not None:
        ids = articles_matching(project=project, spec=filter)
    elif article_ids is not None:
        ids = _check_article_ids(project=project, article_ids=article_ids)
    else:
        raise DomainError('Send {"article_ids": [...]} or {"filter": {...}}, and "users" to remove only theirs.')
    qs = Assignment.objects.filter(article_id__in=ids, article__project=project)
    if users is not None:
        qs = qs.filter(user__in=_members(project=project, users=users))
    removed: dict[int, list[str]] = {}
    for article_id, username in qs.values_list("article_id", "user__username"):
        removed.setdefault(article_id, []).append(username)
    count, _ = qs.delete()
    for article_id, names in removed.items():
        event_record(
            EventAction.ASSIGNMENT_DELETE,
            project=project,
            article_id=article_id,
            actor=by,
            object_id=article_id,
            before={"users": sorted(names)},
        )
    return count
