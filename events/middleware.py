"""Sets the actor of every request: the API's user and credential, or the staff site's logged-in user."""

from functools import partial

from config.middleware import is_api_path
from events.actors import Actor, acting_by, actor_for
from events.models import Event


def request_actor(request) -> Actor:
    """Read when an event is recorded, after REST framework authenticated the request (it copies `user` and
    `auth`, the credential's name, onto the Django request)."""
    user = getattr(request, "user", None)
    if is_api_path(request.path):
        credential = getattr(request, "auth", None)
        known = credential if credential in Event.Credential.values else None
        return actor_for(user, channel=Event.Channel.API, credential=known)
    return actor_for(user, channel=Event.Channel.ADMIN, credential=Event.Credential.SESSION)


class EventActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_by(partial(request_actor, request)):
            return self.get_response(request)
