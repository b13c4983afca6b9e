"""Recording events: the outbox row, written in the caller's transaction, and its subscribers' rows with it."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import orjson
from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from config.api.renderers import FastJSONRenderer
from config.prepared import read_ahead
from config.writes import rows_insert, then
from events.actors import current_actor
from events.models import Event

# the events recorded inside `events_together`, whose subscribers are called when it ends
_together: ContextVar[list[Event] | None] = ContextVar("events_together", default=None)


def api_json(value):
    """`value` (what a serializer rendered) as the API's JSON renderer writes it, read back: the numbers, strings and
    nulls a client receives, so an event's data is byte for byte the resource as the API answers it."""
    return orjson.loads(FastJSONRenderer().render(value))


def event_record(*, type: str, resource_id: str, resource_type: str, data: dict, changes: list | None = None) -> Event:
    """Records that `type` happened to the resource, now, by the current actor (see events.actors).

    Call it inside the change's transaction, after locking the resource: a change that rolls back leaves no
    event, one that commits always has it, and a resource's events are numbered in the order they happened.
    `data` is the resource as the API prints it; `changes` what an update changed (events.changes).
    The subscribers in settings.EVENT_SUBSCRIBERS (webhook deliveries) write their rows in the same
    transaction and queue their work on commit: at once, or inside `events_together` when it ends.
    """
    actor = current_actor()
    with transaction.atomic(savepoint=False):  # joins the caller's transaction; one of its own otherwise
        event = Event(
            type=type,
            resource_type=resource_type,
            resource_id=resource_id,
            actor_id=actor.user_id,
            actor_email=actor.email,
            actor_name=actor.name,
            actor_channel=actor.channel,
            actor_credential=actor.credential,
            data=api_json(data),
            changes=changes,
        )
        rows_insert([event])  # its `seq` set when it is sent (config.writes)
        together = _together.get()
        if together is None:
            then(lambda: _subscribers_call([event]))  # they need its `seq`
        else:
            together.append(event)
    return event


@contextmanager
def events_together() -> Iterator[None]:
    """The subscribers of the events recorded inside are called once for all of them when it ends (unless it raises),
    inside the caller's transaction: Mark Paid's two events look the webhook endpoints up once. Each event's row is
    its own insert (a bulk insert of their large JSON costs more than it saves), written as it is recorded or, inside
    `writes_together`, with the block's writes: a block inside this one ends first, so the subscribers see the
    events' `seq`."""
    together: list[Event] = []
    token = _together.set(together)
    try:
        yield
    finally:
        _together.reset(token)
    if together:
        _subscribers_call(together)


@contextmanager
def events_read_ahead() -> Iterator[None]:
    """A write that records events (as a decorator or a `with` block): what their subscribers read
    (settings.EVENT_SUBSCRIBER_READS) goes with the write's first statement (config.prepared.read_ahead) instead of
    a statement of its own at the end."""
    with read_ahead(*((import_string(path), ()) for path in settings.EVENT_SUBSCRIBER_READS)):
        yield


def _subscribers_call(events: list[Event]) -> None:
    for subscriber in settings.EVENT_SUBSCRIBERS:
        import_string(subscriber)(events)
