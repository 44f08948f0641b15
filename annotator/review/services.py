"""Writes for review: adjudicate annotators' work into the article's gold version."""

from __future__ import annotations

from django.db import transaction

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction
from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind, SetStatus
from annotator.annotations.services.annotation import quote_copy
from annotator.core.errors import ConflictError, DomainError
from annotator.corpus.models import Article
from annotator.corpus.services import ArticleMove, article_status_move


@transaction.atomic
def gold_adopt(*, article: Article, source: AnnotationSet, reviewer, version: int | None = None) -> AnnotationSet:
    """Make a submitted (or imported) set the article's gold version.

    The gold set is created on first use and replaced on later adoptions (its `version`
    increases; naming an older `version` is a conflict). Rejected quotes are left out;
    every gold quote remembers the quote it came from. The article becomes "gold".
    """
    if source.article_id != article.pk:
        raise DomainError("That annotation set belongs to another article.")
    if not (source.kind == SetKind.IMPORTED or (source.kind == SetKind.HUMAN and source.status == SetStatus.SUBMITTED)):
        raise DomainError("Only a submitted annotator set or an imported set can become gold.")
    gold = AnnotationSet.objects.select_for_update().filter(article=article, kind=SetKind.GOLD).first()
    before = None
    if gold is None:
        gold = AnnotationSet.objects.create(
            article=article, kind=SetKind.GOLD, owner=reviewer, status=SetStatus.SUBMITTED, based_on=source
        )
    else:
        if version is not None and int(version) != gold.version:
            raise ConflictError(
                f"The gold version changed meanwhile (you saw version {version}, it is now {gold.version}). Reload."
            )
        before = {"version": gold.version, "based_on": gold.based_on_id, "quotes": gold.quotes.count()}
        gold.quotes.all().delete()
        gold.version += 1
        gold.owner, gold.based_on = reviewer, source
        gold.save(update_fields=["version", "owner", "based_on", "updated_at"])
    copies = [
        quote_copy(q, into=gold, status=QuoteStatus.ACCEPTED if q.status == QuoteStatus.PROPOSED else q.status)
        for q in source.quotes.exclude(status=QuoteStatus.REJECTED).order_by("start", "end")
    ]
    Quote.objects.bulk_create(copies)
    article_status_move(article=article, move=ArticleMove.MAKE_GOLD, actor=reviewer)
    event_record(
        EventAction.GOLD_ADOPT,
        project_id=article.project_id,
        article_id=article.pk,
        actor=reviewer,
        object_id=gold.pk,
        before=before,
        after={"version": gold.version, "based_on": source.pk, "quotes": len(copies)},
    )
    return gold
