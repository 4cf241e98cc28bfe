"""What the search part adds to Samenspel: a rebuild of a programme's search index,
queued after every committed change of that programme (insights.signals), and the
full-text index made sure of after every `migrate` (search_fulltext.py). The header's
search box is in templates/base.html."""

from typing import Any

from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import post_migrate

from samenspel.insights import signals
from samenspel.insights.search_fulltext import install
from samenspel.insights.search_services import texts_changed


def _fulltext_wanted(connection: Any) -> bool:
    """Whether the full-text migration is applied, or the database was made without
    migrations (a test database): not after migrating back to before it."""
    applied = [
        name
        for app, name in MigrationRecorder(connection).applied_migrations()
        if app == "insights"
    ]
    return not applied or any(name.endswith("search_fulltext") for name in applied)


def _migrated(sender: Any, app_config: Any = None, using: str = "default", **kwargs: Any) -> None:
    connection = connections[using]
    if app_config is not None and app_config.label == "insights" and _fulltext_wanted(connection):
        install(connection)


def register() -> None:
    signals.on_texts_changed(texts_changed)
    post_migrate.connect(_migrated, dispatch_uid="samenspel.insights.search_fulltext")
