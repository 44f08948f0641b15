"""Reads for annotation sets, quotes and speakers."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from annotator.annotations.interchange import quote_to_dict
from annotator.annotations.models import AnnotationSet, Quote, Speaker


def speaker_list(*, project, search: str = "") -> QuerySet[Speaker]:
    qs = Speaker.objects.filter(project=project).annotate(quote_count=Count("quotes")).order_by(
        "-created_at", "-id"
    )
    if search:
        qs = qs.filter(name__icontains=search) | qs.filter(aliases__icontains=search)
    return qs.order_by("name")


def annotation_set_list(*, article) -> QuerySet[AnnotationSet]:
    return AnnotationSet.objects.filter(article=article).select_related("owner").annotate(quote_count=Count("quotes")).order_by(
        "-created_at", "-id"
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
