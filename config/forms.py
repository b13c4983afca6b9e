"""Form fields the staff site shares: money typed as people write it, JSON that may be left empty.

Money: staff type major units ("1,234.50" for €1,234.50); the API and the rows keep v1's integer minor units
(123450). A MoneyField's currency usually depends on something else on the page (the region chosen, the row's
currency), so the form says which (MoneyFormMixin.money_currency) and converts once it has cleaned that.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.html import format_html

from config.money import (
    MAX_MINOR_UNITS,
    currency_exponent,
    format_money,
    parse_amount,
    to_major_units,
    to_minor_units,
)


class OptionalJSONField(forms.JSONField):
    """JSON that may be left empty: an empty box, not `null`, and an empty box saves None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "" if value is None else super().prepare_value(value)


class CurrencyTaggedSelect(forms.Select):
    """A select of model rows whose options carry their currency code (`data-currency`), which the page shows
    beside the money inputs that depend on it (config/static/config/money_input.js)."""

    def __init__(self, currency_code_of, attrs=None):
        super().__init__(attrs)
        self.currency_code_of = currency_code_of  # row → its currency's code

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        row = getattr(value, "instance", None)  # ModelChoiceIteratorValue; the empty choice has none
        if row is not None:
            option["attrs"]["data-currency"] = self.currency_code_of(row).upper()
        return option


class MoneyInput(forms.TextInput):
    """A major-units box with its currency's code beside it. `currency_from` names the selects (a sibling in the
    same inline row first, else the main form's) whose chosen option's currency the page shows as it changes."""

    def __init__(self, attrs=None, currency_from=()):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", "size": "12", **(attrs or {})})
        self.currency_from = tuple(currency_from)
        self.currency_code = ""

    class Media:
        js = ["config/money_input.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.currency_from:
            context["widget"]["attrs"]["data-currency-from"] = " ".join(self.currency_from)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        return box + format_html(' <span class="money-currency">{}</span>', self.currency_code)


class MoneyField(forms.Field):
    """An amount typed in major units, cleaned to a Decimal of what was typed; MoneyFormMixin turns it into the
    currency's minor units. With no currency (`currency = None` once the form knows) it is a plain whole number."""

    widget = MoneyInput
    default_error_messages = {
        "invalid": "Enter an amount such as 1,234.50.",
        "whole": "Enter a whole number.",
        "max_value": "Ensure this value is less than or equal to %(limit_value)s.",
    }

    def __init__(self, *, min_value: int | None = 0, currency_hint: str = "", **kwargs):
        super().__init__(**kwargs)
        self.base_help_text = self.help_text
        self.currency_hint = currency_hint  # says where the currency comes from while the form does not know it
        if min_value is not None:
            self.validators.append(MinValueValidator(min_value))
        self.currency = None

    @property
    def currency(self):
        return self._currency

    @currency.setter
    def currency(self, currency):
        """`currency` has `code` and `symbol` (a regions.Currency); it names the box's unit and help text."""
        self._currency = currency
        self.widget.currency_code = currency.code.upper() if currency else ""
        if currency is not None:
            unit = f"In {currency.code.upper()}, e.g. {example_amount(currency.code)}."
        elif self.currency_hint:
            unit = f"In {self.currency_hint}, e.g. {example_amount('usd')}."
        else:
            unit = ""
        self.help_text = " ".join(text for text in (self.base_help_text, unit) if text)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_amount(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        """A stored amount (minor units) shown in major units; what staff typed is shown as typed."""
        if isinstance(value, int) and self.currency is not None:
            return f"{to_major_units(value, self.currency.code):f}"
        return value

    def has_changed(self, initial, data):
        try:
            typed = self.to_python(data)
        except ValidationError:
            return True
        if initial is None or typed is None:
            return (initial is None) != (typed is None)
        shown = to_major_units(initial, self.currency.code) if self.currency is not None else Decimal(initial)
        return typed != shown

    def minor_units(self, amount: Decimal, currency) -> int:
        """The cleaned amount as the integer the rows hold: minor units of `currency`, or a whole number."""
        try:
            if currency is None:
                if amount != amount.to_integral_value():
                    raise ValidationError(self.error_messages["whole"], code="whole")
                units = int(amount)
            else:
                units = to_minor_units(amount, currency.code)
        except ValueError as error:
            raise ValidationError(str(error), code="decimals") from None
        if units > MAX_MINOR_UNITS:
            limit = format_money(MAX_MINOR_UNITS, currency.code) if currency else f"{MAX_MINOR_UNITS:,}"
            raise ValidationError(self.error_messages["max_value"], code="max_value", params={"limit_value": limit})
        return units


def example_amount(currency_code: str) -> str:
    """`1,234.50`: how to type an amount in the currency."""
    return f"{Decimal('1234.50'):,.{currency_exponent(currency_code)}f}"


class MoneyFormMixin:
    """For a (model) form with MoneyFields: shows their stored amounts in major units and cleans what staff typed
    into minor units, in the currency `money_currency` names. A subclass's clean() sees minor units once it has
    called super().clean()."""

    def money_currency(self, name: str):
        """The currency of money field `name` (a row with `code` and `symbol`), or None for a plain whole number.
        Before cleaning it answers from the instance; it raises ValidationError (the message shown on the field)
        when the form cannot tell."""
        raise NotImplementedError

    def money_source(self, name: str):
        """Field `name`'s cleaned value once the form is cleaned, else the instance's (a read-only field's too)."""
        if name in self.fields and hasattr(self, "cleaned_data"):
            return self.cleaned_data.get(name)
        return getattr(getattr(self, "instance", None), name, None)  # None for a relation not set yet

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self._money_fields():
            try:
                field.currency = self.money_currency(name)
            except ValidationError:
                field.currency = None  # chosen on the page: the field's hint says where from

    def clean(self):
        cleaned = super().clean()
        for name, field in self._money_fields():
            amount = cleaned.get(name)
            if amount is None:
                continue
            try:
                cleaned[name] = field.minor_units(amount, self.money_currency(name))
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def _money_fields(self):
        return [(name, field) for name, field in self.fields.items() if isinstance(field, MoneyField)]
