"""Medusa's ids: `<prefix>_<ULID>` (26 upper-case Crockford characters)."""

import threading

from ulid import ULID

_lock = threading.Lock()
_last = ULID.from_int(0)


def _monotonic_ulid() -> ULID:
    """ULIDs that keep increasing within this process, so rows created in one request sort by id in order."""
    global _last
    with _lock:
        candidate = ULID()
        if int(candidate) <= int(_last):
            candidate = ULID.from_int(int(_last) + 1)
        _last = candidate
        return candidate


def generate_id(prefix: str) -> str:
    return f"{prefix}_{_monotonic_ulid()}"
