"""A draft order's events: the draft as the API answers it, recorded by the services in the change's transaction.

The services read a draft with its rows under the lock (`draft_order_get(for_update=True)`) and keep those rows as
they save them, so its state before and after a change renders from what the service holds, with no read of its
own: an update renders the draft before it changes anything (`draft_order_snapshot`) and records what changed
against the draft after (events.changes); the timeline and the webhooks show both.
"""

from carts.api.serializers import serializer_context
from config.api.render import rendered
from draft_orders.api.serializers import DraftOrderSerializer
from draft_orders.models import DraftOrder
from draft_orders.selectors import DraftOrderInfo, draft_order_info
from events.changes import resource_changes
from events.models import Event
from events.services import api_json, event_record
from orders.activity import RESOURCE_TYPE as ORDER_RESOURCE_TYPE

RESOURCE_TYPE = "draft_order"


def draft_order_rendered(info: DraftOrderInfo) -> dict:
    """The `draft_order` of `GET /admin/draft-orders/{id}`, from a fetched and priced draft (no queries)."""
    return rendered(DraftOrderSerializer, info.draft_order, context=serializer_context(info.cart.computed))


def draft_order_snapshot(draft_order: DraftOrder) -> dict:
    """The draft order as the API answers it, as JSON, from a draft fetched with its rows (`draft_order_get`)."""
    return api_json(draft_order_rendered(draft_order_info(draft_order)))


def draft_order_recorded(
    type: str, draft_order: DraftOrder, *, before: dict | None = None, state: dict | None = None, changes=None
) -> Event:
    """Records `type` for a draft order fetched with its rows, as it is now (or `state`, when the caller rendered
    it); with `before`, an update's changes are worked out from the two states."""
    state = draft_order_snapshot(draft_order) if state is None else state
    if before is not None:
        changes = resource_changes(before, state)
    return event_record(type=type, resource_type=RESOURCE_TYPE, resource_id=draft_order.pk, data=state, changes=changes)


def draft_order_timeline(draft_order_id: str, order_id: str | None) -> list[tuple[str, str]]:
    """A draft order's timeline includes the events of the order it became."""
    resources = [(RESOURCE_TYPE, draft_order_id)]
    if order_id is not None:
        resources.append((ORDER_RESOURCE_TYPE, order_id))
    return resources
