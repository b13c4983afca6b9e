"""Request bodies worded as v1's class-validator DTOs, and the draft order as v1 serializes it."""

import json
from collections.abc import Mapping

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from carts.api.serializers import CART_COLUMNS, CART_TOTALS, CartSerializer, ManualDiscountField, PlainCartSerializer
from carts.models import Cart, LineItem
from carts.totals import ManualDiscount
from config.api.querystring import (
    CommaListField,
    DateComparisonSerializer,
    EnumListField,
    IdListField,
    ListQuerySerializer,
    QueryDateField,
)
from config.api.render import rendered
from config.api.serializers import DeletedSerializer, EntitySerializer, MedusaDateTimeField
from config.api.validation import (
    ArrayField,
    BooleanField,
    ClassValidatorField,
    EmailField,
    EnumField,
    IntegerField,
    NumberField,
    ObjectField,
    RequestSerializer,
    StringField,
    WholeNumberInputField,
    column_max_length,
    flatten_messages,
)
from customers.api.serializers import AddressPayload
from draft_orders.models import DraftOrder
from orders.api.serializers import OrderRowSerializer, PaymentSerializer, PaymentSessionSerializer

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


# --- manual discounts, notes and tags (additions "manual discounts" and "notes and tags") ----------------------


class ManualDiscountReq(RequestSerializer):
    """The shape of `manual_discount` (the schema); `ManualDiscountInputField` checks it, naming the field."""

    type = EnumField(ManualDiscount.TYPES, required=True)
    value = NumberField(required=True)
    reason = StringField(max_length=column_max_length(Cart, "manual_discount_reason"))


@extend_schema_field(ManualDiscountReq(allow_null=True))
class ManualDiscountInputField(ClassValidatorField, serializers.Field):
    """`{"type", "value", "reason"?}` as a `ManualDiscount`; `null` (where `null_clears`) removes the discount. Each
    refusal names the field: `manual_discount.value must be ...`."""

    def to_internal_value(self, data):
        name = self.field_name
        if not isinstance(data, Mapping):
            raise serializers.ValidationError([f"{name} must be an object"])
        payload = ManualDiscountReq(data=data)
        if not payload.is_valid():
            messages = flatten_messages(payload.errors)
            raise serializers.ValidationError(
                [
                    message.replace("property ", f"property {name}.", 1)
                    if message.startswith("property ")
                    else f"{name}.{message}"
                    for message in messages
                ]
            )
        values = payload.validated_data
        discount = ManualDiscount(type=values["type"], value=values["value"], reason=values.get("reason") or None)
        refusal = discount.refusal()
        if refusal:
            raise serializers.ValidationError([f"{name}.{refusal}"])
        return discount

    def to_representation(self, value):
        return value


NOTE_MAX_LENGTH = 5000


def note_field(**kwargs) -> StringField:
    return StringField(max_length=NOTE_MAX_LENGTH, help_text="Staff-only text; never shown to the customer.", **kwargs)


def tags_field() -> ArrayField:
    return ArrayField(
        child=StringField(),
        help_text=(
            "Up to 50 tags of 1 to 40 characters, trimmed; a tag given twice (in any case) is kept once. Replaces "
            "the draft order's tags."
        ),
    )


RESERVE_HELP = (
    "Until when the draft order's lines hold their stock while it is open: other draft orders cannot add, raise or "
    "pay what it holds. A future time; null for no hold (on update: ends the hold). An addition to v1."
)


class ReserveInventoryUntilField(QueryDateField):
    """Addition "stock holds": until when the draft's lines hold their stock (a future time; the service checks
    it against the request's clock), or null for no hold."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", RESERVE_HELP)
        super().__init__(null_clears=True, **kwargs)


class DraftOrderItemReq(RequestSerializer):
    writes_to = LineItem
    title = StringField()
    unit_price = WholeNumberInputField()
    variant_id = StringField()
    quantity = WholeNumberInputField(required=True)
    metadata = ObjectField()
    manual_discount = ManualDiscountInputField()


class DiscountCodeReq(RequestSerializer):
    code = StringField(required=True)


class DraftOrderShippingMethodReq(RequestSerializer):
    option_id = StringField(required=True)
    data = ObjectField()
    price = WholeNumberInputField()


class AdminPostDraftOrdersReq(RequestSerializer):
    """Field order is v1's: it decides the order of the validation messages."""

    writes_to = Cart

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
    manual_discount = ManualDiscountInputField()
    note = note_field()
    tags = tags_field()
    # addition "stock holds"
    reserve_inventory_until = ReserveInventoryUntilField()


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
    "note",  # addition "notes and tags"
]
# the keys the project adds to v1's draft order (docs/additions.md)
DRAFT_ORDER_ADDITIONS = ["reserve_inventory_until"]  # addition "stock holds"


DRAFT_ORDER_EXPANDABLE = ("cart", "order", "cart.items", "cart.items.adjustments")


class AdminGetDraftOrdersParams(ListQuerySerializer):
    q = StringField()
    order = StringField()
    expand = CommaListField(DRAFT_ORDER_EXPANDABLE)
    fields = CommaListField((*DRAFT_ORDER_COLUMNS, "idempotency_key", "tags", "manual_discount"))
    created_at = DateComparisonSerializer(required=False)
    updated_at = DateComparisonSerializer(required=False)
    status = EnumListField(DRAFT_ORDER_STATUSES)
    tags = IdListField(help_text="Draft orders carrying any of these tags (`tags[]=a&tags[]=b`), in any case.")


# --- responses -----------------------------------------------------------------------------------------------


LIST_DEFAULT_EXPAND = frozenset({"cart", "cart.items", "order"})


class ListedCartSerializer(PlainCartSerializer):
    """The cart of a list entry: columns and items with their adjustments, no totals (as v1)."""

    context_dependent_fields = ("items",)  # the schema: `expand` may leave `items` out

    class Meta(PlainCartSerializer.Meta):
        ref_name = "PlainCart"

    def get_fields(self):
        fields = super().get_fields()
        if "expand" in self.context and "cart.items" not in self.context["expand"]:
            fields.pop("items")
        return fields


@extend_schema_field(PaymentSerializer(allow_null=True))
class CartPaymentField(serializers.Field):
    """The cart's captured payment (`cart.payment_id`), among its prefetched payments."""

    def __init__(self):
        super().__init__(read_only=True, source="*")

    def to_representation(self, cart):
        payment = next((payment for payment in cart.payments.all() if payment.id == cart.payment_id), None)
        return None if payment is None else rendered(PaymentSerializer, payment)


class DraftCartSerializer(CartSerializer):
    """The full cart of a draft-order response (reference "full cart"): the cart's own relations, its payment and
    payment sessions, and its totals, in v1's key order."""

    payment = CartPaymentField()
    payment_sessions = PaymentSessionSerializer(many=True, read_only=True)
    context_dependent_fields = ()  # a draft order's full cart always has its items

    class Meta(CartSerializer.Meta):
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
        ref_name = "Cart"

    def finish_representation(self, instance, data):
        selected = next((s for s in instance.payment_sessions.all() if s.is_selected), None)
        if selected is None:
            return data
        # v1's computed `payment_session`: present only when a session is selected, right after the relations
        ordered = {}
        for key, value in data.items():
            ordered[key] = value
            if key == "shipping_methods":
                ordered["payment_session"] = rendered(PaymentSessionSerializer, selected)
        return ordered


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class TagNamesField(serializers.Field):
    """A draft order's tags (prefetched), in the order they were given."""

    def __init__(self):
        super().__init__(read_only=True)

    def to_representation(self, tags):
        return [tag.name for tag in tags.all()]


class DraftOrderSerializer(EntitySerializer):
    """Departure "draft order keys": `completed_at` and `order` on every draft order, whatever the endpoint."""

    cart = DraftCartSerializer(read_only=True)
    order = OrderRowSerializer(read_only=True, allow_null=True)
    tags = TagNamesField()
    manual_discount = ManualDiscountField(
        source="cart.manual_discount", help_text="The discount taken off the whole draft order; null when none."
    )

    class Meta:
        model = DraftOrder
        # additions "notes and tags", "manual discounts" and "stock holds" after v1's keys: `note` is one of the columns
        fields = [*DRAFT_ORDER_COLUMNS, "tags", "manual_discount", *DRAFT_ORDER_ADDITIONS, "cart", "order"]


class ListedDraftOrderSerializer(DraftOrderSerializer):
    """A list entry; the `expand` and `fields` of the query (in the context) choose its relations and columns."""

    cart = ListedCartSerializer(read_only=True, allow_null=True)
    context_dependent_fields = True  # the schema: `fields` and `expand` choose the keys

    def get_fields(self):
        fields = super().get_fields()
        expand = self.context.get("expand", LIST_DEFAULT_EXPAND)
        selected = self.context.get("fields")
        for name in list(fields):
            if name in ("cart", "order"):
                keep = name in expand or (name == "cart" and "cart.items" in expand)
            elif name == "manual_discount":  # the cart's: only where the cart is read
                keep = bool(expand & {"cart", "cart.items"}) and (not selected or name in selected)
            else:
                keep = not selected or name in selected
            if not keep:
                fields.pop(name)
        return fields


class AdminDraftOrdersRes(serializers.Serializer):
    draft_order = DraftOrderSerializer()


class AdminDraftOrdersCalculateRes(serializers.Serializer):
    """What create would answer for the same body, with nothing made: the ids and timestamps of the rows it would
    make are null (draft_orders.api.schema)."""

    draft_order = DraftOrderSerializer()


class DroppedDiscountSerializer(serializers.Serializer):
    code = serializers.CharField()
    reason = serializers.CharField(help_text="Why a new draft order cannot take it, in create's words.")


class AdminDraftOrdersDuplicateRes(serializers.Serializer):
    """The new draft order, as create answers it, and the discount codes of the original it could not keep."""

    draft_order = DraftOrderSerializer()
    dropped_discounts = DroppedDiscountSerializer(many=True)


class AdminPostDraftOrdersDraftOrderSendInvoiceReq(RequestSerializer):
    """Addition "invoices": where to (the draft order's email unless given), and what to say."""

    to = EmailField()
    subject = StringField()
    custom_message = StringField()


class SentInvoiceSerializer(serializers.Serializer):
    draft_order_id = serializers.CharField()
    to = serializers.EmailField()
    subject = serializers.CharField()
    sent_at = MedusaDateTimeField()


class AdminDraftOrdersSendInvoiceRes(serializers.Serializer):
    """The invoice sent: the draft order records `sent_at` and `to` as its last invoice."""

    invoice = SentInvoiceSerializer()


class AdminDraftOrdersDeleteRes(DeletedSerializer):
    pass


class AdminDraftOrdersListRes(serializers.Serializer):
    draft_orders = ListedDraftOrderSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()


class AdminPostDraftOrdersDraftOrderReq(RequestSerializer):
    """v1's fields in v1's order, then `shipping_methods` and `metadata` (departures
    "update takes shipping methods" and "update takes metadata")."""

    writes_to = Cart

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
    manual_discount = ManualDiscountInputField(null_clears=True)
    note = note_field(null_clears=True)
    tags = tags_field()
    # addition "stock holds"
    reserve_inventory_until = ReserveInventoryUntilField()


class AdminPostDraftOrdersDraftOrderLineItemsReq(RequestSerializer):
    writes_to = LineItem
    title = StringField()
    unit_price = IntegerField()
    variant_id = StringField()
    quantity = IntegerField(required=True)
    metadata = ObjectField()
    manual_discount = ManualDiscountInputField()


class AdminPostDraftOrdersDraftOrderLineItemsItemReq(RequestSerializer):
    writes_to = LineItem
    title = StringField()
    unit_price = IntegerField()
    quantity = IntegerField()
    metadata = ObjectField()
    manual_discount = ManualDiscountInputField(null_clears=True)
