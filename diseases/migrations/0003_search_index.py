"""
Search entries hold every word of a page, folded for accent- and case-blind
matching, with a weighted search vector on PostgreSQL (GIN index); search terms
give suggestions. Entries are derived data: the
old ones are dropped here and rebuilt after `migrate` (see search.reindex_missing).
"""

import django.contrib.postgres.search
from django.db import migrations, models

GIN_INDEXES = [
    ("search_entry_vector", "diseases_searchentry", "search_vector"),
]


def drop_entries(apps, schema_editor):
    apps.get_model("diseases", "SearchEntry").objects.all().delete()


def create_gin_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, table, column in GIN_INDEXES:
            schema_editor.execute(f"CREATE INDEX {name} ON {table} USING gin ({column})")


def drop_gin_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _table, _column in GIN_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("diseases", "0002_review_integrity"),
    ]

    operations = [
        migrations.RunPython(drop_entries, migrations.RunPython.noop),
        *(
            migrations.AddField(
                model_name="searchentry",
                name=name,
                field=field,
                preserve_default=False,
            )
            for name, field in [
                ("sort_key", models.CharField(default="", max_length=500)),
                ("letter", models.CharField(default="", max_length=1)),
                ("symptoms", models.TextField(default="")),
                ("folded_names", models.TextField(default="")),
                ("folded_symptoms", models.TextField(default="")),
                ("folded_body", models.TextField(default="")),
            ]
        ),
        migrations.AddField(
            model_name="searchentry",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="names_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["language", "sort_key"], name="search_entry_a_to_z"),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["language", "letter", "sort_key"], name="search_entry_letter"),
        ),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(max_length=10)),
                ("text", models.CharField(max_length=500)),
                ("folded", models.CharField(max_length=500)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("language", "folded"), name="one_search_term_per_language")
                ],
            },
        ),
        migrations.RunPython(create_gin_indexes, drop_gin_indexes),
    ]
