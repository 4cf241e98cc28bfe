"""The full-text part of the search index: on PostgreSQL a generated tsvector column
('dutch') with a GIN index, on SQLite an FTS5 table kept in step by triggers. Written by
hand, in each database's own SQL (insights/search_fulltext.py), so kept apart from the
migrations Django makes. Reversible."""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from samenspel.insights.search_fulltext import install

    install(schema_editor.connection)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from samenspel.insights.search_fulltext import uninstall

    uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    """RunSQL per connection.vendor (RunPython, because RunSQL cannot choose)."""

    dependencies = [("insights", "0003_search_index")]

    operations = [migrations.RunPython(forwards, backwards)]
