"""Migration operations the project's apps share."""

from django.db import migrations


class PostgresTrigramIndex(migrations.operations.base.Operation):
    """A GIN trigram index on an expression, so `icontains` (UPPER(x) LIKE UPPER('%q%')) is an index scan, not a scan
    of the table. PostgreSQL only (SQLite, the embedded default, has no such index: nothing is done there); it
    creates the pg_trgm extension, which PostgreSQL 13 and later let a database's owner create. Changes no model
    state."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, *, table: str, name: str, expression: str):
        self.table, self.name, self.expression = table, name, expression

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {self.name} ON {self.table} USING gin (({self.expression}) gin_trgm_ops)"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {self.name}")

    def describe(self):
        return f"Trigram index {self.name} on {self.table} ({self.expression}), PostgreSQL only"

    def deconstruct(self):
        return self.__class__.__qualname__, [], {"table": self.table, "name": self.name, "expression": self.expression}
