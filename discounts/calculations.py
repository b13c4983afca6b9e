"""Per-line discount arithmetic of Medusa v1, over plain data (reference "discount validity", "discount per line"
and "adjustment refresh").

No ORM and no I/O: callers fetch the discount, its rule and its product conditions, turn them into a
`DiscountRuleData`, and persist what `line_adjustments` returns as `LineItemAdjustment` rows.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from config.money import js_round

PERCENTAGE = "percentage"
FIXED = "fixed"
FREE_SHIPPING = "free_shipping"

ALLOCATION_TOTAL = "total"
ALLOCATION_ITEM = "item"


@dataclass(frozen=True)
class DiscountRuleData:
    """A discount with its rule, flattened. `id` is the discount's id (what adjustments point at)."""

    id: str
    code: str
    type: str
    value: int
    allocation: str | None = None
    # the rule's product conditions: operator `in` (only these products) and `not_in` (never these)
    only_products: frozenset[str] | None = None
    excluded_products: frozenset[str] | None = None

    @property
    def is_free_shipping(self) -> bool:
        return self.type == FREE_SHIPPING

    def applies_to(self, product_id: str | None) -> bool:
        """v1's `validateDiscountForProduct`: does the rule's product condition let this product through?"""
        if product_id is None:
            # v1 invalidates the discount for lines without a product (custom items) instead of throwing
            return False
        if self.only_products is not None and product_id not in self.only_products:
            return False
        return not (self.excluded_products is not None and product_id in self.excluded_products)


class DiscountableLine(Protocol):
    """What `line_adjustments` reads from a line item; a `LineItem` row annotated with `product_id` fits."""

    id: str
    unit_price: int
    quantity: int
    allow_discounts: bool
    product_id: str | None


def discount_amount_for_line(
    *,
    rule: DiscountRuleData,
    unit_price: int,
    quantity: int,
    allow_discounts: bool,
    discountable_subtotal: int,
) -> float:
    """v1's `DiscountService.calculateDiscountForLineItem`: the adjustment amount of one line (reference
    "discount per line").

    `discountable_subtotal` is the sum of `unit_price * quantity` over every line of the cart that allows
    discounts; only a fixed discount with allocation `total` reads it. The result may be fractional.
    """
    if not allow_discounts:
        return 0.0
    # seam for reference "tax-inclusive prices": there `full_item_price` is the line's tax-exclusive subtotal
    full_item_price = unit_price * quantity
    if rule.type == FREE_SHIPPING:
        # free shipping acts on shipping prices, never through line adjustments
        return 0.0
    if rule.type == PERCENTAGE:
        # a percentage ignores `allocation`: rounded per line, in v1's operation order
        amount: float = js_round(full_item_price / 100 * rule.value)
    elif rule.type == FIXED and rule.allocation == ALLOCATION_TOTAL:
        if discountable_subtotal == 0:
            # v1 divides by zero here (NaN); nothing is discountable, so nothing is taken off (departure
            # "discount checks")
            return 0.0
        nominator = min(rule.value, discountable_subtotal)
        # not rounded, no remainder correction (v1 keeps 444.4444444444444); v1 multiplies by the share,
        # and that order matters: 1000 * (16000 / 36000) != 1000 * 16000 / 36000 in binary floating point
        amount = nominator * (full_item_price / discountable_subtotal)
    else:
        # fixed with allocation `item` (or none): value off each unit
        amount = rule.value * quantity
    # never more than the line itself
    return float(min(amount, full_item_price))


def line_adjustments(*, rule: DiscountRuleData, lines: Iterable[DiscountableLine]) -> dict[str, float]:
    """v1's `refreshAdjustments_` for one discount (reference "adjustment refresh"): `{line_id: amount}` of the
    adjustments to create.

    Only lines that allow discounts and pass the rule's product condition get an entry; zero amounts are
    left out, as v1 creates no adjustment for them. Pass the cart's first non-free-shipping discount.
    """
    lines = list(lines)
    if rule.type == FREE_SHIPPING:
        return {}
    # v1 spreads a fixed/total discount over every discountable line, ignoring the product conditions
    discountable_subtotal = sum(line.unit_price * line.quantity for line in lines if line.allow_discounts)
    adjustments: dict[str, float] = {}
    for line in lines:
        if not line.allow_discounts or not rule.applies_to(line.product_id):
            continue
        amount = discount_amount_for_line(
            rule=rule,
            unit_price=line.unit_price,
            quantity=line.quantity,
            allow_discounts=line.allow_discounts,
            discountable_subtotal=discountable_subtotal,
        )
        if amount:
            adjustments[line.id] = amount
    return adjustments


T = TypeVar("T")


def select_cart_discounts(discounts: Sequence[T], *, type_of: Callable[[T], str] = lambda d: d.type) -> list[T]:
    """v1's combination rule (reference "discount validity"): at most one free-shipping and one other discount.

    The first of each kind in the given order wins; later ones of the same kind are silently dropped, and
    the kept ones stay in their order. Pass `type_of=lambda d: d.rule.type` for `Discount` rows.
    """
    kept: list[T] = []
    seen_free_shipping = seen_other = False
    for discount in discounts:
        if type_of(discount) == FREE_SHIPPING:
            if seen_free_shipping:
                continue
            seen_free_shipping = True
        else:
            if seen_other:
                continue
            seen_other = True
        kept.append(discount)
    return kept
