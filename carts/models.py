"""The cart: lines, their adjustments and tax lines, shipping methods, custom shipping prices.

A draft order wraps a cart, and Mark Paid turns the cart's rows into the order's (as v1). The cart knows
nothing above it: the columns v1 keeps on these rows that point at an order or a payment (`order_id`,
`payment_id`) are plain values that the orders app writes and reads. The tables keep the names they had when
these models lived in `draft_orders`.
"""

from django.db import models

from carts.totals import ManualDiscount
from config.models import PrefixedIdField, TimestampedModel

ID_LENGTH = 64  # PrefixedIdField's


class ManualDiscountFields(models.Model):
    """A discount staff give by hand (addition "manual discounts"): on a line, or on a cart as a whole. The
    amounts it takes are adjustments that the cart engine derives from these on every recompute."""

    class ManualDiscountType(models.TextChoices):
        PERCENTAGE = ManualDiscount.PERCENTAGE
        FIXED = ManualDiscount.FIXED

    manual_discount_type = models.CharField(max_length=16, choices=ManualDiscountType.choices, null=True, blank=True)
    # a percentage may have decimals (12.5); a fixed amount is whole minor units
    manual_discount_value = models.FloatField(null=True, blank=True)
    manual_discount_reason = models.CharField(max_length=255, null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(manual_discount_type__isnull=True, manual_discount_value__isnull=True)
                | models.Q(
                    manual_discount_type="percentage", manual_discount_value__gt=0, manual_discount_value__lte=100
                )
                | models.Q(manual_discount_type="fixed", manual_discount_value__gt=0),
                name="%(class)s_manual_discount_valid",
            ),
        ]

    @property
    def manual_discount(self) -> ManualDiscount | None:
        if self.manual_discount_type is None:
            return None
        value = self.manual_discount_value
        return ManualDiscount(
            type=self.manual_discount_type,
            value=int(value) if float(value).is_integer() else value,
            reason=self.manual_discount_reason,
        )

    @manual_discount.setter
    def manual_discount(self, discount: ManualDiscount | None) -> None:
        self.manual_discount_type = discount.type if discount else None
        self.manual_discount_value = discount.value if discount else None
        self.manual_discount_reason = discount.reason if discount else None


class Cart(ManualDiscountFields, TimestampedModel):
    class Type(models.TextChoices):
        DEFAULT = "default"
        SWAP = "swap"
        DRAFT_ORDER = "draft_order"
        PAYMENT_LINK = "payment_link"
        CLAIM = "claim"

    id = PrefixedIdField(prefix="cart")
    deleted_at = models.DateTimeField(null=True, blank=True)
    email = models.EmailField(max_length=254, null=True, blank=True)
    billing_address = models.ForeignKey(
        "customers.Address", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shipping_address = models.ForeignKey(
        "customers.Address", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="carts"
    )
    # the payment Mark Paid captured (orders.Payment, which points back at the cart)
    payment_id = models.CharField(max_length=ID_LENGTH, null=True, blank=True, unique=True)
    type = models.CharField(max_length=16, choices=Type.choices, default=Type.DEFAULT)
    completed_at = models.DateTimeField(null=True, blank=True)
    payment_authorized_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)
    context = models.JSONField(default=dict, blank=True)
    metadata = models.JSONField(null=True, blank=True)
    sales_channel_id = models.CharField(max_length=64, null=True, blank=True)
    discounts = models.ManyToManyField(
        "discounts.Discount", blank=True, related_name="+", db_table="draft_orders_cart_discounts"
    )

    class Meta:
        db_table = "draft_orders_cart"
        constraints = ManualDiscountFields.Meta.constraints

    def __str__(self):
        return self.id


class LineItem(ManualDiscountFields, TimestampedModel):
    id = PrefixedIdField(prefix="item")
    cart = models.ForeignKey(Cart, null=True, blank=True, on_delete=models.CASCADE, related_name="items")
    # the order Mark Paid placed from the cart (orders.Order, which points back at the cart)
    order_id = models.CharField(max_length=ID_LENGTH, null=True, blank=True, db_index=True)
    title = models.CharField(max_length=255)
    description = models.TextField(null=True, blank=True)
    thumbnail = models.CharField(max_length=1024, null=True, blank=True)
    is_return = models.BooleanField(default=False)
    is_giftcard = models.BooleanField(default=False)
    should_merge = models.BooleanField(default=True)
    allow_discounts = models.BooleanField(default=True)
    has_shipping = models.BooleanField(null=True, blank=True)
    unit_price = models.IntegerField()
    variant = models.ForeignKey(
        "products.ProductVariant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # the price list whose price the line was last priced at (issue 17: staff see it); None for the variant's own
    # price, a price typed in and a custom line. Not in v1's line item, so not on the wire.
    price_list = models.ForeignKey(
        "pricing.PriceList", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quantity = models.IntegerField()
    fulfilled_quantity = models.IntegerField(null=True, blank=True)
    returned_quantity = models.IntegerField(null=True, blank=True)
    shipped_quantity = models.IntegerField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "draft_orders_lineitem"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="line_item_quantity_gt_0"),
            models.CheckConstraint(
                condition=models.Q(cart__isnull=False) | models.Q(order_id__isnull=False),
                name="line_item_belongs_to_cart_or_order",
            ),
            *ManualDiscountFields.Meta.constraints,
        ]

    def __str__(self):
        return f"{self.quantity} × {self.title}"


class LineItemAdjustment(models.Model):
    id = PrefixedIdField(prefix="lia")
    item = models.ForeignKey(LineItem, on_delete=models.CASCADE, related_name="adjustments")
    description = models.CharField(max_length=255)
    discount = models.ForeignKey(
        "discounts.Discount", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A double: a fixed discount spread over the total keeps v1's unrounded share (444.4444444444444).
    amount = models.FloatField()
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "draft_orders_lineitemadjustment"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["discount", "item"],
                condition=models.Q(discount__isnull=False),
                name="line_item_adjustment_discount_item_unique",
            ),
        ]

    def __str__(self):
        return f"{self.description} {self.amount}"


class TaxLine(TimestampedModel):
    rate = models.FloatField()
    name = models.CharField(max_length=255)
    code = models.CharField(max_length=255, null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        abstract = True


class LineItemTaxLine(TaxLine):
    """Persisted at Mark Paid; before that a draft's tax lines are computed on the fly (as v1).

    Two lines of one item may share a `code` (a product rate and a product-type rate): departure "same-code tax
    lines", where v1's unique (item_id, code) index makes Mark Paid answer 500.
    """

    id = PrefixedIdField(prefix="litl")
    item = models.ForeignKey(LineItem, on_delete=models.CASCADE, related_name="tax_lines")

    class Meta:
        db_table = "draft_orders_lineitemtaxline"


class ShippingMethod(models.Model):
    id = PrefixedIdField(prefix="sm")
    shipping_option = models.ForeignKey("regions.ShippingOption", on_delete=models.PROTECT, related_name="+")
    # the order Mark Paid placed from the cart (orders.Order, which points back at the cart)
    order_id = models.CharField(max_length=ID_LENGTH, null=True, blank=True, db_index=True)
    cart = models.ForeignKey(Cart, null=True, blank=True, on_delete=models.CASCADE, related_name="shipping_methods")
    price = models.IntegerField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "draft_orders_shippingmethod"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="shipping_method_price_gte_0"),
            models.CheckConstraint(
                condition=models.Q(cart__isnull=False) | models.Q(order_id__isnull=False),
                name="shipping_method_belongs_to_cart_or_order",
            ),
        ]

    def __str__(self):
        return f"{self.shipping_option_id} {self.price}"


class ShippingMethodTaxLine(TaxLine):
    """As `LineItemTaxLine`: two rates of one shipping option may share a `code`, and both are kept."""

    id = PrefixedIdField(prefix="smtl")
    shipping_method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="tax_lines")

    class Meta:
        db_table = "draft_orders_shippingmethodtaxline"


class CustomShippingOption(TimestampedModel):
    """A shipping price set for one cart; it overrides the option's price and skips its requirements (as v1)."""

    id = PrefixedIdField(prefix="cso")
    deleted_at = models.DateTimeField(null=True, blank=True)
    price = models.IntegerField()
    shipping_option = models.ForeignKey("regions.ShippingOption", on_delete=models.PROTECT, related_name="+")
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="custom_shipping_options")
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "draft_orders_customshippingoption"
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="custom_shipping_option_price_gte_0"),
            models.UniqueConstraint(fields=["shipping_option", "cart"], name="custom_shipping_option_cart_unique"),
        ]

    def __str__(self):
        return f"{self.shipping_option_id} {self.price}"
