"""Shipping rules over already-fetched rows: requirements, the manual provider's catalogue, list pricing. No queries."""

from config.money import js_round

# What v1's manual fulfillment provider (medusa-fulfillment-manual) answers; it is the only provider installed.
PROVIDER_FULFILLMENT_OPTIONS = {
    "manual": [{"id": "manual-fulfillment"}, {"id": "manual-fulfillment-return", "is_return": True}],
}
# Providers whose `canCalculate` is true; the manual one only does flat rates.
CALCULATING_PROVIDERS: frozenset[str] = frozenset()


def shipping_option_requirements_met(option, subtotal: int) -> bool:
    """v1's validateCartOption: `min_subtotal` needs amount <= subtotal, `max_subtotal` needs amount > subtotal.

    Reads `option.requirements.all()`, so prefetch them (selectors do) to keep this free of queries.
    """
    for requirement in option.requirements.all():
        if requirement.type == "min_subtotal" and not requirement.amount <= subtotal:
            return False
        if requirement.type == "max_subtotal" and not requirement.amount > subtotal:
            return False
    return True


def fulfillment_options(provider_ids) -> list[dict]:
    """`GET /admin/regions/:id/fulfillment-options`: each provider and its options, as v1 lists them."""
    return [
        {"provider_id": provider_id, "options": PROVIDER_FULFILLMENT_OPTIONS.get(provider_id, [])}
        for provider_id in provider_ids
    ]


def shipping_option_list_prices(*, amount: int | None, tax_rate: float, automatic_taxes: bool) -> dict:
    """v1's pricingService.setShippingOptionPrices on the admin list: region default rate, tax excluded from amount."""
    rates = [{"rate": tax_rate, "name": "default", "code": "default"}] if automatic_taxes else []
    price = amount or 0
    rate = 0
    for tax in rates:
        rate += (tax["rate"] or 0) / 100
    tax_amount = js_round(price * rate)
    return {"price_incl_tax": price + tax_amount, "tax_rates": rates, "tax_amount": tax_amount}
