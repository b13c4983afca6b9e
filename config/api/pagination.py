"""v1's list envelope: `{<plural>: [...], count, offset, limit}` from `offset`/`limit` (limit capped)."""

from django.conf import settings


def page_bounds(query: dict, *, default_limit: int = 50) -> tuple[int, int]:
    offset = int(query.get("offset") or 0)
    limit = min(int(query.get("limit", default_limit)), settings.API_MAX_PAGE_SIZE)
    return offset, limit


def list_envelope(key: str, items: list, *, count: int, offset: int, limit: int) -> dict:
    return {key: items, "count": count, "offset": offset, "limit": limit}
