from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from diseases import public_changes
from diseases.models import Disease


class Command(BaseCommand):
    help = (
        "Restore a backup written by export_backup into a new, empty database that `migrate` has just created. "
        "All of it is restored, or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    @transaction.atomic
    def handle(self, *args, file, **options):
        if Disease._base_manager.exists() or get_user_model().objects.exists():
            raise CommandError(
                "This database already holds pages or users. Restore into a new database: create it, run "
                "`manage.py migrate`, then import_backup."
            )
        # `migrate` made the editors' and reviewers' groups; the backup brings them, as they were.
        Group.objects.all().delete()
        call_command("loaddata", file, verbosity=0)
        # Pages cached before the restore are not what the restored database publishes.
        public_changes.pages_changed()
        self.stdout.write(f"Backup {file} restored.")
