"""The full-text part of the search index, in each database's own SQL (the models are in
search_models.py, which explains both designs). `install` is idempotent: the migration
(0004_search_fulltext) runs it, and so does every `migrate` afterwards (a post_migrate
receiver, search_extensions.py), which also covers test databases made without
migrations and, on SQLite, puts the triggers back after a later migration has rebuilt
the documents table (Django's SQLite schema editor rebuilds a table on most changes,
dropping its triggers)."""

from typing import Any

TABLE = "insights_searchdocument"

Steps = list[tuple[str, str | None]]

POSTGRESQL: Steps = [
    (
        f"""
        ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('dutch'::regconfig, title_index), 'A')
            || setweight(to_tsvector('dutch'::regconfig, body_index), 'B')
        ) STORED
        """,
        f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
    ),
    (
        f"CREATE INDEX IF NOT EXISTS insights_search_vector ON {TABLE} USING gin (search_vector)",
        "DROP INDEX IF EXISTS insights_search_vector",
    ),
]

SQLITE: Steps = [
    (
        # External content: the words live in the documents table, FTS5 keeps the index.
        # The column values are stems already, so the tokenizer only splits and folds.
        f"""
        CREATE VIRTUAL TABLE IF NOT EXISTS insights_search_fts USING fts5(
            title_index, body_index,
            content='{TABLE}', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        )
        """,
        "DROP TABLE IF EXISTS insights_search_fts",
    ),
    (
        f"""
        CREATE TRIGGER IF NOT EXISTS insights_search_fts_insert AFTER INSERT ON {TABLE} BEGIN
            INSERT INTO insights_search_fts (rowid, title_index, body_index)
            VALUES (new.id, new.title_index, new.body_index);
        END
        """,
        "DROP TRIGGER IF EXISTS insights_search_fts_insert",
    ),
    (
        f"""
        CREATE TRIGGER IF NOT EXISTS insights_search_fts_delete AFTER DELETE ON {TABLE} BEGIN
            INSERT INTO insights_search_fts (insights_search_fts, rowid, title_index, body_index)
            VALUES ('delete', old.id, old.title_index, old.body_index);
        END
        """,
        "DROP TRIGGER IF EXISTS insights_search_fts_delete",
    ),
    (
        f"""
        CREATE TRIGGER IF NOT EXISTS insights_search_fts_update
        AFTER UPDATE OF title_index, body_index ON {TABLE} BEGIN
            INSERT INTO insights_search_fts (insights_search_fts, rowid, title_index, body_index)
            VALUES ('delete', old.id, old.title_index, old.body_index);
            INSERT INTO insights_search_fts (rowid, title_index, body_index)
            VALUES (new.id, new.title_index, new.body_index);
        END
        """,
        "DROP TRIGGER IF EXISTS insights_search_fts_update",
    ),
    (
        # Rows written while the triggers were missing (a table rebuilt by a later
        # migration) enter the index again; cheap for an empty table.
        "INSERT INTO insights_search_fts (insights_search_fts) VALUES ('rebuild')",
        None,
    ),
]


def _steps(connection: Any) -> Steps:
    steps: dict[str, Steps] = {"postgresql": POSTGRESQL, "sqlite": SQLITE}
    return steps.get(connection.vendor, [])


SQLITE_NAMES = {
    "insights_search_fts",
    "insights_search_fts_insert",
    "insights_search_fts_delete",
    "insights_search_fts_update",
}


def _complete(connection: Any) -> bool:
    """On SQLite: whether the FTS5 table and its three triggers are all there."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'insights_search_fts%'")
        return {row[0] for row in cursor.fetchall()} >= SQLITE_NAMES


def install(connection: Any) -> None:
    """Create what is missing of the full-text index on this database (on SQLite, when
    something was missing, fill the FTS5 index again from the documents)."""
    if TABLE not in connection.introspection.table_names() or _complete(connection):
        return  # migrated back to before the index, or nothing missing
    with connection.cursor() as cursor:
        for forward, _backward in _steps(connection):
            cursor.execute(forward)


def uninstall(connection: Any) -> None:
    with connection.cursor() as cursor:
        for _forward, backward in reversed(_steps(connection)):
            if backward:
                cursor.execute(backward)
