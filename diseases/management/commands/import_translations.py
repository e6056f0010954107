from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from diseases import translation_files


class Command(BaseCommand):
    help = (
        "Import a translated PO or XLIFF file as an edit by USER: each unit is checked, those that pass are saved "
        "(one revision per page, which goes to medical review), and the report says what was applied, skipped and "
        "why. Exits with an error when nothing could be applied because of what the file holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a PO or XLIFF file made by export_translations")
        parser.add_argument("--user", required=True, help="the user name the edit is recorded under")

    def handle(self, *args, file, user, **options):
        importer = get_user_model().objects.filter(username=user, is_active=True).first()
        if importer is None:
            raise CommandError(f"No active user is named “{user}”.")
        try:
            with open(file, "rb") as opened:
                data = opened.read(translation_files.importing.max_size() + 1)
        except OSError as error:
            raise CommandError(f"The file cannot be read: {error.strerror}.") from None
        report = translation_files.import_file(data, importer)
        for line in translation_files.importing.report_lines(report):
            self.stdout.write(line)
        if report.failed:
            raise CommandError("Nothing was applied.")
