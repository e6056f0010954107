from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from diseases import notifications, workflow
from diseases.models import Disease, ReviewEvent


class Command(BaseCommand):
    help = (
        "E-mail the last reviewer and the content editors about pages whose medical review is overdue or due "
        "within 30 days. Meant for a daily cron job: a page is reminded about at most once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--within-days", type=int, default=30, help="How far ahead to look (default 30).")

    def handle(self, *args, within_days, **options):
        today = timezone.localdate()
        due = (
            Disease.objects.not_deleted()
            .review_due(within_days=within_days, today=today)
            .select_related("live__reviewed_by")
        )
        already = set(
            ReviewEvent.objects.filter(action=ReviewEvent.Action.REMINDED, created_at__date=today).values_list(
                "disease", flat=True
            )
        )
        sent = 0
        for disease in due.exclude(pk__in=already):
            with transaction.atomic():
                event = workflow.record_reminder(disease)
                notifications.remind_of_review(disease, event)
            sent += 1
        self.stdout.write(f"Reminders sent for {sent} page(s); {len(already)} already reminded today.")
