"""A draft order is a thin wrapper around a cart of type `draft_order` (as v1): the commerce data lives on the cart."""

from django.db import models

from config.models import DisplayIdSequence, PrefixedIdField, TimestampedModel


class DraftOrderDisplayId(DisplayIdSequence):
    pass


class Cart(TimestampedModel):
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
    payment = models.OneToOneField("orders.Payment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    type = models.CharField(max_length=16, choices=Type.choices, default=Type.DEFAULT)
    completed_at = models.DateTimeField(null=True, blank=True)
    payment_authorized_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)
    context = models.JSONField(default=dict, blank=True)
    metadata = models.JSONField(null=True, blank=True)
    sales_channel_id = models.CharField(max_length=64, null=True, blank=True)
    discounts = models.ManyToManyField("discounts.Discount", blank=True, related_name="+")

    def __str__(self):
        return self.id


class DraftOrder(TimestampedModel):
    class Status(models.TextChoices):
        OPEN = "open"
        COMPLETED = "completed"

    id = PrefixedIdField(prefix="dorder")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    display_id = models.IntegerField(unique=True, editable=False)
    cart = models.OneToOneField(Cart, null=True, on_delete=models.CASCADE, related_name="draft_order")
    order = models.OneToOneField("orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    canceled_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    no_notification_order = models.BooleanField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Draft order #{self.display_id}"


class LineItem(TimestampedModel):
    id = PrefixedIdField(prefix="item")
    cart = models.ForeignKey(Cart, null=True, blank=True, on_delete=models.CASCADE, related_name="items")
    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.CASCADE, related_name="items")
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
    quantity = models.IntegerField()
    fulfilled_quantity = models.IntegerField(null=True, blank=True)
    returned_quantity = models.IntegerField(null=True, blank=True)
    shipped_quantity = models.IntegerField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="line_item_quantity_gt_0"),
            models.CheckConstraint(
                condition=models.Q(cart__isnull=False) | models.Q(order__isnull=False),
                name="line_item_belongs_to_cart_or_order",
            ),
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
    """Persisted at Mark Paid; before that a draft's tax lines are computed on the fly (as v1)."""

    id = PrefixedIdField(prefix="litl")
    item = models.ForeignKey(LineItem, on_delete=models.CASCADE, related_name="tax_lines")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "code"], name="line_item_tax_line_item_code_unique")]


class ShippingMethod(models.Model):
    id = PrefixedIdField(prefix="sm")
    shipping_option = models.ForeignKey("regions.ShippingOption", on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, on_delete=models.CASCADE, related_name="shipping_methods"
    )
    cart = models.ForeignKey(Cart, null=True, blank=True, on_delete=models.CASCADE, related_name="shipping_methods")
    price = models.IntegerField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="shipping_method_price_gte_0"),
            models.CheckConstraint(
                condition=models.Q(cart__isnull=False) | models.Q(order__isnull=False),
                name="shipping_method_belongs_to_cart_or_order",
            ),
        ]

    def __str__(self):
        return f"{self.shipping_option_id} {self.price}"


class ShippingMethodTaxLine(TaxLine):
    id = PrefixedIdField(prefix="smtl")
    shipping_method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="tax_lines")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["shipping_method", "code"], name="shipping_method_tax_line_method_code_unique"
            )
        ]


class CustomShippingOption(TimestampedModel):
    """A shipping price set for one cart; it overrides the option's price and skips its requirements (as v1)."""

    id = PrefixedIdField(prefix="cso")
    deleted_at = models.DateTimeField(null=True, blank=True)
    price = models.IntegerField()
    shipping_option = models.ForeignKey("regions.ShippingOption", on_delete=models.PROTECT, related_name="+")
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="custom_shipping_options")
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="custom_shipping_option_price_gte_0"),
            models.UniqueConstraint(fields=["shipping_option", "cart"], name="custom_shipping_option_cart_unique"),
        ]

    def __str__(self):
        return f"{self.shipping_option_id} {self.price}"
