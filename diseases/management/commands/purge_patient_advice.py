from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from diseases import versioning
from diseases.models import PatientAdvice


class Command(BaseCommand):
    help = (
        "Privacy retention, meant for a daily cron job: delete rejected patient advice and forget the e-mail "
        "addresses of all advice submitted longer ago than the retention period (ADVICE_RETENTION_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.ADVICE_RETENTION_DAYS)

    @transaction.atomic
    def handle(self, *args, days, **options):
        old = PatientAdvice.objects.past_retention(days)
        rejected = list(old.filter(status=PatientAdvice.Status.REJECTED))
        with_email = list(old.exclude(status=PatientAdvice.Status.REJECTED).exclude(email=""))
        # Stored revisions hold copies of the text and e-mail address: they go too.
        for advice in rejected + with_email:
            versioning.versions(advice).delete()
        PatientAdvice.objects.filter(pk__in=[advice.pk for advice in rejected]).delete()
        PatientAdvice.objects.filter(pk__in=[advice.pk for advice in with_email]).update(email="")
        self.stdout.write(
            f"Deleted {len(rejected)} rejected submission(s); removed {len(with_email)} e-mail address(es) "
            f"older than {days} days."
        )
