from django.core.management.base import BaseCommand, CommandError

from diseases import languages, translation_files
from diseases.models import Disease


class Command(BaseCommand):
    help = (
        "Write the texts of pages (the given slugs, or every page) and of the shared symptom groups as a PO or "
        "XLIFF file for translators into LANGUAGE: one unit per text, with its English, its context, the glossary "
        "terms it uses and, when outdated, the English its translation was written against."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="pages to export (every page when none is given)")
        parser.add_argument("--language", required=True, choices=languages.translated_languages())
        parser.add_argument("--format", required=True, choices=["po", "xliff"])
        parser.add_argument(
            "--xliff-version", choices=["1.2", "2.0"], default="1.2", help="with --format xliff (1.2 by default)"
        )
        parser.add_argument(
            "--outdated-only", action="store_true", help="only the texts whose translation is missing or outdated"
        )
        parser.add_argument("--output", help="the file to write (standard output by default)")

    def handle(self, *args, slugs, language, format, xliff_version, outdated_only, output, **options):
        unknown = sorted(set(slugs) - set(Disease.objects.not_deleted().values_list("slug", flat=True)))
        if unknown:
            raise CommandError(f"No page has the slug: {', '.join(unknown)}.")
        file_format = translation_files.PO if format == "po" else f"xliff-{xliff_version}"
        data = translation_files.export(language, file_format, slugs, needing_work_only=outdated_only)
        if output:
            with open(output, "wb") as file:
                file.write(data)
        else:
            self.stdout.write(data.decode(), ending="")
