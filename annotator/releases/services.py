"""Writes for releases: create one, build its zip in the background."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction
from annotator.core.errors import DomainError
from annotator.corpus.models import ArticleStatus
from annotator.proposer.services import engine_source
from annotator.releases.builder import build_release
from annotator.releases.models import Release, ReleaseSource, ReleaseStatus
from annotator.releases.selectors import release_article_count, release_articles
from annotator.releases.tasks import build_release_task as _build_task
from annotator.review.selectors import project_agreement
from annotator.review.worth import proposer_worth

logger = logging.getLogger(__name__)

FORMAT_NAMES = ("jsonl", "csv", "spacy", "conll", "brat", "labelstudio", "webanno")
DEFAULT_RATIOS = {"train": 0.8, "dev": 0.1, "test": 0.1}
METHOD = (
    "Quotes were proposed automatically by the project's quote proposer and then reviewed, "
    "corrected and completed by human annotators in the quote annotator; the release takes "
    "for each article the annotation set of the chosen source. Rejected proposals are not "
    "included. Splits are assigned from a sha256 hash of the article id, so an article "
    "stays in the same split across releases."
)


def parse_ratios(value: str | dict | None) -> dict[str, float]:
    """`"train=0.8,dev=0.1,test=0.1"` (or a dict) -> validated ratios."""
    if not value:
        return dict(DEFAULT_RATIOS)
    if isinstance(value, str):
        pairs = [p.split("=", 1) for p in value.split(",") if p.strip()]
        if any(len(p) != 2 for p in pairs):
            raise DomainError("Write split ratios as name=number pairs, e.g. train=0.8,dev=0.1,test=0.1.")
        value = {k.strip(): v.strip() for k, v in pairs}
    ratios = {}
    for name, ratio in value.items():
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,20}", str(name)):
            raise DomainError(f"Split name {name!r} must be letters, digits, '-' or '_'.")
        try:
            ratios[str(name)] = float(ratio)
        except (TypeError, ValueError) as exc:
            raise DomainError(f"Split ratio for {name!r} must be a number.") from exc
        if ratios[str(name)] < 0:
            raise DomainError("Split ratios cannot be negative.")
    if sum(ratios.values()) <= 0:
        raise DomainError("Split ratios must add up to more than zero.")
    return ratios


def validate_formats(formats: list[str]) -> list[str]:
    formats = list(dict.fromkeys(formats or []))
    unknown = [f for f in formats if f not in FORMAT_NAMES]
    if unknown:
        raise DomainError(f"Unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMAT_NAMES)}.")
    if not formats:
        raise DomainError("Choose at least one format.")
    return formats


def validate_filters(filters: dict | None) -> dict:
    filters = dict(filters or {})
    allowed = {"status", "outlet", "published_from", "published_to", "tags"}
    unknown = set(filters) - allowed
    if unknown:
        raise DomainError(f"Unknown filter(s) {', '.join(sorted(unknown))}; use {', '.join(sorted(allowed))}.")
    for key in ("status", "outlet", "tags"):
        value = filters.get(key)
        if value in (None, "", []):
            continue
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise DomainError(f"{key} must be a text or a list of texts.")
        filters[key] = values
        if key == "status" and (unknown := [v for v in values if v not in ArticleStatus.values]):
            raise DomainError(f"Unknown status {', '.join(unknown)}; use {', '.join(ArticleStatus.values)}.")
    for key in ("published_from", "published_to"):
        if filters.get(key):
            try:
                dt.date.fromisoformat(str(filters[key]))
            except ValueError as exc:
                raise DomainError(f"{key} must be a date like 2024-11-13.") from exc
    return {k: v for k, v in filters.items() if v not in (None, "", [])}


def release_create(
    *,
    project,
    name: str,
    version: str,
    formats: list[str],
    source: str = ReleaseSource.GOLD,
    filters: dict | None = None,
    split_ratios: dict | str | None = None,
    options: dict | None = None,
    user=None,
) -> Release:
    """Record a new release and queue its build; (name, version) must be new in the project."""
    name, version = (name or "").strip(), (version or "").strip()
    if not name or not version:
        raise DomainError("A release needs a name and a version.")
    if source not in ReleaseSource.values:
        raise DomainError(f"Unknown source {source!r}; use one of {', '.join(ReleaseSource.values)}.")
    release = Release(
        project=project,
        name=name,
        version=version,
        source=source,
        formats=validate_formats(formats),
        filters=validate_filters(filters),
        split_ratios=parse_ratios(split_ratios),
        options=options or {},
        guidelines_version=project.guidelines_version,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    if release_article_count(project=project, source=source, filters=release.filters) == 0:
        raise DomainError(
            f"No article matches these filters with a {ReleaseSource(source).label.lower()} annotation; "
            "nothing to release yet."
        )
    release.full_clean(validate_unique=False, validate_constraints=False)  # uniqueness: below, atomically
    try:
        with transaction.atomic():
            release.save()
    except IntegrityError as exc:
        raise DomainError(
            f"Release {name} {version} exists already; releases never change, so give a new version."
        ) from exc
    event_record(
        EventAction.RELEASE_CREATE,
        project=project,
        actor=release.created_by,
        object_id=release.pk,
        after={"name": name, "version": version, "formats": release.formats},
    )
    transaction.on_commit(lambda: _build_task.enqueue(release_id=release.pk))
    return release


def agreement_markdown(figures: dict, proposer: list[dict] | None = None) -> str:
    """The datasheet's agreement section: the annotators' agreement and what each proposer
    version is worth, the dashboard's own figures (`review.selectors.project_agreement`,
    `review.worth.proposer_worth`); their words live in the template."""
    if not figures and not proposer:
        return ""
    return render_to_string("releases/datasheet_agreement.md", {"a": figures, "proposer": proposer}).strip()


def release_info(*, project, name: str, version: str, source: str, filters: dict, ratios: dict) -> dict:
    """What the datasheet says about how the data was made."""
    return {
        "name": name,
        "version": version,
        "project": project.name,
        "description": project.description,
        "guideline_version": project.guidelines_version,
        "guidelines": project.guidelines,
        "proposer_version": engine_source(),
        "source": source,
        "filters": filters,
        "split_ratios": ratios,
        "method": METHOD,
    }


def export_zip(
    *,
    project,
    source: str,
    filters: dict,
    ratios: dict,
    formats: list[str],
    out_path: Path,
    info: dict,
    options: dict | None = None,
    progress=None,
) -> dict:
    """Stream the project's articles of `source` into a release zip at `out_path`."""
    return build_release(
        release_articles(project=project, source=source, filters=filters),
        out_path=out_path,
        formats=formats,
        ratios=ratios,
        info=info,
        progress=progress,
        options=options or {},
    )


def summarise_files(files: list[dict], *, limit: int = 50) -> list[dict]:
    """The zip's files for the release record: folders with many files are summed up.

    A brat release holds two files per article; every checksum is in the zip's MANIFEST,
    so the database keeps one row per folder (`files` count and total `size`) instead.
    """
    folders: dict[str, list[dict]] = {}
    for entry in files:
        folder = entry["path"].rsplit("/", 1)[0] + "/" if "/" in entry["path"] else ""
        folders.setdefault(folder, []).append(entry)
    summary = []
    for folder, entries in folders.items():
        if folder and len(entries) > limit:
            summary.append({"path": folder, "files": len(entries), "size": sum(e["size"] for e in entries)})
        else:
            summary.extend(entries)
    return summary


def release_build(*, release_id: int) -> Release:
    """Build a pending release's zip; on failure the release records why."""
    release = Release.objects.select_related("project").get(pk=release_id)
    if release.status == ReleaseStatus.READY:
        return release  # built already: releases never change
    release.status, release.progress, release.error = ReleaseStatus.BUILDING, 0, ""
    release.save(update_fields=["status", "progress", "error", "updated_at"])
    project = release.project
    total = max(1, release_article_count(project=project, source=release.source, filters=release.filters))
    out_path = (
        Path(settings.ANNOTATOR_RELEASE_ROOT)
        / project.slug
        / (f"{slugify(release.name) or 'release'}-{slugify(release.version) or 'v'}-{release.pk}.zip")
    )

    def progress(done: int) -> None:
        Release.objects.filter(pk=release.pk).update(progress=min(99, int(done * 100 / total)))

    try:
        info = release_info(
            project=project,
            name=release.name,
            version=release.version,
            source=release.source,
            filters=release.filters,
            ratios=release.split_ratios,
        )
        info["created"] = release.created_at.replace(microsecond=0).isoformat()
        info["agreement"] = agreement_markdown(project_agreement(project=project), proposer_worth(project=project))
        summary = export_zip(
            project=project,
            source=release.source,
            filters=release.filters,
            ratios=release.split_ratios,
            formats=release.formats,
            out_path=out_path,
            info=info,
            options=release.options,
            progress=progress,
        )
    except Exception as exc:
        logger.exception("building release %s failed", release.pk)
        release.status, release.error = ReleaseStatus.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
        release.save(update_fields=["status", "error", "updated_at"])
        return release
    release.status = ReleaseStatus.READY
    release.progress = 100
    release.file_path = str(out_path)
    release.size = summary["size"]
    release.sha256 = summary["sha256"]
    release.files = summarise_files(summary["files"])
    release.counts = summary["counts"]
    release.finished_at = timezone.now()
    release.save()
    return release
