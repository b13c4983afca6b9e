from django.db import models

from config.models import PrefixedIdField, SoftDeletableModel, TimestampedModel


class PriceList(SoftDeletableModel):
    """v1's price list: prices that compete with the variants' own while it is active, in its window, and (when it
    names customer groups) for their members. Its `type` is shown but, as in v1, never decides a price.

    v1 removes the row on delete; here it is soft-deleted, so what priced a paid order's line stays readable.
    """

    class Type(models.TextChoices):
        SALE = "sale"
        OVERRIDE = "override"

    class Status(models.TextChoices):
        ACTIVE = "active"
        DRAFT = "draft"

    id = PrefixedIdField(prefix="pl")
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    type = models.CharField(max_length=16, choices=Type.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    # deleted groups stay linked: a list of deleted groups prices no one (departure "deleted groups close their lists")
    customer_groups = models.ManyToManyField("customers.CustomerGroup", blank=True, related_name="price_lists")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name


class PriceListPrice(SoftDeletableModel):
    """A money amount of a price list (v1 keeps it in `money_amount` with the variants' own, same `ma_` ids).

    A price given for a region is stored with the region's currency, as v1 stores it.
    """

    id = PrefixedIdField(prefix="ma")
    price_list = models.ForeignKey(PriceList, on_delete=models.CASCADE, related_name="prices")
    variant = models.ForeignKey("products.ProductVariant", on_delete=models.CASCADE, related_name="list_prices")
    currency = models.ForeignKey(
        "regions.Currency", on_delete=models.PROTECT, db_column="currency_code", related_name="+"
    )
    region = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    amount = models.IntegerField()
    min_quantity = models.IntegerField(null=True, blank=True)
    max_quantity = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="price_list_price_amount_gte_0"),
        ]

    def __str__(self):
        return f"{self.amount} {self.currency_id}"


class TaxRate(TimestampedModel):
    """v1's tax rate of one region. Linked to products, product types or shipping options, it replaces the
    region's rate for them (pricing/taxes.py); a rate may be null, which taxes at 0."""

    id = PrefixedIdField(prefix="txr")
    rate = models.FloatField(null=True, blank=True)
    code = models.CharField(max_length=255)
    name = models.CharField(max_length=255)
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="tax_rates")
    products = models.ManyToManyField("products.Product", blank=True, related_name="tax_rates")
    product_types = models.ManyToManyField("products.ProductType", blank=True, related_name="tax_rates")
    shipping_options = models.ManyToManyField("regions.ShippingOption", blank=True, related_name="tax_rates")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rate__isnull=True) | models.Q(rate__gte=0, rate__lte=100),
                name="tax_rate_rate_percentage",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"
