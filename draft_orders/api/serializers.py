"""Request bodies worded as v1's class-validator DTOs, and the draft order as v1 serializes it."""

import json
from collections.abc import Mapping

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.querystring import CommaListField, DateComparisonSerializer, EnumListField, ListQuerySerializer
from config.api.serializers import AmountField, DeletedSerializer, EmptyListField, EntitySerializer, NullField
from config.api.validation import (
    ArrayField,
    BooleanField,
    ClassValidatorField,
    EmailField,
    EnumField,
    IntegerField,
    ObjectField,
    RequestSerializer,
    StringField,
    WholeNumberInputField,
)
from customers.api.serializers import AddressPayload, AddressSerializer, CustomerSerializer
from discounts.api.serializers import DiscountSerializer
from draft_orders.models import (
    Cart,
    DraftOrder,
    LineItem,
    LineItemAdjustment,
    LineItemTaxLine,
    ShippingMethod,
    ShippingMethodTaxLine,
)
from orders.api.rows import OrderRowSerializer, PaymentSerializer, PaymentSessionSerializer
from products.api.serializers import LineItemVariantSerializer
from regions.api.serializers import PaymentProviderSerializer, RegionSerializer, ShippingOptionSerializer

DRAFT_ORDER_STATUSES = [choice.value for choice in DraftOrder.Status]

# --- requests ------------------------------------------------------------------------------------------------


class AddressOrIdField(ClassValidatorField, serializers.Field):
    """v1's `@IsType([AddressPayload, String])`: an existing address id, or the fields of a new address."""

    payload_serializer = AddressPayload  # the schema says `anyOf: [AddressPayload, string]` (config.api.schema)

    def to_internal_value(self, data):
        if isinstance(data, str):
            return data
        if isinstance(data, Mapping):
            payload = AddressPayload(data=data)
            payload.is_valid(raise_exception=True)
            return dict(payload.validated_data)
        # v1's IsType puts a JSON document in the message
        raise serializers.ValidationError(
            json.dumps(
                {
                    "message": f"{self.field_name} must be one of: AddressPayload,String",
                    "details": {
                        "String": [f"String validation failed: {json.dumps(data)} is not a string"],
                        "AddressPayload": ["an unknown value was passed to the validate function"],
                    },
                },
                separators=(",", ":"),
            )
        )


class DraftOrderItemReq(RequestSerializer):
    title = StringField()
    unit_price = WholeNumberInputField()
    variant_id = StringField()
    quantity = WholeNumberInputField(required=True)
    metadata = ObjectField()


class DiscountCodeReq(RequestSerializer):
    code = StringField(required=True)


class DraftOrderShippingMethodReq(RequestSerializer):
    option_id = StringField(required=True)
    data = ObjectField()
    price = WholeNumberInputField()


class AdminPostDraftOrdersReq(RequestSerializer):
    """Field order is v1's: it decides the order of the validation messages."""

    status = EnumField(DRAFT_ORDER_STATUSES)
    email = EmailField(required=True)
    billing_address = AddressOrIdField()
    shipping_address = AddressOrIdField()
    items = ArrayField(child=DraftOrderItemReq())
    region_id = StringField(required=True)
    discounts = ArrayField(child=DiscountCodeReq())
    customer_id = StringField()
    no_notification_order = BooleanField()
    shipping_methods = ArrayField(child=DraftOrderShippingMethodReq(), required=True)
    metadata = ObjectField()


DRAFT_ORDER_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "status",
    "display_id",
    "cart_id",
    "order_id",
    "canceled_at",
    "completed_at",
    "no_notification_order",
    "metadata",
]


DRAFT_ORDER_EXPANDABLE = ("cart", "order", "cart.items", "cart.items.adjustments")


class AdminGetDraftOrdersParams(ListQuerySerializer):
    q = StringField()
    order = StringField()
    expand = CommaListField(DRAFT_ORDER_EXPANDABLE)
    fields = CommaListField((*DRAFT_ORDER_COLUMNS, "idempotency_key"))
    created_at = DateComparisonSerializer(required=False)
    updated_at = DateComparisonSerializer(required=False)
    status = EnumListField(DRAFT_ORDER_STATUSES)


# --- responses -----------------------------------------------------------------------------------------------


class AdjustmentSerializer(EntitySerializer):
    amount = AmountField()

    class Meta:
        model = LineItemAdjustment
        fields = ["id", "item_id", "description", "discount_id", "amount", "metadata"]


class ComputedTaxLineSerializer(serializers.Serializer):
    """A tax line computed on the fly: no id, no timestamps (as v1 before Mark Paid)."""

    rate = AmountField()
    name = serializers.CharField()
    code = serializers.CharField(allow_null=True)


class ComputedItemTaxLineSerializer(ComputedTaxLineSerializer):
    item_id = serializers.CharField()


class ComputedShippingTaxLineSerializer(ComputedTaxLineSerializer):
    shipping_method_id = serializers.CharField()


class LineItemTaxLineSerializer(EntitySerializer):
    """A tax line persisted at Mark Paid."""

    rate = AmountField()

    class Meta:
        model = LineItemTaxLine
        fields = ["id", "created_at", "updated_at", "rate", "name", "code", "metadata", "item_id"]


class ShippingMethodTaxLineSerializer(EntitySerializer):
    rate = AmountField()

    class Meta:
        model = ShippingMethodTaxLine
        fields = ["id", "created_at", "updated_at", "rate", "name", "code", "metadata", "shipping_method_id"]


LINE_ITEM_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "cart_id",
    "order_id",
    "swap_id",
    "claim_order_id",
    "original_item_id",
    "order_edit_id",
    "title",
    "description",
    "thumbnail",
    "is_return",
    "is_giftcard",
    "should_merge",
    "allow_discounts",
    "has_shipping",
    "unit_price",
    "variant_id",
    "quantity",
    "fulfilled_quantity",
    "returned_quantity",
    "shipped_quantity",
    "metadata",
]


def total_field(name: str, *, fractional: bool = False):
    """A total computed by the totals engine and attached to the row as `.totals` (selectors.cart_with_totals)."""
    if fractional:
        return AmountField(source=f"totals.{name}", read_only=True)
    return serializers.IntegerField(source=f"totals.{name}", read_only=True)


class PlainLineItemSerializer(EntitySerializer):
    """A line item as the list endpoint shows it: columns and adjustments, no totals."""

    swap_id = NullField()
    claim_order_id = NullField()
    original_item_id = NullField()
    order_edit_id = NullField()
    adjustments = AdjustmentSerializer(many=True, read_only=True)

    class Meta:
        model = LineItem
        fields = [*LINE_ITEM_COLUMNS, "adjustments"]


LINE_TOTALS = ("subtotal", "discount_total", "total", "original_total", "original_tax_total", "tax_total")


class LineItemSerializer(PlainLineItemSerializer):
    """A line item of a full draft-order response: tax lines, variant and totals (v1's key order)."""

    tax_lines = serializers.SerializerMethodField()
    variant = LineItemVariantSerializer(read_only=True, allow_null=True)
    subtotal = total_field("subtotal")
    discount_total = total_field("discount_total")
    total = total_field("total")
    original_total = total_field("original_total")
    original_tax_total = total_field("original_tax_total")
    tax_total = total_field("tax_total")
    raw_discount_total = total_field("raw_discount_total", fractional=True)

    class Meta(PlainLineItemSerializer.Meta):
        fields = [*PlainLineItemSerializer.Meta.fields, "tax_lines", "variant", *LINE_TOTALS, "raw_discount_total"]

    @extend_schema_field(ComputedItemTaxLineSerializer(many=True))
    def get_tax_lines(self, obj):
        return computed_tax_lines(obj.computed_tax_lines, item_id=obj.id)


def computed_tax_lines(lines, **owner) -> list[dict]:
    return [
        {"rate": AmountField().to_representation(line.rate), "name": line.name, "code": line.code, **owner}
        for line in lines
    ]


class ShippingMethodSerializer(EntitySerializer):
    claim_order_id = NullField()
    swap_id = NullField()
    return_id = NullField()
    shipping_option = ShippingOptionSerializer(read_only=True)
    tax_lines = serializers.SerializerMethodField()
    original_total = total_field("original_total")
    total = total_field("total")
    subtotal = total_field("subtotal")
    original_tax_total = total_field("original_tax_total")
    tax_total = total_field("tax_total")

    class Meta:
        model = ShippingMethod
        fields = [
            "id",
            "shipping_option_id",
            "order_id",
            "claim_order_id",
            "cart_id",
            "swap_id",
            "return_id",
            "price",
            "data",
            "shipping_option",
            "tax_lines",
            "original_total",
            "total",
            "subtotal",
            "original_tax_total",
            "tax_total",
        ]

    @extend_schema_field(ComputedShippingTaxLineSerializer(many=True))
    def get_tax_lines(self, obj):
        return computed_tax_lines(obj.computed_tax_lines, shipping_method_id=obj.id)


CART_COLUMNS = [
    "object",
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "email",
    "billing_address_id",
    "shipping_address_id",
    "region_id",
    "customer_id",
    "payment_id",
    "type",
    "completed_at",
    "payment_authorized_at",
    "idempotency_key",
    "context",
    "metadata",
    "sales_channel_id",
]


LIST_DEFAULT_EXPAND = frozenset({"cart", "cart.items", "order"})


class PlainCartSerializer(EntitySerializer):
    """The cart of a list entry: columns and items with their adjustments, no totals (as v1)."""

    object = serializers.SerializerMethodField()
    items = PlainLineItemSerializer(many=True, read_only=True)
    context_dependent_fields = ("items",)  # the schema: `expand` may leave `items` out

    class Meta:
        model = Cart
        fields = [*CART_COLUMNS, "items"]

    def get_object(self, obj) -> str:
        return "cart"

    def get_fields(self):
        fields = super().get_fields()
        if "expand" in self.context and "cart.items" not in self.context["expand"]:
            fields.pop("items")
        return fields


CART_TOTALS = (
    "subtotal",
    "tax_total",
    "shipping_total",
    "discount_total",
    "gift_card_total",
    "gift_card_tax_total",
    "total",
    "item_tax_total",
    "shipping_tax_total",
)


class CartRegionSerializer(RegionSerializer):
    """The region as a cart embeds it: its payment providers and (unmodelled, so empty) tax rates."""

    payment_providers = PaymentProviderSerializer(many=True, read_only=True)
    tax_rates = EmptyListField()

    class Meta(RegionSerializer.Meta):
        fields = [*RegionSerializer.Meta.fields, "payment_providers", "tax_rates"]
        ref_name = "CartRegion"


class CartSerializer(PlainCartSerializer):
    """The full cart of a draft-order response: v1's relations and totals (reference section 2)."""

    billing_address = AddressSerializer(read_only=True, allow_null=True)
    customer = CustomerSerializer(read_only=True, allow_null=True)
    discounts = DiscountSerializer(many=True, read_only=True)
    gift_cards = EmptyListField()  # draft orders cannot carry gift cards (reference 7.5)
    items = LineItemSerializer(many=True, read_only=True)
    payment = PaymentSerializer(read_only=True, allow_null=True)
    payment_sessions = PaymentSessionSerializer(many=True, read_only=True)
    region = CartRegionSerializer(read_only=True)
    shipping_address = AddressSerializer(read_only=True, allow_null=True)
    shipping_methods = ShippingMethodSerializer(many=True, read_only=True)
    context_dependent_fields = ()  # a draft order's full cart always has its items
    subtotal = total_field("subtotal")
    tax_total = total_field("tax_total")
    shipping_total = total_field("shipping_total")
    discount_total = total_field("discount_total")
    gift_card_total = total_field("gift_card_total")
    gift_card_tax_total = total_field("gift_card_tax_total")
    total = total_field("total")
    item_tax_total = total_field("item_tax_total")
    shipping_tax_total = total_field("shipping_tax_total")
    raw_discount_total = total_field("raw_discount_total", fractional=True)

    class Meta(PlainCartSerializer.Meta):
        fields = [
            *CART_COLUMNS,
            "billing_address",
            "customer",
            "discounts",
            "gift_cards",
            "items",
            "payment",
            "payment_sessions",
            "region",
            "shipping_address",
            "shipping_methods",
            *CART_TOTALS,
            "raw_discount_total",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        selected = next((s for s in instance.payment_sessions.all() if s.is_selected), None)
        if selected is None:
            return data
        # v1's computed `payment_session`: present only when a session is selected, right after the relations
        ordered = {}
        for key, value in data.items():
            ordered[key] = value
            if key == "shipping_methods":
                ordered["payment_session"] = PaymentSessionSerializer(selected).data
        return ordered


class DraftOrderSerializer(EntitySerializer):
    """Departure 4: `completed_at` and `order` on every draft order, whatever the endpoint."""

    cart = CartSerializer(read_only=True)
    order = OrderRowSerializer(read_only=True, allow_null=True)

    class Meta:
        model = DraftOrder
        fields = [*DRAFT_ORDER_COLUMNS, "cart", "order"]


class ListedDraftOrderSerializer(DraftOrderSerializer):
    """A list entry; the `expand` and `fields` of the query (in the context) choose its relations and columns."""

    cart = PlainCartSerializer(read_only=True, allow_null=True)
    context_dependent_fields = True  # the schema: `fields` and `expand` choose the keys

    def get_fields(self):
        fields = super().get_fields()
        expand = self.context.get("expand", LIST_DEFAULT_EXPAND)
        selected = self.context.get("fields")
        for name in list(fields):
            if name in ("cart", "order"):
                keep = name in expand or (name == "cart" and "cart.items" in expand)
            else:
                keep = not selected or name in selected
            if not keep:
                fields.pop(name)
        return fields


class AdminDraftOrdersRes(serializers.Serializer):
    draft_order = DraftOrderSerializer()


class AdminDraftOrdersDeleteRes(DeletedSerializer):
    pass


class AdminDraftOrdersListRes(serializers.Serializer):
    draft_orders = ListedDraftOrderSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()


class AdminPostDraftOrdersDraftOrderReq(RequestSerializer):
    """v1's fields in v1's order, then `shipping_methods` and `metadata` (departure 7)."""

    region_id = StringField()
    country_code = StringField()
    email = EmailField()
    billing_address = AddressOrIdField()
    shipping_address = AddressOrIdField()
    discounts = ArrayField(child=DiscountCodeReq())
    customer_id = StringField()
    no_notification_order = BooleanField()
    shipping_methods = ArrayField(child=DraftOrderShippingMethodReq())
    metadata = ObjectField()


class AdminPostDraftOrdersDraftOrderLineItemsReq(RequestSerializer):
    title = StringField()
    unit_price = IntegerField()
    variant_id = StringField()
    quantity = IntegerField(required=True)
    metadata = ObjectField()


class AdminPostDraftOrdersDraftOrderLineItemsItemReq(RequestSerializer):
    title = StringField()
    unit_price = IntegerField()
    quantity = IntegerField()
    metadata = ObjectField()
