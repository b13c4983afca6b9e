"""Staff edit a discount, its rule, product conditions and regions on one page; every write goes through services."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import ValidationError

from config.admin import EntityAdmin
from config.forms import MoneyField, MoneyFormMixin
from config.money import money
from discounts.models import Discount, DiscountCondition, DiscountRule
from discounts.selectors import discount_get
from discounts.services import discount_create, discount_delete, discount_product_conditions_set, discount_update
from products.models import Product


def _products_field(label: str) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        Product.objects.order_by("title"),
        required=False,
        label=label,
        widget=FilteredSelectMultiple(label, is_stacked=False),
    )


class DiscountAdminForm(MoneyFormMixin, forms.ModelForm):
    """The discount's columns plus its rule and product conditions, saved by the API's services."""

    rule_type = forms.ChoiceField(label="Type", choices=DiscountRule.Type.choices)
    rule_value = MoneyField(label="Value")
    rule_allocation = forms.ChoiceField(label="Allocation", choices=DiscountRule.Allocation.choices)
    rule_description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    only_products = _products_field("Only for products")
    excluded_products = _products_field("Never for products")

    class Meta:
        model = Discount
        fields = [
            "code",
            "is_dynamic",
            "is_disabled",
            "regions",
            "starts_at",
            "ends_at",
            "valid_duration",
            "usage_limit",
            "metadata",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rule = None if self.instance._state.adding else self.instance.rule
        if rule is None:
            self.fields[
                "rule_value"
            ].help_text = (
                "A percentage (0-100), or for a fixed discount an amount in its region's currency, e.g. 10.00."
            )
            return
        self.fields["rule_type"].initial = rule.type
        self.fields["rule_value"].initial = rule.value
        self.fields["rule_allocation"].initial = rule.allocation
        self.fields["rule_description"].initial = rule.description
        for condition in rule.conditions.prefetch_related("products"):
            field = "only_products" if condition.operator == DiscountCondition.Operator.IN else "excluded_products"
            self.fields[field].initial = [product.pk for product in condition.products.all()]
        # as in v1's update: a rule's type and a discount's dynamic flag are fixed once created
        self.fields["rule_type"].disabled = True
        self.fields["is_dynamic"].disabled = True
        if rule.type == DiscountRule.Type.PERCENTAGE:
            self.fields["rule_value"].help_text = "A percentage (0-100)."

    def money_currency(self, name):
        """A fixed discount's value is money in its region's currency (v1 gives it one region); others are numbers."""
        if hasattr(self, "cleaned_data"):
            rule_type, regions = self.cleaned_data.get("rule_type"), self.cleaned_data.get("regions")
        elif self.instance._state.adding or self.instance.rule is None:
            return None
        else:
            rule_type, regions = self.instance.rule.type, self.instance.regions.all()
        if rule_type != DiscountRule.Type.FIXED:
            return None
        currencies = set() if regions is None else {region.currency for region in regions.select_related("currency")}
        if len(currencies) != 1:
            raise ValidationError(
                "A fixed amount is in its region's currency: choose the discount's region."
                if not currencies
                else "A fixed amount is in its region's currency: choose regions of one currency."
            )
        return currencies.pop()

    def create_arguments(self) -> dict:
        """`discount_create`'s keyword arguments, as the API's create view builds them."""
        data = self.cleaned_data
        conditions = [
            {"operator": operator, "products": products}
            for operator, products in self._product_conditions().items()
            if products
        ]
        return dict(
            code=data["code"],
            rule={**self._rule_fields(), "type": data["rule_type"], "conditions": conditions},
            regions=[region.pk for region in data["regions"]],
            is_dynamic=data["is_dynamic"],
            is_disabled=data["is_disabled"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            valid_duration=data["valid_duration"] or None,
            usage_limit=data["usage_limit"],
            metadata=data["metadata"],
        )

    def update_data(self) -> dict:
        """`discount_update`'s data for the page (product conditions aside: `product_conditions`)."""
        data = self.cleaned_data
        current_metadata = self.initial.get("metadata") or {}  # self.instance already holds the new values
        metadata = data["metadata"] or {}
        return {
            "code": data["code"],
            "is_disabled": data["is_disabled"],
            "regions": [region.pk for region in data["regions"]],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "valid_duration": data["valid_duration"] or None,
            "usage_limit": data["usage_limit"],
            # the update merges metadata; a key staff removed is sent as "" so that it is removed
            "metadata": {**{key: "" for key in current_metadata if key not in metadata}, **metadata},
            "rule": {"id": self.instance.rule_id, **self._rule_fields()},
        }

    def product_conditions(self) -> dict:
        """`discount_product_conditions_set`'s keyword arguments."""
        conditions = self._product_conditions()
        return {
            "only_products": conditions[DiscountCondition.Operator.IN],
            "excluded_products": conditions[DiscountCondition.Operator.NOT_IN],
        }

    def _rule_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "value": data["rule_value"],
            "allocation": data["rule_allocation"],
            "description": data["rule_description"] or None,
        }

    def _product_conditions(self) -> dict[str, list[str]]:
        return {
            DiscountCondition.Operator.IN: [product.pk for product in self.cleaned_data["only_products"]],
            DiscountCondition.Operator.NOT_IN: [product.pk for product in self.cleaned_data["excluded_products"]],
        }


class RuleTypeFilter(admin.SimpleListFilter):
    title = "rule type"
    parameter_name = "rule_type"

    def lookups(self, request, model_admin):
        return DiscountRule.Type.choices

    def queryset(self, request, queryset):
        return queryset.filter(rule__type=self.value()) if self.value() else queryset


@admin.register(Discount)
class DiscountAdmin(EntityAdmin):
    form = DiscountAdminForm
    list_display = (
        "code",
        "rule_type",
        "rule_value",
        "usage",
        "starts_at",
        "ends_at",
        "is_disabled",
        "is_dynamic",
        "region_names",
    )
    list_filter = ("is_disabled", "is_dynamic", RuleTypeFilter, "regions")
    search_fields = ("code",)
    readonly_fields = ("usage_count", "parent_discount")
    filter_horizontal = ("regions",)
    fieldsets = (
        (None, {"fields": ("id", "code", "is_dynamic", "is_disabled")}),
        ("Rule", {"fields": ("rule_type", "rule_value", "rule_allocation", "rule_description")}),
        ("Product conditions", {"fields": ("only_products", "excluded_products")}),
        (
            "Availability",
            {"fields": ("regions", "starts_at", "ends_at", "valid_duration", "usage_limit", "usage_count")},
        ),
        ("Other", {"fields": ("parent_discount", "metadata", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("rule").prefetch_related("regions__currency")

    @admin.display(description="type", ordering="rule__type")
    def rule_type(self, discount):
        return discount.rule.get_type_display() if discount.rule else "-"

    @admin.display(description="value", ordering="rule__value")
    def rule_value(self, discount):
        rule = discount.rule
        if rule is None or rule.type == DiscountRule.Type.FREE_SHIPPING:
            return "-"
        if rule.type == DiscountRule.Type.PERCENTAGE:
            return f"{rule.value} %"
        # a fixed discount has one region (v1), so its value reads in that region's currency
        regions = discount.regions.all()
        return money(rule.value, regions[0].currency) if len(regions) == 1 else str(rule.value)

    @admin.display(description="used")
    def usage(self, discount):
        return f"{discount.usage_count} / {discount.usage_limit}" if discount.usage_limit else discount.usage_count

    @admin.display(description="regions")
    def region_names(self, discount):
        return ", ".join(region.name for region in discount.regions.all())

    def save_model(self, request, obj, form, change):
        """Through the services, regions and conditions included; a refusal (MedusaError) is shown by EntityAdmin
        and nothing is saved."""
        if change:
            discount_update(discount_id=obj.pk, data=form.update_data())
            discount_product_conditions_set(discount_id=obj.pk, **form.product_conditions())
            saved = discount_get(obj.pk)
        else:
            saved = discount_get(discount_create(**form.create_arguments()).pk)
        obj.__dict__.update(saved.__dict__)  # the admin carries on with `obj` (change message, redirect)

    def save_related(self, request, form, formsets, change):
        """save_model wrote the regions and conditions: the form's own many-to-many save would bypass the
        services."""

    def delete_model(self, request, obj):
        discount_delete(discount_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for discount_id in queryset.values_list("pk", flat=True):
            discount_delete(discount_id=discount_id)
