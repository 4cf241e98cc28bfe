from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompassConfig(AppConfig):
    name = "samenspel.compass"
    verbose_name = _("Compass")

    def ready(self) -> None:
        from samenspel.compass import extensions

        extensions.register()
