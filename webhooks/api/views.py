from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from config.api.pagination import list_envelope, page_bounds
from config.api.serializers import deleted_body
from config.api.views import MedusaAPIView
from webhooks.api.serializers import (
    AdminGetWebhookDeliveriesParams,
    AdminGetWebhooksParams,
    AdminPostWebhooksReq,
    AdminPostWebhooksWebhookReq,
    AdminWebhookDeliveriesListRes,
    AdminWebhooksCreateRes,
    AdminWebhooksDeleteRes,
    AdminWebhooksListRes,
    AdminWebhooksRes,
    CreatedWebhookSerializer,
    DeliverySerializer,
    WebhookSerializer,
)
from webhooks.selectors import delivery_list, webhook_get, webhook_list
from webhooks.services import webhook_create, webhook_delete, webhook_update

TAGS = ["Webhooks"]


class WebhookListView(MedusaAPIView):
    @extend_schema(
        operation_id="GetWebhooks",
        parameters=[AdminGetWebhooksParams],
        responses={200: AdminWebhooksListRes},
        tags=TAGS,
    )
    def get(self, request):
        offset, limit = page_bounds(self.validated_query(AdminGetWebhooksParams))
        webhooks = webhook_list()
        items = WebhookSerializer(webhooks[offset : offset + limit], many=True).data
        return Response(list_envelope("webhooks", items, count=webhooks.count(), offset=offset, limit=limit))

    @extend_schema(
        operation_id="PostWebhooks",
        request=AdminPostWebhooksReq,
        responses={200: AdminWebhooksCreateRes},
        tags=TAGS,
        description="Registers an endpoint; the answer carries its signing secret.",
    )
    def post(self, request):
        endpoint = webhook_create(**self.validated_body(AdminPostWebhooksReq))
        return Response({"webhook": CreatedWebhookSerializer(webhook_get(endpoint.pk)).data})


class WebhookDetailView(MedusaAPIView):
    @extend_schema(operation_id="GetWebhooksWebhook", responses={200: AdminWebhooksRes}, tags=TAGS)
    def get(self, request, id):
        return Response({"webhook": WebhookSerializer(webhook_get(id)).data})

    @extend_schema(
        operation_id="PostWebhooksWebhook",
        request=AdminPostWebhooksWebhookReq,
        responses={200: AdminWebhooksRes},
        tags=TAGS,
    )
    def post(self, request, id):
        webhook_update(webhook_id=id, data=self.validated_body(AdminPostWebhooksWebhookReq))
        return Response({"webhook": WebhookSerializer(webhook_get(id)).data})

    @extend_schema(operation_id="DeleteWebhooksWebhook", responses={200: AdminWebhooksDeleteRes}, tags=TAGS)
    def delete(self, request, id):
        webhook_delete(webhook_id=id)
        return Response(deleted_body(id, "webhook"))


class WebhookDeliveryListView(MedusaAPIView):
    @extend_schema(
        operation_id="GetWebhooksWebhookDeliveries",
        parameters=[AdminGetWebhookDeliveriesParams],
        responses={200: AdminWebhookDeliveriesListRes},
        tags=TAGS,
        description="The endpoint's deliveries, newest event first, each with its attempts and the body it sends.",
    )
    def get(self, request, id):
        offset, limit = page_bounds(self.validated_query(AdminGetWebhookDeliveriesParams))
        webhook_get(id)
        deliveries = delivery_list(webhook_id=id)
        items = DeliverySerializer(deliveries[offset : offset + limit], many=True).data
        return Response(list_envelope("deliveries", items, count=deliveries.count(), offset=offset, limit=limit))
