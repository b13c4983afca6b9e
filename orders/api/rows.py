"""Orders and payments as rows (columns only), as a draft order embeds them; nothing here imports draft_orders."""

from rest_framework import serializers

from config.api.serializers import EntitySerializer
from orders.models import Order, Payment, PaymentSession


class PaymentSerializer(EntitySerializer):
    swap_id = serializers.SerializerMethodField()
    currency_code = serializers.CharField(source="currency_id", read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "created_at",
            "updated_at",
            "swap_id",
            "cart_id",
            "order_id",
            "amount",
            "currency_code",
            "amount_refunded",
            "provider_id",
            "data",
            "captured_at",
            "canceled_at",
            "metadata",
            "idempotency_key",
        ]

    def get_swap_id(self, obj) -> str | None:
        return None  # swaps are not modelled here


class PaymentSessionSerializer(EntitySerializer):
    class Meta:
        model = PaymentSession
        fields = [
            "id",
            "created_at",
            "updated_at",
            "cart_id",
            "provider_id",
            "is_selected",
            "is_initiated",
            "status",
            "data",
            "idempotency_key",
            "amount",
            "payment_authorized_at",
        ]


ORDER_COLUMNS = [
    "object",
    "id",
    "created_at",
    "updated_at",
    "status",
    "fulfillment_status",
    "payment_status",
    "display_id",
    "cart_id",
    "customer_id",
    "email",
    "billing_address_id",
    "shipping_address_id",
    "region_id",
    "currency_code",
    "tax_rate",
    "draft_order_id",
    "canceled_at",
    "metadata",
    "no_notification",
    "idempotency_key",
    "external_id",
    "sales_channel_id",
]


class OrderRowSerializer(EntitySerializer):
    """An order's columns, as a draft order embeds it (`object: "order"` first)."""

    object = serializers.SerializerMethodField()
    currency_code = serializers.CharField(source="currency_id", read_only=True)

    class Meta:
        model = Order
        fields = ORDER_COLUMNS

    def get_object(self, obj) -> str:
        return "order"
