"""Migration operations for PostgreSQL-only features (trigram indexes for name search).

The development run (`dev.py run`) uses SQLite, where these features do not exist: there
the operations do nothing, and searches still work, only without the index. The indexes
live only in migrations (not in a model's `Meta.indexes`), because SQLite rebuilds a
table from `Meta.indexes` whenever a field changes and would choke on a GIN index."""

from __future__ import annotations

from typing import Any

from django.db import migrations


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """RunSQL on PostgreSQL; nothing on any other database."""

    def database_forwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, *args)

    def database_backwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, *args)

    def describe(self) -> str:
        return f"{super().describe()} (PostgreSQL only)"


ENABLE_TRIGRAMS = RunSQLOnPostgreSQL(
    "CREATE EXTENSION IF NOT EXISTS pg_trgm", reverse_sql=migrations.RunSQL.noop
)


def trigram_index(*, name: str, table: str, column: str) -> RunSQLOnPostgreSQL:
    """A GIN trigram index on UPPER(column): what `icontains` compiles to on PostgreSQL
    (`UPPER(col::text) LIKE UPPER('%word%')`), so a "contains" search uses the index."""
    return RunSQLOnPostgreSQL(
        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
        f'USING gin (UPPER("{column}") gin_trgm_ops)',
        reverse_sql=f'DROP INDEX IF EXISTS "{name}"',
    )
