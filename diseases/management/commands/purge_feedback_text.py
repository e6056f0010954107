from django.conf import settings
from django.core.management.base import BaseCommand

from diseases import feedback


class Command(BaseCommand):
    help = (
        "Privacy retention, meant for a daily cron job: erase what visitors wrote with their page feedback once "
        "it is older than FEEDBACK_TEXT_RETENTION_MONTHS; the answers (helpful or not, the kind of problem) stay "
        "counted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=settings.FEEDBACK_TEXT_RETENTION_MONTHS)

    def handle(self, *args, months, **options):
        erased = feedback.erase_expired_text(months)
        self.stdout.write(f"Erased the text of {erased} feedback comment(s) older than {months} months.")
