"""A timeline over the API: `{"events": [{"id", "type", "created_at", "actor", "data", …}], "count", …}`."""

from rest_framework import serializers

from config.api.querystring import ListQuerySerializer
from config.api.serializers import EntitySerializer
from events.models import Event


class EventActorSerializer(serializers.Serializer):
    """Who acted: a staff user over the API (with which credential) or on the staff site, or the system."""

    id = serializers.CharField(source="actor_id", allow_null=True)
    email = serializers.CharField(source="actor_email", allow_null=True)
    name = serializers.CharField(source="actor_name", allow_null=True)
    channel = serializers.ChoiceField(source="actor_channel", choices=Event.Channel.choices)
    credential = serializers.ChoiceField(source="actor_credential", choices=Event.Credential.choices, allow_null=True)


class EventSerializer(EntitySerializer):
    actor = EventActorSerializer(source="*")
    data = serializers.JSONField(help_text="The resource as the API printed it right after the change.")
    changes = serializers.ListField(
        child=serializers.DictField(),
        allow_null=True,
        help_text="What an update changed (`set`, `add`, `remove`, `update` entries); else null.",
    )

    class Meta:
        model = Event
        fields = ("id", "type", "resource_type", "resource_id", "created_at", "actor", "data", "changes")


class AdminEventsListRes(serializers.Serializer):
    events = EventSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()


class AdminGetEventsParams(ListQuerySerializer):
    pass
