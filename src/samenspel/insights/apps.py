from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "samenspel.insights"
    verbose_name = _("Helicopter view")

    def ready(self) -> None:
        from samenspel.insights import extensions, signals

        signals.connect()
        extensions.register()
