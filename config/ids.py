"""Medusa's ids: `<prefix>_<ULID>` (26 upper-case Crockford characters)."""

from ulid import ULID


def generate_id(prefix: str) -> str:
    return f"{prefix}_{ULID()}"
