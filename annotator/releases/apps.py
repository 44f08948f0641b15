from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    name = "annotator.releases"
    label = "releases"
    verbose_name = "Releases"
