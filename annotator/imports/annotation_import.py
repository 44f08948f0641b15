"""Annotations made in brat, Label Studio, doccano or Prodigy, brought into a project.

`annotations_read` reads a tool's export (`interchange.foreign`) and `annotations_import`
writes it, in one transaction: nothing is written when anything is wrong. Each document
is mapped onto quote records (`foreign.mapping`) and validated as any import is; its
article is the project's article with the same text, or a new one. Then, by `mode`:

* `annotators`: each source annotator's document becomes the submitted set of a project
  member (named by `members`, else by the same username; created as annotators when
  `create_members`), so agreement and curation see it as native work. Documents with no
  annotator (Label Studio's predictions) become machine sets.
* `gold`: each article's one document becomes an imported set that is adopted as the
  article's gold (a new gold version; the history names the imported set).
* `proposals`: machine sets of unreviewed proposals.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction, Membership, Role
from annotator.accounts.services import membership_add
from annotator.annotations.models import AnnotationSet, QuoteStatus, SetKind, SetStatus
from annotator.annotations.services.annotation import PreparedQuote, article_disagreement_refresh, quotes_write
from annotator.core.errors import DomainError
from annotator.corpus.models import Article, content_hash
from annotator.corpus.services import ArticleMove, article_status_move
from annotator.imports.services import article_create
from annotator.imports.validation import record_checked
from annotator.interchange.foreign import ForeignDoc, ForeignFormatError
from annotator.interchange.foreign.brat import read_brat
from annotator.interchange.foreign.doccano import read_doccano
from annotator.interchange.foreign.labelstudio import read_labelstudio
from annotator.interchange.foreign.mapping import Mapping, found, suggest, to_record
from annotator.interchange.foreign.prodigy import read_prodigy
from annotator.interchange.foreign.webanno import read_webanno
from annotator.proposer.services import article_proposals_arrived
from annotator.review.services import gold_adopt

FORMATS = {
    "brat": "brat standoff (.txt + .ann, a folder or a zip)",
    "labelstudio": "Label Studio JSON export",
    "doccano": "doccano JSONL export",
    "prodigy": "Prodigy JSONL (db-out)",
    "webanno": "INCEpTION / WebAnno TSV 3 (a .tsv, or a zip or folder of them)",
}
MODES = ("annotators", "gold", "proposals")
_USERNAME = re.compile(r"[^\w.@+-]+")


@dataclass
class AnnotationImportReport:
    format: str
    source: str
    mode: str
    documents: int = 0
    skipped: int = 0  # Prodigy examples not accepted
    articles_created: int = 0
    articles_found: int = 0
    quotes_read: int = 0
    quotes_written: int = 0
    unmapped: int = 0
    sets: Counter = field(default_factory=Counter)  # by annotator (or "machine", "gold")
    members_created: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {**{k: v for k, v in self.__dict__.items() if k != "sets"}, "sets": dict(self.sets)}


def annotations_read(fmt: str, path: Path) -> tuple[list[ForeignDoc], int]:
    """The documents of an export, and how many examples were skipped (Prodigy's not accepted)."""
    if fmt == "brat":
        return list(read_brat(path)), 0
    if fmt == "labelstudio":
        return read_labelstudio(path), 0
    if fmt == "doccano":
        return read_doccano(path), 0
    if fmt == "prodigy":
        return read_prodigy(path)
    if fmt == "webanno":
        return read_webanno(path), 0
    raise ForeignFormatError([f"unknown format {fmt!r}; known: {', '.join(FORMATS)}"])


def mapping_for(docs: list[ForeignDoc], data: object | None) -> Mapping:
    """The mapping given (its JSON object), or the suggested one for these documents' labels."""
    if data is not None:
        return Mapping.from_json(data)
    summary = found(docs)
    return suggest(list(summary["labels"]), list(summary["attributes"]))


def _username(name: str, members: dict[str, str]) -> str:
    return members.get(name) or _USERNAME.sub("_", name).strip("_")[:150] or "annotator"


@transaction.atomic
def annotations_import(
    *,
    project,
    docs: list[ForeignDoc],
    mapping: Mapping,
    mode: str,
    fmt: str,
    source: str,
    user=None,
    members: dict[str, str] | None = None,
    create_members: bool = False,
    skipped: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> AnnotationImportReport:
    """Write the documents (see the module's docstring); `progress(done, total)` after each article."""
    if mode not in MODES:
        raise DomainError(f"Import the annotations as one of {', '.join(MODES)}, not {mode!r}.")
    members = members or {}
    report = AnnotationImportReport(format=fmt, source=source, mode=mode, documents=len(docs), skipped=skipped)
    errors: list[str] = []
    prepared = []
    for doc in docs:
        record = to_record(doc, mapping)
        draft, problems = record_checked(record, max_article_chars=settings.ANNOTATOR_MAX_ARTICLE_CHARS)
        if problems:
            errors.extend(f"{doc.where}: {p}" for p in problems)
            continue
        report.quotes_read += len(draft.quotes or [])
        report.unmapped += len(record["metadata"].get("unmapped", []))
        prepared.append((doc, record, draft))
    by_text: dict[str, list] = {}
    for item in prepared:
        by_text.setdefault(content_hash(item[2].text), []).append(item)
    if mode == "gold":
        for items in by_text.values():
            if len(items) > 1:
                who = ", ".join(sorted(str(doc.annotator) for doc, _r, _d in items))
                errors.append(f"{items[0][0].where}: {len(items)} annotations of one article ({who}); import them "
                              "--as annotators and curate them, or keep one per article")  # fmt: skip
    users = {} if mode != "annotators" else _members(project, prepared, members, create_members, user, errors, report)
    if errors:
        raise DomainError(f"Nothing imported: {errors[0]}" + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""),
                          details=errors)  # fmt: skip
    label = f"import:{fmt}:{source}"[:200]
    for done, (digest, items) in enumerate(by_text.items(), start=1):
        article = Article.objects.filter(project=project, content_hash=digest).first()
        if article is None:
            _doc, record, _draft = items[0]
            data = {"id": record["id"], "text": record["text"], "metadata": record["metadata"]}
            article = article_create(project=project, data=data, user=user, propose=False)
            report.articles_created += 1
        else:
            report.articles_found += 1
        for doc, _record, draft in items:
            quotes = [PreparedQuote(draft=q, speaker_id=None) for q in draft.quotes or []]
            if mode == "annotators" and doc.annotator is not None:
                _human_set(article, users[doc.annotator], quotes, label, errors)
                report.sets[users[doc.annotator].get_username()] += 1
            elif mode == "gold":
                imported = AnnotationSet.objects.create(
                    article=article, kind=SetKind.IMPORTED, source=label, owner=user
                )
                quotes_write(annotation_set=imported, prepared=quotes, delete_missing=False, delete_ids=[])
                gold_adopt(article=article, source=imported, reviewer=user)
                report.sets["gold"] += 1
            else:
                proposals = [replace(p, draft=replace(p.draft, status=QuoteStatus.PROPOSED)) for p in quotes]
                machine = AnnotationSet.objects.create(article=article, kind=SetKind.MACHINE, source=label)
                quotes_write(annotation_set=machine, prepared=proposals, delete_missing=False, delete_ids=[])
                article_proposals_arrived(article=article, confidences=[q.draft.confidence for q in proposals])
                report.sets["machine"] += 1
            report.quotes_written += len(quotes)
        if mode == "annotators":
            _after_annotators(article)
        if progress:
            progress(done, len(by_text))
    if errors:  # a set that already exists, found while writing: undo everything
        raise DomainError(f"Nothing imported: {errors[0]}", details=errors)
    event_record(
        EventAction.ARTICLES_IMPORT,
        project=project,
        actor=user,
        object_id=source[:200],
        after={"format": fmt, "as": mode, "documents": report.documents, "quotes": report.quotes_written,
               "imported": report.articles_created, "sets": dict(report.sets)},
    )  # fmt: skip
    return report


def _members(project, prepared, members, create_members, actor, errors, report) -> dict:
    """Each source annotator's project member; unknown ones are created, or listed as errors."""
    out = {}
    names = sorted({doc.annotator for doc, _r, _d in prepared if doc.annotator is not None})
    for name in names:
        username = _username(name, members)
        membership = Membership.objects.filter(project=project, user__username=username).select_related("user").first()
        if membership is not None:
            out[name] = membership.user
        elif create_members:
            added = membership_add(project=project, username=username, role=Role.ANNOTATOR, actor=actor)
            out[name] = added.membership.user
            report.members_created.append(username)
        else:
            errors.append(f"annotator {name!r} is no member of the project as {username!r}: map it to a member, "
                          "or let the import create the missing members")  # fmt: skip
    return out


def _human_set(article, owner, quotes, label, errors) -> None:
    if AnnotationSet.objects.filter(article=article, kind=SetKind.HUMAN, owner=owner).exists():
        errors.append(f"{owner.get_username()} already has an annotation of article {article.pk}; nothing was changed")
        return
    owned = AnnotationSet.objects.create(
        article=article,
        kind=SetKind.HUMAN,
        owner=owner,
        source=label,
        status=SetStatus.SUBMITTED,
        submitted_at=timezone.now(),
        guidelines_version=article.project.guidelines_version,
    )
    quotes_write(annotation_set=owned, prepared=quotes, delete_missing=False, delete_ids=[])


def _after_annotators(article) -> None:
    """The article's status and disagreement once its imported sets are in, as after a submission."""
    submitted = AnnotationSet.objects.filter(article=article, kind=SetKind.HUMAN, status=SetStatus.SUBMITTED).count()
    move = ArticleMove.COMPLETE if submitted >= article.project.annotators_per_article else ArticleMove.START
    article_status_move(article=article, move=move)
    article_disagreement_refresh(article=article)


def mapping_file(path: Path) -> object:
    """The JSON object of a mapping file (the command's `--mapping`)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ForeignFormatError([f"{path.name}: not a JSON mapping ({exc})"]) from exc


def safe_filename(name: str | None) -> str:
    """An uploaded file's own name, made safe to store under: the readers name documents and
    doccano's annotators after it, so the messages and the work keep the name the team knows."""
    base = re.sub(r"[^\w.@+-]+", "_", Path(name or "").name).strip("._")[:120]
    return base or "upload"


def import_errors(exc: DomainError | ForeignFormatError) -> list[str]:
    """Every problem an import was refused for, whichever step refused it."""
    return exc.errors if isinstance(exc, ForeignFormatError) else (exc.details or [exc.message])


def members_checked(members: object) -> dict[str, str]:
    if not isinstance(members, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in members.items()):
        raise DomainError('members must be an object of source annotator names to usernames: {"12": "bea"}')
    return members


def annotations_from_upload(
    *, project, upload, fmt: str, mode: str, mapping: object | None, members: object, create_members: bool,
    dry_run: bool, user=None,
) -> dict:  # fmt: skip
    """The API's import: the uploaded export read from a temporary file (brat as a zip); with
    `dry_run`, what it holds and the mapping that would be used, else the import's report."""
    if upload.size > settings.ANNOTATOR_MAX_UPLOAD_BYTES:
        raise DomainError(
            f"{upload.name}: {upload.size:,} bytes, over the limit of {settings.ANNOTATOR_MAX_UPLOAD_BYTES:,}"
        )
    members = members_checked(members)
    name = Path(upload.name or "upload").name
    with tempfile.TemporaryDirectory(prefix="annotation-import-") as tmp:
        path = Path(tmp) / safe_filename(name)
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            docs, skipped = annotations_read(fmt, path)
            chosen = mapping_for(docs, mapping)
        except ForeignFormatError as exc:
            raise DomainError(f"Nothing imported: {exc.errors[0]}", details=exc.errors) from exc
    if dry_run:
        return {"found": found(docs), "mapping": chosen.as_json(), "skipped": skipped}
    report = annotations_import(
        project=project, docs=docs, mapping=chosen, mode=mode, fmt=fmt, source=name, user=user, members=members,
        create_members=create_members, skipped=skipped,
    )  # fmt: skip
    return report.as_dict()


def suggested_username(name: str) -> str:
    """The member a source annotator becomes unless the manager names another."""
    return _username(name, {})


def mapping_role(mapping: Mapping, label: str) -> str:
    """A label's role in a mapping, as the page's select names it ("quote:direct", "cue", "" ...)."""
    if label in mapping.quote:
        kind = mapping.quote[label]
        return f"quote:{kind}" if kind else "quote"
    if label in mapping.cue:
        return "cue"
    if label in mapping.speaker:
        return "speaker"
    return ""


def mapping_from_roles(roles: dict[str, str], **options) -> Mapping:
    """The mapping the page's selects make (`mapping_role` the other way)."""
    data: dict = {"quote": {}, "cue": [], "speaker": [], **options}
    for label, role in roles.items():
        if role.startswith("quote"):
            data["quote"][label] = role.partition(":")[2] or None
        elif role in ("cue", "speaker"):
            data[role].append(label)
        elif role:
            raise ForeignFormatError([f"label {label!r}: unknown role {role!r}"])
    return Mapping.from_json(data)


def _pending_root() -> Path:
    return Path(settings.ANNOTATOR_IMPORT_ROOT) / "pending"


PENDING_DAYS = 1  # an upload whose mapping step was never finished is removed after this


def pending_upload_store(upload) -> Path:
    """Keep an upload between the page's two steps, under a random folder; uploads left
    waiting longer than `PENDING_DAYS` by someone who never came back are removed."""
    root = _pending_root()
    if root.is_dir():
        cutoff = time.time() - PENDING_DAYS * 86400
        for old in root.iterdir():
            if old.is_dir() and old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
    folder = root / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / safe_filename(upload.name)
    with open(path, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def pending_upload_path(token: str) -> Path | None:
    """The upload waiting under this token, or None (gone, or no token of ours)."""
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        return None
    folder = _pending_root() / token
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    return files[0] if files else None


def pending_upload_remove(token: str) -> None:
    if re.fullmatch(r"[0-9a-f]{32}", token or ""):
        shutil.rmtree(_pending_root() / token, ignore_errors=True)
