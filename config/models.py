"""Columns every Medusa entity shares: a prefixed id, timestamps, soft delete, metadata."""

from django.db import connection, models

from config.ids import generate_id


def _jsonb_ordered(value):
    if isinstance(value, dict):
        keys = sorted(value, key=lambda key: (len(key.encode()), key.encode()))
        return {key: _jsonb_ordered(value[key]) for key in keys}
    if isinstance(value, list):
        return [_jsonb_ordered(item) for item in value]
    return value


def stored_json(value):
    """A JSON value as the database will give it back, for a write that answers from the rows it saved rather than
    reading them again: PostgreSQL's jsonb orders an object's keys by length, then bytes; SQLite keeps them."""
    return _jsonb_ordered(value) if connection.vendor == "postgresql" else value


def metadata_merged(existing: dict | None, update: dict) -> dict:
    """v1's setMetadata: keys are merged into the existing metadata; an empty string deletes a key."""
    merged = dict(existing or {})
    for key, value in update.items():
        if value == "":
            merged.pop(key, None)
        else:
            merged[key] = value
    return stored_json(merged)


class PrefixedIdField(models.CharField):
    """Primary key holding `<prefix>_<ULID>`; the default is generated, a given id is kept (as v1)."""

    def __init__(self, prefix: str, *args, **kwargs):
        self.prefix = prefix
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["prefix"] = self.prefix
        for key, value in (("max_length", 64), ("primary_key", True), ("editable", False)):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        if not self.primary_key:  # a public id beside another key (events.Event's sequence)
            kwargs["primary_key"] = False
        return name, path, args, kwargs

    def has_default(self):
        return True

    def get_default(self):
        return generate_id(self.prefix)


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class LiveManager(models.Manager):
    """Rows that are not soft-deleted."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeletableModel(TimestampedModel):
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012

    class Meta:
        abstract = True
        base_manager_name = "all_objects"


class DisplayIdSequence(models.Model):
    """A counter the database advances: each row's auto-increment key is the next `display_id`.

    Django allows one auto field per model, the primary key; a companion table gives a database-assigned,
    gap-tolerant, concurrency-safe number on SQLite and PostgreSQL alike (never `max() + 1`).
    """

    id = models.BigAutoField(primary_key=True)

    class Meta:
        abstract = True

    @classmethod
    def next_value(cls) -> int:
        return cls.objects.create().pk
