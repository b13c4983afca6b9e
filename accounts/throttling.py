"""Failed logins, counted per account and per client address in the shared cache, for the API and the staff site
(departure "login throttling").

The cache is shared by every gunicorn worker and host (production defaults to the database cache, or Redis with
CACHE_URL). Each counter has LOGIN_FAILURE_LIMIT slots, and a login attempt first takes a free slot of its
account's counter and one of its address's: `cache.add` takes a slot atomically on every backend (a database
primary key, Redis' SET NX), so concurrent guesses cannot overrun the limit as a read-then-increment would. A
failed attempt keeps its slots until they expire, LOGIN_FAILURE_WINDOW_SECONDS after it; a successful one gives
back its own and clears its account's (not its address's: another account's login must not reset a victim's
count). With no slot free, the attempt is refused before its password is checked.
"""

import hashlib
import math
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle


class LoginThrottled(Exception):
    """Too many failed logins for this account or from this address; `wait` seconds until a slot frees."""

    message = "Too many failed login attempts. Try again later."

    def __init__(self, wait: int):
        super().__init__(self.message)
        self.wait = wait


def client_address(request) -> str:
    """REMOTE_ADDR, or behind NUM_PROXIES trusted proxies the address they saw (REST framework's reading)."""
    return BaseThrottle().get_ident(request)


def _slots(counter: str) -> list[str]:
    return [f"{counter}:{number}" for number in range(settings.LOGIN_FAILURE_LIMIT)]


def _take_slot(counter: str, now: float) -> str | None:
    """A free slot of the counter, now taken (its value is when it frees), or None when every slot is taken."""
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    slots = _slots(counter)
    taken = cache.get_many(slots)
    for slot in slots:
        if slot not in taken and cache.add(slot, now + window, timeout=window):
            return slot
    return None


def _seconds_until_a_slot_frees(counter: str, now: float) -> int:
    frees_at = cache.get_many(_slots(counter)).values()
    return max(1, math.ceil(min(frees_at, default=now) - now))


@contextmanager
def login_attempt(request, email: str):
    """Wraps the password check of one login: an exception leaving it counts as a failure. Raises LoginThrottled,
    before the check, when the account or the client address has no attempt left."""
    now = time.time()
    account = f"login-failures:account:{hashlib.sha256(email.strip().lower().encode()).hexdigest()}"
    address = f"login-failures:address:{client_address(request)}"
    taken = []
    for counter in (account, address):
        slot = _take_slot(counter, now)
        if slot is None:
            cache.delete_many(taken)
            raise LoginThrottled(wait=_seconds_until_a_slot_frees(counter, now))
        taken.append(slot)
    yield
    cache.delete_many([*_slots(account), *taken])
