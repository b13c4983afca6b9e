from django.db import models

from config.models import PrefixedIdField, SoftDeletableModel


class ProductType(SoftDeletableModel):
    """v1's product type: made or reused by its `value` on a product create or update; tax rates may link to it."""

    id = PrefixedIdField(prefix="ptyp")
    value = models.CharField(max_length=255)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["value"]
        constraints = [
            models.UniqueConstraint(
                fields=["value"], condition=models.Q(deleted_at__isnull=True), name="product_type_value_unique_live"
            ),
        ]

    def __str__(self):
        return self.value


class SalesChannel(SoftDeletableModel):
    """v1's sales channel. The store's default one is made by a migration; every draft order's cart is in it."""

    id = PrefixedIdField(prefix="sc")
    name = models.CharField(max_length=255)
    description = models.TextField(null=True, blank=True)
    is_disabled = models.BooleanField(default=False)
    # v1 keeps it as `store.default_sales_channel_id`; here the channel says it, so products need no store
    is_default = models.BooleanField(default=False, editable=False)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="sales_channel_one_default"
            ),
        ]

    def __str__(self):
        return self.name


class Product(SoftDeletableModel):
    class Status(models.TextChoices):
        DRAFT = "draft"
        PROPOSED = "proposed"
        PUBLISHED = "published"
        REJECTED = "rejected"

    id = PrefixedIdField(prefix="prod")
    title = models.CharField(max_length=255)
    subtitle = models.CharField(max_length=255, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    handle = models.CharField(max_length=255, null=True, blank=True)
    is_giftcard = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    thumbnail = models.CharField(max_length=1024, null=True, blank=True)
    profile = models.ForeignKey("regions.ShippingProfile", on_delete=models.PROTECT, related_name="products")
    weight = models.IntegerField(null=True, blank=True)
    length = models.IntegerField(null=True, blank=True)
    height = models.IntegerField(null=True, blank=True)
    width = models.IntegerField(null=True, blank=True)
    hs_code = models.CharField(max_length=255, null=True, blank=True)
    origin_country = models.CharField(max_length=255, null=True, blank=True)
    mid_code = models.CharField(max_length=255, null=True, blank=True)
    material = models.CharField(max_length=255, null=True, blank=True)
    discountable = models.BooleanField(default=True)
    external_id = models.CharField(max_length=255, null=True, blank=True)
    type = models.ForeignKey(ProductType, null=True, blank=True, on_delete=models.SET_NULL, related_name="products")
    sales_channels = models.ManyToManyField(SalesChannel, blank=True, related_name="products")
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["handle"], condition=models.Q(deleted_at__isnull=True), name="product_handle_unique_live"
            ),
        ]

    def __str__(self):
        return self.title


class ProductOption(SoftDeletableModel):
    id = PrefixedIdField(prefix="opt")
    title = models.CharField(max_length=255)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="options")
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.title


class ProductVariant(SoftDeletableModel):
    id = PrefixedIdField(prefix="variant")
    title = models.CharField(max_length=255)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(max_length=255, null=True, blank=True)
    barcode = models.CharField(max_length=255, null=True, blank=True)
    ean = models.CharField(max_length=255, null=True, blank=True)
    upc = models.CharField(max_length=255, null=True, blank=True)
    variant_rank = models.IntegerField(default=0, null=True)
    inventory_quantity = models.IntegerField(default=0)
    allow_backorder = models.BooleanField(default=False)
    manage_inventory = models.BooleanField(default=True)
    hs_code = models.CharField(max_length=255, null=True, blank=True)
    origin_country = models.CharField(max_length=255, null=True, blank=True)
    mid_code = models.CharField(max_length=255, null=True, blank=True)
    material = models.CharField(max_length=255, null=True, blank=True)
    weight = models.IntegerField(null=True, blank=True)
    length = models.IntegerField(null=True, blank=True)
    height = models.IntegerField(null=True, blank=True)
    width = models.IntegerField(null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["variant_rank", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["sku"],
                condition=models.Q(deleted_at__isnull=True, sku__isnull=False),
                name="variant_sku_unique_live",
            ),
        ]

    def __str__(self):
        return f"{self.product.title} / {self.title}" if self.product_id else self.title


class InventoryHold(models.Model):
    """Stock a draft order holds for its lines until `until` (issue 18, addition "stock holds"): other drafts
    cannot add, raise or pay what it holds. One row per variant and holder, written and released by the draft
    order's services; the holder's ids are plain values, as products knows nothing above it."""

    id = PrefixedIdField(prefix="ihold")
    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="holds")
    quantity = models.IntegerField()
    until = models.DateTimeField()
    # the holder as the cart engine knows it (its own holds do not count against it) and as staff know it
    cart_id = models.CharField(max_length=64)  # the unique constraint's index finds a cart's holds
    draft_order_id = models.CharField(max_length=64)

    class Meta:
        ordering = ["until", "id"]
        indexes = [models.Index(fields=["variant", "until"], name="inventory_hold_variant_until")]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="inventory_hold_quantity_gt_0"),
            models.UniqueConstraint(fields=["cart_id", "variant"], name="inventory_hold_one_per_cart_variant"),
        ]

    def __str__(self):
        return f"{self.quantity} held by {self.draft_order_id}"


class ProductOptionValue(SoftDeletableModel):
    id = PrefixedIdField(prefix="optval")
    value = models.CharField(max_length=255)
    option = models.ForeignKey(ProductOption, on_delete=models.CASCADE, related_name="values")
    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="options")
    metadata = models.JSONField(null=True, blank=True)

    def __str__(self):
        return self.value


class MoneyAmount(SoftDeletableModel):
    """A variant's price in a currency, optionally only for one region and a quantity range."""

    id = PrefixedIdField(prefix="ma")
    currency = models.ForeignKey(
        "regions.Currency", on_delete=models.PROTECT, db_column="currency_code", related_name="+"
    )
    amount = models.IntegerField()
    min_quantity = models.IntegerField(null=True, blank=True)
    max_quantity = models.IntegerField(null=True, blank=True)
    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="prices")
    region = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="money_amount_amount_gte_0"),
        ]

    def __str__(self):
        return f"{self.amount} {self.currency_id}"
