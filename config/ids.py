"""Medusa's ids: `<prefix>_<ULID>` (26 upper-case Crockford characters)."""

import re
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


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def can_be_id(value) -> bool:
    """A string PostgreSQL can compare with an id column: none holds NUL or a lone surrogate, and a query with one
    fails (a 500 before), so such a value names no row."""
    return isinstance(value, str) and not _UNSTORABLE.search(value)
