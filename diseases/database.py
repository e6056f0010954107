"""How the app uses its database connections."""

import sqlite3


def use_sqlite_parameter_limit(sender, connection, **kwargs):
    """
    Django assumes SQLite's old limit of 999 parameters a statement and splits
    bulk writes into batches that small; SQLite builds since 3.32 allow 32,766
    (Debian's, 250,000). Read the connection's own limit, so that a write to
    many pages stays one statement per table.
    """
    if connection.vendor == "sqlite":
        connection.features.max_query_params = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
