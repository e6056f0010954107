from django.core.management.base import BaseCommand

from diseases import search


class Command(BaseCommand):
    help = (
        "Rebuild the search entries of the pages recorded for reindexing: those a large shared-group or "
        "reference edit republished, when reindexing them right after it failed. Run it from cron every few minutes."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{search.reindex_pending()} pages reindexed.")
