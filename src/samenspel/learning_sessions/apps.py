from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningSessionsConfig(AppConfig):
    # Not "sessions": Django's session framework has that label.
    name = "samenspel.learning_sessions"
    verbose_name = _("Learning sessions")

    def ready(self) -> None:
        from samenspel.learning_sessions import extensions

        extensions.register()
