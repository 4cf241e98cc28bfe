from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "samenspel.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from samenspel.accounts import signals

        signals.connect()
