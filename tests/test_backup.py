"""
Backup and restore as the README documents them: a fixture round trip
(export_backup, then import_backup into a new database; any database) and,
on PostgreSQL, pg_dump and pg_restore. Every row comes back: pages in every
language, their revisions, publications, the review log, patient advice,
users and their groups, the admin log, sign-in records.
"""

import io
import shutil
import subprocess
import uuid

import psycopg
import pytest
import reversion
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection
from reversion.models import Version

from diseases.models import Disease, PatientAdvice

pytestmark = pytest.mark.django_db(transaction=True)

# Not in a backup: made again by `migrate` (and referred to by natural keys), or not worth keeping.
NOT_BACKED_UP = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


@pytest.fixture
def content(demo, editor, reviewer, django_user_model):
    """A database in use: reviewed pages, drafts, revisions, advice, the admin log and sign-in records."""
    editor_user = django_user_model.objects.get(username="editor")
    reviewer_user = django_user_model.objects.get(username="reviewer")
    demo.submit_for_review(editor_user, comment="First review")
    demo.approve(reviewer_user, comment="Checked against the literature")
    with reversion.create_revision():
        reversion.set_user(editor_user)
        name = demo.names.first()
        name.name_es = "Osteomielitis crónica no bacteriana (editada)"
        name.save()
    with reversion.create_revision():
        advice = PatientAdvice.objects.create(
            disease=demo, text="Ask for an MRI early.", role="patient", language="es", consent=True, email="a@b.org"
        )
    advice.approve(editor_user)
    LogEntry.objects.log_actions(editor.pk, [advice], CHANGE, change_message="[]", single_object=True)
    AccessAttempt.objects.create(
        username="ed", ip_address="198.51.100.7", user_agent="x", path_info="/admin/login/", failures_since_start=2
    )
    return demo


def snapshot():
    """Every backed-up row of every model; foreign keys by natural key (content types' ids differ between databases)."""
    rows = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in NOT_BACKED_UP or model._meta.proxy or not model._meta.managed:
            continue
        queryset = model._base_manager.order_by("pk")
        rows[label] = serializers.serialize("python", queryset, use_natural_foreign_keys=True)
    return rows


def differences(before, after):
    return {
        label: (len(before[label]), len(after.get(label, []))) for label in before if before[label] != after.get(label)
    }


def test_a_fixture_round_trip_keeps_every_row(content, tmp_path):
    before = snapshot()
    assert len(before["reversion.version"]) > 10 and before["diseases.patientadvice"] and before["axes.accessattempt"]
    backup = tmp_path / "backup.xml.gz"

    call_command("export_backup", str(backup), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    assert not Disease._base_manager.exists()
    call_command("import_backup", str(backup), stdout=io.StringIO())

    after = snapshot()
    assert differences(before, after) == {}
    assert after == before
    # Translations and revisions, as the restored site uses them.
    disease = Disease.objects.get(slug="cno-crmo")
    assert disease.names.first().name_es == "Osteomielitis crónica no bacteriana (editada)"
    versions = Version.objects.get_for_object(disease)
    assert (
        "name_es"
        in versions.first()
        .revision.version_set.filter(content_type=ContentType.objects.get(app_label="diseases", model="diseasename"))
        .first()
        .serialized_data
    )
    assert get_user_model().objects.get(username="editor").check_password("editor-demo-password")


def test_a_backup_is_only_restored_into_an_empty_database(content, tmp_path):
    backup = tmp_path / "backup.xml"
    call_command("export_backup", str(backup), stdout=io.StringIO())

    with pytest.raises(CommandError, match="Restore into a new database"):
        call_command("import_backup", str(backup), stdout=io.StringIO())
    # JSON would lose the microseconds of every time.
    with pytest.raises(CommandError, match="must end in .xml"):
        call_command("export_backup", str(tmp_path / "backup.json"), stdout=io.StringIO())


def table_digests(dsn):
    """Each table's row count and a digest of its rows."""
    with psycopg.connect(dsn) as database:
        tables = [
            name
            for (name,) in database.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        return {
            table: database.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: S608 - table names from the catalog
            ).fetchone()
            for table in tables
        }


@pytest.mark.postgresql
def test_pg_dump_and_pg_restore_keep_every_row(content, tmp_path):
    pg_dump, pg_restore = shutil.which("pg_dump"), shutil.which("pg_restore")
    assert pg_dump and pg_restore, "PostgreSQL's client tools (pg_dump, pg_restore) are needed"
    settings = connection.settings_dict
    credentials = f"{settings['USER']}:{settings['PASSWORD']}@" if settings["PASSWORD"] else f"{settings['USER']}@"
    server = f"postgresql://{credentials}{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}"
    source = f"{server}/{settings['NAME']}"
    copy_name = f"{settings['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "aiarthritis.dump"

    # The README's commands.
    subprocess.run(  # noqa: S603 - PostgreSQL's own tools, with the test database
        [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}", source], check=True
    )
    with psycopg.connect(f"{server}/postgres", autocommit=True) as maintenance:
        maintenance.execute(f'CREATE DATABASE "{copy_name}"')
    try:
        subprocess.run(  # noqa: S603
            [
                pg_restore,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={server}/{copy_name}",
                str(dump),
            ],
            check=True,
        )
        original, restored = table_digests(source), table_digests(f"{server}/{copy_name}")
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as maintenance:
            maintenance.execute(f'DROP DATABASE IF EXISTS "{copy_name}"')

    assert original["reversion_version"][0] > 10
    assert original["diseases_patientadvice"][0] == 1
    assert restored == original
