from django.db import models
from django.utils import timezone

from config.models import PrefixedIdField, SoftDeletableModel


class DiscountRule(SoftDeletableModel):
    class Type(models.TextChoices):
        FIXED = "fixed"
        PERCENTAGE = "percentage"
        FREE_SHIPPING = "free_shipping"

    class Allocation(models.TextChoices):
        TOTAL = "total"
        ITEM = "item"

    id = PrefixedIdField(prefix="dru")
    description = models.TextField(null=True, blank=True)
    type = models.CharField(max_length=16, choices=Type.choices)
    value = models.IntegerField()
    allocation = models.CharField(max_length=8, choices=Allocation.choices, null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=0), name="discount_rule_value_gte_0"),
            models.CheckConstraint(
                condition=~models.Q(type="percentage") | models.Q(value__lte=100),
                name="discount_rule_percentage_lte_100",
            ),
        ]

    def __str__(self):
        return f"{self.type} {self.value}"


class DiscountCondition(SoftDeletableModel):
    """Product conditions: the rule applies only to (`in`) or never to (`not_in`) the given products."""

    class Type(models.TextChoices):
        PRODUCTS = "products"

    class Operator(models.TextChoices):
        IN = "in"
        NOT_IN = "not_in"

    id = PrefixedIdField(prefix="discon")
    type = models.CharField(max_length=32, choices=Type.choices, default=Type.PRODUCTS)
    operator = models.CharField(max_length=8, choices=Operator.choices)
    discount_rule = models.ForeignKey(DiscountRule, on_delete=models.CASCADE, related_name="conditions")
    products = models.ManyToManyField("products.Product", blank=True, related_name="+")
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["type", "operator", "discount_rule"], name="discount_condition_type_operator_rule_unique"
            ),
        ]

    def __str__(self):
        return f"{self.type} {self.operator}"


class Discount(SoftDeletableModel):
    id = PrefixedIdField(prefix="disc")
    code = models.CharField(max_length=255)
    is_dynamic = models.BooleanField(default=False)
    rule = models.ForeignKey(DiscountRule, null=True, on_delete=models.PROTECT, related_name="discounts")
    is_disabled = models.BooleanField(default=False)
    parent_discount = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    valid_duration = models.CharField(max_length=64, null=True, blank=True)
    usage_limit = models.IntegerField(null=True, blank=True)
    usage_count = models.IntegerField(default=0)
    metadata = models.JSONField(null=True, blank=True)
    regions = models.ManyToManyField("regions.Region", blank=True, related_name="discounts")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(deleted_at__isnull=True), name="discount_code_unique_live"
            ),
            models.CheckConstraint(condition=models.Q(usage_count__gte=0), name="discount_usage_count_gte_0"),
        ]

    def __str__(self):
        return self.code
