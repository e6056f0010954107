from django.core.management.base import BaseCommand, CommandError

from diseases import frontend_cache


class Command(BaseCommand):
    help = (
        "Send the purges the frontend caches (FRONTEND_CACHE) have not confirmed yet, such as those that failed "
        "while the proxy was down. Run it from cron every few minutes."
    )

    def handle(self, *args, **options):
        total_purged = total_failed = 0
        while True:
            purged, failed = frontend_cache.send_pending()
            total_purged += purged
            total_failed += failed
            # Until nothing is left to send; failures wait for the next run.
            if failed or not purged:
                break
        if total_failed:
            raise CommandError(f"{total_purged} addresses purged, {total_failed} still failing (see the log).")
        self.stdout.write(f"{total_purged} addresses purged.")
