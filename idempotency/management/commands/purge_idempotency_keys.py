from django.core.management.base import BaseCommand
from django.utils import timezone

from idempotency.services import idempotency_keys_purge


class Command(BaseCommand):
    help = "Delete the Idempotency-Keys (and their stored answers) that have expired. Schedule it, e.g. hourly."

    def handle(self, *args, **options):
        deleted = idempotency_keys_purge(now=timezone.now())
        self.stdout.write(f"Deleted {deleted} expired idempotency keys")
