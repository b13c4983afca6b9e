"""Read replicas: the reads of safe requests go to a replica, everything else stays on the primary.

`ReplicaReadMiddleware` chooses, per request, where its reads go and keeps that choice in a context variable;
`ReplicaRouter` (in DATABASE_ROUTERS) reads it. The primary serves a request's reads when:

* the request writes (its method is not safe), or wrote something already (a locking read counts);
* the read happens inside a transaction, which is a write transaction on the primary;
* the same caller wrote within the last DATABASE_REPLICA_STICKY_SECONDS (read-your-writes), which the
  middleware remembers in the shared cache, keyed by the caller's credentials, so every host knows it;
* the model is the app's own bookkeeping (sessions, the database cache), which must never be stale;
* nothing chose a replica: no replicas configured, a management command, a worker.
"""

import contextvars
import hashlib
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# sessions: a login's session is read by the very next request; django_cache: DatabaseCache's table
PRIMARY_ONLY_APP_LABELS = frozenset({"sessions", "django_cache"})
_MARKER_PREFIX = "replicas:wrote:"


@dataclass
class _Routing:
    replica: str | None  # where this request's reads go; None once they must go to the primary
    wrote: bool = False


_routing: contextvars.ContextVar[_Routing | None] = contextvars.ContextVar("replica_routing", default=None)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        routing = _routing.get()
        if (
            routing is None
            or routing.replica is None
            or model._meta.app_label in PRIMARY_ONLY_APP_LABELS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return routing.replica

    def db_for_write(self, model, **hints):
        routing = _routing.get()
        if routing is not None:
            routing.replica, routing.wrote = None, True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def caller_marker_key(*, authorization: str | None, api_token: str | None, session_key: str | None) -> str | None:
    """The cache key that remembers a caller's recent write; None for a caller without credentials."""
    credentials = "\n".join(value or "" for value in (authorization, api_token, session_key))
    if not credentials.strip():
        return None
    return _MARKER_PREFIX + hashlib.sha256(credentials.encode()).hexdigest()


def _request_marker_key(request, *, session_key: str | None = None) -> str | None:
    return caller_marker_key(
        authorization=request.headers.get("Authorization"),
        api_token=request.headers.get("X-Medusa-Access-Token"),
        session_key=session_key or request.COOKIES.get(settings.SESSION_COOKIE_NAME),
    )


class ReplicaReadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replicas = settings.DATABASE_REPLICAS
        if not replicas:
            return self.get_response(request)
        marker_key = _request_marker_key(request)
        reads_replica = request.method in SAFE_METHODS and not (marker_key and cache.get(marker_key))
        routing = _Routing(replica=random.choice(replicas) if reads_replica else None)
        token = _routing.set(routing)
        response = None
        try:
            response = self.get_response(request)
            return response
        finally:
            _routing.reset(token)
            # marked before the response leaves, so the caller's next request finds it on any host
            if routing.wrote or request.method not in SAFE_METHODS:
                self._mark(request, marker_key, response)

    def _mark(self, request, marker_key, response):
        keys = {marker_key}
        new_session = response.cookies.get(settings.SESSION_COOKIE_NAME) if response is not None else None
        if new_session is not None and new_session.value:  # a login hands the caller a new credential
            keys.add(_request_marker_key(request, session_key=new_session.value))
        timeout = settings.DATABASE_REPLICA_STICKY_SECONDS
        cache.set_many(dict.fromkeys(keys - {None}, 1), timeout=timeout)
