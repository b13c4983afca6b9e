"""The audit trail on the staff site: listed and shown, never added, changed or deleted."""

import json

from django.contrib import admin
from django.utils.html import format_html

from events.models import Event
from events.timeline import event_sentence


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "type", "resource_id", "sentence")
    list_filter = ("type", "resource_type", "actor_channel")
    search_fields = ("=id", "=resource_id", "actor_email")
    search_help_text = "An event id, a resource id or an actor's email."
    ordering = ("-seq",)
    list_per_page = 50
    fields = (
        "id",
        "type",
        ("resource_type", "resource_id"),
        "created_at",
        "sentence",
        ("actor_name", "actor_email", "actor_id"),
        ("actor_channel", "actor_credential"),
        "changes_json",
        "data_json",
    )
    readonly_fields = tuple(name for entry in fields for name in (entry if isinstance(entry, tuple) else (entry,)))

    @admin.display(description="what happened")
    def sentence(self, event):
        return event_sentence(event)

    @admin.display(description="changes")
    def changes_json(self, event):
        return _json_block(event.changes)

    @admin.display(description="resource as recorded")
    def data_json(self, event):
        return _json_block(event.data)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _json_block(value):
    return format_html("<pre style='white-space: pre-wrap'>{}</pre>", json.dumps(value, indent=2, ensure_ascii=False))
