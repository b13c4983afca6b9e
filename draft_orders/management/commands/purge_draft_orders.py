from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from draft_orders.services import draft_orders_purge

# Shopify purges draft orders nobody touched for a year
DEFAULT_DAYS = 365


class Command(BaseCommand):
    help = (
        "Delete the open draft orders not updated for --older-than DAYS (default 365), releasing the stock they "
        "hold, and print how many; --dry-run only counts them. Completed draft orders stay. Schedule it, e.g. daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=DEFAULT_DAYS, metavar="DAYS")
        parser.add_argument("--dry-run", action="store_true", help="count the draft orders, delete nothing")

    def handle(self, *args, older_than: int, dry_run: bool, **options):
        if older_than < 0:
            raise CommandError("--older-than must be a number of days, 0 or more")
        try:
            count = draft_orders_purge(older_than=timedelta(days=older_than), now=timezone.now(), dry_run=dry_run)
        except OverflowError:  # further back than a datetime reaches
            raise CommandError("--older-than reaches back before year 1") from None
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} open draft orders not updated for {older_than} days")
