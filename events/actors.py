"""Who is acting, without passing requests through the services: a context variable that the request middleware
(API calls and staff site pages), `acting_as` (commands, tasks, tests) or nobody (the system) sets, and that
`event_record` reads."""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from events.models import Event


@dataclass(frozen=True)
class Actor:
    channel: str
    user_id: str | None = None
    email: str | None = None
    name: str | None = None
    credential: str | None = None


SYSTEM = Actor(channel=Event.Channel.SYSTEM)

# an Actor, or a function giving one: a request's user is known only once REST framework has authenticated it
_current: ContextVar[Actor | Callable[[], Actor] | None] = ContextVar("events_actor", default=None)


def actor_for(user, *, channel: str, credential: str | None = None) -> Actor:
    if user is None or not user.is_authenticated:
        return Actor(channel=channel)
    name = " ".join(part for part in (user.first_name, user.last_name) if part) or None
    return Actor(channel=channel, user_id=user.pk, email=user.email, name=name, credential=credential)


def current_actor() -> Actor:
    value = _current.get()
    if value is None:
        return SYSTEM
    return value() if callable(value) else value


@contextmanager
def acting_as(user, channel: str, credential: str | None = None):
    """`with acting_as(user, Event.Channel.ADMIN): draft_order_update(...)`: events inside name that user."""
    token = _current.set(actor_for(user, channel=channel, credential=credential))
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def acting_by(resolve: Callable[[], Actor]):
    """As acting_as, with the actor worked out when an event asks (a request's user, once authenticated)."""
    token = _current.set(resolve)
    try:
        yield
    finally:
        _current.reset(token)
