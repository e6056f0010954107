from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Made again by `migrate` in the database a backup is restored into, and
# referred to by natural keys in the backup; sessions are not worth keeping.
LEFT_OUT = ["contenttypes", "auth.permission", "sessions"]
# XML keeps times to the microsecond (Django's JSON keeps milliseconds);
# loaddata reads the format from the name.
NAMES = (".xml", ".xml.gz", ".xml.bz2", ".xml.xz")


class Command(BaseCommand):
    help = (
        "Write every row of the database (pages in every language, their revisions, publications, review log, "
        "patient advice, users, the admin log, sign-in records) to FILE, a fixture that import_backup restores on "
        "any supported database. FILE ends in .xml, or .xml.gz, .xml.bz2 or .xml.xz to compress it. On "
        "PostgreSQL, pg_dump is the usual backup (README, “Backup and restore”)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="for example backup-2026-11-29.xml.gz")

    def handle(self, *args, file, **options):
        if not file.endswith(NAMES):
            raise CommandError(f"The backup's name must end in {', '.join(NAMES)}.")
        call_command(
            "dumpdata",
            format="xml",
            natural_foreign=True,
            exclude=LEFT_OUT,
            output=file,
            indent=None,
            verbosity=0,
        )
        self.stdout.write(f"Backup written to {file}.")
