"""Price lists with their prices, and tax rates with their links, for staff: every save runs the same services as
the API."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple

from config.admin import EntityAdmin
from customers.models import CustomerGroup
from pricing.models import PriceList, PriceListPrice, TaxRate
from pricing.services import (
    price_list_create,
    price_list_delete,
    price_list_delete_prices,
    price_list_update,
    tax_rate_create,
    tax_rate_delete,
    tax_rate_update,
)
from products.forms import PriceRowForm

PRICE_LIST_FORM_FIELDS = ("name", "description", "type", "status", "starts_at", "ends_at", "customer_groups")
PRICE_FIELDS = ("variant", "currency", "region", "amount", "min_quantity", "max_quantity")


class PriceListForm(forms.ModelForm):
    class Meta:
        model = PriceList
        fields = PRICE_LIST_FORM_FIELDS
        widgets = {"customer_groups": FilteredSelectMultiple("customer groups", is_stacked=False)}
        help_texts = {
            "customer_groups": "None chosen: the list prices every customer. Chosen: only their members.",
            "status": "A draft list prices no one (v1's default for a new list).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer_groups"].queryset = CustomerGroup.objects.order_by("name")


class PriceListPriceForm(PriceRowForm):
    class Meta(PriceRowForm.Meta):
        model = PriceListPrice
        fields = PRICE_FIELDS


class PriceListPriceInline(admin.TabularInline):
    model = PriceListPrice
    form = PriceListPriceForm
    fields = PRICE_FIELDS
    autocomplete_fields = ("variant",)
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("variant__product", "currency", "region__currency")


def _price_payload(price: PriceListPrice, *, with_id: bool) -> dict:
    """An inline row as the services take a price: one of region or currency, as the API's XOR demands."""
    located = {"region_id": price.region_id} if price.region_id else {"currency_code": price.currency_id}
    payload = {
        "variant_id": price.variant_id,
        "amount": price.amount,
        "min_quantity": price.min_quantity,
        "max_quantity": price.max_quantity,
        **located,
    }
    return {"id": price.pk, **payload} if with_id else payload


@admin.register(PriceList)
class PriceListAdmin(EntityAdmin):
    form = PriceListForm
    inlines = [PriceListPriceInline]
    list_display = ("name", "type", "status", "starts_at", "ends_at", "group_names", "created_at")
    list_filter = ("status", "type")
    search_fields = ("name", "description")
    refusal_fields = {"prices": "prices"}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("customer_groups")

    @admin.display(description="customer groups")
    def group_names(self, price_list):
        return ", ".join(group.name for group in price_list.customer_groups.all()) or "everyone"

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in PRICE_LIST_FORM_FIELDS}
        if "customer_groups" in data:
            data["customer_groups"] = [group.pk for group in data["customer_groups"]]
        if change:
            saved = price_list_update(price_list_id=obj.pk, data=data)
        else:
            fields = {name: form.cleaned_data[name] for name in ("name", "description", "type", "status")}
            saved = price_list_create(**{**fields, **data}, prices=[])
        obj.__dict__.update(saved.__dict__)

    def save_related(self, request, form, formsets, change):
        form.save_m2m = lambda: None  # the groups were set by the service in save_model
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        """The inline's edits as one price-list update: changed rows by id, new rows added, deleted rows removed."""
        formset.save(commit=False)  # writes nothing; fills what the admin's change message reads
        stored = {inline.instance.pk for inline in formset.initial_forms}
        prices = [
            _price_payload(inline.instance, with_id=inline.instance.pk in stored)
            for inline in formset.forms
            if inline not in formset.deleted_forms and inline.has_changed()
        ]
        if prices:
            price_list_update(price_list_id=form.instance.pk, data={"prices": prices})
        deleted = [inline.instance.pk for inline in formset.deleted_forms if inline.instance.pk in stored]
        if deleted:
            price_list_delete_prices(price_list_id=form.instance.pk, price_ids=deleted)

    def delete_model(self, request, obj):
        price_list_delete(price_list_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for price_list in queryset:
            price_list_delete(price_list_id=price_list.pk)


# --- tax rates -----------------------------------------------------------------------------------------------

TAX_RATE_FORM_FIELDS = ("code", "name", "rate", "region", "products", "product_types", "shipping_options")


class TaxRateForm(forms.ModelForm):
    class Meta:
        model = TaxRate
        fields = TAX_RATE_FORM_FIELDS
        help_texts = {
            "rate": "A percentage; empty taxes at 0. It replaces the region's rate for what it is linked to.",
            "shipping_options": "Only options of the rate's region.",
        }


@admin.register(TaxRate)
class TaxRateAdmin(EntityAdmin):
    form = TaxRateForm
    list_display = ("name", "code", "rate", "region", "created_at")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("name", "code")
    autocomplete_fields = ("region", "products", "product_types", "shipping_options")
    refusal_fields = {"region": "region", "shipping_options": "shipping_options"}

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in TAX_RATE_FORM_FIELDS}
        for relation in ("products", "product_types", "shipping_options"):
            if relation in data:
                data[relation] = [row.pk for row in data[relation]]
        if "region" in data:
            data["region_id"] = data.pop("region").pk
        if change:
            saved = tax_rate_update(tax_rate_id=obj.pk, data=data)
        else:
            fields = {name: form.cleaned_data[name] for name in ("code", "name", "rate")}
            saved = tax_rate_create(**{**fields, **data, "region_id": form.cleaned_data["region"].pk})
        obj.__dict__.update(saved.__dict__)

    def save_related(self, request, form, formsets, change):
        form.save_m2m = lambda: None  # the links were set by the service in save_model
        super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        tax_rate_delete(tax_rate_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for rate in queryset:
            tax_rate_delete(tax_rate_id=rate.pk)
