"""Writes for articles: the workflow status, moved only through `article_status_advance`."""

from __future__ import annotations

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction
from annotator.corpus.models import Article, ArticleStatus

S = ArticleStatus
# The workflow only moves forward: which statuses an article may move to from each one.
# Moves not listed (a second submission of an annotated article, a proposer re-run on an
# article in progress) leave the status as it is.
ARTICLE_TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.PROPOSED, S.IN_PROGRESS, S.ANNOTATED, S.GOLD}),
    S.PROPOSED: frozenset({S.IN_PROGRESS, S.ANNOTATED, S.GOLD}),
    S.IN_PROGRESS: frozenset({S.ANNOTATED, S.GOLD}),
    S.ANNOTATED: frozenset({S.GOLD}),
    S.GOLD: frozenset(),
}


def article_status_advance(*, article: Article, to: str, actor=None) -> bool:
    """Move the article to status `to` if the workflow allows it from its stored status.

    One conditional UPDATE, so two requests racing cannot move it backwards. Returns
    whether it moved; `article.status` is updated to match and the move is in the
    article's history.
    """
    if to not in ARTICLE_TRANSITIONS:
        raise ValueError(f"unknown article status {to!r}")
    sources = [status for status, targets in ARTICLE_TRANSITIONS.items() if to in targets]
    moved = Article.objects.filter(pk=article.pk, status__in=sources).update(status=to)
    if moved:
        before, article.status = article.status, to
        event_record(
            EventAction.ARTICLE_STATUS,
            project_id=article.project_id,
            article_id=article.pk,
            actor=actor,
            object_id=article.pk,
            before={"status": before},
            after={"status": to},
        )
    return bool(moved)
