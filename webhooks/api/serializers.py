"""Webhook endpoints over the API in v1's conventions, and the body every delivery POSTs."""

from django.core.validators import URLValidator
from django.core.validators import ValidationError as DjangoValidationError
from rest_framework import serializers

from config.api.querystring import ListQuerySerializer
from config.api.serializers import DeletedSerializer, EntitySerializer, MedusaDateTimeField
from config.api.validation import (
    ArrayField,
    BooleanField,
    EnumField,
    RequestSerializer,
    StringField,
    column_max_length,
)
from events.catalog import ALL_EVENTS, EVENT_TYPES
from events.models import Event
from webhooks.models import Delivery, DeliveryAttempt, WebhookEndpoint

EVENT_CHOICES = [ALL_EVENTS, *EVENT_TYPES]
URL_MAX_LENGTH = column_max_length(WebhookEndpoint, "url")


class WebhookUrlField(StringField):
    """`@IsUrl({protocols: ["http", "https"]})` in class-validator's words."""

    messages = ("{name} must be a URL address",)
    _validator = URLValidator(schemes=["http", "https"])

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if len(value) > URL_MAX_LENGTH:
            raise self.invalid((f"{{name}} must be shorter than or equal to {URL_MAX_LENGTH} characters",))
        try:
            self._validator(value)
        except DjangoValidationError:
            raise self.invalid() from None
        return value


class EventTypesField(ArrayField):
    """`@IsArray @ArrayNotEmpty @IsIn(types, {each: true})`."""

    missing_messages = ("{name} should not be empty", "{name} must be an array")

    def __init__(self, **kwargs):
        super().__init__(child=EnumField(EVENT_CHOICES), **kwargs)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if not values:
            raise self.invalid(("{name} should not be empty",))
        return values


# --- requests --------------------------------------------------------------------------------------------------


class AdminPostWebhooksReq(RequestSerializer):
    writes_to = WebhookEndpoint
    url = WebhookUrlField(required=True, help_text="Where events are POSTed; a public http(s) address.")
    events = EventTypesField(required=True, help_text='The event types to send, or `["*"]` for all.')
    active = BooleanField(help_text="Whether events are sent (default true).")
    description = StringField()


class AdminPostWebhooksWebhookReq(RequestSerializer):
    writes_to = WebhookEndpoint
    url = WebhookUrlField()
    events = EventTypesField()
    active = BooleanField(help_text="Switching an endpoint on again also sends the deliveries that waited.")
    description = StringField()


class AdminGetWebhooksParams(ListQuerySerializer):
    pass


class AdminGetWebhookDeliveriesParams(ListQuerySerializer):
    pass


# --- responses -------------------------------------------------------------------------------------------------


class WebhookSerializer(EntitySerializer):
    events = serializers.ListField(child=serializers.ChoiceField(EVENT_CHOICES))
    disabled_reason = serializers.CharField(
        allow_null=True, help_text="Why the endpoint was switched off after failing deliveries; null otherwise."
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("id", "url", "description", "events", "active", "disabled_reason", "created_at", "updated_at")


class CreatedWebhookSerializer(WebhookSerializer):
    secret = serializers.CharField(
        help_text="The signing secret (`whsec_…`): receivers verify the `webhook-signature` header with it. "
        "Shown in this answer only; staff see it on the endpoint's staff page."
    )

    class Meta(WebhookSerializer.Meta):
        fields = (*WebhookSerializer.Meta.fields, "secret")


class AdminWebhooksRes(serializers.Serializer):
    webhook = WebhookSerializer()


class AdminWebhooksCreateRes(serializers.Serializer):
    webhook = CreatedWebhookSerializer()


class AdminWebhooksListRes(serializers.Serializer):
    webhooks = WebhookSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()


class AdminWebhooksDeleteRes(DeletedSerializer):
    pass


class WebhookPayloadSerializer(serializers.ModelSerializer):
    """The JSON body POSTed to an endpoint for an event, signed as Standard Webhooks says: the headers
    `webhook-id` (the event id, the same on every retry: receivers drop repeats by it), `webhook-timestamp` (the
    attempt's Unix time) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the
    endpoint's `whsec_` secret). Answer 2xx to acknowledge; anything else is retried."""

    timestamp = MedusaDateTimeField(source="created_at", help_text="When the event happened.")
    type = serializers.ChoiceField(EVENT_TYPES, help_text="What happened (`draft_order.updated`, …).")
    data = serializers.JSONField(help_text="The resource as the API printed it right after the change.")
    changes = serializers.ListField(
        child=serializers.DictField(), allow_null=True, help_text="What an update changed (see the events timeline)."
    )

    class Meta:
        model = Event
        fields = ("id", "type", "timestamp", "resource_type", "resource_id", "data", "changes")


class DeliveryAttemptSerializer(EntitySerializer):
    succeeded = serializers.BooleanField(allow_null=True, help_text="null while the attempt is in flight.")

    class Meta:
        model = DeliveryAttempt
        fields = ("id", "attempted_at", "duration_ms", "status_code", "response_excerpt", "error", "succeeded")


class DeliverySerializer(EntitySerializer):
    event_id = serializers.CharField(source="event.id")
    event_type = serializers.CharField(source="event.type")
    attempts = DeliveryAttemptSerializer(many=True)
    payload = WebhookPayloadSerializer(source="event")

    class Meta:
        model = Delivery
        fields = (
            "id",
            "event_id",
            "event_type",
            "resource_id",
            "status",
            "attempt_count",
            "next_attempt_at",
            "delivered_at",
            "created_at",
            "updated_at",
            "attempts",
            "payload",
        )


class AdminWebhookDeliveriesListRes(serializers.Serializer):
    deliveries = DeliverySerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()
