"""Writes for the speaker registry: rename, merge, split an alias off.

Every change is recorded as an `Event`; quotes follow a merged speaker.
"""

from __future__ import annotations

from django.db import transaction

from annotator.accounts.events import event_record
from annotator.accounts.models import EventAction
from annotator.annotations.models import Quote, Speaker
from annotator.annotations.speakers import _key
from annotator.core.errors import DomainError


def _speaker_state(speaker: Speaker) -> dict:
    return {"id": speaker.pk, "name": speaker.name, "aliases": list(speaker.aliases)}


@transaction.atomic
def speaker_rename(*, speaker: Speaker, name: str, user) -> Speaker:
    """Give the speaker a new canonical name; the old name is kept as an alias."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("A speaker needs a name.")
    if Speaker.objects.filter(project=speaker.project_id, name__iexact=name).exclude(pk=speaker.pk).exists():
        raise DomainError(f"Another speaker in the project is called {name!r}; merge them instead.")
    before = _speaker_state(speaker)
    if _key(name) != _key(speaker.name) and _key(speaker.name) not in {_key(a) for a in speaker.aliases}:
        speaker.aliases = [*speaker.aliases, speaker.name]
    speaker.aliases = [a for a in speaker.aliases if _key(a) != _key(name)]
    speaker.name = name
    speaker.full_clean(exclude=["project"], validate_unique=False)
    speaker.save()
    event_record(
        EventAction.SPEAKER_RENAME,
        project_id=speaker.project_id,
        actor=user,
        object_id=speaker.pk,
        before=before,
        after=_speaker_state(speaker),
    )
    return speaker


@transaction.atomic
def speaker_merge(*, source: Speaker, target: Speaker, user) -> Speaker:
    """Merge `source` into `target`: its quotes follow, its name and aliases become aliases."""
    if source.pk == target.pk:
        raise DomainError("Pick two different speakers to merge.")
    if source.project_id != target.project_id:
        raise DomainError("Only speakers of the same project can be merged.")
    before = {"source": _speaker_state(source), "target": _speaker_state(target)}
    moved = Quote.objects.filter(speaker=source).update(speaker=target)
    known = {_key(target.name)} | {_key(a) for a in target.aliases}
    for alias in [source.name, *source.aliases]:
        if _key(alias) not in known:
            target.aliases = [*target.aliases, alias]
            known.add(_key(alias))
    if not target.description and source.description:
        target.description = source.description
    if not target.external_id and source.external_id:
        target.external_id = source.external_id
    target.save()
    source_pk = source.pk
    source.delete()
    event_record(
        EventAction.SPEAKER_MERGE,
        project_id=target.project_id,
        actor=user,
        object_id=target.pk,
        before=before,
        after={**_speaker_state(target), "merged": source_pk, "quotes_moved": moved},
    )
    return target


@transaction.atomic
def speaker_split_alias(*, speaker: Speaker, alias: str, user) -> Speaker:
    """Make one alias of `speaker` a speaker of its own.

    Quotes whose speaker mention reads exactly like the alias (ignoring case and
    spacing) move to the new speaker; the others stay.
    """
    match = next((a for a in speaker.aliases if _key(a) == _key(alias or "")), None)
    if match is None:
        raise DomainError(f"{alias!r} is not an alias of {speaker.name}.")
    if Speaker.objects.filter(project=speaker.project_id, name__iexact=match).exists():
        raise DomainError(f"A speaker called {match!r} exists already; merge or rename instead.")
    before = _speaker_state(speaker)
    speaker.aliases = [a for a in speaker.aliases if a is not match]
    speaker.save(update_fields=["aliases", "updated_at"])
    new = Speaker(project_id=speaker.project_id, name=match, kind=speaker.kind)
    new.full_clean(exclude=["project"], validate_unique=False)
    new.save()
    moved_ids = []
    for q in Quote.objects.filter(speaker=speaker, speaker_start__isnull=False).select_related(
        "annotation_set__article"
    ):
        mention = q.annotation_set.article.text[q.speaker_start : q.speaker_end]
        if _key(mention) == _key(match):
            moved_ids.append(q.pk)
    Quote.objects.filter(pk__in=moved_ids).update(speaker=new)
    event_record(
        EventAction.SPEAKER_SPLIT,
        project_id=speaker.project_id,
        actor=user,
        object_id=speaker.pk,
        before=before,
        after={**_speaker_state(speaker), "new_speaker": _speaker_state(new), "quotes_moved": len(moved_ids)},
    )
    return new
