"""The import writer, shared by the upload page, the API, the CLI and the demo loader."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction
from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind
from annotator.annotations.speakers import SpeakerRegistry
from annotator.core.errors import DomainError
from annotator.corpus.models import Article, content_hash
from annotator.imports.validation import ImportIssue, parse_file
from annotator.interchange.articles import ArticleDraft, validate_record
from annotator.interchange.quotes import quote_span_fields
from annotator.proposer.services import articles_request_proposals

logger = logging.getLogger(__name__)


@dataclass
class FileReport:
    """What happened to one file: imported and skipped article counts, or its errors."""

    name: str
    imported: int = 0
    skipped: int = 0
    quotes: int = 0
    errors: list[ImportIssue] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return bool(self.errors)

    def as_dict(self) -> dict:
        return {
            "file": self.name,
            "status": "rejected" if self.rejected else "imported",
            "imported": self.imported,
            "skipped": self.skipped,
            "quotes": self.quotes,
            "errors": [e.as_dict() for e in self.errors],
        }


@dataclass
class ImportReport:
    files: list[FileReport]

    @property
    def imported(self) -> int:
        return sum(f.imported for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(f.skipped for f in self.files)

    @property
    def rejected_files(self) -> list[FileReport]:
        return [f for f in self.files if f.rejected]

    def as_dict(self) -> dict:
        return {
            "imported": self.imported,
            "skipped": self.skipped,
            "rejected_files": len(self.rejected_files),
            "files": [f.as_dict() for f in self.files],
        }


def article_import_files(
    *,
    project,
    files: Iterable[tuple[str, bytes] | UploadedFile],
    user=None,
    propose: bool | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import several files; each file is validated whole and written in one transaction.

    A file with any invalid line is rejected with every error listed by line number and
    nothing of it is written; the other files are still imported. Articles whose text is
    already in the project (same content hash) are skipped. New articles are queued for
    quote proposals after the transaction commits.
    """
    reports = []
    for item in files:
        name, data = _name_and_bytes(item)
        if data is None:  # an upload over the limit is never read into memory
            issue = ImportIssue(
                name, None, f"file is {item.size:,} bytes; the limit is {settings.ANNOTATOR_MAX_UPLOAD_BYTES:,}"
            )
            reports.append(FileReport(name=name, errors=[issue]))
            continue
        parsed = parse_file(
            name,
            data,
            max_bytes=settings.ANNOTATOR_MAX_UPLOAD_BYTES,
            max_article_chars=settings.ANNOTATOR_MAX_ARTICLE_CHARS,
        )
        if not parsed.ok:
            reports.append(FileReport(name=name, errors=parsed.errors))
            if progress:
                progress(len(parsed.articles))
            continue
        try:
            reports.append(_write_file(project=project, name=name, drafts=parsed.articles, user=user, propose=propose))
        except IntegrityError:
            # Another import wrote some of the same texts at the same moment; this file's
            # transaction was rolled back whole, so importing it again is safe.
            issue = ImportIssue(
                name, None, "another import added some of these articles at the same time; import the file again"
            )
            reports.append(FileReport(name=name, errors=[issue]))
        if progress:
            progress(len(parsed.articles))
    return ImportReport(files=reports)


def _name_and_bytes(item) -> tuple[str, bytes | None]:
    """`(name, bytes)` pairs pass through; an uploaded file is read unless it is too large."""
    if isinstance(item, tuple):
        return item
    if item.size > settings.ANNOTATOR_MAX_UPLOAD_BYTES:
        return item.name, None
    return item.name, item.read()


@transaction.atomic
def _write_file(*, project, name: str, drafts: list[ArticleDraft], user, propose: bool | None) -> FileReport:
    report = FileReport(name=name)
    existing = set(Article.objects.filter(project=project).values_list("content_hash", flat=True))
    new_drafts: list[ArticleDraft] = []
    for draft in drafts:
        digest = content_hash(draft.text)
        if digest in existing:
            report.skipped += 1
            continue
        existing.add(digest)
        new_drafts.append(draft)

    articles = [
        Article(
            project=project,
            external_id=d.external_id,
            title=d.title,
            outlet=d.outlet,
            url=d.url,
            author=d.author,
            published=d.published,
            text=d.text,
            content_hash=content_hash(d.text),
            word_count=len(d.text.split()),
            tags=d.tags,
            metadata=d.metadata,
        )
        for d in new_drafts
    ]
    # bulk_create skips save(), so the hash and word count are filled in above.
    Article.objects.bulk_create(articles, batch_size=200)
    report.imported = len(articles)
    report.article_ids = [a.pk for a in articles]

    registry = SpeakerRegistry(project)
    for draft in new_drafts:
        for speaker in draft.speakers:
            registry.match_or_create(
                speaker["name"],
                aliases=speaker.get("aliases") or [],
                description=speaker.get("description") or "",
                external_id=speaker.get("external_id") or "",
            )
    sets = [
        AnnotationSet(article=article, kind=SetKind.IMPORTED, source=f"import:{name}"[:200], owner=user)
        for article, draft in zip(articles, new_drafts, strict=True)
        if draft.quotes is not None
    ]
    AnnotationSet.objects.bulk_create(sets, batch_size=500)
    set_for_article = {s.article_id: s for s in sets}
    quotes = []
    for article, draft in zip(articles, new_drafts, strict=True):
        if draft.quotes is None:
            continue
        for q in draft.quotes:
            quotes.append(
                Quote(
                    annotation_set=set_for_article[article.pk],
                    speaker=registry.match_or_create(q.speaker_entity) if q.speaker_entity else None,
                    status=q.status or QuoteStatus.ACCEPTED,
                    metadata=q.metadata,
                    **quote_span_fields(q),
                )
            )
    Quote.objects.bulk_create(quotes, batch_size=1000)
    report.quotes = len(quotes)
    event_record(
        EventAction.ARTICLES_IMPORT,
        project=project,
        actor=user,
        object_id=name,
        after={"imported": report.imported, "skipped": report.skipped, "quotes": report.quotes},
    )
    should_propose = settings.ANNOTATOR_PROPOSE_ON_IMPORT if propose is None else propose
    if should_propose:
        articles_request_proposals(article_ids=report.article_ids)
    return report


def article_create(*, project, data: dict, user=None, propose: bool | None = None) -> Article:
    """Create one article from an interchange-format dict (the API's single-article route)."""
    draft, errors = validate_record(data, max_article_chars=settings.ANNOTATOR_MAX_ARTICLE_CHARS)
    if errors:
        raise DomainError(errors[0], details=errors)
    if Article.objects.filter(project=project, content_hash=content_hash(draft.text)).exists():
        raise DomainError("An article with exactly this text is already in the project.")
    draft.line = 1
    report = _write_file(project=project, name="api", drafts=[draft], user=user, propose=propose)
    return Article.objects.get(pk=report.article_ids[0])
