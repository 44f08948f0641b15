"""The project speaker registry: match names and aliases, never duplicate a person."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from annotator.annotations.models import Speaker


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


class SpeakerRegistry:
    """An in-memory view of a project's speakers for matching many names quickly.

    A name matches a speaker whose name or one of whose aliases is the same ignoring
    case and spacing. New speakers and new aliases are saved as they are found.
    """

    def __init__(self, project) -> None:
        self.project = project
        self._by_name: dict[str, Speaker] = {}
        self._by_alias: dict[str, Speaker] = {}
        for speaker in Speaker.objects.filter(project=project):
            self._remember(speaker)

    def _remember(self, speaker: Speaker) -> None:
        self._by_name[_key(speaker.name)] = speaker
        for alias in speaker.aliases:
            self._by_alias.setdefault(_key(alias), speaker)

    def find(self, name: str) -> Speaker | None:
        key = _key(name)
        return self._by_name.get(key) or self._by_alias.get(key)

    def match_or_create(
        self, name: str, *, aliases: Iterable[str] = (), description: str = "", external_id: str = "", kind: str = ""
    ) -> Speaker | None:
        """The speaker called `name` (or known by it), created if new; aliases merged in."""
        name = " ".join((name or "").split())
        if not name:
            return None
        speaker = self.find(name)
        if speaker is None:
            speaker = Speaker(project=self.project, name=name[:300], description=description, external_id=external_id)
            if kind:
                speaker.kind = kind
            speaker.full_clean(exclude=["project"], validate_unique=False)
            try:
                with transaction.atomic():  # a savepoint: another worker may create the same name meanwhile
                    speaker.save()
            except IntegrityError:
                speaker = Speaker.objects.get(project=self.project, name=speaker.name)
        new_aliases = [
            a.strip()
            for a in aliases
            if a and a.strip() and _key(a) != _key(speaker.name) and _key(a) not in {_key(x) for x in speaker.aliases}
        ]
        changed = False
        if new_aliases:
            speaker.aliases = [*speaker.aliases, *dict.fromkeys(new_aliases)]
            changed = True
        if description and not speaker.description:
            speaker.description, changed = description, True
        if external_id and not speaker.external_id:
            speaker.external_id, changed = external_id, True
        if changed:
            speaker.save(update_fields=["aliases", "description", "external_id", "updated_at"])
        self._remember(speaker)
        return speaker
