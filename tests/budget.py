"""Query budgets that differ by database: on PostgreSQL a write's rows go as one statement (config.writes), on
SQLite each row's table takes its own."""

from django.db import connection


def budget(*, postgresql: int, sqlite: int) -> int:
    """The budget of the database the tests run on."""
    return postgresql if connection.vendor == "postgresql" else sqlite
