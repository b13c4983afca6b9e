"""Price selection as v1's PriceSelectionStrategy (tax-exclusive, `calculateVariantPrice_old`): pure, no ORM.

A variant's candidates are its own money amounts and those of every price list; `select_price` keeps the usable
ones for a context (a region and its currency, or a currency alone; the customer's groups; now) and, among
those whose quantity range holds the quantity, the lowest amount wins, whatever its origin (pricing reference
sections 3.4 and 4). A list's `type` never decides; it only names the winner (`calculated_price_type`).

One departure ("region prices in their region", pricing reference Q2): v1 matches a candidate by region OR
currency, so a price set for one region also prices every other region of its currency. Here a region price
applies in its region only.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

DEFAULT_PRICE_TYPE = "default"  # v1's PriceType.DEFAULT: a variant's own price, tiered or not


@dataclass(frozen=True)
class PriceListData:
    id: str
    type: str  # "sale" | "override"
    status: str  # "active" | "draft"
    starts_at: datetime | None
    ends_at: datetime | None
    # every group it names, deleted ones included: a list of deleted groups prices no one (departure "deleted
    # groups close their lists")
    customer_group_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PriceCandidate:
    """A money amount: a variant's own (`price_list` None) or a price list's."""

    id: str
    amount: int
    currency_code: str
    region_id: str | None = None
    min_quantity: int | None = None
    max_quantity: int | None = None
    price_list: PriceListData | None = None


@dataclass(frozen=True)
class PricingContext:
    """Where and for whom: a region (with its currency) or a currency alone, the customer's live groups, and now."""

    now: datetime
    region_id: str | None = None
    currency_code: str | None = None
    customer_group_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SelectedPrice:
    calculated_price: int | None
    calculated_price_type: str | None
    original_price: int | None
    # the winning money amount (its `price_list` says which list priced the line), None without a price
    price: PriceCandidate | None
    # v1's `prices`: the candidates usable in the context, whatever their quantity range
    candidates: tuple[PriceCandidate, ...]


def list_is_usable(price_list: PriceListData, *, customer_group_ids: frozenset[str], now: datetime) -> bool:
    """v1's `findManyForVariantsInRegion` conditions (3.4): active, inside its window (strictly), and either
    for everyone or for a group of the customer."""
    return (
        price_list.status == "active"
        and (price_list.starts_at is None or price_list.starts_at < now)
        and (price_list.ends_at is None or price_list.ends_at > now)
        and (not price_list.customer_group_ids or bool(price_list.customer_group_ids & customer_group_ids))
    )


def applies_in(candidate: PriceCandidate, context: PricingContext) -> bool:
    """A region price in its own region (departure "region prices in their region"); any other price in the
    context's currency."""
    if candidate.region_id is not None:
        return candidate.region_id == context.region_id
    return candidate.currency_code == context.currency_code


def quantity_fits(candidate: PriceCandidate, quantity: int | None) -> bool:
    """v1's isValidQuantity: bounds inclusive, 0 and null both "no bound" (`!min_quantity`); without a quantity
    only a price without a minimum fits."""
    if quantity is None:
        return not candidate.min_quantity
    return (not candidate.min_quantity or candidate.min_quantity <= quantity) and (
        not candidate.max_quantity or candidate.max_quantity >= quantity
    )


def usable_candidates(candidates: Iterable[PriceCandidate], context: PricingContext) -> tuple[PriceCandidate, ...]:
    """The candidates that compete in this context, in the given order; with neither a region nor a currency, the
    variant's own and its usable lists' prices in every currency (v1's query then has no currency condition)."""
    located = context.region_id is not None or context.currency_code is not None
    return tuple(
        candidate
        for candidate in candidates
        if (not located or applies_in(candidate, context))
        and (
            candidate.price_list is None
            or list_is_usable(candidate.price_list, customer_group_ids=context.customer_group_ids, now=context.now)
        )
    )


def _original_price(candidates: tuple[PriceCandidate, ...], context: PricingContext) -> int | None:
    """The variant's own untiered price for the region, else for the currency (v1: region prices take precedence)."""
    own = [c for c in candidates if c.price_list is None and c.min_quantity is None and c.max_quantity is None]
    for_region = [c.amount for c in own if context.region_id is not None and c.region_id == context.region_id]
    for_currency = [c.amount for c in own if c.region_id is None and c.currency_code == context.currency_code]
    return next(iter(for_region or for_currency), None)


def select_price(
    candidates: Iterable[PriceCandidate], context: PricingContext, *, quantity: int | None = None
) -> SelectedPrice:
    """The price of a variant in a context for a quantity (None: v1's `GET /admin/variants`, no quantity).

    The lowest usable amount whose quantity range holds the quantity wins; among equal amounts the first given
    does (v1's strict `<` over the rows in the order its query returns them).
    """
    usable = usable_candidates(candidates, context)
    located = context.region_id is not None or context.currency_code is not None
    winner: PriceCandidate | None = None
    for candidate in usable:
        if located and quantity_fits(candidate, quantity) and (winner is None or candidate.amount < winner.amount):
            winner = candidate
    return SelectedPrice(
        calculated_price=None if winner is None else winner.amount,
        calculated_price_type=None if winner is None else price_type(winner),
        original_price=_original_price(usable, context),
        price=winner,
        candidates=usable,
    )


def price_type(candidate: PriceCandidate) -> str:
    return candidate.price_list.type if candidate.price_list is not None else DEFAULT_PRICE_TYPE
