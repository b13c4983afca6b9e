"""An order's events: the order as the API answers it, recorded by the services in the change's transaction."""

from config.api.render import rendered
from events.changes import resource_changes
from events.models import Event
from events.services import api_json, event_record
from events.written import written_keep
from orders.api.serializers import OrderSerializer, order_serializer_context
from orders.selectors import OrdersInfo, order_get, orders_info

RESOURCE_TYPE = "order"
# an order's timeline includes the events of the draft order it was placed from (named here, not imported: nothing
# in orders imports draft_orders)
DRAFT_ORDER_RESOURCE_TYPE = "draft_order"


def order_rendered(info: OrdersInfo, *, serializer=OrderSerializer) -> dict:
    """The first order of `info` as the API answers it (no queries)."""
    return rendered(serializer, info.orders[0], context=order_serializer_context(info))


def order_state(order_id: str) -> dict:
    """The `order` of `GET /admin/orders/{id}` now, as JSON."""
    return api_json(order_rendered(orders_info([order_get(order_id)])))


def order_recorded(type: str, order_id: str, *, before: dict | None = None) -> Event:
    """Records `type` for the order with its state now; with `before`, an update's changes against it."""
    info = orders_info([order_get(order_id)])
    state = api_json(order_rendered(info))
    written_keep(RESOURCE_TYPE, order_id, info)  # the API's answer to the write
    changes = resource_changes(before, state) if before is not None else None
    return event_record(type=type, resource_type=RESOURCE_TYPE, resource_id=order_id, data=state, changes=changes)


def order_timeline(order_id: str, draft_order_id: str | None) -> list[tuple[str, str]]:
    resources = [(RESOURCE_TYPE, order_id)]
    if draft_order_id is not None:
        resources.append((DRAFT_ORDER_RESOURCE_TYPE, draft_order_id))
    return resources
