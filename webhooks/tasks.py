"""The Celery side: a delivery's attempt (`webhooks.deliver`) and the sweep that finds what no message carries any
more (`webhooks.sweep`: every WEBHOOKS_SWEEP_SECONDS from the worker's beat, and when a worker starts)."""

import logging
from collections.abc import Callable
from datetime import datetime

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from webhooks.api.serializers import WebhookPayloadSerializer
from webhooks.models import Delivery
from webhooks.selectors import deliveries_due, next_pending
from webhooks.sending import payload_body, post, signed_headers
from webhooks.services import delivery_attempt_finish, delivery_claim

logger = logging.getLogger("webhooks")


def queue_delivery(delivery_id: str, *, countdown: float | None = None) -> None:
    """Asks a worker to try the delivery (after `countdown` seconds). A broker out of reach fails nothing: the
    delivery is in the database, and the sweep hands it to a worker later."""
    try:
        deliver.apply_async((delivery_id,), countdown=countdown)
    except Exception:
        logger.warning("Could not queue delivery %s; the sweep will", delivery_id, exc_info=True)


def delivery_run(*, delivery_id: str, clock: Callable[[], datetime] = timezone.now) -> Delivery | None:
    """One attempt, if the delivery is this worker's to try now: claim, POST, record, then queue what follows
    (its own retry, or the next event of its resource for the endpoint)."""
    claim = delivery_claim(delivery_id=delivery_id, now=clock())
    if claim is None:
        return None
    event, endpoint = claim.delivery.event, claim.delivery.endpoint
    body = payload_body(WebhookPayloadSerializer(event).data)
    headers = signed_headers(secret=endpoint.secret, message_id=event.id, timestamp=clock(), body=body)
    outcome = post(endpoint.url, body=body, headers=headers)
    now = clock()
    delivery = delivery_attempt_finish(claim=claim, outcome=outcome, now=now)
    if delivery.status == Delivery.Status.PENDING:
        queue_delivery(delivery.pk, countdown=max(0.0, (delivery.next_attempt_at - now).total_seconds()))
    elif (waiting := next_pending(delivery)) is not None:
        queue_delivery(waiting.pk)
    return delivery


@shared_task(name="webhooks.deliver", ignore_result=True)
def deliver(delivery_id: str) -> None:
    delivery_run(delivery_id=delivery_id)


@shared_task(name="webhooks.sweep", ignore_result=True)
def sweep() -> int:
    due = deliveries_due(now=timezone.now())
    for delivery_id in due:
        queue_delivery(delivery_id)
    return len(due)


@worker_ready.connect
def sweep_when_a_worker_starts(sender=None, **kwargs):
    """A worker that was killed mid-attempt left its delivery leased: once the lease runs out, this sweep (or the
    beat's next) hands it out again."""
    sweep.delay()
