from django.apps import AppConfig


class ProposerConfig(AppConfig):
    name = "annotator.proposer"
    label = "proposer"
    verbose_name = "Proposer"
