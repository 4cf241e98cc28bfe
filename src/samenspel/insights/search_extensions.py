"""What the search part adds to Samenspel: a rebuild of a programme's search index,
queued after every committed change of that programme (insights.signals), and the
full-text index made sure of after every `migrate` (search_fulltext.py). The header's
search box is in templates/base.html."""

from typing import Any

from django.db import connections
from django.db.models.signals import post_migrate

from samenspel.insights import signals
from samenspel.insights.search_fulltext import install
from samenspel.insights.search_services import texts_changed


def _migrated(sender: Any, app_config: Any = None, using: str = "default", **kwargs: Any) -> None:
    if app_config is not None and app_config.label == "insights":
        install(connections[using])


def register() -> None:
    signals.on_texts_changed(texts_changed)
    post_migrate.connect(_migrated, dispatch_uid="samenspel.insights.search_fulltext")
