from django.db import models

from config.models import PrefixedIdField, SoftDeletableModel


class Currency(models.Model):
    """ISO 4217, seeded by migration; `code` is lower case as on Medusa's wire (`usd`)."""

    code = models.CharField(max_length=3, primary_key=True)
    symbol = models.CharField(max_length=16)
    symbol_native = models.CharField(max_length=16)
    name = models.CharField(max_length=100)

    class Meta:
        verbose_name_plural = "currencies"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code.upper()} ({self.name})"


class Country(models.Model):
    """ISO 3166, seeded by migration; a country belongs to at most one region."""

    id = models.AutoField(primary_key=True)
    iso_2 = models.CharField(max_length=2, unique=True)
    iso_3 = models.CharField(max_length=3)
    num_code = models.IntegerField()
    name = models.CharField(max_length=100)
    display_name = models.CharField(max_length=100)
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="countries"
    )

    class Meta:
        verbose_name_plural = "countries"
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name


class PaymentProvider(models.Model):
    id = models.CharField(max_length=64, primary_key=True)
    is_installed = models.BooleanField(default=True)

    def __str__(self):
        return self.id


class FulfillmentProvider(models.Model):
    id = models.CharField(max_length=64, primary_key=True)
    is_installed = models.BooleanField(default=True)

    def __str__(self):
        return self.id


class Region(SoftDeletableModel):
    id = PrefixedIdField(prefix="reg")
    name = models.CharField(max_length=255)
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, db_column="currency_code", related_name="+")
    tax_rate = models.FloatField(default=0)
    tax_code = models.CharField(max_length=255, null=True, blank=True)
    gift_cards_taxable = models.BooleanField(default=True)
    automatic_taxes = models.BooleanField(default=True)
    tax_provider_id = models.CharField(max_length=64, null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)
    payment_providers = models.ManyToManyField(PaymentProvider, blank=True, related_name="regions")
    fulfillment_providers = models.ManyToManyField(FulfillmentProvider, blank=True, related_name="regions")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tax_rate__gte=0, tax_rate__lte=100), name="region_tax_rate_percentage"
            ),
        ]

    def __str__(self):
        return self.name


class ShippingProfile(SoftDeletableModel):
    class Type(models.TextChoices):
        DEFAULT = "default"
        GIFT_CARD = "gift_card"
        CUSTOM = "custom"

    id = PrefixedIdField(prefix="sp")
    name = models.CharField(max_length=255)
    type = models.CharField(max_length=16, choices=Type.choices, default=Type.CUSTOM)
    metadata = models.JSONField(null=True, blank=True)

    def __str__(self):
        return self.name


class ShippingOption(SoftDeletableModel):
    class PriceType(models.TextChoices):
        FLAT_RATE = "flat_rate"
        CALCULATED = "calculated"

    id = PrefixedIdField(prefix="so")
    name = models.CharField(max_length=255)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="shipping_options")
    profile = models.ForeignKey(ShippingProfile, on_delete=models.PROTECT, related_name="shipping_options")
    provider = models.ForeignKey(FulfillmentProvider, on_delete=models.PROTECT, related_name="shipping_options")
    price_type = models.CharField(max_length=16, choices=PriceType.choices, default=PriceType.FLAT_RATE)
    amount = models.IntegerField(null=True, blank=True)
    is_return = models.BooleanField(default=False)
    admin_only = models.BooleanField(default=False)
    data = models.JSONField(default=dict, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="shipping_option_amount_gte_0"),
        ]

    def __str__(self):
        return self.name


class ShippingOptionRequirement(models.Model):
    class Type(models.TextChoices):
        MIN_SUBTOTAL = "min_subtotal"
        MAX_SUBTOTAL = "max_subtotal"

    id = PrefixedIdField(prefix="sor")
    shipping_option = models.ForeignKey(ShippingOption, on_delete=models.CASCADE, related_name="requirements")
    type = models.CharField(max_length=16, choices=Type.choices)
    amount = models.IntegerField()
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="shipping_requirement_amount_gte_0"),
        ]

    def __str__(self):
        return f"{self.type} {self.amount}"
