"""Writes for annotation sets: open, save (optimistic locking), patch, submit.

Every quote that enters a set through the editor goes through
`annotator.interchange.quotes.parse_quote`, the validation the import uses, so the
API accepts exactly what a file import accepts. Saves use optimistic locking: the caller
names the version it edited, and a save based on any other version is a conflict
(`ConflictError`, HTTP 409), never a silent overwrite.

Speakers in quote records: `speaker_id` (an extra key, the id of a speaker of the
project's registry) wins when given; otherwise `speaker_entity` (a name) is matched
against the registry's names and aliases and a new speaker is created when nothing
matches. `speaker_type` "none" means "no speaker mention in the text".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from annotator.accounts.events import event_exists, event_record
from annotator.accounts.models import EventAction
from annotator.annotations.models import (
    AnnotationSet,
    Quote,
    QuoteStatus,
    SetKind,
    SetStatus,
    Speaker,
)
from annotator.annotations.selectors import latest_proposals, submitted_quote_sets
from annotator.annotations.speakers import SpeakerRegistry, _key
from annotator.core.errors import ConflictError, DomainError, PermissionDeniedError
from annotator.corpus.models import Article
from annotator.corpus.services import ArticleMove, article_status_move
from annotator.interchange.agreement import disagreement
from annotator.interchange.quotes import QuoteDraft, parse_quote, quote_span_fields

QUOTE_FIELDS = [
    "start",
    "end",
    "fragments",
    "kind",
    "cue_start",
    "cue_end",
    "speaker_start",
    "speaker_end",
    "speaker",
    "speaker_type",
    "confidence",
    "status",
    "metadata",
]


# --- Annotation sets -------------------------------------------------------------------


def quote_copy(quote: Quote, *, into: AnnotationSet, status: str) -> Quote:
    """An unsaved copy of a stored quote for another set, remembering where it came from.

    Used when an annotator's set starts from the proposals and when a reviewer adopts a
    set as gold. Uses `quote.speaker_id`, so it needs no query per quote.
    """
    fields = {name: getattr(quote, name) for name in QUOTE_FIELDS if name != "speaker"}
    fields["fragments"] = quote.fragments or [[quote.start, quote.end]]
    fields["status"] = status
    return Quote(annotation_set=into, proposal=quote, speaker_id=quote.speaker_id, **fields)


def _copy_proposals(*, source: AnnotationSet, into: AnnotationSet) -> None:
    Quote.objects.bulk_create(
        [quote_copy(q, into=into, status=QuoteStatus.PROPOSED) for q in source.quotes.order_by("start", "end", "id")],
        batch_size=500,
    )


def _ever_saved(annotation_set: AnnotationSet) -> bool:
    return event_exists(
        EventAction.ANNOTATION_SAVE,
        EventAction.ANNOTATION_PATCH,
        EventAction.ANNOTATION_SUBMIT,
        object_id=annotation_set.pk,
    )


@transaction.atomic
def annotation_set_get_or_create(*, article: Article, user) -> AnnotationSet:
    """The user's own (human) annotation set of the article, created on first use.

    A new set starts as a copy of the latest machine proposals (or, when the article has
    none, of the latest imported set): every quote with status "proposed", linked to the
    quote it was proposed as. A set that was never saved holds no human work, so when
    newer proposals have arrived since (the page was opened while the proposer was still
    running) it is refreshed from them, as a new version; once saved, never.
    """
    existing = AnnotationSet.objects.filter(article=article, kind=SetKind.HUMAN, owner=user).first()
    if existing is not None:
        if existing.status == SetStatus.DRAFT:
            source = latest_proposals(article=article)
            if source is not None and source.pk != existing.based_on_id and not _ever_saved(existing):
                # Claim the refresh with a compare-and-swap on the version: of two requests
                # racing here (two tabs opened at once) only one matches, so the proposals are
                # copied once. The new version also gives a page showing the old copy a
                # conflict, not a mix.
                claimed = AnnotationSet.objects.filter(
                    pk=existing.pk, version=existing.version, based_on=existing.based_on_id
                ).update(based_on=source, source=f"copy of set {source.pk}", version=F("version") + 1)
                if claimed:
                    existing.quotes.all().delete()
                    _copy_proposals(source=source, into=existing)
                existing.refresh_from_db()
        return existing
    source = latest_proposals(article=article)
    try:
        with transaction.atomic():
            human = AnnotationSet.objects.create(
                article=article,
                kind=SetKind.HUMAN,
                owner=user,
                based_on=source,
                source=f"copy of set {source.pk}" if source else "",
            )
    except IntegrityError:
        # Another request created it first (two tabs opened at once).
        return AnnotationSet.objects.get(article=article, kind=SetKind.HUMAN, owner=user)
    if source is not None:
        _copy_proposals(source=source, into=human)
    event_record(
        EventAction.ANNOTATION_CREATE,
        project_id=article.project_id,
        article_id=article.pk,
        actor=user,
        object_id=human.pk,
        after={"article": article.pk, "based_on": source.pk if source else None},
    )
    return human


@dataclass
class PreparedQuote:
    draft: QuoteDraft
    speaker_id: int | None


def quote_records_validate(*, records: object, text: str, project) -> list[PreparedQuote]:
    """Parse every record with the import's validation; raise one DomainError listing all problems.

    The one validation for quotes written through the API, the annotator's set and the gold
    set alike; `speaker_id` must name a speaker of the project.
    """
    if not isinstance(records, list):
        raise DomainError("quotes must be a list of quote objects.")
    errors: list[str] = []
    prepared: list[PreparedQuote] = []
    seen_ids: set[int] = set()
    wanted_speakers: set[int] = set()
    for n, record in enumerate(records, start=1):
        draft, problems = parse_quote(record, text)
        if problems:
            errors.extend(f"quote {n}: {p}" for p in problems)
            continue
        assert draft is not None
        speaker_id = draft.metadata.pop("speaker_id", None)
        if speaker_id is not None and (isinstance(speaker_id, bool) or not isinstance(speaker_id, int)):
            errors.append(f"quote {n}: speaker_id must be a whole number or null, got {speaker_id!r}")
            continue
        if draft.id is not None:
            if draft.id in seen_ids:
                errors.append(f"quote {n}: id {draft.id} appears twice")
                continue
            seen_ids.add(draft.id)
        if speaker_id is not None:
            wanted_speakers.add(speaker_id)
        prepared.append(PreparedQuote(draft=draft, speaker_id=speaker_id))
    if wanted_speakers:
        known = set(Speaker.objects.filter(project=project, pk__in=wanted_speakers).values_list("pk", flat=True))
        for n, p in enumerate(prepared, start=1):
            if p.speaker_id is not None and p.speaker_id not in known:
                errors.append(f"quote {n}: speaker_id {p.speaker_id} is not a speaker of this project")
    if errors:
        raise DomainError(
            errors[0] if len(errors) == 1 else f"{errors[0]} (and {len(errors) - 1} more)", details=errors
        )
    return prepared


def annotation_set_version_bump(*, annotation_set: AnnotationSet, version: object) -> int:
    """Compare-and-swap the set's version (optimistic locking); the new version, or ConflictError."""
    if isinstance(version, bool) or not isinstance(version, int):
        raise DomainError("version must be the whole number the edit is based on.")
    bumped = AnnotationSet.objects.filter(pk=annotation_set.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not bumped:
        current = AnnotationSet.objects.filter(pk=annotation_set.pk).values_list("version", flat=True).first()
        raise ConflictError(
            f"This annotation was changed elsewhere (you edited version {version}, it is now at version {current}). "
            "Reload to see the latest version; nothing was overwritten.",
            details={"current_version": current},
        )
    annotation_set.version = version + 1
    return version + 1


def new_quote_status(draft) -> str:
    """The status a new quote gets from its record: the one it names, or `added` when it names
    none (a quote a person wrote). The annotator's set and the gold set follow this one rule."""
    return draft.status or QuoteStatus.ADDED


def quotes_write(
    *, annotation_set: AnnotationSet, prepared: list[PreparedQuote], delete_missing: bool, delete_ids: list[int]
) -> tuple[list[Quote], int]:
    """Write validated quotes into the set: update by id, create the rest; returns the quotes and deletions.

    With `delete_missing`, quotes of the set that are not written are deleted (a full save);
    otherwise only the ids in `delete_ids` are.
    """
    article = annotation_set.article
    existing = {q.pk: q for q in annotation_set.quotes.select_related("speaker")}
    registry: SpeakerRegistry | None = None
    out: list[Quote] = []
    to_create: list[Quote] = []
    to_update: list[Quote] = []
    for p in prepared:
        d = p.draft
        quote = existing.get(d.id) if d.id is not None else None
        if quote is None:
            quote = Quote(annotation_set=annotation_set, status=new_quote_status(d))
            to_create.append(quote)
        else:
            to_update.append(quote)
            if d.status:
                quote.status = d.status
        for name, value in quote_span_fields(d).items():
            setattr(quote, name, value)
        if quote.status in (QuoteStatus.EDITED, QuoteStatus.ADDED):
            quote.confidence = None  # the proposer's confidence was about its proposal, not this quote
        quote.metadata = d.metadata
        if p.speaker_id is not None:
            quote.speaker_id = p.speaker_id
        elif not d.speaker_entity:
            quote.speaker = None
        elif not (quote.speaker_id and quote.speaker and _key(quote.speaker.name) == _key(d.speaker_entity)):
            if registry is None:
                registry = SpeakerRegistry(article.project)
            quote.speaker = registry.match_or_create(d.speaker_entity)
        out.append(quote)
    deleted = 0
    if delete_missing:
        keep = {q.pk for q in to_update}
        gone = [pk for pk in existing if pk not in keep]
    else:
        gone = [pk for pk in delete_ids if pk in existing]
    if gone:
        deleted, _ = Quote.objects.filter(annotation_set=annotation_set, pk__in=gone).delete()
    if to_update:
        Quote.objects.bulk_update(to_update, QUOTE_FIELDS, batch_size=500)
    if to_create:
        Quote.objects.bulk_create(to_create, batch_size=500)
    return out, deleted


def _after_save(
    *, annotation_set: AnnotationSet, user, before: int, changed: int, deleted: int, action: EventAction
) -> None:
    article = annotation_set.article
    article_status_move(article=article, move=ArticleMove.START, actor=user)
    event_record(
        action,
        project_id=article.project_id,
        article_id=article.pk,
        actor=user,
        object_id=annotation_set.pk,
        before={"version": before},
        after={"version": annotation_set.version, "changed": changed, "deleted": deleted},
    )


@transaction.atomic
def annotation_save(*, annotation_set: AnnotationSet, version: object, quotes: object, user) -> AnnotationSet:
    """Replace the set's quotes with `quotes` (interchange records; `id` keeps a quote's identity).

    Records with the `id` of a quote of this set update it; others are created (status
    "added" unless given); quotes of the set that are not listed are deleted. All or
    nothing: one invalid record rejects the whole save with every problem listed.
    """
    _require_owner(annotation_set=annotation_set, user=user)
    prepared = quote_records_validate(
        records=quotes, text=annotation_set.article.text, project=annotation_set.article.project
    )
    before = version
    annotation_set_version_bump(annotation_set=annotation_set, version=version)
    written, deleted = quotes_write(
        annotation_set=annotation_set, prepared=prepared, delete_missing=True, delete_ids=[]
    )
    _after_save(
        annotation_set=annotation_set,
        user=user,
        before=before,
        changed=len(written),
        deleted=deleted,
        action=EventAction.ANNOTATION_SAVE,
    )
    return annotation_set


@transaction.atomic
def annotation_patch(
    *, annotation_set: AnnotationSet, version: object, quotes: object, deleted: object, user
) -> tuple[AnnotationSet, list[Quote]]:
    """Change some quotes of the set: upsert `quotes`, delete the ids in `deleted`.

    The editor's autosave: only what changed travels. Same validation and locking as
    `annotation_save`; returns the set and the written quotes in the order given.
    """
    _require_owner(annotation_set=annotation_set, user=user)
    if deleted is None:
        deleted = []
    if not isinstance(deleted, list) or not all(isinstance(x, int) and not isinstance(x, bool) for x in deleted):
        raise DomainError("deleted must be a list of quote ids.")
    prepared = quote_records_validate(
        records=quotes, text=annotation_set.article.text, project=annotation_set.article.project
    )
    before = version
    annotation_set_version_bump(annotation_set=annotation_set, version=version)
    written, n_deleted = quotes_write(
        annotation_set=annotation_set, prepared=prepared, delete_missing=False, delete_ids=deleted
    )
    _after_save(
        annotation_set=annotation_set,
        user=user,
        before=before,
        changed=len(written),
        deleted=n_deleted,
        action=EventAction.ANNOTATION_PATCH,
    )
    return annotation_set, written


@transaction.atomic
def annotation_submit(*, annotation_set: AnnotationSet, user, version: object = None) -> AnnotationSet:
    """Mark the set submitted (this annotator is done with the article).

    The article becomes "annotated" once it has the project's `annotators_per_article`
    submitted sets and every annotator assigned to it has submitted. The set records the
    guidelines version it was made under. Submitting again is harmless.
    """
    _require_owner(annotation_set=annotation_set, user=user, editing=False)
    before = annotation_set.version
    if version is not None:
        annotation_set_version_bump(annotation_set=annotation_set, version=version)
    article = annotation_set.article
    AnnotationSet.objects.filter(pk=annotation_set.pk).update(
        status=SetStatus.SUBMITTED,
        submitted_at=timezone.now(),
        guidelines_version=article.project.guidelines_version,
    )
    annotation_set.refresh_from_db()
    assigned = set(article.assignments.values_list("user_id", flat=True))
    submitted = set(
        AnnotationSet.objects.filter(article=article, kind=SetKind.HUMAN, status=SetStatus.SUBMITTED).values_list(
            "owner_id", flat=True
        )
    )
    if len(submitted) >= article.project.annotators_per_article and assigned <= submitted:
        article_status_move(article=article, move=ArticleMove.COMPLETE, actor=user)
    article_disagreement_refresh(article=article)
    unreviewed = annotation_set.quotes.filter(status=QuoteStatus.PROPOSED).count()
    event_record(
        EventAction.ANNOTATION_SUBMIT,
        project_id=article.project_id,
        article_id=article.pk,
        actor=user,
        object_id=annotation_set.pk,
        before={"version": before},
        after={"version": annotation_set.version, "unreviewed": unreviewed},
    )
    return annotation_set


def article_disagreement_refresh(*, article: Article) -> float | None:
    """Store how far apart the article's submitted sets are (`Article.disagreement`, None with
    fewer than two): after every submission and every set sent back."""
    value = disagreement(article.text, submitted_quote_sets(article=article))
    Article.objects.filter(pk=article.pk).update(disagreement=value)
    article.disagreement = value
    return value


def _require_owner(*, annotation_set: AnnotationSet, user, editing: bool = True) -> None:
    if annotation_set.kind != SetKind.HUMAN or annotation_set.owner_id != user.pk:
        raise PermissionDeniedError("Only the annotator who owns this annotation may change it.")
    if editing and annotation_set.status == SetStatus.SUBMITTED:
        # Blind annotation would mean little if a submitted set could still change after its
        # author has seen the others' work: a reviewer sends it back first.
        raise ConflictError(
            "This annotation is submitted and can no longer change; a reviewer can send it back to you.",
            details={"status": SetStatus.SUBMITTED},
        )
