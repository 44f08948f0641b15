"""The import writer, shared by the upload page, the API, the CLI and the demo loader."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, reset_queries, transaction

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction
from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind
from annotator.annotations.speakers import SpeakerRegistry
from annotator.core.errors import DomainError
from annotator.corpus.models import Article, content_hash
from annotator.imports.readers import FileSource
from annotator.imports.validation import FileChangedError, ImportIssue, file_check, file_drafts
from annotator.interchange.articles import ArticleDraft, validate_record
from annotator.interchange.quotes import quote_span_fields
from annotator.proposer.services import article_proposals_arrived, articles_request_proposals

logger = logging.getLogger(__name__)

# A file is written in chunks of this many articles, or fewer when their texts reach
# this many characters: what is held at once stays the same whatever the file's size.
CHUNK_ARTICLES = 200
CHUNK_CHARS = 1_500_000

# `progress(step, file name, bytes done, bytes in the file)`; step is "checking" or "writing".
ImportProgress = Callable[[str, str, int, int], None]


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

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        """The report `as_dict` gave (a background job keeps its report so)."""
        return cls(
            files=[
                FileReport(
                    name=f["file"],
                    imported=f["imported"],
                    skipped=f["skipped"],
                    quotes=f["quotes"],
                    errors=[ImportIssue(**e) for e in f["errors"]],
                )
                for f in data["files"]
            ]
        )

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
    files: Iterable[tuple[str, bytes] | UploadedFile | FileSource],
    user=None,
    propose: bool | None = None,
    progress: ImportProgress | None = None,
    max_bytes: int | None | Literal["upload"] = "upload",
    job_id: int | None = None,
    proposals_source: str | None = None,
) -> ImportReport:
    """Import several files; each file is validated whole and written in one transaction.

    A file with any invalid line is rejected with every error listed by line number and
    nothing of it is written; the other files are still imported. Articles whose text is
    already in the project (same content hash) are skipped. New articles are queued for
    quote proposals after the transaction commits.

    Files are streamed, never held whole: a first reading checks every line, a second
    one writes the articles in chunks inside the file's transaction, so memory stays
    flat whatever the size. `max_bytes` is the largest file taken: "upload" means
    `ANNOTATOR_MAX_UPLOAD_BYTES`, None any size (the command line). `progress(step,
    file, bytes_done, bytes_total)` is called while a file is checked and written.
    `job_id`, for a background import, is kept in each file's audit event: written in the
    file's own transaction, it tells which files a job whose worker died had written.
    With `proposals_source` (e.g. "archive: quote-proposer 1.4.0"), the records' quotes are
    a proposer's, not people's: each becomes the article's machine set of that source,
    unreviewed, and the article counts as proposed (no proposer run is queued for it).
    """
    limit = settings.ANNOTATOR_MAX_UPLOAD_BYTES if max_bytes == "upload" else max_bytes
    max_chars = settings.ANNOTATOR_MAX_ARTICLE_CHARS
    reports = []
    for item in files:
        source = file_source(item)
        checked = file_check(
            source, max_bytes=limit, max_article_chars=max_chars, progress=_step(progress, "checking", source)
        )
        if not checked.ok:
            reports.append(FileReport(name=source.name, errors=checked.errors))
            continue
        drafts = file_drafts(source, max_article_chars=max_chars, progress=_step(progress, "writing", source))
        try:
            reports.append(
                _write_file(
                    project=project,
                    name=source.name,
                    drafts=drafts,
                    user=user,
                    propose=propose,
                    job_id=job_id,
                    proposals_source=proposals_source,
                )
            )
        except IntegrityError:
            # Another import wrote some of the same texts at the same moment; this file's
            # transaction was rolled back whole, so importing it again is safe.
            issue = ImportIssue(
                source.name, None, "another import added some of these articles at the same time; import the file again"
            )
            reports.append(FileReport(name=source.name, errors=[issue]))
        except FileChangedError as exc:
            issue = ImportIssue(
                source.name, None, f"the file changed while it was imported ({exc}); nothing was written"
            )
            reports.append(FileReport(name=source.name, errors=[issue]))
    return ImportReport(files=reports)


def file_source(item: tuple[str, bytes] | UploadedFile | FileSource) -> FileSource:
    """A `FileSource` for `(name, bytes)`, an upload or a source; an upload is opened, not read.

    An upload on disk (Django's temporary file) is opened again by path for each reading;
    one in memory is only ever a small one.
    """
    if isinstance(item, FileSource):
        return item
    if isinstance(item, tuple):
        return FileSource.from_bytes(*item)
    if hasattr(item, "temporary_file_path"):
        return FileSource.from_path(Path(item.temporary_file_path()), name=item.name)

    def reopen() -> BinaryIO:
        item.seek(0)
        return io.BytesIO(item.read())

    return FileSource(item.name, item.size, reopen)


def _step(progress: ImportProgress | None, step: str, source: FileSource):
    if progress is None:
        return None
    return lambda done: progress(step, source.name, done, source.size)


def _chunks(drafts: Iterable[ArticleDraft]) -> Iterator[list[ArticleDraft]]:
    """Drafts in chunks of at most `CHUNK_ARTICLES` articles or `CHUNK_CHARS` characters."""
    chunk: list[ArticleDraft] = []
    chars = 0
    for draft in drafts:
        chunk.append(draft)
        chars += len(draft.text)
        if len(chunk) >= CHUNK_ARTICLES or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


@transaction.atomic
def _write_file(
    *,
    project,
    name: str,
    drafts: Iterable[ArticleDraft],
    user,
    propose: bool | None,
    job_id: int | None = None,
    proposals_source: str | None = None,
) -> FileReport:
    """Write a file's drafts chunk by chunk, in one transaction (the caller's, or a new one)."""
    report = FileReport(name=name)
    registry = SpeakerRegistry(project)
    should_propose = settings.ANNOTATOR_PROPOSE_ON_IMPORT if propose is None else propose
    for chunk in _chunks(drafts):
        first = len(report.article_ids)
        _write_chunk(
            project=project,
            name=name,
            drafts=chunk,
            user=user,
            registry=registry,
            report=report,
            proposals_source=proposals_source,
        )
        if should_propose and proposals_source is None:
            # Asked chunk by chunk (the tasks are still queued on commit): one request for
            # a whole large file would build a statement with every id of it. Articles that
            # came with their proposals need none.
            articles_request_proposals(article_ids=report.article_ids[first:])
        if settings.DEBUG:
            # DEBUG keeps every query's SQL, and a chunk's inserts carry all its texts.
            reset_queries()
    event_record(
        EventAction.ARTICLES_IMPORT,
        project=project,
        actor=user,
        object_id=name,
        after={"imported": report.imported, "skipped": report.skipped, "quotes": report.quotes}
        | ({"import_job": job_id} if job_id is not None else {}),
    )
    return report


def _write_chunk(
    *,
    project,
    name: str,
    drafts: list[ArticleDraft],
    user,
    registry: SpeakerRegistry,
    report: FileReport,
    proposals_source: str | None = None,
) -> None:
    # Earlier chunks of the file are already inserted in this transaction, so the one
    # query finds duplicates within the file as well as those already in the project.
    hashes = [content_hash(d.text) for d in drafts]
    existing = set(
        Article.objects.filter(project=project, content_hash__in=set(hashes)).values_list("content_hash", flat=True)
    )
    new_drafts: list[ArticleDraft] = []
    articles: list[Article] = []
    for draft, digest in zip(drafts, hashes, strict=True):
        if digest in existing:
            report.skipped += 1
            continue
        existing.add(digest)
        new_drafts.append(draft)
        articles.append(
            Article(
                project=project,
                external_id=draft.external_id,
                title=draft.title,
                outlet=draft.outlet,
                url=draft.url,
                author=draft.author,
                published=draft.published,
                text=draft.text,
                content_hash=digest,
                word_count=len(draft.text.split()),
                tags=draft.tags,
                metadata=draft.metadata,
            )
        )
    # bulk_create skips save(), so the hash and word count are filled in above.
    Article.objects.bulk_create(articles, batch_size=200)
    report.imported += len(articles)
    report.article_ids.extend(a.pk for a in articles)

    for draft in new_drafts:
        for speaker in draft.speakers:
            registry.match_or_create(
                speaker["name"],
                aliases=speaker.get("aliases") or [],
                description=speaker.get("description") or "",
                external_id=speaker.get("external_id") or "",
            )
    if proposals_source is None:
        kind, source, owner = SetKind.IMPORTED, f"import:{name}"[:200], user
    else:
        kind, source, owner = SetKind.MACHINE, proposals_source[:200], None
    sets = [
        AnnotationSet(article=article, kind=kind, source=source, owner=owner)
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
                    status=QuoteStatus.PROPOSED if proposals_source else (q.status or QuoteStatus.ACCEPTED),
                    metadata=q.metadata,
                    **quote_span_fields(q),
                )
            )
    Quote.objects.bulk_create(quotes, batch_size=1000)
    report.quotes += len(quotes)
    if proposals_source is not None:
        for article, draft in zip(articles, new_drafts, strict=True):
            if draft.quotes is not None:
                article_proposals_arrived(article=article, confidences=[q.confidence for q in draft.quotes])


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
