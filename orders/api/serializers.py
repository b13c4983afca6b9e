"""Orders, their payments and payment sessions as v1 serializes them: with relations and totals.

Computed values come from `orders.selectors.OrdersInfo` through the serializer context
(`order_serializer_context`).
"""

from rest_framework import serializers

from carts.api.serializers import (
    LINE_TOTALS,
    LineItemSerializer,
    LineItemTaxLineSerializer,
    PlainLineItemSerializer,
    ShippingMethodSerializer,
    ShippingMethodTaxLineSerializer,
    serializer_context,
    total_field,
)
from config.api.querystring import EnumListField, ListQuerySerializer
from config.api.serializers import EmptyListField, EntitySerializer, NullRelationField
from config.api.validation import BooleanField, EmailField, ObjectField, RequestSerializer, StringField
from customers.api.serializers import AddressPayload, AddressSerializer, CustomerSerializer
from discounts.api.serializers import DiscountSerializer
from orders.models import Order, Payment, PaymentSession
from orders.selectors import OrdersInfo
from regions.api.serializers import RegionSerializer


def order_serializer_context(info: OrdersInfo) -> dict:
    return serializer_context(info.totals, paid=info.paid)


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
    draft_order_id = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Order
        fields = ORDER_COLUMNS

    def get_object(self, obj) -> str:
        return "order"


class OrderLineItemSerializer(LineItemSerializer):
    """An order's line: persisted tax lines (with ids), `refundable`, and no raw discount (as v1)."""

    tax_lines = LineItemTaxLineSerializer(many=True, read_only=True)
    refundable = total_field("items", "total")
    raw_discount_total = None

    class Meta(PlainLineItemSerializer.Meta):
        fields = [*PlainLineItemSerializer.Meta.fields, "tax_lines", "variant", "refundable", *LINE_TOTALS]


class OrderShippingMethodSerializer(ShippingMethodSerializer):
    tax_lines = ShippingMethodTaxLineSerializer(many=True, read_only=True)


ORDER_TOTALS = (
    "subtotal",
    "discount_total",
    "shipping_total",
    "refunded_total",
    "paid_total",
    "refundable_amount",
    "item_tax_total",
    "shipping_tax_total",
    "tax_total",
    "gift_card_total",
    "gift_card_tax_total",
    "total",
)


class OrderAddressSerializer(AddressSerializer):
    """An order's address: v1 loads it without its country."""

    country = None

    class Meta(AddressSerializer.Meta):
        fields = [name for name in AddressSerializer.Meta.fields if name != "country"]


ORDER_UNSELECTED = ("object", "billing_address_id", "shipping_address_id", "idempotency_key", "external_id")


class OrderSerializer(OrderRowSerializer):
    """An order with v1's relations and totals (`GET /admin/orders/:id` and the list)."""

    billing_address = OrderAddressSerializer(read_only=True, allow_null=True)
    # relations this project does not model: v1's empty list or null, so generated clients find the keys
    claims = EmptyListField()
    fulfillments = EmptyListField()
    gift_card_transactions = EmptyListField()
    gift_cards = EmptyListField()
    refunds = EmptyListField()
    returns = EmptyListField()
    swaps = EmptyListField()
    sales_channel = NullRelationField()
    customer = CustomerSerializer(read_only=True)
    discounts = DiscountSerializer(many=True, read_only=True)
    items = OrderLineItemSerializer(many=True, read_only=True, source="cart.items")  # orders.selectors.order_lines
    payments = PaymentSerializer(many=True, read_only=True)
    region = RegionSerializer(read_only=True)
    shipping_address = OrderAddressSerializer(read_only=True, allow_null=True)
    shipping_methods = OrderShippingMethodSerializer(many=True, read_only=True, source="cart.shipping_methods")
    subtotal = total_field("owners", "subtotal")
    discount_total = total_field("owners", "discount_total")
    shipping_total = total_field("owners", "shipping_total")
    refunded_total = total_field("paid", "refunded_total")
    paid_total = total_field("paid", "paid_total")
    refundable_amount = total_field("paid", "refundable_amount")
    item_tax_total = total_field("owners", "item_tax_total")
    shipping_tax_total = total_field("owners", "shipping_tax_total")
    tax_total = total_field("owners", "tax_total")
    gift_card_total = total_field("owners", "gift_card_total")
    gift_card_tax_total = total_field("owners", "gift_card_tax_total")
    total = total_field("owners", "total")
    tags = serializers.ListField(child=serializers.CharField(), read_only=True)  # a JSON list of strings

    class Meta(OrderRowSerializer.Meta):
        # v1's `GET /admin/orders/:id` (observed it16_pay_order_get): no `object`, no idempotency/external ids
        fields = [
            *[column for column in ORDER_COLUMNS if column not in ORDER_UNSELECTED],
            "note",  # addition "notes and tags": copied from the draft order at Mark Paid
            "tags",
            "billing_address",
            "claims",
            "customer",
            "discounts",
            "fulfillments",
            "gift_card_transactions",
            "gift_cards",
            "items",
            "payments",
            "refunds",
            "region",
            "returns",
            "sales_channel",
            "shipping_address",
            "shipping_methods",
            "swaps",
            *ORDER_TOTALS,
        ]


class PaidOrderSerializer(OrderSerializer):
    """Mark Paid's `{order}` (observed it16_pay): v1 selects `object` there, but not the sales channel."""

    class Meta(OrderSerializer.Meta):
        fields = [
            "object",
            *[name for name in OrderSerializer.Meta.fields if name not in ("sales_channel_id", "sales_channel")],
        ]


class AdminOrdersRes(serializers.Serializer):
    order = OrderSerializer()


class AdminOrdersListRes(serializers.Serializer):
    orders = OrderSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()


class AdminPostDraftOrdersDraftOrderRegisterPaymentRes(serializers.Serializer):
    order = PaidOrderSerializer()


class AdminGetOrdersParams(ListQuerySerializer):
    q = StringField()
    status = EnumListField([choice.value for choice in Order.Status])


class AdminPostOrdersOrderReq(RequestSerializer):
    """v1's fields for an order's contact details, in v1's order, then `metadata` (departure "order contact
    details"); v1's other fields (lines, region, discounts, customer, payment and shipping) are not taken."""

    writes_to = Order
    email = EmailField()
    billing_address = AddressPayload(required=False)
    shipping_address = AddressPayload(required=False)
    no_notification = BooleanField()
    metadata = ObjectField()
