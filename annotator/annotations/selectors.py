"""Reads for annotation sets, quotes and speakers."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from annotator.accounts.events import OBJECT_TYPES
from annotator.accounts.models import Event, EventAction, QueueOrder, Role, role_at_least
from annotator.annotations.models import (
    AnnotationSet,
    Assignment,
    Comment,
    CommentKind,
    GoldVersion,
    Quote,
    QuoteStatus,
    SetKind,
    SetStatus,
    Speaker,
)
from annotator.core.text import search_text
from annotator.corpus.models import Article, ArticleStatus
from annotator.corpus.search import article_ids_match
from annotator.corpus.selectors import article_list
from annotator.interchange.alignment import agreement, align
from annotator.interchange.quotes import quote_to_dict

# What a quote record needs for matching and agreement, read straight from the table.
QUOTE_VALUE_FIELDS = (
    "id",
    "start",
    "end",
    "fragments",
    "kind",
    "cue_start",
    "cue_end",
    "speaker_start",
    "speaker_end",
    "speaker_id",
    "speaker_type",
)


def quote_values(queryset) -> list[dict]:
    """Quote records (`QUOTE_VALUE_FIELDS`, `annotation_set_id`, `speaker_entity`) of a quote queryset."""
    return list(
        queryset.order_by("start", "end", "id").values(
            *QUOTE_VALUE_FIELDS, "annotation_set_id", speaker_entity=F("speaker__name")
        )
    )


def submitted_quote_sets(*, article) -> list[list[dict]]:
    """The unrejected quotes (`quote_values`) of each submitted annotator set of the article, in set order."""
    sets = list(
        AnnotationSet.objects.filter(article=article, kind=SetKind.HUMAN, status=SetStatus.SUBMITTED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    by_set: dict[int, list[dict]] = {pk: [] for pk in sets}
    for q in quote_values(Quote.objects.filter(annotation_set_id__in=sets).exclude(status=QuoteStatus.REJECTED)):
        by_set[q["annotation_set_id"]].append(q)
    return list(by_set.values())


def speaker_list(*, project, search: str = "") -> QuerySet[Speaker]:
    qs = Speaker.objects.filter(project=project).annotate(quote_count=Count("quotes")).order_by("-created_at", "-id")
    search = search_text(search)
    if search:
        qs = qs.filter(name__icontains=search) | qs.filter(aliases__icontains=search)
    return qs.order_by("name")


def speaker_with_quote_count(*, pk: int) -> Speaker:
    """One speaker with `quote_count`, as the registry lists it (the API's answer after a change)."""
    return Speaker.objects.annotate(quote_count=Count("quotes")).get(pk=pk)


# --- Articles as annotators see them -----------------------------------------------------


def article_search(*, project, search: str = "", status: str = "", user=None, assigned_to_me: bool = False):
    """A project's articles, filtered; `search` also matches the names of quoted speakers."""
    search = search_text(search)
    # The registry is small: its matching speakers are read first, as a list, and only
    # when there are some do the articles quoting them widen the search (through the quotes'
    # speaker index). Left as a subquery, SQLite read that branch from the other end, every
    # annotation set of the database and each one's quotes, for any word, even one no
    # speaker's name holds: the list page's `?q=said` cost twice as much at 8,000 articles
    # as at 1,000 (91 -> 194 ms), the API's `?search=` five times (47 -> 242 ms).
    speakers = (
        list(Speaker.objects.filter(project=project, name__icontains=search).values_list("pk", flat=True))
        if search
        else []
    )
    quoting = Quote.objects.filter(speaker__in=speakers).values("annotation_set__article")
    extra = article_ids_match(quoting) if speakers else None
    qs = article_list(project=project, search=search, status=status, extra_search=extra)
    if assigned_to_me and user is not None:
        qs = qs.filter(assignments__user=user)
    return qs


def article_list_with_counts(*, user=None, **filters) -> QuerySet[Article]:
    """`article_search` with `proposed_count` (quotes in the latest machine set) and, for
    `user`, `accepted_count` (quotes they confirmed in their own set), both from `annotate()`."""
    qs = article_search(user=user, **filters)
    # Only the latest machine set counts: a re-run adds a set, it does not add proposals.
    latest_machine = (
        AnnotationSet.objects.filter(article=OuterRef(OuterRef("pk")), kind=SetKind.MACHINE)
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    proposed = (
        Quote.objects.filter(annotation_set=Subquery(latest_machine))
        .order_by()
        .values("annotation_set")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = qs.annotate(proposed_count=Coalesce(Subquery(proposed), 0))
    if user is not None:
        # A subquery, not a join with GROUP BY: without the join PostgreSQL sorts and cuts the
        # page first and counts for those 25 rows only (a join counted every quote of the
        # project before the LIMIT: 70 ms for 500 articles, the list's cost under load).
        accepted = (
            Quote.objects.filter(
                annotation_set__article=OuterRef("pk"),
                annotation_set__kind=SetKind.HUMAN,
                annotation_set__owner=user,
                status__in=[QuoteStatus.ACCEPTED, QuoteStatus.EDITED, QuoteStatus.ADDED],
            )
            .order_by()
            .values("annotation_set__article")
            .annotate(n=Count("pk"))
            .values("n")
        )
        qs = qs.annotate(accepted_count=Coalesce(Subquery(accepted), 0))
    return qs.order_by("-created_at", "-id")


def latest_set(*, article: Article, kind: str) -> AnnotationSet | None:
    return AnnotationSet.objects.filter(article=article, kind=kind).order_by("-created_at", "-id").first()


def latest_proposals(*, article: Article) -> AnnotationSet | None:
    """The set an annotator starts from: the latest machine set, else the latest imported one."""
    return latest_set(article=article, kind=SetKind.MACHINE) or latest_set(article=article, kind=SetKind.IMPORTED)


# --- Annotation sets ---------------------------------------------------------------------


def sees_others_work(*, article: Article, user, role: str | None) -> bool:
    """Blind annotation's one rule: may this member see other annotators' work on the article?

    Reviewers and managers always may; annotators when the project is not blind, or once
    they have submitted the article themselves.
    """
    if role_at_least(role, Role.REVIEWER) or not article.project.blind_annotation:
        return True
    return AnnotationSet.objects.filter(
        article=article, kind=SetKind.HUMAN, owner=user, status=SetStatus.SUBMITTED
    ).exists()


def annotation_sets_visible(*, article: Article, user, role: str | None) -> QuerySet[AnnotationSet]:
    """The article's sets this member may see: all, or (blind) the proposals and their own."""
    qs = annotation_set_list(article=article)
    if not sees_others_work(article=article, user=user, role=role):
        qs = qs.filter(Q(kind=SetKind.MACHINE) | Q(kind=SetKind.HUMAN, owner=user))
    return qs


def comments_visible(*, article: Article, user, role: str | None) -> QuerySet[Comment]:
    """The article's comments and flags this member may read (blind: only their own, and
    the reviewer's reasons for sending their own set back)."""
    qs = Comment.objects.filter(article=article).select_related("author", "resolved_by", "quote")
    if not sees_others_work(article=article, user=user, role=role):
        own_sets = AnnotationSet.objects.filter(article=article, kind=SetKind.HUMAN, owner=user).values_list(
            "pk", flat=True
        )
        reasons = Event.objects.filter(
            action=EventAction.ANNOTATION_SEND_BACK,
            object_type=OBJECT_TYPES[EventAction.ANNOTATION_SEND_BACK],
            object_id__in=[str(pk) for pk in own_sets],
        ).values_list("after__comment", flat=True)
        addressed = [pk for pk in reasons if isinstance(pk, int)]
        qs = qs.filter(Q(author=user) | Q(kind=CommentKind.SENT_BACK, pk__in=addressed))
    return qs.order_by("created_at", "id")


def article_history(*, article: Article, user, role: str | None) -> QuerySet[Event]:
    """Every event on the article, its sets, quotes and comments, and on the speakers its
    quotes name; newest first. Blind: an annotator who has not submitted sees only their
    own events and the system's."""
    speakers = Quote.objects.filter(annotation_set__article=article, speaker__isnull=False).values("speaker_id")
    qs = Event.objects.filter(
        Q(article_id=article.pk)
        | Q(
            object_type=OBJECT_TYPES[EventAction.SPEAKER_UPDATE],
            object_id__in=[str(pk) for pk in speakers.distinct().values_list("speaker_id", flat=True)],
        )
    ).select_related("actor")
    if not sees_others_work(article=article, user=user, role=role):
        qs = qs.filter(Q(actor=user) | Q(actor__isnull=True))
    return qs.order_by("-created_at", "-id")


def annotation_set_list(*, article) -> QuerySet[AnnotationSet]:
    return (
        AnnotationSet.objects.filter(article=article)
        .select_related("owner")
        .annotate(quote_count=Count("quotes"))
        .order_by("-created_at", "-id")
    )


def quote_as_interchange(quote: Quote, text: str) -> dict:
    """A stored quote in the interchange format, plus its `id` and `status`."""
    record = quote_to_dict(
        text=text,
        fragments=quote.fragments or [[quote.start, quote.end]],
        kind=quote.kind,
        cue=(quote.cue_start, quote.cue_end) if quote.cue_start is not None else None,
        speaker=(quote.speaker_start, quote.speaker_end) if quote.speaker_start is not None else None,
        speaker_entity=quote.speaker.name if quote.speaker_id else None,
        speaker_type=quote.speaker_type,
        confidence=quote.confidence,
        metadata=quote.metadata,
    )
    record["id"] = quote.pk
    record["status"] = quote.status
    return record


def annotation_set_quotes(*, annotation_set: AnnotationSet, text: str) -> list[dict]:
    quotes = annotation_set.quotes.select_related("speaker").order_by("start", "end", "id")
    return [quote_as_interchange(q, text) for q in quotes]


# --- The editor ------------------------------------------------------------------------


def annotation_set_for_user(*, article, user) -> AnnotationSet | None:
    """The user's own (human) set of the article, if they have opened it before."""
    return AnnotationSet.objects.filter(article=article, kind=SetKind.HUMAN, owner=user).first()


def editor_quote(quote: Quote, text: str) -> dict:
    """A quote for the editor and the annotation API: interchange format + `id`, `status`, `speaker_id`."""
    record = quote_as_interchange(quote, text)
    record["speaker_id"] = quote.speaker_id
    return record


def annotation_payload(*, annotation_set: AnnotationSet, text: str) -> dict:
    """`{"version", "status", "quotes"}`: the body of `GET /api/articles/{id}/annotation/`."""
    quotes = annotation_set.quotes.select_related("speaker").order_by("start", "end", "id")
    return {
        "id": annotation_set.pk,
        "version": annotation_set.version,
        "status": annotation_set.status,
        "submitted_at": annotation_set.submitted_at.isoformat() if annotation_set.submitted_at else None,
        "quotes": [editor_quote(q, text) for q in quotes],
    }


def annotation_sent_back(*, annotation_set: AnnotationSet) -> dict | None:
    """`{"at", "comment"}` for the last time a reviewer sent this set back, or None.

    `comment` is the id of the "sent back" comment with the reason (None for events older
    than that link); the editor finds it in the comments API.
    """
    event = (
        Event.objects.filter(
            action=EventAction.ANNOTATION_SEND_BACK,
            object_type=OBJECT_TYPES[EventAction.ANNOTATION_SEND_BACK],
            object_id=str(annotation_set.pk),
        )
        .order_by("-created_at", "-id")
        .values("created_at", "after")
        .first()
    )
    if event is None:
        return None
    return {"at": event["created_at"].isoformat(), "comment": (event["after"] or {}).get("comment")}


def speaker_choices(*, project) -> list[dict]:
    """Every speaker of the project as `{"id", "name", "aliases"}`, for the editor's type-ahead."""
    return [
        {"id": pk, "name": name, "aliases": aliases}
        for pk, name, aliases in Speaker.objects.filter(project=project)
        .order_by("name")
        .values_list("id", "name", "aliases")
    ]


def speaker_registry(*, project, search: str = "") -> QuerySet[Speaker]:
    """The registry page: speakers with `quote_count` (human and gold quotes, not rejected)
    and `proposal_count` (machine proposals)."""
    qs = Speaker.objects.filter(project=project)
    search = search_text(search)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(aliases__icontains=search))
    return qs.annotate(
        quote_count=Count(
            "quotes",
            filter=Q(quotes__annotation_set__kind__in=[SetKind.HUMAN, SetKind.GOLD, SetKind.IMPORTED])
            & ~Q(quotes__status=QuoteStatus.REJECTED),
        ),
        proposal_count=Count("quotes", filter=Q(quotes__annotation_set__kind=SetKind.MACHINE)),
    ).order_by("name")


def count_of(qs: QuerySet, field: str = "article") -> Coalesce:
    """A correlated subquery counting the rows of `qs` (already filtered on OuterRef)."""
    return Coalesce(Subquery(qs.order_by().values(field).annotate(n=Count("pk")).values("n")[:1]), 0)


def article_next_for_user(*, project, user, after: int | None = None):
    """The next article for this user to annotate, or None (the queue is empty).

    Never an article the user submitted or skipped, nor a gold one. First the articles
    assigned to the user, then those the user has started, then, when the project allows
    self-service, articles that still need annotators: fewer people have submitted or are
    assigned than `annotators_per_article`. Within each of these, in the project's
    `queue_order` (`queue_order_by`); `after` skips the article being left.
    """
    mine = AnnotationSet.objects.filter(article=OuterRef("pk"), kind=SetKind.HUMAN, owner=user)
    skipped = Comment.objects.filter(
        article=OuterRef("pk"), author=user, kind=CommentKind.SKIP, resolved_at__isnull=True
    )
    submitted_by_others = AnnotationSet.objects.filter(
        article=OuterRef("pk"), kind=SetKind.HUMAN, status=SetStatus.SUBMITTED
    ).exclude(owner=user)
    others_still_assigned = (
        Assignment.objects.filter(article=OuterRef("pk"))
        .exclude(user=user)
        .exclude(
            Exists(
                AnnotationSet.objects.filter(
                    article=OuterRef("article"), owner=OuterRef("user"), kind=SetKind.HUMAN, status=SetStatus.SUBMITTED
                )
            )
        )
    )
    qs = (
        Article.objects.filter(project=project)
        .exclude(status=ArticleStatus.GOLD)
        .exclude(Exists(mine.filter(status=SetStatus.SUBMITTED)))
        .exclude(Exists(skipped))
        .annotate(
            assigned=Exists(Assignment.objects.filter(article=OuterRef("pk"), user=user)),
            started=Exists(mine),
        )
        .annotate(
            rank=Case(
                When(assigned=True, then=Value(0)),
                When(started=True, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
    )
    open_to_all = Q(rank=2) & ~Q(status=ArticleStatus.ANNOTATED)
    if project.self_service:
        qs = qs.annotate(
            taken=count_of(submitted_by_others) + count_of(others_still_assigned),
        ).filter(Q(rank__lt=2) | (open_to_all & Q(taken__lt=project.annotators_per_article)))
    else:
        qs = qs.filter(rank__lt=2)
    if after is not None:
        qs = qs.exclude(pk=after)
    return qs.only("pk").order_by("rank", *queue_order_by(project.queue_order)).first()


# A fixed shuffle: Knuth's multiplicative hash of the id, the same on every database and for
# every annotator, so *Next article* does not jump about between two clicks.
_SHUFFLE = (F("pk") * 2654435761) % 4294967296


def queue_order_by(order: str) -> list:
    """`order_by` terms for a `QueueOrder` (unknown values read as the oldest first)."""
    if order == QueueOrder.NEWEST:
        return ["-created_at", "-pk"]
    if order == QueueOrder.RANDOM:
        return [_SHUFFLE.asc(), "pk"]
    if order == QueueOrder.UNCERTAINTY:
        # Unproposed articles (no figure) after the proposed ones, oldest first among equals.
        return [F("uncertainty").desc(nulls_last=True), "created_at", "pk"]
    return ["created_at", "pk"]


def gold_versions(*, article: Article) -> list[GoldVersion]:
    """Every saved gold version of the article, newest first."""
    return list(GoldVersion.objects.filter(article=article).select_related("saved_by").order_by("-version"))


def gold_comparison(*, text: str, old: list[dict], new: list[dict]) -> list[dict]:
    """Quote by quote, what changed from one gold version to another.

    Quotes are matched with curation's alignment; each row says `same`, `changed` (with
    the fields that differ), `removed` or `added`, in text order.
    """
    rows = []
    for group in align(text, [old, new]):
        before = [old[j] for s, j in group.members if s == 0]
        after = [new[j] for s, j in group.members if s == 1]
        if not after:
            status, fields = "removed", []
        elif not before:
            status, fields = "added", []
        else:
            agreed = agreement(text, group, [old, new], [0, 1])
            fields = [f for f, same in agreed.items() if not same]
            status = "changed" if fields else "same"
        rows.append({"status": status, "fields": fields, "before": before, "after": after})
    return rows


def project_annotators(*, project) -> list:
    """The project's members who annotate (every role may), by username, for assignment forms."""
    return list(
        get_user_model().objects.filter(memberships__project=project).order_by("username").only("pk", "username")
    )
