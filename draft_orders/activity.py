"""A draft order's events: the draft as the API answers it, recorded by the services in the change's transaction.

An update reads the draft before it changes anything (`draft_order_state`, under the service's lock) and records
what changed against the draft after (events.changes); the timeline and the webhooks show both. The API answers
a write with the draft its event recorded (events.written): the draft is not read a third time.
"""

from carts.api.serializers import serializer_context
from config.api.render import rendered
from draft_orders.api.serializers import DraftOrderSerializer
from draft_orders.selectors import DraftOrderInfo, draft_order_get, draft_order_info
from events.changes import resource_changes
from events.models import Event
from events.services import api_json, event_record
from events.written import written_keep
from orders.activity import RESOURCE_TYPE as ORDER_RESOURCE_TYPE

RESOURCE_TYPE = "draft_order"


def draft_order_rendered(info: DraftOrderInfo) -> dict:
    """The `draft_order` of `GET /admin/draft-orders/{id}`, from a fetched and priced draft (no queries)."""
    return rendered(DraftOrderSerializer, info.draft_order, context=serializer_context(info.cart.computed))


def draft_order_state(draft_order_id: str) -> dict:
    """The draft order as the API answers it now, as JSON (one fetch: the API's own read of a draft)."""
    return api_json(draft_order_rendered(draft_order_info(draft_order_get(draft_order_id))))


def draft_order_recorded(
    type: str, draft_order_id: str, *, before: dict | None = None, state: dict | None = None, changes=None
) -> Event:
    """Records `type` for the draft order with its state now (or `state`, when the caller has it); with `before`,
    an update's changes are worked out from the two states."""
    if state is None:
        info = draft_order_info(draft_order_get(draft_order_id))
        state = api_json(draft_order_rendered(info))
        written_keep(RESOURCE_TYPE, draft_order_id, info)  # the API's answer to the write
    if before is not None:
        changes = resource_changes(before, state)
    return event_record(type=type, resource_type=RESOURCE_TYPE, resource_id=draft_order_id, data=state, changes=changes)


def draft_order_timeline(draft_order_id: str, order_id: str | None) -> list[tuple[str, str]]:
    """A draft order's timeline includes the events of the order it became."""
    resources = [(RESOURCE_TYPE, draft_order_id)]
    if order_id is not None:
        resources.append((ORDER_RESOURCE_TYPE, order_id))
    return resources
