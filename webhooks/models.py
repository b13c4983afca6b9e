from django.db import models
from django.utils import timezone

from config.models import PrefixedIdField, SoftDeletableModel, TimestampedModel


class WebhookEndpoint(SoftDeletableModel):
    """A receiver of events: every matching event is POSTed to `url`, signed with `secret` (Standard Webhooks)."""

    id = PrefixedIdField(prefix="wh")
    url = models.CharField(max_length=2048)
    description = models.CharField(max_length=255, null=True, blank=True)
    events = models.JSONField(default=list)  # event types, or ["*"] for all
    active = models.BooleanField(default=True)
    secret = models.CharField(max_length=128, editable=False)
    # set when the endpoint was switched off for failing; cleared when staff switch it on again
    disabled_reason = models.TextField(null=True, blank=True)
    failed_deliveries_in_a_row = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.url


class Delivery(TimestampedModel):
    """One event to one endpoint: retried until it succeeds or runs out of attempts.

    The database holds the truth (status, when next, which worker holds it until when); a Celery message only
    says "look at this delivery now", so a message lost with a worker or a broker loses nothing.
    """

    class Status(models.TextChoices):
        PENDING = "pending"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    id = PrefixedIdField(prefix="whdel")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey("events.Event", on_delete=models.PROTECT, related_name="+")
    resource_id = models.CharField(max_length=64)  # the event's, for the per-resource order
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempt_count = models.PositiveIntegerField(default=0)  # attempts in the current round (a resend starts one)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)  # a worker's lease on an attempt in flight
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["endpoint", "resource_id", "event"], name="delivery_resource_order"),
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
        ]

    def __str__(self):
        return f"{self.event_id} → {self.endpoint_id}"


class DeliveryAttempt(models.Model):
    """One POST: recorded when it starts, completed with its answer (an attempt a dead worker never completed
    is marked interrupted by the next one)."""

    id = PrefixedIdField(prefix="whatt")
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    attempted_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True, default="")
    error = models.TextField(blank=True, default="")
    succeeded = models.BooleanField(null=True)  # null while in flight

    class Meta:
        ordering = ["attempted_at", "id"]

    def __str__(self):
        return self.id
