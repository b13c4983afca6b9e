"""What staff type on a draft order's admin page, turned into the arguments of the services the API calls."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.urls import reverse

from carts.models import Cart, LineItem
from carts.services import ItemInput, LineChange, LinesChange, ShippingMethodInput, cart_new
from carts.totals import ManualDiscount
from config.errors import MedusaError
from config.forms import CurrencyTaggedSelect, MoneyField, MoneyFormMixin, MoneyInput, OptionalJSONField
from config.money import money
from customers.models import Address, Customer
from draft_orders.api.serializers import NOTE_MAX_LENGTH
from draft_orders.models import DraftOrder
from products.models import ProductVariant
from regions.models import Country, Region, ShippingOption

# The AddressPayload fields staff type for a new address (`<kind>_<name>` on the form).
ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "address_1",
    "address_2",
    "city",
    "province",
    "postal_code",
    "country_code",
    "phone",
)
ADDRESS_KINDS = ("shipping", "billing")


class RegionOptionsSelect(forms.Select):
    """Each option carries its region (`data-region`), so the page offers only the chosen region's options."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_regions: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        region_id = self.option_regions.get(str(value))
        if region_id:
            option["attrs"]["data-region"] = region_id
        return option


class ForwardingAutocomplete(AutocompleteSelect):
    """The admin's autocomplete, also sending the values of other fields of the page (`forward`: parameter → field
    id), so the draft order's autocomplete view can narrow or label its results (draft_order_form.js)."""

    def __init__(self, field, *, forward: dict[str, str], width: str = "20em"):
        super().__init__(field, admin.site, attrs={"data-width": width})  # select2 reads it; no inline style (CSP)
        self.forward = forward

    def get_url(self):
        return reverse("admin:draft_orders_draftorder_autocomplete")

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # not `admin-autocomplete`: the admin's own script would start it without the forwarded values
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "draft-order-autocomplete")
        attrs["data-forward"] = ",".join(f"{param}:{field_id}" for param, field_id in self.forward.items())
        return attrs

    @property
    def media(self):
        # one list, so that the page's script comes after jQuery and select2 (`+` would only keep a list's order)
        base = super().media
        return forms.Media(js=[*base._js, "draft_orders/admin/draft_order_form.js"], css=base._css)


class ManualDiscountFormField(forms.CharField):
    """A manual discount as staff type it (addition "manual discounts"): `10%` (a percentage) or `500` (a fixed
    amount in the smallest currency unit); empty for none. Cleans to a `ManualDiscount` without a reason."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "10% or a fixed amount in the smallest currency unit (500 = $5.00).")
        super().__init__(**kwargs)
        self.widget.attrs.update(size=8, maxlength=32)

    def prepare_value(self, value):
        if isinstance(value, ManualDiscount):
            return f"{value.value}%" if value.type == ManualDiscount.PERCENTAGE else str(value.value)
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").replace(" ", "")
        if not text:
            return None
        kind = ManualDiscount.PERCENTAGE if text.endswith("%") else ManualDiscount.FIXED
        try:
            number = float(text.removesuffix("%"))
        except ValueError:
            raise forms.ValidationError("Type a percentage (10%) or an amount in the smallest unit (500).") from None
        discount = ManualDiscount(type=kind, value=int(number) if number.is_integer() else number)
        refusal = discount.refusal()
        if refusal:
            raise forms.ValidationError(f"The {refusal}.")
        return discount


def with_reason(discount: ManualDiscount | None, reason: str | None) -> ManualDiscount | None:
    return None if discount is None else ManualDiscount(type=discount.type, value=discount.value, reason=reason or None)


def tags_typed(text: str) -> list[str]:
    """`vip, phone` → `["vip", "phone"]` (the service trims and checks them)."""
    return [tag for tag in (text or "").split(",") if tag.strip()]


class VariantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, variant):
        return variant_label(variant)


def variant_label(variant: ProductVariant) -> str:
    return f"{variant.product.title} / {variant.title} / {variant.sku or 'no SKU'}"


def region_currency(region: Region | None):
    """The currency a draft order's amounts are typed in: its region's (ValidationError while none is chosen)."""
    if region is None:
        raise ValidationError("Choose the region first: the amount is in its currency.")
    return region.currency


def money_input() -> MoneyInput:
    """A major-units box showing the currency of the page's region as staff choose it (config/money_input.js)."""
    return MoneyInput(currency_from=["region"])


def _address_fields(kind: str) -> dict[str, forms.Field]:
    """`<kind>_address`: one of the customer's addresses, copied into the draft; `<kind>_<field>`: the fields of
    the draft's own."""
    fields = {
        f"{kind}_address": forms.ModelChoiceField(
            Address.objects.filter(cart_owned=False),
            required=False,
            label="One of the customer's",
            widget=ForwardingAutocomplete(Cart._meta.get_field(f"{kind}_address"), forward={"customer": "id_customer"}),
        )
    }
    for name in ADDRESS_FIELDS:
        label = "Country" if name == "country_code" else name.replace("_", " ").capitalize()
        if name == "country_code":
            fields[f"{kind}_{name}"] = forms.ChoiceField(required=False, label=label, widget=RegionOptionsSelect)
        else:
            fields[f"{kind}_{name}"] = forms.CharField(required=False, label=label, max_length=255)
    return fields


ShippingAddressForm = type("ShippingAddressForm", (forms.Form,), _address_fields("shipping"))
BillingAddressForm = type("BillingAddressForm", (forms.Form,), _address_fields("billing"))


class DraftOrderForm(MoneyFormMixin, ShippingAddressForm, BillingAddressForm, forms.ModelForm):
    """The draft order's own fields and its cart's; `create_arguments` / `update_arguments` are what the services
    take, as the API's views pass them. Money is typed in major units of the region's currency."""

    region = forms.ModelChoiceField(
        Region.objects.select_related("currency").order_by("name"),
        widget=CurrencyTaggedSelect(currency_code_of=lambda region: region.currency_id),
    )
    customer = forms.ModelChoiceField(
        Customer.objects.all(),
        required=False,
        widget=AutocompleteSelect(Cart._meta.get_field("customer"), admin.site),
        help_text="Or leave empty and type an email: the guest customer with that email is found or made.",
    )
    email = forms.EmailField(required=False)
    shipping_option = forms.ModelChoiceField(
        ShippingOption.objects.filter(is_return=False).select_related("region__currency").order_by("name"),
        required=False,
        widget=RegionOptionsSelect,
    )
    shipping_price = MoneyField(
        required=False,
        min_value=None,  # the service refuses a negative price in v1's words
        label="Custom shipping price",
        currency_hint="the region's currency",
        widget=money_input(),
        help_text="Empty: the option's price. A custom price skips the option's requirements.",
    )
    billing_same_as_shipping = forms.BooleanField(
        required=False,
        initial=True,
        label="Billing address same as shipping",
        help_text="Untick to type or pick another billing address.",
    )
    metadata = OptionalJSONField()
    discounts = forms.CharField(required=False, label="Discount codes", help_text="Comma-separated, e.g. TEST.")
    manual_discount = ManualDiscountFormField(
        label="Order discount",
        help_text="Off the whole order, after the codes and the lines' own: 10% or 500 (smallest currency unit).",
    )
    manual_discount_reason = forms.CharField(
        required=False, max_length=255, label="Reason", help_text='Shown on the lines; "Manual discount" if empty.'
    )
    note = forms.CharField(
        required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), help_text="Staff only."
    )
    tags = forms.CharField(required=False, help_text="Comma-separated, e.g. vip, phone order.")
    # the draft's version when the page was opened: a save refuses to overwrite a change made since
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = DraftOrder
        fields = ["no_notification_order", "metadata", "reserve_inventory_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_region_options()
        if not self.instance._state.adding:
            self.initial.update(self._current_values(self.instance.cart), version=self.instance.version)
            self.initial.update(note=self.instance.note, tags=", ".join(tag.name for tag in self.instance.tags.all()))
            if "shipping_price" in self.fields:  # the initial amount is shown in the region's major units
                self.fields["shipping_price"].currency = self.instance.cart.region.currency

    def money_currency(self, name):
        region = self.cleaned_data.get("region") if hasattr(self, "cleaned_data") else None
        if region is None and not self.instance._state.adding:
            region = self.instance.cart.region
        return region_currency(region)

    def _offer_region_options(self):
        """Countries and shipping options of every region, each tagged with it; the page shows the chosen one's."""
        countries = list(Country.objects.filter(region__isnull=False, region__deleted_at__isnull=True))
        cart = None if self.instance._state.adding else self.instance.cart
        for kind in ADDRESS_KINDS:
            field = self.fields.get(f"{kind}_country_code")
            if field is None:
                continue
            address = getattr(cart, f"{kind}_address") if cart else None
            # the current address keeps its country, even one no region has any more
            kept = [address.country] if address and address.country_id and address.country not in countries else []
            field.choices = [
                ("", "---------"),
                *((country.iso_2, country.display_name) for country in countries + kept),
            ]
            field.widget.option_regions = {country.iso_2: country.region_id for country in countries}
        if "shipping_option" in self.fields:
            field = self.fields["shipping_option"]
            field.label_from_instance = shipping_option_label
            field.widget.option_regions = {option.id: option.region_id for option in field.queryset}

    @staticmethod
    def _current_values(cart: Cart) -> dict:
        values = {
            "region": cart.region_id,
            "customer": cart.customer_id,
            "email": cart.email,
            "discounts": ", ".join(discount.code for discount in cart.discounts.all()),
            "manual_discount": cart.manual_discount,
            "manual_discount_reason": cart.manual_discount_reason,
        }
        for kind in ADDRESS_KINDS:
            address = getattr(cart, f"{kind}_address")  # the cart's own: shown in the fields, not as a pick
            for name in ADDRESS_FIELDS:
                value = (address.country_id if name == "country_code" else getattr(address, name)) if address else None
                values[f"{kind}_{name}"] = value or ""
        # a draft without a billing address keeps none unless staff tick the box
        values["billing_same_as_shipping"] = cart.billing_address is not None and _same_address(
            cart.billing_address, cart.shipping_address
        )
        method = next(iter(cart.shipping_methods.all()), None)
        if method is not None:
            values["shipping_option"] = method.shipping_option_id
            custom = {cso.shipping_option_id: cso.price for cso in cart.custom_shipping_options.all()}
            values["shipping_price"] = custom.get(method.shipping_option_id)
        return values

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding and not cleaned.get("customer") and not cleaned.get("email"):
            self.add_error("email", "Choose a customer or type an email.")
        if cleaned.get("shipping_price") is not None and not cleaned.get("shipping_option"):
            self.add_error("shipping_price", "Choose the shipping option this price is for.")
        for kind in self._address_kinds():
            if f"{kind}_address" in self.changed_data and cleaned.get(f"{kind}_address") and self._typed(kind):
                self.add_error(f"{kind}_address", "Pick one of the customer's addresses or type one, not both.")
        return cleaned

    def _billing_same(self) -> bool:
        return bool(self.cleaned_data.get("billing_same_as_shipping")) and "billing_same_as_shipping" in self.fields

    def _address_kinds(self) -> tuple[str, ...]:
        """The addresses staff fill in: the billing one is the shipping one's copy while the box is ticked."""
        return ("shipping",) if self._billing_same() else ADDRESS_KINDS

    def _post_clean(self):
        # No model validation: the services check everything, in v1's words.
        forms.models.construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)

    def _typed(self, kind: str) -> dict:
        """The address fields staff typed (on a change: changed), as AddressPayload keys."""
        adding = self.instance._state.adding
        return {
            name: self.cleaned_data[f"{kind}_{name}"]
            for name in ADDRESS_FIELDS
            if (self.cleaned_data.get(f"{kind}_{name}") if adding else f"{kind}_{name}" in self.changed_data)
        }

    def _address(self, kind: str) -> str | dict | None:
        """An id picks one of the customer's addresses; typed fields make a new one (on a change: are merged into
        the current one, as the API's update does). A billing address "same as shipping" is the shipping address's
        fields (its id when picked: create and update copy it)."""
        if kind == "billing" and self._billing_same():
            return self._same_as_shipping()
        picked = self.cleaned_data.get(f"{kind}_address")
        if picked is not None and (self.instance._state.adding or f"{kind}_address" in self.changed_data):
            return picked.pk
        return self._typed(kind) or None

    def _same_as_shipping(self) -> str | dict | None:
        adding = self.instance._state.adding
        picked = self.cleaned_data.get("shipping_address")
        if picked is not None and (adding or "shipping_address" in self.changed_data):
            return picked.pk
        changed = {"billing_same_as_shipping", *(f"shipping_{name}" for name in ADDRESS_FIELDS)}
        if not adding and not changed & set(self.changed_data):
            return None  # nothing changed: the billing address stays as it is
        typed = {name: self.cleaned_data.get(f"shipping_{name}") or None for name in ADDRESS_FIELDS}
        return {name: value for name, value in typed.items() if value} or None

    def _shipping_methods(self) -> list[ShippingMethodInput]:
        option = self.cleaned_data.get("shipping_option")
        if option is None:
            return []
        return [ShippingMethodInput(option_id=option.pk, price=self.cleaned_data.get("shipping_price"))]

    def _discount_codes(self) -> list[str]:
        return [code.strip() for code in self.cleaned_data.get("discounts", "").split(",") if code.strip()]

    def _manual_discount(self) -> ManualDiscount | None:
        return with_reason(self.cleaned_data.get("manual_discount"), self.cleaned_data.get("manual_discount_reason"))

    def create_arguments(self, items: list[ItemInput]) -> dict:
        """`draft_order_create`'s keyword arguments, as the API's create view builds them."""
        data = self.cleaned_data
        customer = data.get("customer")
        return {
            "email": data.get("email") or customer.email,
            "region_id": data["region"].pk,
            "shipping_methods": self._shipping_methods(),
            "items": items,
            "billing_address": self._address("billing"),
            "shipping_address": self._address("shipping"),
            "discounts": self._discount_codes(),
            "customer_id": customer.pk if customer else None,
            "no_notification_order": data.get("no_notification_order"),
            "metadata": data.get("metadata"),
            "manual_discount": self._manual_discount(),
            "note": data.get("note") or None,
            "tags": tags_typed(data.get("tags")),
            "reserve_inventory_until": data.get("reserve_inventory_until"),  # addition "stock holds"
        }

    def update_arguments(self) -> dict:
        """`draft_order_update`'s keyword arguments for what staff changed (shipping aside: `shipping_update`)."""
        data, changed = self.cleaned_data, set(self.changed_data)
        arguments = {}
        if "customer" in changed and data.get("customer"):
            arguments["customer_id"] = data["customer"].pk
        elif "email" in changed and data.get("email"):
            arguments["email"] = data["email"]
        if "region" in changed:
            arguments["region_id"] = data["region"].pk
        for kind in ADDRESS_KINDS:
            address = self._address(kind)
            if address is not None:
                arguments[f"{kind}_address"] = address
        if "discounts" in changed:
            arguments["discounts"] = self._discount_codes()
        if {"manual_discount", "manual_discount_reason"} & changed:
            arguments["manual_discount"] = self._manual_discount()
        if "note" in changed:
            arguments["note"] = data.get("note") or None
        if "tags" in changed:
            arguments["tags"] = tags_typed(data.get("tags"))
        if "no_notification_order" in changed and data.get("no_notification_order") is not None:
            arguments["no_notification_order"] = data["no_notification_order"]
        if "metadata" in changed:
            current, metadata = self.initial.get("metadata") or {}, data.get("metadata") or {}
            # the update merges metadata: a key staff removed is sent as "" so that it goes
            arguments["metadata"] = {**{key: "" for key in current if key not in metadata}, **metadata}
        if "reserve_inventory_until" in changed:  # emptied: the hold ends (addition "stock holds")
            arguments["reserve_inventory_until"] = data.get("reserve_inventory_until")
        return arguments

    def opened_version(self) -> frozenset[int] | None:
        """The version the page was opened at, as the update service's `expected_versions`."""
        version = self.cleaned_data.get("version")
        return None if version is None else frozenset({version})

    def shipping_update(self) -> list[ShippingMethodInput] | None:
        """The new shipping methods when staff changed the option or its price, else None."""
        if {"shipping_option", "shipping_price"} & set(self.changed_data):
            return self._shipping_methods()
        return None


def _same_address(one, other) -> bool:
    if other is None:
        return False
    return (
        all(
            (getattr(one, name) or "") == (getattr(other, name) or "")
            for name in ADDRESS_FIELDS
            if name != "country_code"
        )
        and one.country_id == other.country_id
    )


def shipping_option_label(option: ShippingOption) -> str:
    currency = option.region.currency
    return f"{option.name} ({money(option.amount, currency)}, {option.region.name})"


# --- line items ----------------------------------------------------------------------------------------------


class LineItemForm(MoneyFormMixin, forms.ModelForm):
    variant = VariantChoiceField(
        ProductVariant.objects.select_related("product"),
        required=False,
        widget=ForwardingAutocomplete(
            LineItem._meta.get_field("variant"), forward={"region": "id_region"}, width="28em"
        ),
        help_text="Empty for a custom line.",
    )
    title = forms.CharField(required=False, max_length=255, help_text="A custom line's title.")
    unit_price = MoneyField(
        required=False,
        label="Unit price",
        currency_hint="the region's currency",
        widget=money_input(),
        help_text="A custom line's price, or a variant's price override; empty: the variant's price in the region.",
    )
    # the API keeps v1's quantities (0 becomes 1 at create); on the form a line has at least one
    quantity = forms.IntegerField(initial=1, min_value=1)
    manual_discount = ManualDiscountFormField(
        label="Discount", help_text="Off this line, after the codes: 10% or 500 (smallest currency unit)."
    )

    class Meta:
        model = LineItem
        fields = ["variant", "title", "unit_price", "quantity", "manual_discount"]

    def __init__(self, *args, region: Region | None = None, **kwargs):
        self.region = region  # the page's region, as the formset knows it: its currency is the prices'
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.fields["variant"].disabled = True  # a line keeps its variant (as the API's line update)
            self.initial["manual_discount"] = self.instance.manual_discount
            # shown (and compared) in the currency the draft has; typed amounts are cleaned in the page's region's
            self.fields["unit_price"].currency = self.instance.cart.region.currency

    def money_currency(self, name):
        return region_currency(self.region)

    def clean(self):
        if self.instance._state.adding or "unit_price" in self.changed_data:
            return super().clean()
        # an unchanged price stays as stored, in the currency it is in, whatever region the page now has
        self.cleaned_data["unit_price"] = None
        cleaned = super().clean()
        cleaned["unit_price"] = self.instance.unit_price
        return cleaned

    def row_name(self) -> str:
        """The row as staff know it: the variant's full title, or the custom line's."""
        variant = getattr(self, "cleaned_data", {}).get("variant")
        if variant is None and not self.instance._state.adding:
            variant = self.instance.variant
        if variant is not None:
            return variant_label(variant)
        return getattr(self, "cleaned_data", {}).get("title") or "Custom line"

    def _post_clean(self):
        # No model validation: the services check everything, in v1's words.
        forms.models.construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)

    def item_input(self) -> ItemInput:
        data = self.cleaned_data
        variant = data.get("variant")
        return ItemInput(
            quantity=data["quantity"],
            variant_id=variant.pk if variant else None,
            unit_price=data.get("unit_price"),
            title=None if variant else data.get("title") or None,
            manual_discount=data.get("manual_discount"),
        )

    def line_change(self) -> LineChange:
        """What staff changed on an existing line, as `line_item_update` takes it."""
        changed = {
            name: self.cleaned_data[name] for name in ("title", "unit_price", "quantity") if name in self.changed_data
        }
        if "manual_discount" in self.changed_data:
            # the form has no reason field: a reason given over the API stays with the changed discount
            reason = self.instance.manual_discount_reason
            changed["manual_discount"] = with_reason(self.cleaned_data["manual_discount"], reason)
        return LineChange(line_id=self.instance.pk, **changed)


def line_refusal(region: Region, items: list[ItemInput]) -> MedusaError | None:
    """Why create would refuse these lines in the region, if it would (nothing is written)."""
    try:
        cart_new(Cart(type=Cart.Type.DRAFT_ORDER, region=region), items=items, shipping_methods=[], discounts=[])
    except MedusaError as error:
        return error
    return None


class LineItemFormSet(forms.BaseModelFormSet):
    """The draft order's lines, shown as an admin inline: they belong to its cart, not to the draft order itself."""

    def __init__(
        self, data=None, files=None, instance=None, save_as_new=False, prefix=None, queryset=None, region=None, **kwargs
    ):
        self.instance = instance
        self.region = region  # the region the page prices in (DraftOrderAdmin.get_formset_kwargs)
        cart_id = getattr(instance, "cart_id", None)
        lines = (queryset if queryset is not None else LineItem.objects.all()).select_related(
            "variant__product", "cart__region__currency"
        )
        lines = lines.filter(cart_id=cart_id).order_by("created_at", "id") if cart_id else lines.none()
        super().__init__(data, files, prefix=prefix, queryset=lines, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "region": self.region}

    def clean(self):
        """Each new line priced alone when they cannot be priced together, so that every refused row says so at once,
        on its row, by its variant's full title; the lines are priced by `cart_new`, as create prices them."""
        super().clean()
        if self.region is None:
            return
        valid = [form for form in self.extra_forms if not form.errors]  # the others already say what is wrong
        rows = [form for form in self._kept(valid) if form.cleaned_data.get("variant")]
        if not rows or line_refusal(self.region, [form.item_input() for form in rows]) is None:
            return
        for form in rows:
            refusal = line_refusal(self.region, [form.item_input()])
            if refusal is not None:  # on the row's field it names, else on its variant
                field = refusal.field if refusal.field in form.fields else "variant"
                form.add_error(field, f"{form.row_name()}: {refusal.message}")

    @classmethod
    def get_default_prefix(cls):
        return "items"

    def _kept(self, forms_):
        return [form for form in forms_ if form.has_changed() and not form.cleaned_data.get(DELETION_FIELD_NAME)]

    def new_items(self) -> list[ItemInput]:
        return [form.item_input() for form in self._kept(self.extra_forms)]

    def lines_change(self) -> LinesChange:
        """Every change staff made in the table, for one `draft_order_update`."""
        return LinesChange(
            removed=[form.instance.pk for form in self.deleted_forms if not form.instance._state.adding],
            changed=[form.line_change() for form in self._kept(self.initial_forms)],
            added=self.new_items(),
        )
