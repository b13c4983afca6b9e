"""Staff-site forms shared by the apps that keep prices: a price row in a region's or a currency's money."""

from django import forms
from django.core.exceptions import ValidationError

from config.forms import CurrencyTaggedSelect, MoneyField, MoneyFormMixin, MoneyInput

PRICE_ROW_FIELDS = ("currency", "region", "amount", "min_quantity", "max_quantity")


class PriceRowForm(MoneyFormMixin, forms.ModelForm):
    """A price with one of a region or a currency and quantity bounds (a variant's, a price list's): its amount is
    typed in major units of the region's currency, or else the row's."""

    amount = MoneyField(
        currency_hint="the region's currency, or else the row's",
        widget=MoneyInput(currency_from=["region", "currency"]),
    )

    class Meta:
        fields = PRICE_ROW_FIELDS
        widgets = {
            "currency": CurrencyTaggedSelect(currency_code_of=lambda currency: currency.code),
            "region": CurrencyTaggedSelect(currency_code_of=lambda region: region.currency_id),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].required = False
        self.fields["currency"].help_text = "Leave empty for a region price: it takes the region's currency."

    def money_currency(self, name):
        # as the services decide: a region price is in the region's currency, whatever the row's currency says
        region = self.money_source("region")
        currency = region.currency if region is not None else self.money_source("currency")
        if currency is None:
            raise ValidationError("Choose a currency or a region: the amount is in its currency.")
        return currency
