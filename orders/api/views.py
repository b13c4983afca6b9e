from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from config.api.pagination import list_envelope, page_bounds
from config.api.views import MedusaAPIView
from orders.api.serializers import AdminGetOrdersParams, AdminOrdersListRes, AdminOrdersRes, OrderSerializer
from orders.selectors import order_get, order_list, order_with_totals

TAGS = ["Orders"]


def order_body(order_id: str, *, serializer=OrderSerializer) -> dict:
    return {"order": serializer(order_with_totals(order_get(order_id))).data}


class OrdersView(MedusaAPIView):
    @extend_schema(
        operation_id="GetOrders", parameters=[AdminGetOrdersParams], responses={200: AdminOrdersListRes}, tags=TAGS
    )
    def get(self, request):
        query = self.validated_query(AdminGetOrdersParams)
        offset, limit = page_bounds(query)
        queryset = order_list(q=query.get("q"), statuses=query.get("status"))
        orders = [order_with_totals(order) for order in queryset[offset : offset + limit]]
        body = OrderSerializer(orders, many=True).data
        return Response(list_envelope("orders", body, count=queryset.count(), offset=offset, limit=limit))


class OrderView(MedusaAPIView):
    @extend_schema(operation_id="GetOrdersOrder", responses={200: AdminOrdersRes}, tags=TAGS)
    def get(self, request, id):
        return Response(order_body(id))
