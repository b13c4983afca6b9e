"""Staff pages for regions and shipping. Every write runs the same service as the API.

A form first runs its service call in a savepoint that is always rolled back, so v1's errors show on the form;
the admin then runs it for real when it saves.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.forms.models import construct_instance

from config.admin import EntityAdmin
from config.errors import MedusaError
from config.forms import CurrencyTaggedSelect, MoneyField, MoneyFormMixin, MoneyInput
from config.money import money
from regions import services
from regions.models import (
    Country,
    Currency,
    FulfillmentProvider,
    PaymentProvider,
    Region,
    ShippingOption,
    ShippingOptionRequirement,
    ShippingProfile,
)


class _RolledBack(Exception):
    pass


def dry_run_error(call) -> MedusaError | None:
    """The v1 error `call` raises, if any; whatever it wrote is rolled back."""
    try:
        with transaction.atomic():
            call()
            raise _RolledBack
    except _RolledBack:
        return None
    except MedusaError as error:
        return error


class ReadOnlyAdmin(admin.ModelAdmin):
    """Seeded reference rows: listed and searchable, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Currency)
class CurrencyAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "symbol", "symbol_native")
    search_fields = ("code", "name")


@admin.register(Country)
class CountryAdmin(ReadOnlyAdmin):
    list_display = ("display_name", "iso_2", "iso_3", "num_code", "region")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("display_name", "iso_2", "iso_3")


@admin.register(PaymentProvider, FulfillmentProvider)
class ProviderAdmin(ReadOnlyAdmin):
    list_display = ("id", "is_installed")


# --- regions -----------------------------------------------------------------------------------------------------


class RegionAdminForm(forms.ModelForm):
    countries = forms.ModelMultipleChoiceField(
        queryset=Country.objects.none(),
        required=False,
        widget=FilteredSelectMultiple("countries", is_stacked=False),
        help_text="A country belongs to at most one region; countries of other regions are not offered.",
    )

    class Meta:
        model = Region
        fields = [
            "name",
            "currency",
            "tax_rate",
            "tax_code",
            "gift_cards_taxable",
            "automatic_taxes",
            "payment_providers",
            "fulfillment_providers",
        ]
        widgets = {
            "payment_providers": forms.CheckboxSelectMultiple,
            "fulfillment_providers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region_id = self.instance.pk if not self.instance._state.adding else None
        self.fields["countries"].queryset = Country.objects.filter(Q(region__isnull=True) | Q(region_id=region_id))
        if region_id:
            self.fields["countries"].initial = list(self.instance.countries.all())

    def save_through_service(self) -> Region:
        data = self.cleaned_data
        fields = {
            "name": data["name"],
            "currency_code": data["currency"].code,
            "tax_rate": data["tax_rate"],
            "tax_code": data["tax_code"] or None,
            "gift_cards_taxable": data["gift_cards_taxable"],
            "automatic_taxes": data["automatic_taxes"],
            "payment_providers": [provider.pk for provider in data["payment_providers"]],
            "fulfillment_providers": [provider.pk for provider in data["fulfillment_providers"]],
            "countries": [country.iso_2 for country in data["countries"]],
        }
        if self.instance._state.adding:
            return services.region_create(**fields)
        return services.region_update(region_id=self.instance.pk, **fields)

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            error = dry_run_error(self.save_through_service)
            if error:
                field = {"currency_code": "currency"}.get(error.field, error.field)
                self.add_error(field if field in self.fields else None, error.message)
        return cleaned

    def _post_clean(self):
        # No model validation: the service's dry run already checked everything, in v1's words.
        construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


@admin.register(Region)
class RegionAdmin(EntityAdmin):
    form = RegionAdminForm
    list_display = ("name", "currency", "tax_rate", "country_list", "created_at")
    list_filter = (("currency", admin.RelatedOnlyFieldListFilter),)  # the currencies regions use, not all 120
    list_select_related = ("currency",)
    search_fields = ("name", "id")
    fieldsets = (
        (None, {"fields": ("id", "name", "currency", "tax_rate", "tax_code")}),
        ("Taxes", {"fields": ("gift_cards_taxable", "automatic_taxes")}),
        ("Countries and providers", {"fields": ("countries", "payment_providers", "fulfillment_providers")}),
        ("Dates", {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description="countries")
    def country_list(self, region):
        return ", ".join(country.iso_2 for country in region.countries.all())

    def save_model(self, request, obj, form, change):
        region = form.save_through_service()
        obj.pk, obj.created_at, obj.updated_at = region.pk, region.created_at, region.updated_at

    def save_related(self, request, form, formsets, change):
        """The service already set the countries and providers."""

    def delete_model(self, request, obj):
        services.region_delete(region_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for region in queryset:
            services.region_delete(region_id=region.pk)


# --- shipping ----------------------------------------------------------------------------------------------------


class ShippingProfileForm(forms.ModelForm):
    class Meta:
        model = ShippingProfile
        fields = ["name", "type"]


@admin.register(ShippingProfile)
class ShippingProfileAdmin(EntityAdmin):
    form = ShippingProfileForm
    list_display = ("name", "type", "created_at")
    list_filter = ("type",)
    search_fields = ("name", "id")
    fields = ("id", "name", "type", "created_at", "updated_at")

    def has_delete_permission(self, request, obj=None):
        return False  # products and shipping options point at profiles

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.shipping_profile_update(profile_id=obj.pk, name=data["name"], type=data["type"])
        else:
            profile = services.shipping_profile_create(name=data["name"], type=data["type"])
            obj.pk, obj.created_at, obj.updated_at = profile.pk, profile.created_at, profile.updated_at


def region_currency(region):
    """The currency of a shipping option's amounts: its region's (ValidationError while no region is chosen)."""
    if region is None:
        raise ValidationError("Choose the region first: the amount is in its currency.")
    return region.currency


class ShippingOptionAdminForm(MoneyFormMixin, forms.ModelForm):
    amount = MoneyField(
        required=False, currency_hint="the region's currency", widget=MoneyInput(currency_from=["region"])
    )

    class Meta:
        model = ShippingOption
        fields = ["name", "region", "profile", "provider", "price_type", "amount", "is_return", "admin_only", "data"]
        widgets = {"region": CurrencyTaggedSelect(currency_code_of=lambda region: region.currency_id)}

    def money_currency(self, name):
        return region_currency(self.money_source("region"))

    def clean(self):
        cleaned = super().clean()
        self.instance.admin_form = self  # the requirement formset checks the whole call once this form is valid
        return cleaned

    def _post_clean(self):
        # No model validation: the requirement formset's dry run of the service checks everything, in v1's words.
        construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)

    def save_through_service(self, requirements: list[dict]) -> ShippingOption:
        data = self.cleaned_data
        if self.instance._state.adding:
            return services.shipping_option_create(
                name=data["name"],
                region_id=data["region"].pk,
                provider_id=data["provider"].pk,
                profile_id=data["profile"].pk,
                data=data["data"] or {},
                price_type=data["price_type"],
                amount=data["amount"],
                requirements=requirements,
                is_return=data["is_return"],
                admin_only=data["admin_only"],
            )
        return services.shipping_option_update(
            option_id=self.instance.pk,
            requirements=requirements,
            name=data["name"],
            amount=data["amount"],
            price_type=data["price_type"],
            admin_only=data["admin_only"],
        )


class RequirementForm(MoneyFormMixin, forms.ModelForm):
    amount = MoneyField(currency_hint="the region's currency", widget=MoneyInput(currency_from=["region"]))

    class Meta:
        model = ShippingOptionRequirement
        fields = ["type", "amount"]

    def money_currency(self, name):
        option = self.money_source("shipping_option")  # the option being added or changed
        return region_currency(getattr(option, "region", None))


class RequirementFormSet(forms.BaseInlineFormSet):
    def service_requirements(self) -> list[dict]:
        return [
            {
                "id": None if form.instance._state.adding else form.instance.pk,
                "type": form.cleaned_data["type"],
                "amount": form.cleaned_data["amount"],
            }
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        option_form = getattr(self.instance, "admin_form", None)
        if self.total_error_count() or option_form is None or option_form.errors:
            return
        error = dry_run_error(lambda: option_form.save_through_service(self.service_requirements()))
        if error:
            raise ValidationError(error.message)


class ShippingOptionRequirementInline(admin.TabularInline):
    model = ShippingOptionRequirement
    form = RequirementForm
    formset = RequirementFormSet
    fields = ("type", "amount")
    extra = 0

    def get_queryset(self, request):
        live = super().get_queryset(request).filter(deleted_at__isnull=True)
        return live.select_related("shipping_option__region__currency")


@admin.register(ShippingOption)
class ShippingOptionAdmin(EntityAdmin):
    form = ShippingOptionAdminForm
    inlines = [ShippingOptionRequirementInline]
    list_display = ("name", "region", "price", "price_type", "provider", "is_return", "admin_only", "created_at")
    list_filter = ("region", "is_return", "admin_only", "price_type")
    list_select_related = ("region__currency", "provider")
    search_fields = ("name", "id")

    def get_readonly_fields(self, request, obj=None):
        # v1: region, provider, data and is_return cannot change after creation.
        frozen = ("region", "provider", "data", "is_return", "profile") if obj else ()
        return [*super().get_readonly_fields(request, obj), *frozen]

    @admin.display(description="amount", ordering="amount")
    def price(self, option):
        return money(option.amount, option.region.currency)

    def save_model(self, request, obj, form, change):
        """Saved with its requirements in save_related, where the inline's rows are known."""

    def save_related(self, request, form, formsets, change):
        (requirements,) = [f for f in formsets if isinstance(f, RequirementFormSet)]
        option = form.save_through_service(requirements.service_requirements())
        form.instance.pk, form.instance.created_at = option.pk, option.created_at
        # What formset.save() would have recorded, for the admin's change message.
        requirements.new_objects, requirements.changed_objects, requirements.deleted_objects = [], [], []

    def delete_model(self, request, obj):
        services.shipping_option_delete(option_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for option in queryset:
            services.shipping_option_delete(option_id=option.pk)
