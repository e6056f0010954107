"""
On PostgreSQL, publications' content (some 10 kB of JSON each) is compressed
with lz4 where the server has it (PostgreSQL 14 and later, as distributions
build it) rather than pglz: a shared group's save writes a thousand of them
in one statement, and pglz took half of that statement's time. Content stored
before stays as it was; both read the same.
"""

from django.db import migrations


def _lz4_available(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        found = cursor.fetchone()
    return bool(found and found[0])


def _set_compression(method):
    def operation(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor == "postgresql" and _lz4_available(connection):
            schema_editor.execute(f"ALTER TABLE diseases_publication ALTER COLUMN content SET COMPRESSION {method}")

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("diseases", "0018_purge_per_page"),
    ]

    operations = [
        migrations.RunPython(_set_compression("lz4"), _set_compression("default")),
    ]
