import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from diseases import moderation
from diseases.models import PatientAdvice


class Command(BaseCommand):
    help = (
        "Privacy retention, meant for a daily cron job: delete rejected patient advice, forget the e-mail "
        "addresses and the stored versions of all advice submitted longer ago than the retention period "
        "(ADVICE_RETENTION_DAYS), the history of deleted advice, and the admin log's older entries about advice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.ADVICE_RETENTION_DAYS)

    @transaction.atomic
    def handle(self, *args, days, **options):
        old = PatientAdvice.objects.past_retention(days)
        rejected = old.filter(status=PatientAdvice.Status.REJECTED)
        rejected_count = rejected.count()
        # Deleting advice forgets its stored versions too (diseases.signals).
        for advice in rejected:
            advice.delete()
        emails = old.exclude(email="").update(email="")
        # Stored versions hold copies of the text and e-mail address as sent.
        old_versions = moderation.forget_versions(list(old.values_list("pk", flat=True)))
        orphaned = moderation.forget_orphaned_history()
        log_entries = moderation.purge_admin_log(timezone.now() - datetime.timedelta(days=days))
        self.stdout.write(
            f"Deleted {rejected_count} rejected submission(s); removed {emails} e-mail address(es) "
            f"older than {days} days; removed {old_versions + orphaned} stored version(s) and "
            f"{log_entries} admin log entr(y/ies) about advice."
        )
