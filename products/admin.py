"""Products, options, variants and prices for staff: every save runs the same services as the API."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from config.admin import EntityAdmin
from config.money import money
from products.forms import PriceRowForm
from products.inventory import held_quantity, holds_prefetch
from products.models import MoneyAmount, Product, ProductOption, ProductType, ProductVariant, SalesChannel
from products.services import (
    product_create,
    product_delete,
    product_option_add,
    product_option_update,
    product_update,
    sales_channel_create,
    sales_channel_update,
    variant_create,
    variant_delete,
    variant_update,
)

PRODUCT_FORM_FIELDS = (
    "title",
    "subtitle",
    "description",
    "handle",
    "status",
    "is_giftcard",
    "discountable",
    "thumbnail",
)
VARIANT_FORM_FIELDS = ("title", "sku", "inventory_quantity", "manage_inventory", "allow_backorder")


def prices_with_money(variant: ProductVariant) -> str:
    """`$80.00` per price, from prices prefetched with their currency."""
    shown = []
    for price in variant.prices.all():
        tier = f" from {price.min_quantity}" if price.min_quantity else ""
        where = f" in {price.region.name}" if price.region_id else ""
        shown.append(f"{money(price.amount, price.currency)}{where}{tier}")
    return ", ".join(shown) or "-"


def holds_shown(variant: ProductVariant) -> str:
    """`3 held: dorder_… (2 until …), dorder_… (1 until …)`, each linking to its draft order (addition "stock
    holds"), from the live holds prefetched by `holds_prefetch`."""
    holds = variant.holds.all()
    if not holds:
        return "-"
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a> ({} until {})',
        (
            (
                reverse("admin:draft_orders_draftorder_change", args=[hold.draft_order_id]),
                hold.draft_order_id,
                hold.quantity,
                timezone.localtime(hold.until).strftime("%Y-%m-%d %H:%M"),
            )
            for hold in holds
        ),
    )
    return format_html("{} held: {}", held_quantity(variant), links)


def prices_prefetch() -> Prefetch:
    return Prefetch("prices", queryset=MoneyAmount.objects.select_related("currency", "region").order_by("created_at"))


# --- products ------------------------------------------------------------------------------------------------


class ProductOptionInline(admin.TabularInline):
    model = ProductOption
    fields = ("title",)
    extra = 0
    can_delete = False  # v1 deletes an option only when the variants stay unique without it; not offered here


class ProductVariantInline(admin.TabularInline):
    model = ProductVariant
    fields = (*VARIANT_FORM_FIELDS, "prices")
    readonly_fields = ("prices",)
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # a variant needs option values and prices: added on the variant page

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(prices_prefetch())

    @admin.display(description="prices")
    def prices(self, variant):
        return prices_with_money(variant)


class ProductForm(forms.ModelForm):
    type_value = forms.CharField(
        label="type", required=False, help_text="The product type's value: an existing type is reused, else made."
    )

    class Meta:
        model = Product
        fields = (*PRODUCT_FORM_FIELDS, "sales_channels", "metadata")
        widgets = {"sales_channels": FilteredSelectMultiple("sales channels", is_stacked=False)}
        help_texts = {"sales_channels": "None chosen: the default sales channel, as v1's create does."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.type_id:
            self.fields["type_value"].initial = self.instance.type.value

    def service_data(self) -> dict:
        """The changed fields as product_create / product_update take them (v1's `type` and `sales_channels`)."""
        # ProductForm's own Meta: the admin's generated subclass lists every form field, `type_value` included
        data = {name: self.cleaned_data[name] for name in self.changed_data if name in ProductForm.Meta.fields}
        if "sales_channels" in data:
            data["sales_channels"] = [channel.pk for channel in data["sales_channels"]]
        if "type_value" in self.changed_data:
            value = self.cleaned_data["type_value"].strip()
            data["type"] = {"value": value} if value else None
        return data


@admin.register(Product)
class ProductAdmin(EntityAdmin):
    form = ProductForm
    list_display = ("title", "handle", "status", "is_giftcard", "created_at")
    list_filter = ("status", "is_giftcard")
    search_fields = ("title", "handle", "variants__sku")
    readonly_fields = ("profile", "add_variant")
    inlines = [ProductOptionInline, ProductVariantInline]
    refusal_fields = {"title": "options", "sku": "variants"}  # refusals of the options' and variants' inlines

    def get_readonly_fields(self, request, obj=None):
        # v1 never changes whether a product is a gift card (its shipping profile depends on it)
        return [*super().get_readonly_fields(request, obj), *(["is_giftcard"] if obj else [])]

    @admin.display(description="variants")
    def add_variant(self, product):
        if not product.pk:
            return "Save the product and its options first."
        url = reverse("admin:products_productvariant_add") + f"?product={product.pk}"
        return format_html('<a href="{}">Add a variant</a>', url)

    def save_model(self, request, obj, form, change):
        data = form.service_data()
        if change:
            saved = product_update(product_id=obj.pk, data=data)
        else:
            saved = product_create(**{"title": form.cleaned_data["title"], **data})
        obj.__dict__.update(
            saved.__dict__
        )  # the admin carries on with `obj` (inlines, redirect): make it the saved row

    def save_related(self, request, form, formsets, change):
        form.save_m2m = lambda: None  # the channels were set by the service in save_model
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        if formset.model is ProductOption:
            for option, _ in formset.changed_objects:
                product_option_update(option_id=option.pk, title=option.title)
            for option in formset.new_objects:
                product_option_add(product_id=form.instance.pk, title=option.title)
            return
        for variant in formset.deleted_objects:
            variant_delete(product_id=form.instance.pk, variant_id=variant.pk)
        for variant, changed in formset.changed_objects:
            variant_update(variant_id=variant.pk, data={name: getattr(variant, name) for name in changed})

    def delete_model(self, request, obj):
        product_delete(product_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for product in queryset:
            product_delete(product_id=product.pk)


# --- variants and their prices -------------------------------------------------------------------------------


class MoneyAmountForm(PriceRowForm):
    class Meta(PriceRowForm.Meta):
        model = MoneyAmount


class MoneyAmountInline(admin.TabularInline):
    model = MoneyAmount
    form = MoneyAmountForm
    fields = ("currency", "region", "amount", "min_quantity", "max_quantity")
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("currency", "region__currency")


class ProductVariantForm(forms.ModelForm):
    option_values = forms.CharField(
        required=False,
        help_text="The variant's value for each of the product's options, comma-separated in their order "
        "(e.g. `M, Black`).",
    )

    class Meta:
        model = ProductVariant
        fields = ("product", *VARIANT_FORM_FIELDS, "barcode", "ean", "upc", "metadata")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            values = {value.option_id: value.value for value in self.instance.options.all()}
            options = ProductOption.objects.filter(product_id=self.instance.product_id)
            self.fields["option_values"].initial = ", ".join(values.get(option.id, "") for option in options)

    def option_payload(self) -> list[dict]:
        """`[{option_id, value}]` pairing the typed values with the product's options, by position."""
        values = [value.strip() for value in self.cleaned_data["option_values"].split(",") if value.strip()]
        options = ProductOption.objects.filter(product=self.cleaned_data.get("product") or self.instance.product)
        return [{"option_id": option.id, "value": value} for option, value in zip(options, values, strict=False)]


@admin.register(ProductVariant)
class ProductVariantAdmin(EntityAdmin):
    form = ProductVariantForm
    list_display = ("title", "product", "sku", "inventory_quantity", "manage_inventory", "allow_backorder")
    list_display += ("held", "prices")
    list_filter = ("manage_inventory", "allow_backorder")
    search_fields = ("title", "sku", "product__title", "product__handle")
    list_select_related = ("product",)
    raw_id_fields = ("product",)
    inlines = [MoneyAmountInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(prices_prefetch(), holds_prefetch(timezone.now()))

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(["product", "held"] if obj else [])]

    @admin.display(description="prices")
    def prices(self, variant):
        return prices_with_money(variant)

    @admin.display(description="held by draft orders")
    def held(self, variant):
        return holds_shown(variant)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in ProductVariantForm.Meta.fields}
        data.pop("product", None)
        if change:
            if "option_values" in form.changed_data:
                data["options"] = form.option_payload()
            saved = variant_update(variant_id=obj.pk, data=data)
        else:
            saved = variant_create(
                product_id=form.cleaned_data["product"].pk, data={**data, "options": form.option_payload()}
            )
        obj.__dict__.update(saved.__dict__)

    def save_formset(self, request, form, formset, change):
        """The prices left in the formset become the variant's prices (the service's replace semantics)."""
        formset.save(commit=False)  # writes nothing; fills what the admin's change message reads
        stored = {inline.instance.pk for inline in formset.initial_forms}
        prices = [
            {
                "id": price.pk if price.pk in stored else None,  # a new row already carries a generated id
                "region_id": price.region_id,
                "currency_code": price.currency_id,
                "amount": price.amount,
                "min_quantity": price.min_quantity,
                "max_quantity": price.max_quantity,
            }
            for inline, price in ((inline, inline.instance) for inline in formset.forms)
            if inline not in formset.deleted_forms and (price.pk in stored or inline.has_changed())
        ]
        variant_update(variant_id=form.instance.pk, data={"prices": prices})

    def delete_model(self, request, obj):
        variant_delete(product_id=obj.product_id, variant_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for variant in queryset.select_related("product"):
            variant_delete(product_id=variant.product_id, variant_id=variant.pk)


# --- types and sales channels --------------------------------------------------------------------------------


@admin.register(ProductType)
class ProductTypeAdmin(EntityAdmin):
    """Types are made by a product's `type` (here or over the API); listed for search and tax-rate links."""

    list_display = ("value", "created_at")
    search_fields = ("value",)
    fields = ("id", "value", "metadata", "created_at", "updated_at")
    readonly_fields = ("value", "metadata")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SalesChannelForm(forms.ModelForm):
    class Meta:
        model = SalesChannel
        fields = ("name", "description", "is_disabled", "metadata")


@admin.register(SalesChannel)
class SalesChannelAdmin(EntityAdmin):
    form = SalesChannelForm
    list_display = ("name", "is_default", "is_disabled", "created_at")
    search_fields = ("name", "description")
    fields = ("id", "name", "description", "is_default", "is_disabled", "metadata", "created_at", "updated_at")
    readonly_fields = ("is_default",)

    def has_change_permission(self, request, obj=None):
        # the default channel is read-only here (issue 12); the API's POST /admin/sales-channels/{id} still changes it
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_default)

    def has_delete_permission(self, request, obj=None):
        return False  # no sales-channel delete is offered

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in SalesChannelForm.Meta.fields}
        if change:
            saved = sales_channel_update(sales_channel_id=obj.pk, data=data)
        else:
            saved = sales_channel_create(**{"name": form.cleaned_data["name"], **data})
        obj.__dict__.update(saved.__dict__)
