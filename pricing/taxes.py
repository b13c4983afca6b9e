"""Which tax lines a cart row gets, as v1's system tax provider picks them (pricing reference section 6): pure.

A variant line's rates are those of the cart's region linked to its product, united (by rate id) with those linked
to its product's type; a shipping method's are those linked to its shipping option. Any such rate replaces the
region's rate, one tax line each; with none, the row gets the region's `default` line. How the lines are summed
and rounded (per line for items, once for shipping) is the totals engine's (carts/totals.py); the tax of a
variant's displayed price (`GET /admin/variants`) is `price_tax` here.

The lines returned have `rate`, `name` and `code`: the shape of the cart engine's `TaxLine`, which it can build
from them (`TaxLine(**vars(line))`) or use as they are.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from config.money import js_round

DEFAULT_TAX_CODE = "default"


@dataclass(frozen=True)
class TaxRateData:
    """A tax rate row; `rate` may be null in v1, which taxes at 0."""

    id: str
    rate: float | None
    name: str
    code: str


@dataclass(frozen=True)
class TaxLineData:
    rate: float
    name: str
    code: str | None


def rates_or_default(rates: Iterable[TaxRateData], *, region_tax_rate: float) -> tuple[TaxLineData, ...]:
    """One line per distinct rate (the first of each id, in order), or the region's `default` line without any.

    Two rates with one `code` both stay (v1 shows both; departure "same-code tax lines" keeps both through Mark Paid).
    """
    unique: dict[str, TaxRateData] = {}
    for rate in rates:
        unique.setdefault(rate.id, rate)
    lines = tuple(TaxLineData(rate=rate.rate or 0, name=rate.name, code=rate.code) for rate in unique.values())
    return lines or (TaxLineData(rate=region_tax_rate, name=DEFAULT_TAX_CODE, code=DEFAULT_TAX_CODE),)


def item_tax_lines(
    *, automatic_taxes: bool, region_tax_rate: float, rates: Iterable[TaxRateData] = (), persisted: tuple = ()
) -> tuple:
    """A line item's tax lines: `rates` are the region's rates linked to its product, then to its product's type
    (`pricing.selectors.tax_rates_for_products`), else the region's; a custom line (no product) gets the region's
    (departure "custom lines are taxed": v1 never taxes them).

    Without `automatic_taxes` v1 computes none and reads the persisted ones (an open draft order has none), as the
    cart engine reads them (`carts.selectors.cart_tax_lines_of`).
    """
    if not automatic_taxes:
        return persisted
    return rates_or_default(rates, region_tax_rate=region_tax_rate)


def shipping_tax_lines(
    *,
    automatic_taxes: bool,
    region_tax_rate: float,
    option_rates: Iterable[TaxRateData] = (),
    persisted: tuple = (),
) -> tuple:
    """A shipping method's tax lines: its option's rates (`pricing.selectors.tax_rates_for_shipping_options`), else
    the region's; the totals engine sums them, then rounds once."""
    if not automatic_taxes:
        return persisted
    return rates_or_default(option_rates, region_tax_rate=region_tax_rate)


def price_tax(price: int, lines: Iterable[TaxLineData]) -> int:
    """v1's `calculateTaxes` for a displayed price: `Math.round(price × Σ rate/100)`, one rounding."""
    total_rate: float = 0
    for line in lines:  # left to right from 0, as JavaScript's reduce
        total_rate += (line.rate or 0) / 100
    return js_round(price * total_rate)
