from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from config.api.etags import ETAG, IF_NONE_MATCH, body_etag, not_modified
from config.api.pagination import list_envelope, page_bounds
from config.api.render import rendered_many
from config.api.renderers import FastJSONRenderer
from config.api.views import MedusaAPIView
from events.api.views import resource_events_view
from orders.activity import order_rendered, order_timeline
from orders.api.serializers import (
    AdminGetOrdersParams,
    AdminOrdersListRes,
    AdminOrdersRes,
    AdminPostOrdersOrderReq,
    OrderSerializer,
    order_serializer_context,
)
from orders.models import Order
from orders.selectors import order_draft_order_id, order_get, order_list, orders_info
from orders.services import order_update

TAGS = ["Orders"]


def order_response(order: Order, *, serializer=OrderSerializer, request=None) -> Response:
    """The order as v1 answers it, from an order fetched with its rows (`order_get`, or a write that read it back
    so), with a strong ETag (a hash of the body: an order has no version); a GET whose `If-None-Match` names it is
    answered 304."""
    body = {"order": order_rendered(order, serializer=serializer)}  # as its events record it
    etag = body_etag(FastJSONRenderer().render(body))
    if request is not None and not_modified(request, etag):
        return Response(status=304, headers={"ETag": etag})
    return Response(body, headers={"ETag": etag})


class OrdersView(MedusaAPIView):
    @extend_schema(
        operation_id="GetOrders", parameters=[AdminGetOrdersParams], responses={200: AdminOrdersListRes}, tags=TAGS
    )
    def get(self, request):
        query = self.validated_query(AdminGetOrdersParams)
        offset, limit = page_bounds(query)
        queryset = order_list(q=query.get("q"), statuses=query.get("status"))
        info = orders_info(queryset[offset : offset + limit])
        body = rendered_many(OrderSerializer, info.orders, context=order_serializer_context(info))
        return Response(list_envelope("orders", body, count=queryset.count(), offset=offset, limit=limit))


class OrderView(MedusaAPIView):
    @extend_schema(
        operation_id="GetOrdersOrder", parameters=[IF_NONE_MATCH, ETAG], responses={200: AdminOrdersRes}, tags=TAGS
    )
    def get(self, request, id):
        return order_response(order_get(id), request=request)

    @extend_schema(
        operation_id="PostOrdersOrder",
        parameters=[ETAG],
        request=AdminPostOrdersOrderReq,
        responses={200: AdminOrdersRes},
        tags=TAGS,
    )
    def post(self, request, id):
        order = order_update(order_id=id, **self.validated_body(AdminPostOrdersOrderReq))
        return order_response(order)  # as the update saved it


def _order_timeline(order_id: str) -> list[tuple[str, str]]:
    """The order's events and those of the draft order it was placed from, or v1's 404 for an unknown order."""
    return order_timeline(order_id, order_draft_order_id(order_id))


OrderEventsView = resource_events_view(operation_id="GetOrdersOrderEvents", tags=TAGS, resources=_order_timeline)
