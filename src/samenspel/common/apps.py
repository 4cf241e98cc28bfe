from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "samenspel.common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from samenspel.common.caching import connect_request_memo

        connect_request_memo()
        # Reading the settings makes no folders; starting Samenspel makes the ones it
        # writes to (the embedded SQLite database's folder, in dev and test STATIC_ROOT).
        for folder in getattr(settings, "SAMENSPEL_FOLDERS", []):
            folder.mkdir(parents=True, exist_ok=True)
