"""A cart's lines, shipping methods and totals as v1 serializes them.

Totals and computed tax lines are not columns: the selector (carts.selectors) computes them and views pass
its `Totals` in the serializer context, as `serializer_context(totals)` builds it.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from carts.models import Cart, LineItem, LineItemAdjustment, LineItemTaxLine, ShippingMethod, ShippingMethodTaxLine
from carts.selectors import Totals
from carts.totals import ManualDiscount
from config.api.serializers import AmountField, ComputedField, EmptyListField, EntitySerializer, NullField
from config.money import json_number
from customers.api.serializers import AddressSerializer, CustomerSerializer
from discounts.api.serializers import DiscountSerializer
from products.api.serializers import LineItemVariantSerializer
from regions.api.serializers import PaymentProviderSerializer, RegionSerializer, ShippingOptionSerializer


def serializer_context(totals: Totals, **more) -> dict:
    """The context the serializers below render computed values from."""
    return {
        "owners": totals.owners,
        "items": totals.items,
        "shipping_methods": totals.shipping_methods,
        "tax_lines": totals.tax_lines,
        **more,
    }


@extend_schema_field(OpenApiTypes.INT)
class TotalField(ComputedField):
    pass


@extend_schema_field(OpenApiTypes.DOUBLE)
class FractionalTotalField(ComputedField):
    """An unrounded discount total: v1 leaks it into the JSON (e.g. 444.4444444444444)."""

    def to_representation(self, row):
        return json_number(super().to_representation(row))


def total_field(group: str, name: str, *, fractional: bool = False) -> ComputedField:
    """A total the totals engine computed for the row: `group` is `owners` (a cart or an order), `items` or
    `shipping_methods`."""
    return (FractionalTotalField if fractional else TotalField)(group, name)


class AdjustmentSerializer(EntitySerializer):
    amount = AmountField()

    class Meta:
        model = LineItemAdjustment
        fields = ["id", "item_id", "description", "discount_id", "amount", "metadata"]


class ManualDiscountSerializer(serializers.Serializer):
    """A discount staff gave by hand (addition "manual discounts")."""

    type = serializers.ChoiceField(choices=ManualDiscount.TYPES)
    value = serializers.FloatField(help_text="A percentage (0 < value <= 100), or whole minor units when fixed.")
    reason = serializers.CharField(allow_null=True, help_text='The adjustments\' description ("Manual discount").')


@extend_schema_field(ManualDiscountSerializer(allow_null=True))
class ManualDiscountField(serializers.Field):
    """A line's or a cart's `manual_discount`, null when it has none."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, discount: ManualDiscount):
        return {"type": discount.type, "value": json_number(discount.value), "reason": discount.reason}


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


def _computed_tax_lines(lines, **owner) -> list[dict]:
    return [{"rate": json_number(line.rate), "name": line.name, "code": line.code, **owner} for line in lines]


@extend_schema_field(ComputedItemTaxLineSerializer(many=True))
class ComputedItemTaxLinesField(ComputedField):
    def __init__(self):
        super().__init__("tax_lines")

    def to_representation(self, row):
        return _computed_tax_lines(super().to_representation(row), item_id=row.pk)


@extend_schema_field(ComputedShippingTaxLineSerializer(many=True))
class ComputedShippingTaxLinesField(ComputedField):
    def __init__(self):
        super().__init__("tax_lines")

    def to_representation(self, row):
        return _computed_tax_lines(super().to_representation(row), shipping_method_id=row.pk)


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


class PlainLineItemSerializer(EntitySerializer):
    """A line item as the list endpoint shows it: columns and adjustments, no totals."""

    order_id = serializers.CharField(read_only=True, allow_null=True)
    swap_id = NullField()
    claim_order_id = NullField()
    original_item_id = NullField()
    order_edit_id = NullField()
    adjustments = AdjustmentSerializer(many=True, read_only=True)
    manual_discount = ManualDiscountField()

    class Meta:
        model = LineItem
        fields = [*LINE_ITEM_COLUMNS, "adjustments", "manual_discount"]


LINE_TOTALS = ("subtotal", "discount_total", "total", "original_total", "original_tax_total", "tax_total")


class LineItemSerializer(PlainLineItemSerializer):
    """A line item of a full cart: tax lines, variant and totals (v1's key order)."""

    tax_lines = ComputedItemTaxLinesField()
    variant = LineItemVariantSerializer(read_only=True, allow_null=True)
    subtotal = total_field("items", "subtotal")
    discount_total = total_field("items", "discount_total")
    total = total_field("items", "total")
    original_total = total_field("items", "original_total")
    original_tax_total = total_field("items", "original_tax_total")
    tax_total = total_field("items", "tax_total")
    raw_discount_total = total_field("items", "raw_discount_total", fractional=True)

    class Meta(PlainLineItemSerializer.Meta):
        fields = [*PlainLineItemSerializer.Meta.fields, "tax_lines", "variant", *LINE_TOTALS, "raw_discount_total"]


class ShippingMethodSerializer(EntitySerializer):
    order_id = serializers.CharField(read_only=True, allow_null=True)
    claim_order_id = NullField()
    swap_id = NullField()
    return_id = NullField()
    shipping_option = ShippingOptionSerializer(read_only=True)
    tax_lines = ComputedShippingTaxLinesField()
    original_total = total_field("shipping_methods", "original_total")
    total = total_field("shipping_methods", "total")
    subtotal = total_field("shipping_methods", "subtotal")
    original_tax_total = total_field("shipping_methods", "original_tax_total")
    tax_total = total_field("shipping_methods", "tax_total")

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


class PlainCartSerializer(EntitySerializer):
    """A cart's columns and its items with their adjustments, no totals (as v1 lists them)."""

    object = serializers.SerializerMethodField()
    payment_id = serializers.CharField(read_only=True, allow_null=True)
    items = PlainLineItemSerializer(many=True, read_only=True)

    class Meta:
        model = Cart
        fields = [*CART_COLUMNS, "items"]

    def get_object(self, obj) -> str:
        return "cart"


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
    """A full cart: v1's relations of the cart itself and its totals (reference "full cart"). What sits above the
    cart (its payment, its payment sessions) is added by the serializer that embeds it."""

    billing_address = AddressSerializer(read_only=True, allow_null=True)
    customer = CustomerSerializer(read_only=True, allow_null=True)
    discounts = DiscountSerializer(many=True, read_only=True)
    gift_cards = EmptyListField()  # draft orders cannot carry gift cards (reference "totals arithmetic")
    items = LineItemSerializer(many=True, read_only=True)
    region = CartRegionSerializer(read_only=True)
    shipping_address = AddressSerializer(read_only=True, allow_null=True)
    shipping_methods = ShippingMethodSerializer(many=True, read_only=True)
    subtotal = total_field("owners", "subtotal")
    tax_total = total_field("owners", "tax_total")
    shipping_total = total_field("owners", "shipping_total")
    discount_total = total_field("owners", "discount_total")
    gift_card_total = total_field("owners", "gift_card_total")
    gift_card_tax_total = total_field("owners", "gift_card_tax_total")
    total = total_field("owners", "total")
    item_tax_total = total_field("owners", "item_tax_total")
    shipping_tax_total = total_field("owners", "shipping_tax_total")
    raw_discount_total = total_field("owners", "raw_discount_total", fractional=True)

    class Meta(PlainCartSerializer.Meta):
        fields = [
            *CART_COLUMNS,
            "billing_address",
            "customer",
            "discounts",
            "gift_cards",
            "items",
            "region",
            "shipping_address",
            "shipping_methods",
            *CART_TOTALS,
            "raw_discount_total",
        ]
