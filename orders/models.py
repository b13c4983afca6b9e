"""What Mark Paid produces: the order, its payment and the cart's payment session."""

from django.db import models

from config.models import DisplayIdSequence, PrefixedIdField, TimestampedModel


class OrderDisplayId(DisplayIdSequence):
    pass


class Order(TimestampedModel):
    class Status(models.TextChoices):
        PENDING = "pending"
        COMPLETED = "completed"
        ARCHIVED = "archived"
        CANCELED = "canceled"
        REQUIRES_ACTION = "requires_action"

    class FulfillmentStatus(models.TextChoices):
        NOT_FULFILLED = "not_fulfilled"
        PARTIALLY_FULFILLED = "partially_fulfilled"
        FULFILLED = "fulfilled"
        PARTIALLY_SHIPPED = "partially_shipped"
        SHIPPED = "shipped"
        PARTIALLY_RETURNED = "partially_returned"
        RETURNED = "returned"
        CANCELED = "canceled"
        REQUIRES_ACTION = "requires_action"

    class PaymentStatus(models.TextChoices):
        NOT_PAID = "not_paid"
        AWAITING = "awaiting"
        CAPTURED = "captured"
        PARTIALLY_REFUNDED = "partially_refunded"
        REFUNDED = "refunded"
        CANCELED = "canceled"
        REQUIRES_ACTION = "requires_action"

    id = PrefixedIdField(prefix="order")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    fulfillment_status = models.CharField(
        max_length=24, choices=FulfillmentStatus.choices, default=FulfillmentStatus.NOT_FULFILLED
    )
    payment_status = models.CharField(max_length=24, choices=PaymentStatus.choices, default=PaymentStatus.NOT_PAID)
    display_id = models.IntegerField(unique=True, editable=False)
    cart = models.OneToOneField("carts.Cart", null=True, blank=True, on_delete=models.PROTECT, related_name="order")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="orders")
    email = models.EmailField(max_length=254)
    billing_address = models.ForeignKey(
        "customers.Address", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shipping_address = models.ForeignKey(
        "customers.Address", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    currency = models.ForeignKey(
        "regions.Currency", on_delete=models.PROTECT, db_column="currency_code", related_name="+"
    )
    tax_rate = models.FloatField(null=True, blank=True)
    # the draft order this order was placed from: draft_orders sits above orders and points at it (DraftOrder.order)
    draft_order_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    canceled_at = models.DateTimeField(null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)
    no_notification = models.BooleanField(null=True, blank=True)
    # copied from the draft order at Mark Paid (addition "notes and tags")
    note = models.TextField(null=True, blank=True)
    tags = models.JSONField(default=list, blank=True)
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)
    external_id = models.CharField(max_length=255, null=True, blank=True)
    sales_channel_id = models.CharField(max_length=64, null=True, blank=True)
    discounts = models.ManyToManyField("discounts.Discount", blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Order #{self.display_id}"


class PaymentSession(TimestampedModel):
    class Status(models.TextChoices):
        AUTHORIZED = "authorized"
        PENDING = "pending"
        REQUIRES_MORE = "requires_more"
        ERROR = "error"
        CANCELED = "canceled"

    id = PrefixedIdField(prefix="ps")
    cart = models.ForeignKey("carts.Cart", null=True, on_delete=models.CASCADE, related_name="payment_sessions")
    provider = models.ForeignKey("regions.PaymentProvider", on_delete=models.PROTECT, related_name="+")
    is_selected = models.BooleanField(null=True, blank=True)
    is_initiated = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices)
    data = models.JSONField(default=dict, blank=True)
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)
    amount = models.IntegerField(null=True, blank=True)
    payment_authorized_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cart", "provider"], name="payment_session_cart_provider_unique"),
        ]

    def __str__(self):
        return f"{self.provider_id} {self.status}"


class Payment(TimestampedModel):
    id = PrefixedIdField(prefix="pay")
    cart = models.ForeignKey("carts.Cart", null=True, blank=True, on_delete=models.SET_NULL, related_name="payments")
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.CASCADE, related_name="payments")
    amount = models.IntegerField()
    currency = models.ForeignKey(
        "regions.Currency", on_delete=models.PROTECT, db_column="currency_code", related_name="+"
    )
    amount_refunded = models.IntegerField(default=0)
    provider = models.ForeignKey("regions.PaymentProvider", on_delete=models.PROTECT, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    captured_at = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cart"], condition=models.Q(canceled_at__isnull=True), name="payment_cart_unique_live"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="payment_amount_gte_0"),
        ]

    def __str__(self):
        return f"{self.provider_id} {self.amount} {self.currency_id}"
