"""The `Idempotency-Key`s callers sent with their writes, each with the answer its first request got."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from config.models import PrefixedIdField


class IdempotencyKey(models.Model):
    class State(models.TextChoices):
        RUNNING = "running"  # claimed by a request that has not answered yet
        DONE = "done"  # its answer is stored and replayed to a retry

    id = PrefixedIdField(prefix="ikey")  # v1's prefix for its (unused) idempotency keys
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_method = models.CharField(max_length=16)
    request_path = models.TextField()
    request_hash = models.CharField(max_length=64, help_text="SHA-256 of the request's JSON body, keys sorted")
    state = models.CharField(max_length=8, choices=State.choices, default=State.RUNNING)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_headers = models.JSONField(default=dict, blank=True)
    response_body = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField()
    locked_at = models.DateTimeField(null=True, blank=True, help_text="When the running request claimed the key")
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user"),
            models.CheckConstraint(
                condition=Q(state="running", locked_at__isnull=False)
                | Q(state="done", response_status__isnull=False, response_body__isnull=False),
                name="idempotency_key_running_locked_or_done_answered",
            ),
        ]

    def __str__(self):
        return f"{self.key} ({self.request_method} {self.request_path}, {self.state})"
