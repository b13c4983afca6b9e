"""Money as staff read and type it: major units of the currency, stored as v1's integer minor units."""

from collections import namedtuple
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

from config.forms import MoneyField, MoneyFormMixin
from config.money import (
    currency_exponent,
    format_money,
    parse_amount,
    to_major_units,
    to_minor_units,
)
from regions.seed_data import CURRENCIES

Currency = namedtuple("Currency", "code symbol")


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("5", Decimal("5")),
        (" 5 ", Decimal("5")),
        ("5.00", Decimal("5.00")),
        ("1,234.50", Decimal("1234.50")),
        ("1234.50", Decimal("1234.50")),
        ("1,234,567", Decimal("1234567")),
        (".5", Decimal("0.5")),
        ("0", Decimal("0")),
        ("-3.20", Decimal("-3.20")),
    ],
)
def test_parse_amount_reads_what_people_write(typed, amount):
    # when
    parsed = parse_amount(typed)
    # then
    assert parsed == amount
    assert parsed.as_tuple().exponent == amount.as_tuple().exponent  # the decimals typed are kept


@pytest.mark.parametrize(
    "typed",
    ["", " ", "abc", "4,50", "1.234,50", "1,23", "12,34.5", "5.", "+5", "1e3", "5 00", "$5", "٥", "-", "1.2.3", "NaN"],
)
def test_parse_amount_refuses_anything_else(typed):
    with pytest.raises(ValueError):
        parse_amount(typed)


@pytest.mark.parametrize(
    ("typed", "code", "minor"),
    [
        ("5.00", "eur", 500),
        ("1,234.50", "usd", 123450),
        ("4.5", "eur", 450),
        ("5", "eur", 500),
        ("0.01", "eur", 1),
        ("1,500", "jpy", 1500),
        ("1.250", "kwd", 1250),
        ("0.005", "bhd", 5),
        ("7", "bhd", 7000),
    ],
)
def test_to_minor_units_scales_by_the_currencys_decimals(typed, code, minor):
    assert to_minor_units(parse_amount(typed), code) == minor


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("5.001", "eur", "EUR amounts have at most 2 decimals."),
        ("5.000", "eur", "EUR amounts have at most 2 decimals."),  # a European 5 000, or 5? not guessed
        ("12.5", "jpy", "JPY amounts have no decimals."),
        ("1500.00", "jpy", "JPY amounts have no decimals."),
        ("1.2345", "kwd", "KWD amounts have at most 3 decimals."),
    ],
)
def test_to_minor_units_refuses_more_decimals_than_the_currency_has(typed, code, message):
    with pytest.raises(ValueError) as refused:
        to_minor_units(parse_amount(typed), code)
    assert str(refused.value) == message


def test_every_seeded_currency_has_iso_4217_decimals():
    # when
    exponents = {code.lower(): currency_exponent(code) for code, *_ in CURRENCIES}
    # then
    assert set(exponents.values()) == {0, 2, 3}
    assert {code for code, exponent in exponents.items() if exponent == 3} == {
        "bhd",
        "iqd",
        "jod",
        "kwd",
        "lyd",
        "omr",
        "tnd",
    }
    assert (exponents["jpy"], exponents["krw"], exponents["usd"], exponents["eur"]) == (0, 0, 2, 2)
    assert currency_exponent("JPY") == 0


@pytest.mark.parametrize(
    ("amount", "code", "symbol", "shown"),
    [
        (450, "eur", "€", "€4.50"),
        (123450, "usd", "$", "$1,234.50"),
        (5, "usd", "$", "$0.05"),
        (0, "usd", "$", "$0.00"),
        (-1600, "usd", "$", "-$16.00"),
        (8000, "jpy", "¥", "¥8,000"),
        (1250, "kwd", "KD", "KD1.250"),
        (444.4444444444444, "usd", "$", "$4.44"),  # a spread fixed discount, rounded as v1 rounds
        (450, "eur", None, "4.50 EUR"),
        (None, "eur", "€", "-"),
    ],
)
def test_format_money_shows_major_units_with_the_currencys_decimals(amount, code, symbol, shown):
    assert format_money(amount, code, symbol) == shown


def test_to_major_units_is_exact():
    assert to_major_units(450, "eur") == Decimal("4.50")
    assert str(to_major_units(1500, "jpy")) == "1500"
    assert str(to_major_units(5, "kwd")) == "0.005"


# --- the form field ---------------------------------------------------------------------------------------------


class PriceForm(MoneyFormMixin, forms.Form):
    """A price whose currency is chosen on the same form, as a region is chosen on the shipping option form."""

    currency = forms.ChoiceField(choices=[("", "-"), ("eur", "EUR"), ("jpy", "JPY"), ("kwd", "KWD")], required=False)
    amount = MoneyField(currency_hint="the chosen currency")

    def money_currency(self, name):
        code = self.money_source("currency")
        if not code:
            raise ValidationError("Choose a currency first: the amount is in it.")
        return Currency(code, "")


class EuroForm(MoneyFormMixin, forms.Form):
    """A price whose currency the form knows before anything is typed, as on a change page."""

    amount = MoneyField(required=False)

    def money_currency(self, name):
        return Currency(self.code, "€")

    def __init__(self, *args, code="eur", **kwargs):
        self.code = code
        super().__init__(*args, **kwargs)


@pytest.mark.parametrize(
    ("currency", "typed", "stored"),
    [
        ("eur", "1,234.50", 123450),
        ("eur", " 5 ", 500),
        ("eur", "0", 0),
        ("jpy", "1,500", 1500),
        ("kwd", "1.250", 1250),
        ("eur", "21,474,836.47", 2**31 - 1),
    ],
)
def test_money_field_cleans_major_units_into_minor_units(currency, typed, stored):
    # when
    form = PriceForm({"currency": currency, "amount": typed})
    # then
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == stored
    assert type(form.cleaned_data["amount"]) is int


@pytest.mark.parametrize(
    ("currency", "typed", "message"),
    [
        ("eur", "5.001", "EUR amounts have at most 2 decimals."),
        ("jpy", "12.50", "JPY amounts have no decimals."),
        ("eur", "-1", "Ensure this value is greater than or equal to 0."),
        ("eur", "abc", "Enter an amount such as 1,234.50."),
        ("eur", "4,50", "Enter an amount such as 1,234.50."),
        ("eur", "21,474,836.48", "Ensure this value is less than or equal to 21,474,836.47 EUR."),
        ("", "5", "Choose a currency first: the amount is in it."),
        ("eur", "", "This field is required."),
    ],
)
def test_money_field_refuses_with_a_message_on_the_field(currency, typed, message):
    # when
    form = PriceForm({"currency": currency, "amount": typed})
    # then
    assert not form.is_valid()
    assert form.errors == {"amount": [message]}


@pytest.mark.parametrize(
    ("code", "stored", "shown", "example"),
    [("eur", 123450, "1234.50", "1,234.50"), ("jpy", 1500, "1500", "1,234"), ("kwd", 1250, "1.250", "1,234.500")],
)
def test_money_field_shows_a_stored_amount_in_major_units_with_its_currency(code, stored, shown, example):
    # when
    field = EuroForm(initial={"amount": stored}, code=code)["amount"]
    # then
    html = str(field)
    assert f'value="{shown}"' in html
    assert f'<span class="money-currency">{code.upper()}</span>' in html
    assert 'inputmode="decimal"' in html
    assert field.help_text == f"In {code.upper()}, e.g. {example}."


def test_money_field_names_where_its_currency_comes_from_until_it_is_chosen():
    # when
    field = PriceForm()["amount"]
    # then
    assert field.help_text == "In the chosen currency, e.g. 1,234.50."
    assert '<span class="money-currency"></span>' in str(field)


def test_money_field_shows_what_staff_typed_when_the_form_comes_back():
    # when
    field = PriceForm({"currency": "eur", "amount": "5.001"})["amount"]
    # then
    assert 'value="5.001"' in str(field)


@pytest.mark.parametrize(("typed", "changed"), [("4.50", False), ("4.5", False), (" 4.50 ", False), ("4.51", True)])
def test_money_field_compares_what_is_typed_with_the_stored_amount(typed, changed):
    # when
    form = EuroForm({"amount": typed}, initial={"amount": 450})
    # then
    assert form.has_changed() is changed


def test_an_empty_money_field_is_unchanged_and_stays_empty():
    # when
    form = EuroForm({"amount": ""})
    # then
    assert not form.has_changed()
    assert form.is_valid()
    assert form.cleaned_data["amount"] is None
