"""Price selection as v1's PriceSelectionStrategy (tax-exclusive, no price lists): pure, no ORM.

A variant's money amount applies to a region when it was set for that region, or when it is in the region's
currency; among those whose quantity range holds the quantity, the lowest amount wins (reference "line pricing").
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Price:
    currency_code: str
    amount: int
    region_id: str | None = None
    min_quantity: int | None = None
    max_quantity: int | None = None


def _quantity_fits(price: Price, quantity: int | None) -> bool:
    """v1's isValidQuantity; 0 and null bounds both mean "no bound" there (`!price.min_quantity`)."""
    if quantity is None:
        return not price.min_quantity
    return (not price.min_quantity or price.min_quantity <= quantity) and (
        not price.max_quantity or price.max_quantity >= quantity
    )


def select_price(
    prices: Iterable[Price], *, region_id: str, currency_code: str, quantity: int | None = None
) -> int | None:
    """The calculated price of a variant in a region for a quantity, or None when no price applies.

    As v1, the currency test does not look at `region_id`: another region's price in the same currency counts,
    and a region price does not win over a lower currency price.
    """
    amounts = [
        price.amount
        for price in prices
        if (price.region_id == region_id or price.currency_code == currency_code) and _quantity_fits(price, quantity)
    ]
    return min(amounts, default=None)
