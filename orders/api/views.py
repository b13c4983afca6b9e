from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from config.api.pagination import list_envelope, page_bounds
from config.api.render import rendered, rendered_many
from config.api.views import MedusaAPIView
from orders.api.serializers import (
    AdminGetOrdersParams,
    AdminOrdersListRes,
    AdminOrdersRes,
    OrderSerializer,
    order_serializer_context,
)
from orders.selectors import order_get, order_list, orders_info

TAGS = ["Orders"]


def order_body(order_id: str, *, serializer=OrderSerializer) -> dict:
    info = orders_info([order_get(order_id)])
    return {"order": rendered(serializer, info.orders[0], context=order_serializer_context(info))}


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
    @extend_schema(operation_id="GetOrdersOrder", responses={200: AdminOrdersRes}, tags=TAGS)
    def get(self, request, id):
        return Response(order_body(id))
