"""
On PostgreSQL a search ranks a page listing a word as a symptom above one
that has it only in its text, as on other databases: each entry gets a
vector of its symptoms. Both vectors that rank are kept in their rows
(storage MAIN): stored apart, as a row as large as a page's would have them,
every matching page read for its rank cost ten times the reads. Entries are
derived data: they are dropped here and rebuilt after `migrate` (see
search.reindex_missing), with the new vector.
"""

import django.contrib.postgres.search
from django.db import migrations

RANKING_VECTORS = ("names_vector", "symptoms_vector")


def drop_entries(apps, schema_editor):
    apps.get_model("diseases", "SearchEntry").objects.all().delete()


def keep_in_row(storage):
    def alter(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            table = schema_editor.quote_name(apps.get_model("diseases", "SearchEntry")._meta.db_table)
            columns = ", ".join(
                f"ALTER COLUMN {schema_editor.quote_name(column)} SET STORAGE {storage}" for column in RANKING_VECTORS
            )
            schema_editor.execute(f"ALTER TABLE {table} {columns}")

    return alter


class Migration(migrations.Migration):
    dependencies = [
        ("diseases", "0019_publication_compression"),
    ]

    operations = [
        migrations.RunPython(drop_entries, migrations.RunPython.noop),
        migrations.AddField(
            model_name="searchentry",
            name="symptoms_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(keep_in_row("MAIN"), keep_in_row("EXTENDED")),
    ]
