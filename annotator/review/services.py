"""Writes for review: curate annotators' work into the article's gold version, send work back.

The gold set is versioned like an annotator's set: every write names the version it was
based on (0 before the first), a stale one is a conflict (409), and each version is kept
as a `GoldVersion` so it can be read again. Unreviewed proposals never become gold
without an explicit choice: adopting a set leaves them out, and a gold save refuses them.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction
from annotator.annotations.models import (
    AnnotationSet,
    Comment,
    CommentKind,
    GoldVersion,
    Quote,
    QuoteStatus,
    SetKind,
    SetStatus,
)
from annotator.annotations.selectors import annotation_set_quotes
from annotator.annotations.services.annotation import (
    article_disagreement_refresh,
    new_quote_status,
    quote_copy,
    quote_records_validate,
    quotes_write,
)
from annotator.core.errors import ConflictError, DomainError
from annotator.core.text import text_checked
from annotator.corpus.models import Article
from annotator.corpus.services import ArticleMove, article_status_move
from annotator.proposer.services import proposer_retrain_if_due

# Statuses a gold quote may have: a person decided on each of them.
GOLD_STATUSES = (QuoteStatus.ACCEPTED, QuoteStatus.EDITED, QuoteStatus.ADDED)


def _as_version(value: object) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError("version must be the whole number of the gold version you edited (0 before the first).")
    return value


def _gold_for_update(*, article: Article, version: object, reviewer) -> tuple[AnnotationSet, int]:
    """The article's gold set, locked, checked against `version`; created at version 0."""
    expected = _as_version(version)
    gold = AnnotationSet.objects.select_for_update().filter(article=article, kind=SetKind.GOLD).first()
    current = gold.version if gold else 0
    if expected != current:
        raise ConflictError(
            f"The gold version changed meanwhile (you edited version {expected}, it is now {current}). "
            "Reload to see it; nothing was overwritten.",
            details={"current_version": current},
        )
    if gold is None:
        gold = AnnotationSet.objects.create(
            article=article, kind=SetKind.GOLD, owner=reviewer, status=SetStatus.SUBMITTED, version=0
        )
    return gold, current


def _finish_gold(*, gold: AnnotationSet, article: Article, reviewer, before: int, action: EventAction, after: dict):
    """Bump the version, keep the snapshot, move the article to gold, record the event."""
    guidelines = article.project.guidelines_version
    AnnotationSet.objects.filter(pk=gold.pk).update(
        version=F("version") + 1, owner=reviewer, guidelines_version=guidelines, updated_at=timezone.now()
    )
    gold.refresh_from_db()
    records = annotation_set_quotes(annotation_set=gold, text=article.text)
    for record in records:
        record.pop("id", None)
    GoldVersion.objects.create(
        article=article, version=gold.version, quotes=records, saved_by=reviewer, guidelines_version=guidelines
    )
    article_status_move(article=article, move=ArticleMove.MAKE_GOLD, actor=reviewer)
    event_record(
        action,
        project_id=article.project_id,
        article_id=article.pk,
        actor=reviewer,
        object_id=gold.pk,
        before={"version": before},
        after={"version": gold.version, "quotes": len(records), **after},
    )
    # Retraining as the gold grows: checked once the gold is saved; `robust` so that a
    # failure there is logged, never turned into an error of the reviewer's save.
    transaction.on_commit(partial(proposer_retrain_if_due, project_id=article.project_id), robust=True)


@transaction.atomic
def gold_adopt(*, article: Article, source: AnnotationSet, reviewer, version: object = None) -> AnnotationSet:
    """Take a whole submitted (or imported) set as the article's new gold version.

    Rejected quotes and unreviewed proposals are left out (the event says how many
    proposals were); every gold quote remembers the quote it came from. Without `version`
    the current one is assumed, for a reviewer adopting on a page they just loaded.
    """
    if source.article_id != article.pk:
        raise DomainError("That annotation set belongs to another article.")
    if not (source.kind == SetKind.IMPORTED or (source.kind == SetKind.HUMAN and source.status == SetStatus.SUBMITTED)):
        raise DomainError("Only a submitted annotator set or an imported set can become gold.")
    if version is None:
        current = AnnotationSet.objects.filter(article=article, kind=SetKind.GOLD).values_list("version", flat=True)
        version = current.first() or 0
    gold, before = _gold_for_update(article=article, version=version, reviewer=reviewer)
    gold.quotes.all().delete()
    AnnotationSet.objects.filter(pk=gold.pk).update(based_on=source)
    chosen = source.quotes.filter(status__in=GOLD_STATUSES).order_by("start", "end", "id")
    Quote.objects.bulk_create([quote_copy(q, into=gold, status=q.status) for q in chosen])
    left_out = source.quotes.filter(status=QuoteStatus.PROPOSED).count()
    _finish_gold(
        gold=gold,
        article=article,
        reviewer=reviewer,
        before=before,
        action=EventAction.GOLD_ADOPT,
        after={"based_on": source.pk, "unreviewed_left_out": left_out},
    )
    gold.unreviewed_left_out = left_out
    return gold


@transaction.atomic
def gold_save(*, article: Article, version: object, quotes: object, reviewer) -> AnnotationSet:
    """Replace the article's gold quotes with `quotes` (the curation page's save).

    The records are validated like an annotator's (`quote_records_validate`), and each
    must have been decided on: status accepted, edited or added (a record without a status
    is a quote the reviewer wrote: added, as `PUT .../annotation/` takes it), never an
    unreviewed proposal or a rejected quote.
    """
    records = quote_records_validate(records=quotes, text=article.text, project=article.project)
    undecided = [
        f"quote {n}: status {p.draft.status!r}; take it as accepted or edited, or leave it out"
        for n, p in enumerate(records, start=1)
        if new_quote_status(p.draft) not in GOLD_STATUSES
    ]
    if undecided:
        raise DomainError(
            "Gold quotes must be decided on: "
            + (undecided[0] if len(undecided) == 1 else f"{undecided[0]} (and {len(undecided) - 1} more)"),
            details=undecided,
        )
    gold, before = _gold_for_update(article=article, version=version, reviewer=reviewer)
    for p in records:
        p.draft.id = None  # ids name the source quotes; the gold set's quotes are its own
    gold.quotes.all().delete()
    quotes_write(annotation_set=gold, prepared=records, delete_missing=True, delete_ids=[])
    _finish_gold(gold=gold, article=article, reviewer=reviewer, before=before, action=EventAction.GOLD_SAVE, after={})
    return gold


@transaction.atomic
def annotation_send_back(*, annotation_set: AnnotationSet, reviewer, comment: str) -> AnnotationSet:
    """Return a submitted annotator set to draft, with the reviewer's reason as a comment.

    The annotator can change it again; an article that counted as annotated needs work
    again ("in progress").
    """
    comment = text_checked((comment or "").strip(), field="The reason")
    if not comment:
        raise DomainError("Say why the annotation goes back, so the annotator knows what to change.")
    if annotation_set.kind != SetKind.HUMAN or annotation_set.status != SetStatus.SUBMITTED:
        raise DomainError("Only a submitted annotator set can be sent back.")
    AnnotationSet.objects.filter(pk=annotation_set.pk).update(
        status=SetStatus.DRAFT, submitted_at=None, version=F("version") + 1, updated_at=timezone.now()
    )
    annotation_set.refresh_from_db()
    article = annotation_set.article
    note = Comment.objects.create(article=article, author=reviewer, kind=CommentKind.SENT_BACK, body=comment)
    article_status_move(article=article, move=ArticleMove.REOPEN, actor=reviewer)
    article_disagreement_refresh(article=article)
    event_record(
        EventAction.ANNOTATION_SEND_BACK,
        project_id=article.project_id,
        article_id=article.pk,
        actor=reviewer,
        object_id=annotation_set.pk,
        before={"status": SetStatus.SUBMITTED},
        after={
            "status": SetStatus.DRAFT,
            "owner": annotation_set.owner.get_username() if annotation_set.owner else None,
            # Which comment says why: the annotator may read it even in a blind project.
            "comment": note.pk,
        },
    )
    return annotation_set
