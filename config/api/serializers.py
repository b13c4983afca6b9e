"""Output serializers shaped as v1 serializes its entities."""

from datetime import UTC

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.money import json_number


class MedusaDateTimeField(serializers.DateTimeField):
    """ISO 8601 in UTC with milliseconds and `Z`, as JavaScript's Date#toJSON: `2026-11-29T13:59:23.661Z`."""

    def to_representation(self, value):
        if value is None:
            return None
        if value.tzinfo is not UTC:  # the database's are UTC already
            value = value.astimezone(UTC)
        # isoformat is C (strftime and a format cost twice as much; a list page has 500 dates); "+00:00" becomes "Z",
        # and its 4-digit year and truncated milliseconds are toJSON's
        return value.isoformat(timespec="milliseconds")[:-6] + "Z"


class AmountField(serializers.FloatField):
    """A money amount that may be fractional (a spread fixed discount), printed as JavaScript prints it."""

    def to_representation(self, value):
        return None if value is None else json_number(value)


@extend_schema_field({"type": "string", "nullable": True})
class NullField(serializers.Field):
    """A v1 key for something this project does not model (swaps, claims, sales channels): always null."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, value):
        return None


@extend_schema_field({"type": "object", "nullable": True})
class NullRelationField(NullField):
    """A v1 relation to one entity this project does not model (a product's collection or type): always null."""


@extend_schema_field({"type": "array", "items": {"type": "object"}})
class EmptyListField(NullField):
    """A v1 relation this project does not model (gift cards, fulfillments, refunds): always `[]`."""

    def to_representation(self, value):
        return []


class EntitySerializer(serializers.ModelSerializer):
    """A model's entity as v1 prints it. A subclass may define `finish_representation(instance, data)` to change
    the rendered dict (config.api.render plans it the same way)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: MedusaDateTimeField,
    }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        finish = getattr(self, "finish_representation", None)
        return data if finish is None else finish(instance, data)

    to_representation.plain_representation = True  # field by field, then the hook: config.api.render plans it


class DeletedSerializer(serializers.Serializer):
    """v1's delete response: `{id, object, deleted: true}`."""

    id = serializers.CharField()
    object = serializers.CharField()
    deleted = serializers.BooleanField()


def deleted_body(entity_id: str, object_name: str) -> dict:
    return {"id": entity_id, "object": object_name, "deleted": True}


class ComputedField(serializers.Field):
    """A value computed from fetched rows rather than stored on them: the serializer's context maps `group` to a
    mapping of row id → object, and this field reads `<that object>.<name>` for the row being rendered.

    Selectors compute (e.g. a cart's totals) and views pass the result in the context, so nothing is attached to
    model instances to be read back here.
    """

    def __init__(self, group: str, name: str | None = None, **kwargs):
        self.group, self.name = group, name
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, row):
        computed = self.context[self.group][row.pk]
        return computed if self.name is None else getattr(computed, self.name)
