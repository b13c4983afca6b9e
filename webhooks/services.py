"""Writes of webhook endpoints and of their deliveries: fan-out with the event, claim, record, resend."""

import base64
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from config.errors import not_found
from config.prepared import PreparedQuery
from events.catalog import ALL_EVENTS
from events.models import Event
from webhooks.guard import url_check
from webhooks.models import Delivery, DeliveryAttempt, WebhookEndpoint
from webhooks.schedule import retries_left, retry_delay
from webhooks.selectors import earlier_pending, webhook_get
from webhooks.sending import Outcome

INTERRUPTED = "interrupted: the worker stopped before the answer was recorded"


def secret_generate() -> str:
    """`whsec_` and 32 random bytes in base64, the Standard Webhooks secret format."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _queue_on_commit(delivery_ids: list[str]) -> None:
    from webhooks.tasks import queue_delivery  # the Celery side, imported when there is something to queue

    for delivery_id in delivery_ids:
        transaction.on_commit(partial(queue_delivery, delivery_id))


# --- endpoints -------------------------------------------------------------------------------------------------


@transaction.atomic
def webhook_create(
    *, url: str, events: list[str], active: bool = True, description: str | None = None
) -> WebhookEndpoint:
    url_check(url)
    return WebhookEndpoint.objects.create(
        url=url, events=list(dict.fromkeys(events)), active=active, description=description, secret=secret_generate()
    )


@transaction.atomic
def webhook_update(*, webhook_id: str, data: dict) -> WebhookEndpoint:
    """Changes the given fields (`url`, `events`, `active`, `description`). Switching an endpoint on clears why it
    was switched off and sends what waited for it."""
    endpoint = webhook_get(webhook_id, for_update=True)
    if "url" in data:
        url_check(data["url"])
        endpoint.url = data["url"]
    if "events" in data:
        endpoint.events = list(dict.fromkeys(data["events"]))
    if "description" in data:
        endpoint.description = data["description"]
    if "active" in data:
        switched_on = data["active"] and not endpoint.active
        endpoint.active = data["active"]
        if switched_on:
            endpoint.disabled_reason = None
            endpoint.failed_deliveries_in_a_row = 0
            waiting = endpoint.deliveries.filter(status=Delivery.Status.PENDING).order_by("event_id")
            _queue_on_commit(list(waiting.values_list("pk", flat=True)))
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_delete(*, webhook_id: str) -> None:
    """Soft delete, as v1 deletes: the endpoint stops receiving; its deliveries stay on record."""
    endpoint = WebhookEndpoint.objects.filter(pk=webhook_id).first()
    if endpoint is not None:  # v1 answers a delete of what is gone with success
        endpoint.deleted_at = timezone.now()
        endpoint.active = False
        endpoint.save(update_fields=["deleted_at", "active", "updated_at"])


# --- deliveries ------------------------------------------------------------------------------------------------


# every write that records an event reads them: compiled once (config.prepared), and read ahead with the write's
# first statement (settings.EVENT_SUBSCRIBER_READS)
ENDPOINTS_ACTIVE = PreparedQuery(lambda: WebhookEndpoint.objects.filter(active=True).only("id", "events"), parameters=0)


def deliveries_create(events: Sequence[Event]) -> None:
    """An EVENT_SUBSCRIBER: one delivery per active endpoint that wants the event, for each of the events recorded
    together, in their transaction (two queries however many events: the endpoints, then the deliveries), each
    queued for a worker when it commits."""
    endpoints = ENDPOINTS_ACTIVE()
    deliveries = [
        Delivery(endpoint_id=endpoint.pk, event=event, resource_id=event.resource_id, next_attempt_at=event.created_at)
        for event in events
        for endpoint in endpoints
        if ALL_EVENTS in endpoint.events or event.type in endpoint.events
    ]
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
        _queue_on_commit([delivery.pk for delivery in deliveries])


@dataclass(frozen=True)
class Claim:
    delivery: Delivery
    attempt_id: str


def _lease() -> timedelta:
    """Long enough for one attempt's steps (connect, send, answer) to time out; then another worker may retry."""
    return timedelta(seconds=4 * settings.WEBHOOKS_TIMEOUT_SECONDS + 10)


def _unleased(now: datetime) -> Q:
    return Q(locked_until__isnull=True) | Q(locked_until__lt=now)


@transaction.atomic
def delivery_claim(*, delivery_id: str, now: datetime) -> Claim | None:
    """Takes the delivery for one attempt, or None when it is not this worker's to try now: done, not due, its
    endpoint off, another worker holding it, or an earlier event of the same resource still waiting for the same
    endpoint (events of a resource reach an endpoint in order). The attempt is recorded as started."""
    delivery = Delivery.objects.select_related("endpoint", "event").filter(pk=delivery_id).first()
    if delivery is None or not delivery.endpoint.active or delivery.endpoint.deleted_at is not None:
        return None
    # one conditional UPDATE on the delivery's own columns: of two workers, the database lets one through
    claimed = (
        Delivery.objects.filter(
            _unleased(now), pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now
        )
        .exclude(earlier_pending())
        .update(locked_until=now + _lease())
    )
    if not claimed:
        return None
    interrupted = delivery.attempts.filter(succeeded__isnull=True).update(succeeded=False, error=INTERRUPTED)
    if interrupted and not retries_left(delivery.attempt_count):  # a killed worker had the last attempt
        _give_up(delivery, now=now)
        return None
    Delivery.objects.filter(pk=delivery_id).update(attempt_count=F("attempt_count") + 1)
    attempt = DeliveryAttempt.objects.create(delivery=delivery, attempted_at=now)
    return Claim(delivery=delivery, attempt_id=attempt.pk)


def _give_up(delivery: Delivery, *, now: datetime) -> None:
    """The delivery is failed; an endpoint whose deliveries keep failing is switched off, with the reason."""
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, locked_until=None, updated_at=now)
    WebhookEndpoint.all_objects.filter(pk=delivery.endpoint_id).update(
        failed_deliveries_in_a_row=F("failed_deliveries_in_a_row") + 1
    )
    limit = settings.WEBHOOKS_DISABLE_AFTER_FAILURES
    WebhookEndpoint.all_objects.filter(
        pk=delivery.endpoint_id, active=True, failed_deliveries_in_a_row__gte=limit
    ).update(
        active=False,
        disabled_reason=f"Switched off on {now:%Y-%m-%d %H:%M} UTC: {limit} deliveries in a row failed every "
        f"attempt ({settings.WEBHOOKS_MAX_ATTEMPTS} each).",
        updated_at=now,
    )


@transaction.atomic
def delivery_attempt_finish(*, claim: Claim, outcome: Outcome, now: datetime) -> Delivery:
    """Records the attempt's answer and what follows: delivered, tried again later, or given up."""
    DeliveryAttempt.objects.filter(pk=claim.attempt_id).update(
        succeeded=outcome.succeeded,
        duration_ms=outcome.duration_ms,
        status_code=outcome.status_code,
        response_excerpt=outcome.response_excerpt,
        error=outcome.error,
    )
    delivery = Delivery.objects.select_for_update().get(pk=claim.delivery.pk)
    if outcome.succeeded:
        delivery.status, delivery.delivered_at = Delivery.Status.SUCCEEDED, now
        WebhookEndpoint.all_objects.filter(pk=delivery.endpoint_id, failed_deliveries_in_a_row__gt=0).update(
            failed_deliveries_in_a_row=0
        )
    elif retries_left(delivery.attempt_count):
        delivery.next_attempt_at = now + timedelta(seconds=retry_delay(delivery.attempt_count))
    else:
        _give_up(delivery, now=now)
        delivery.refresh_from_db()
        return delivery
    delivery.locked_until = None
    delivery.save(update_fields=["status", "delivered_at", "next_attempt_at", "locked_until", "updated_at"])
    return delivery


@transaction.atomic
def delivery_resend(*, delivery_id: str) -> Delivery:
    """Sends a delivery again, now: a finished one gets a new round of attempts (its history stays), a waiting
    one is tried without waiting for its next turn."""
    delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
    if delivery is None:
        raise not_found("Delivery", delivery_id)
    if delivery.status == Delivery.Status.PENDING:
        Delivery.objects.filter(pk=delivery_id).update(next_attempt_at=timezone.now())
        _queue_on_commit([delivery_id])
    else:
        _restart(Delivery.objects.filter(pk=delivery_id))
    return delivery


@transaction.atomic
def deliveries_resend_failed(*, webhook_id: str) -> int:
    """Sends every failed delivery of the endpoint again, oldest event first; returns how many."""
    webhook_get(webhook_id)
    return _restart(Delivery.objects.filter(endpoint_id=webhook_id, status=Delivery.Status.FAILED))


def _restart(deliveries) -> int:
    """A new round of attempts for finished deliveries."""
    ids = list(deliveries.order_by("event_id").values_list("pk", flat=True))
    now = timezone.now()
    Delivery.objects.filter(pk__in=ids).update(
        status=Delivery.Status.PENDING,
        attempt_count=0,
        next_attempt_at=now,
        locked_until=None,
        delivered_at=None,
        updated_at=now,
    )
    _queue_on_commit(ids)
    return len(ids)
