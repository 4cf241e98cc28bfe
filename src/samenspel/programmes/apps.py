from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "samenspel.programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from samenspel.programmes import restore_rules, signals, tallies

        signals.connect()
        tallies.connect()
        restore_rules.register()
