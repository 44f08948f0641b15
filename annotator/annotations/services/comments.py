"""Writes for comments and flags on articles and quotes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction
from annotator.annotations.models import Comment, CommentKind, Quote
from annotator.core.errors import DomainError
from annotator.core.text import text_checked
from annotator.corpus.models import Article

# What members may write themselves; "sent back" comes only with a reviewer's send-back.
MEMBER_KINDS = (CommentKind.COMMENT, CommentKind.UNCLEAR, CommentKind.SKIP)
MAX_BODY = 5000


@transaction.atomic
def comment_create(
    *, article: Article, author, body: object, kind: object = CommentKind.COMMENT, quote_id=None
) -> Comment:
    """A comment on the article (or one of its quotes), a flag "unclear", or a skip with its reason.

    A skip takes the article out of the author's queue; flags stay open until a reviewer
    resolves them.
    """
    if kind not in MEMBER_KINDS:
        raise DomainError(f"kind must be one of {', '.join(MEMBER_KINDS)}.")
    body = text_checked(body.strip(), field="The comment") if isinstance(body, str) else ""
    if not body:
        raise DomainError("Write something: a comment, or the reason for the flag or the skip.")
    if len(body) > MAX_BODY:
        raise DomainError(f"A comment can have at most {MAX_BODY:,} characters.")
    quote = None
    if quote_id is not None:
        quote = (
            Quote.objects.filter(pk=quote_id, annotation_set__article=article).first()
            if isinstance(quote_id, int)
            else None
        )
        if quote is None:
            raise DomainError("quote_id: no such quote in this article.")
    comment = Comment.objects.create(article=article, author=author, kind=kind, body=body, quote=quote)
    event_record(
        EventAction.COMMENT_CREATE,
        project_id=article.project_id,
        article_id=article.pk,
        actor=author,
        object_id=comment.pk,
        after={"kind": kind, "quote": quote.pk if quote else None},
    )
    return comment


@transaction.atomic
def comment_resolve(*, comment: Comment, by) -> Comment:
    """Close a flag (unclear, skip): the reviewer has dealt with it."""
    if comment.kind not in (CommentKind.UNCLEAR, CommentKind.SKIP):
        raise DomainError("Only flags and skips can be resolved.")
    if comment.resolved_at is None:
        comment.resolved_at, comment.resolved_by = timezone.now(), by
        comment.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
        event_record(
            EventAction.COMMENT_RESOLVE,
            project_id=comment.article.project_id,
            article_id=comment.article_id,
            actor=by,
            object_id=comment.pk,
        )
    return comment
