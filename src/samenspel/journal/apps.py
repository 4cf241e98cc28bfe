from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "samenspel.journal"
    verbose_name = _("Travel report")

    def ready(self) -> None:
        from samenspel.journal import extensions

        extensions.register()
