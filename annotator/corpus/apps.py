from django.apps import AppConfig
from django.db.models.signals import post_migrate

from annotator.corpus.search import fts_triggers_ensure


def _fts_triggers(sender, using, **kwargs) -> None:
    # A table rebuild during migrate drops SQLite's search triggers; put them back.
    fts_triggers_ensure(using=using)


class CorpusConfig(AppConfig):
    name = "annotator.corpus"
    label = "corpus"
    verbose_name = "Corpus"

    def ready(self) -> None:
        post_migrate.connect(_fts_triggers, sender=self)
