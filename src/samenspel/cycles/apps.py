from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "samenspel.cycles"
    verbose_name = _("Learning cycles")

    def ready(self) -> None:
        from samenspel.cycles import extensions, restore_rules, tallies

        extensions.register()
        restore_rules.register()
        tallies.connect()
