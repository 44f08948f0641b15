from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "annotator.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from annotator.accounts import checks  # noqa: F401  (registers the system check)
