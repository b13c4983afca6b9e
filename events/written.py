"""What a write's events read, kept for the API's answer to that write, so the resource is not read once more.

A service records an event with the resource as it stands at the end of the change (read in the change's
transaction, under its lock); the view answering the write renders that same read:

    with writes_kept() as kept:
        line_item_add(…)
    return draft_order_response(id, info=kept.get(("draft_order", id)))

Only inside the block: nothing outlives the request, and a write not wrapped keeps nothing.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Kept = dict[tuple[str, str], object]  # (resource_type, resource_id) -> the fetched resource (the app's info object)

_kept: ContextVar[Kept | None] = ContextVar("events_writes_kept", default=None)


@contextmanager
def writes_kept() -> Iterator[Kept]:
    token = _kept.set({})
    try:
        yield _kept.get()
    finally:
        _kept.reset(token)


def written_keep(resource_type: str, resource_id: str, fetched: object) -> None:
    """Keeps the resource as the event recorded it, when a `writes_kept` block is open (the last one wins)."""
    kept = _kept.get()
    if kept is not None:
        kept[(resource_type, resource_id)] = fetched
