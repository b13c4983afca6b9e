"""Reads of webhook endpoints and deliveries."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from config.errors import not_found
from webhooks.models import Delivery, DeliveryAttempt, WebhookEndpoint


def webhook_get(webhook_id: str, *, for_update: bool = False) -> WebhookEndpoint:
    queryset = WebhookEndpoint.objects.select_for_update() if for_update else WebhookEndpoint.objects
    endpoint = queryset.filter(pk=webhook_id).first()
    if endpoint is None:
        raise not_found("Webhook", webhook_id)
    return endpoint


def webhook_list() -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.order_by("-created_at", "-id")


def delivery_list(*, webhook_id: str) -> QuerySet[Delivery]:
    """An endpoint's deliveries, newest event first, with their event and attempts (three queries a page)."""
    return (
        Delivery.objects.filter(endpoint_id=webhook_id)
        .select_related("event")
        .prefetch_related(Prefetch("attempts", queryset=DeliveryAttempt.objects.order_by("attempted_at", "id")))
        .order_by("-event_id", "-id")
    )


def earlier_pending() -> Exists:
    """An earlier event of the same resource still waiting to reach the same endpoint: this one waits behind it."""
    return Exists(
        Delivery.objects.filter(
            endpoint_id=OuterRef("endpoint_id"),
            resource_id=OuterRef("resource_id"),
            status=Delivery.Status.PENDING,
            event_id__lt=OuterRef("event_id"),
        )
    )


def next_pending(delivery: Delivery) -> Delivery | None:
    """The delivery waiting behind this one (the next event of its resource for its endpoint)."""
    return (
        Delivery.objects.filter(
            endpoint_id=delivery.endpoint_id,
            resource_id=delivery.resource_id,
            status=Delivery.Status.PENDING,
            event_id__gt=delivery.event_id,
        )
        .order_by("event_id")
        .first()
    )


def deliveries_due(*, now: datetime, limit: int = 1000) -> list[str]:
    """What the sweep hands to workers: pending deliveries overdue by a sweep's interval (their own message is
    lost or late), not held by a live worker, first in line for their resource, to an endpoint that is on."""
    overdue = now - timedelta(seconds=settings.WEBHOOKS_SWEEP_SECONDS)
    return list(
        Delivery.objects.filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=now),
            status=Delivery.Status.PENDING,
            next_attempt_at__lte=overdue,
            endpoint__active=True,
            endpoint__deleted_at__isnull=True,
        )
        .exclude(earlier_pending())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
