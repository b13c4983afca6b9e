from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from config.models import PrefixedIdField


class Event(models.Model):
    """One row of the outbox and audit trail: written in the transaction of the change it records, never changed.

    `seq` is the database's own counter: a change that locks its resource records its event after the previous
    change to that resource committed, so `seq` is the order of a resource's events (timeline and webhooks).
    """

    class Channel(models.TextChoices):
        API = "api", "API"
        ADMIN = "admin", "staff site"
        SYSTEM = "system", "system"  # a task or a command, no person

    class Credential(models.TextChoices):
        API_TOKEN = "api_token", "API token"
        JWT = "jwt", "JWT"
        SESSION = "session", "session"

    seq = models.BigAutoField(primary_key=True)
    id = PrefixedIdField(prefix="evt", primary_key=False, unique=True)
    type = models.CharField(max_length=64, db_index=True)
    resource_type = models.CharField(max_length=32)
    resource_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    # the actor as they were when acting: a later change to the user does not rewrite the record
    actor_id = models.CharField(max_length=64, null=True, blank=True)
    actor_email = models.CharField(max_length=254, null=True, blank=True)
    actor_name = models.CharField(max_length=300, null=True, blank=True)
    actor_channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.SYSTEM)
    actor_credential = models.CharField(max_length=16, choices=Credential.choices, null=True, blank=True)
    data = models.JSONField(encoder=DjangoJSONEncoder)
    changes = models.JSONField(encoder=DjangoJSONEncoder, null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["resource_type", "resource_id", "seq"], name="event_resource_seq")]

    def __str__(self):
        return f"{self.type} {self.resource_id}"
