"""An order's events: the order as the API answers it, recorded by the services in the change's transaction."""

from config.api.render import rendered
from events.changes import resource_changes
from events.models import Event
from events.services import api_json, event_record
from orders.api.serializers import OrderSerializer, order_serializer_context
from orders.models import Order
from orders.selectors import orders_info

RESOURCE_TYPE = "order"
# an order's timeline includes the events of the draft order it was placed from (named here, not imported: nothing
# in orders imports draft_orders)
DRAFT_ORDER_RESOURCE_TYPE = "draft_order"


def order_rendered(order: Order, *, serializer=OrderSerializer) -> dict:
    """The order as the API answers it, from an order fetched with its rows (`order_get`; no queries)."""
    info = orders_info([order])
    return rendered(serializer, order, context=order_serializer_context(info))


def order_snapshot(order: Order) -> dict:
    """The `order` of `GET /admin/orders/{id}`, as JSON, from an order fetched with its rows."""
    return api_json(order_rendered(order))


def order_recorded(type: str, order: Order, *, before: dict | None = None) -> Event:
    """Records `type` for an order fetched with its rows, as it is now; with `before`, an update's changes."""
    state = order_snapshot(order)
    changes = resource_changes(before, state) if before is not None else None
    return event_record(type=type, resource_type=RESOURCE_TYPE, resource_id=order.pk, data=state, changes=changes)


def order_timeline(order_id: str, draft_order_id: str | None) -> list[tuple[str, str]]:
    resources = [(RESOURCE_TYPE, order_id)]
    if draft_order_id is not None:
        resources.append((DRAFT_ORDER_RESOURCE_TYPE, draft_order_id))
    return resources
