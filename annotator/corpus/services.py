"""Writes for articles: the workflow status, changed only through `article_status_move`."""

from __future__ import annotations

from enum import StrEnum

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction
from annotator.corpus.models import Article, ArticleStatus

S = ArticleStatus


class ArticleMove(StrEnum):
    """The things that happen to an article in the workflow."""

    PROPOSE = "propose"  # the proposer stored its first proposals
    START = "start"  # an annotator saved work
    COMPLETE = "complete"  # enough annotators submitted
    MAKE_GOLD = "make_gold"  # a reviewer saved the gold version
    REOPEN = "reopen"  # a reviewer sent a submitted set back, so it needs work again


# Each move: the statuses it applies to, and the status it leads to. From any other status
# the move changes nothing (a re-run of the proposer does not move an article in progress
# back to "proposed"; a second submission leaves an annotated article as it is).
ARTICLE_MOVES: dict[ArticleMove, tuple[frozenset[str], str]] = {
    ArticleMove.PROPOSE: (frozenset({S.NEW}), S.PROPOSED),
    ArticleMove.START: (frozenset({S.NEW, S.PROPOSED}), S.IN_PROGRESS),
    ArticleMove.COMPLETE: (frozenset({S.NEW, S.PROPOSED, S.IN_PROGRESS}), S.ANNOTATED),
    ArticleMove.MAKE_GOLD: (frozenset({S.NEW, S.PROPOSED, S.IN_PROGRESS, S.ANNOTATED}), S.GOLD),
    ArticleMove.REOPEN: (frozenset({S.ANNOTATED}), S.IN_PROGRESS),
}


def article_status_move(*, article: Article, move: ArticleMove, actor=None) -> bool:
    """Apply a workflow move to the article if its stored status allows it.

    One conditional UPDATE, so two requests racing cannot apply a move twice or from the
    wrong status. Returns whether the status changed; `article.status` is updated to
    match and the change is recorded in the article's history.
    """
    sources, target = ARTICLE_MOVES[move]
    moved = Article.objects.filter(pk=article.pk, status__in=sources).update(status=target)
    if moved:
        before, article.status = article.status, target
        event_record(
            EventAction.ARTICLE_STATUS,
            project_id=article.project_id,
            article_id=article.pk,
            actor=actor,
            object_id=article.pk,
            before={"status": before},
            after={"status": target, "move": move.value},
        )
    return bool(moved)
