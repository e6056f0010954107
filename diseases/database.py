"""How the app uses its database connections."""

import sqlite3
import weakref

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import translation


def use_sqlite_parameter_limit(sender, connection, **kwargs):
    """
    Django assumes SQLite's old limit of 999 parameters a statement and splits
    bulk writes into batches that small; SQLite builds since 3.32 allow 32,766
    (Debian's, 250,000). Read the connection's own limit, so that a write to
    many pages stays one statement per table.
    """
    if connection.vendor == "sqlite":
        connection.features.max_query_params = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


class PreparedQuery:
    """
    A read query whose SQL Django builds once per database connection (and
    active language, which names a translated field's column), then runs
    with other values: on a small indexed query, building the SQL costs more
    than the database's answer. `build(**values)` makes the queryset, of
    which `fields` are read; `examples` are values of the parameters' types
    that the query holds nowhere else, which show where each value goes.
    """

    def __init__(self, build, fields, **examples):
        self.build = build
        self.fields = fields
        self.examples = examples
        self.compiled = weakref.WeakKeyDictionary()

    def rows(self, using=DEFAULT_DB_ALIAS, **values):
        """The query's rows (tuples, converted as the queryset converts them) for `values`."""
        connection = connections[using]
        by_language = self.compiled.setdefault(connection, {})
        language = translation.get_language()
        if language not in by_language:
            by_language[language] = self._compile(connection, using)
        compiler, sql, positions, params, converters, columns = by_language[language]
        params = list(params)
        for name, value in values.items():
            for position in positions[name]:
                params[position] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return [tuple(row[column] for column in columns) for row in rows]

    def _compile(self, connection, using):
        query = self.build(**self.examples).values_list(*self.fields).query
        compiler = query.get_compiler(using=using, connection=connection)
        sql, params = compiler.as_sql()
        # The columns in the order asked for, whichever the query selects them in.
        selected = [alias for *_expression, alias in compiler.select[: compiler.col_count]]
        columns = [selected.index(name) for name in self.fields]
        positions = {
            name: [position for position, param in enumerate(params) if param == example]
            for name, example in self.examples.items()
        }
        if not all(positions.values()) or sum(map(len, positions.values())) != len(set().union(*positions.values())):
            raise ValueError(f"Each example value must stand for one parameter of the query: {params}")
        converters = compiler.get_converters([column for column, *_rest in compiler.select[: compiler.col_count]])
        return compiler, sql, positions, tuple(params), converters, columns
