"""When a failed delivery is tried again: exponential backoff with jitter, bounded in attempts (pure)."""

import random

from django.conf import settings

JITTER = 0.2  # each wait is 80–120 % of its nominal value, so receivers coming back are not hit all at once


def retry_delay(attempts_made: int, *, rand: float | None = None) -> float:
    """Seconds to wait after the `attempts_made`-th failed attempt: base × 2^(n-1), at most the cap, jittered.

    The defaults (60 s base, 4 h cap, 14 attempts) spread the 13 retries over about a day.
    """
    nominal = min(settings.WEBHOOKS_RETRY_MAX_SECONDS, settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** (attempts_made - 1))
    factor = 1 - JITTER + 2 * JITTER * (random.random() if rand is None else rand)
    return nominal * factor


def retries_left(attempts_made: int) -> bool:
    return attempts_made < settings.WEBHOOKS_MAX_ATTEMPTS
