"""The Celery side of draft orders: the daily purge the workers' beat runs when DRAFT_ORDERS_PURGE_DAYS is set."""

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from draft_orders.services import draft_orders_purge

logger = logging.getLogger("draft_orders")


@shared_task(name="draft_orders.purge")
def purge(older_than_days: int) -> int:
    """`manage.py purge_draft_orders --older-than older_than_days`, from the beat."""
    deleted = draft_orders_purge(older_than=timedelta(days=older_than_days), now=timezone.now())
    logger.info("Deleted %s open draft orders not updated for %s days", deleted, older_than_days)
    return deleted
