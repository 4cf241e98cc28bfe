from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "samenspel.coaching"
    verbose_name = _("Coaching")

    def ready(self) -> None:
        from samenspel.coaching import extensions

        extensions.register()
