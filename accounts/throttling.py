"""Failed logins per client, counted in the cache; past the limit the client waits out the window (429)."""

from django.conf import settings
from django.core.cache import cache
from rest_framework.exceptions import Throttled


def _key(request) -> str:
    return f"login-failures:{request.META.get('REMOTE_ADDR', 'unknown')}"


def login_failures_check(request) -> None:
    if cache.get(_key(request), 0) >= settings.LOGIN_FAILURE_LIMIT:
        raise Throttled(
            wait=settings.LOGIN_FAILURE_WINDOW_SECONDS,
            detail="Too many failed login attempts. Try again later.",
        )


def login_failure_record(request) -> None:
    key = _key(request)
    if not cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS):
        cache.incr(key)


def login_failures_clear(request) -> None:
    cache.delete(_key(request))
