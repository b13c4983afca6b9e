"""A timeline as people read it: "Anna added 2 × Classic Tee M", "API token of billing-service marked paid"."""

from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from events.catalog import EVENT_TYPES
from events.changes import change_phrase, joined
from events.models import Event
from events.selectors import ResourceRef, event_list


@dataclass(frozen=True)
class TimelineEntry:
    id: str
    type: str
    created_at: datetime
    sentence: str


def actor_phrase(event: Event) -> str:
    if event.actor_channel == Event.Channel.SYSTEM and event.actor_id is None:
        return "The system"
    who = event.actor_name or event.actor_email or "An unknown user"
    if event.actor_credential == Event.Credential.API_TOKEN:
        return f"API token of {who}"
    return who


def action_phrase(event: Event) -> str:
    """What the actor did: the changes an update lists, else the event type's own words."""
    if event.changes:
        return joined([change_phrase(change) for change in event.changes])
    if event.type in EVENT_TYPES:
        return EVENT_TYPES[event.type]
    return f"recorded {event.type}"


def event_sentence(event: Event) -> str:
    return f"{actor_phrase(event)} {action_phrase(event)}"


def timeline(resources: list[ResourceRef], *, limit: int = 100) -> list[TimelineEntry]:
    """The latest `limit` events of the resources, newest first, each as a sentence."""
    return [
        TimelineEntry(id=event.id, type=event.type, created_at=event.created_at, sentence=event_sentence(event))
        for event in event_list(resources=resources)[:limit]
    ]


def timeline_html(resources: list[ResourceRef], *, limit: int = 100) -> SafeString:
    """The timeline for an admin page's read-only field (sentences escaped by the template)."""
    return render_to_string("events/timeline.html", {"entries": timeline(resources, limit=limit)})
