from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "annotator.imports"
    label = "imports"
    verbose_name = "Imports"

    def recover(self, *, stale_before=None) -> str:
        """Fail background imports whose worker died (`core.recovery`, `imports.recovery`)."""
        from annotator.imports.recovery import import_jobs_recover  # models are not ready at import

        failed = import_jobs_recover(stale_before=stale_before)
        return f"{failed} background import(s) whose worker stopped marked failed."
