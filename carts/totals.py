"""Cart totals as Medusa v1 computes them (reference "totals arithmetic": `NewTotalsService` +
`CartService.decorateTotals`).

Pure arithmetic over already-fetched rows: no ORM, no I/O. A selector turns a cart with its items, their
adjustments, its shipping methods and its discounts into a `CartInput`; `cart_totals` returns every total
the draft-order endpoints render.

Each row comes with its tax lines: v1's system tax provider picks them fresh on every read of a cart
(pricing/taxes.py, fed by `carts.selectors.cart_tax_lines_of`), and an order keeps the ones persisted at Mark Paid.

Tax-inclusive prices (reference "tax-inclusive prices", a v1 flag off by default) are not implemented. They
would add an `includes_tax` flag to `LineInput` and `ShippingInput` and branch in `line_totals`, `_item_tax` and
`shipping_method_totals`.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from config.money import js_round
from discounts.calculations import DiscountRuleData


@dataclass(frozen=True)
class TaxLine:
    rate: float
    name: str
    code: str | None


@dataclass(frozen=True)
class AdjustmentInput:
    """A persisted `line_item_adjustment`; `discount_id` None is a manual (non-discount) adjustment.

    A `Decimal` amount is read as the float it stands for (v1 computes in doubles).
    """

    discount_id: str | None
    amount: float


@dataclass(frozen=True)
class LineInput:
    id: str
    unit_price: int
    quantity: int
    allow_discounts: bool
    tax_lines: tuple[TaxLine, ...] = ()
    adjustments: tuple[AdjustmentInput, ...] = ()


@dataclass(frozen=True)
class ShippingInput:
    id: str
    price: int
    tax_lines: tuple[TaxLine, ...] = ()


@dataclass(frozen=True)
class CartInput:
    items: tuple[LineInput, ...] = ()
    shipping_methods: tuple[ShippingInput, ...] = ()
    # the cart's discounts in their stored order: the first non-free-shipping one is the one allocated
    discounts: tuple[DiscountRuleData, ...] = ()
    # region.gift_cards_taxable only shapes the gift-card base; draft orders take no gift cards, so it changes nothing
    gift_cards_taxable: bool = True


# Output fields are declared in v1's JSON key order, so a serializer can render them as they come.


@dataclass(frozen=True)
class LineTotals:
    subtotal: int
    discount_total: int
    total: int
    original_total: int
    original_tax_total: int
    tax_total: int
    # the unrounded allocated discount; v1 leaks it into the JSON (e.g. 444.4444444444444)
    raw_discount_total: float


@dataclass(frozen=True)
class ShippingTotals:
    price: int
    original_total: int
    total: int
    subtotal: int
    original_tax_total: int
    tax_total: int


@dataclass(frozen=True)
class CartTotals:
    subtotal: int
    tax_total: int
    shipping_total: int
    discount_total: int
    gift_card_total: int
    gift_card_tax_total: int
    total: int
    item_tax_total: int
    shipping_tax_total: int
    raw_discount_total: float


@dataclass(frozen=True)
class CartTotalsResult:
    cart: CartTotals
    items: dict[str, LineTotals]
    shipping_methods: dict[str, ShippingTotals]


def _js_sum(values: Iterable[float]) -> float:
    """Left-to-right float addition from 0, as JavaScript's reduce does (Python 3.12's sum() compensates)."""
    total: float = 0
    for value in values:
        total += value
    return total


def allocated_discount(discounts: Iterable[DiscountRuleData]) -> DiscountRuleData | None:
    """The discount v1's allocation map uses: the first one that is not free shipping."""
    return next((discount for discount in discounts if not discount.is_free_shipping), None)


def has_free_shipping(discounts: Iterable[DiscountRuleData]) -> bool:
    return any(discount.is_free_shipping for discount in discounts)


def line_discount_amount(line: LineInput, discount_id: str | None) -> float:
    """v1's allocation map entry for one line (reference "totals arithmetic"): its raw, possibly fractional,
    discount.

    `discount_id` is the allocated discount's id (None when the cart has no such discount).
    """
    discounted = (
        _js_sum(float(adj.amount) for adj in line.adjustments if adj.discount_id == discount_id)
        if line.allow_discounts and discount_id is not None
        else 0
    )
    # manual adjustments (no discount) count even on lines that do not allow discounts, as in v1
    manual = _js_sum(float(adj.amount) for adj in line.adjustments if adj.discount_id is None)
    return discounted + manual


def _item_tax(*, unit_price: int, quantity: int, discount_amount: float, tax_lines: Sequence[TaxLine]) -> int:
    """v1's `TaxCalculationStrategy` for one item: tax on the price less the RAW discount, rounded per tax line."""
    taxable = unit_price * quantity - discount_amount
    return js_round(sum(js_round(taxable * (tax_line.rate / 100)) for tax_line in tax_lines))


def line_totals(line: LineInput, *, discount_amount: float = 0) -> LineTotals:
    """v1's `getLineItemTotals_` (reference "totals arithmetic"); `discount_amount` comes from
    `line_discount_amount`."""
    subtotal = line.unit_price * line.quantity
    raw_discount_total = float(discount_amount)
    discount_total = js_round(raw_discount_total)
    total = subtotal - discount_total
    original_total = subtotal
    tax_total = original_tax_total = 0
    if line.tax_lines:
        tax_total = _item_tax(
            unit_price=line.unit_price,
            quantity=line.quantity,
            discount_amount=raw_discount_total,
            tax_lines=line.tax_lines,
        )
        original_tax_total = _item_tax(
            unit_price=line.unit_price, quantity=line.quantity, discount_amount=0, tax_lines=line.tax_lines
        )
        total += tax_total
        original_total += original_tax_total
    return LineTotals(
        subtotal=subtotal,
        discount_total=discount_total,
        total=total,
        original_total=original_total,
        original_tax_total=original_tax_total,
        tax_total=tax_total,
        raw_discount_total=raw_discount_total,
    )


def shipping_method_totals(method: ShippingInput, *, free_shipping: bool = False) -> ShippingTotals:
    """v1's `getShippingMethodTotals_` (reference "totals arithmetic"); `free_shipping` is whether the cart has any
    free-shipping discount."""
    subtotal = total = original_total = method.price
    tax_total = original_tax_total = 0
    if method.tax_lines:
        # unlike items, shipping sums the unrounded tax of every line and rounds once
        original_tax_total = tax_total = js_round(
            _js_sum(method.price * (tax_line.rate / 100) for tax_line in method.tax_lines)
        )
        original_total += original_tax_total
        total += tax_total
    if free_shipping:
        # v1 zeroes these but leaves original_* as computed (the stored price is already 0 anyway)
        total = subtotal = tax_total = 0
    return ShippingTotals(
        price=method.price,
        original_total=original_total,
        total=total,
        subtotal=subtotal,
        original_tax_total=original_tax_total,
        tax_total=tax_total,
    )


def cart_totals(cart: CartInput) -> CartTotalsResult:
    """Every total of a cart, its items and its shipping methods (reference "totals arithmetic")."""
    discount = allocated_discount(cart.discounts)
    discount_id = discount.id if discount is not None else None
    items = {line.id: line_totals(line, discount_amount=line_discount_amount(line, discount_id)) for line in cart.items}
    free_shipping = has_free_shipping(cart.discounts)
    shipping_methods = {
        method.id: shipping_method_totals(method, free_shipping=free_shipping) for method in cart.shipping_methods
    }

    subtotal = sum(totals.subtotal for totals in items.values())
    raw_discount_total = _js_sum(totals.raw_discount_total for totals in items.values())
    # the rounded sum of the raw amounts, not the sum of the rounded item discounts (444 + 556 -> 1000)
    discount_total = js_round(raw_discount_total)
    item_tax_total = sum(totals.tax_total for totals in items.values())
    shipping_total = sum(totals.subtotal for totals in shipping_methods.values())
    shipping_tax_total = sum(totals.tax_total for totals in shipping_methods.values())
    tax_total = item_tax_total + shipping_tax_total
    # draft orders cannot carry gift cards, and v1 returns 0 for both without any
    gift_card_total = gift_card_tax_total = 0
    # no clamping: negative custom prices can make the total negative, as in v1
    total = subtotal + shipping_total + tax_total - (gift_card_total + discount_total + gift_card_tax_total)
    return CartTotalsResult(
        cart=CartTotals(
            subtotal=subtotal,
            tax_total=tax_total,
            shipping_total=shipping_total,
            discount_total=discount_total,
            gift_card_total=gift_card_total,
            gift_card_tax_total=gift_card_tax_total,
            total=total,
            item_tax_total=item_tax_total,
            shipping_tax_total=shipping_tax_total,
            raw_discount_total=raw_discount_total,
        ),
        items=items,
        shipping_methods=shipping_methods,
    )


# --- manual discounts (issue 18 §3; addition "manual discounts") -------------------------------------------------

MANUAL_DISCOUNT_DESCRIPTION = "Manual discount"


@dataclass(frozen=True)
class ManualDiscount:
    """A discount staff give by hand, on a line or on the whole draft: a percentage (0 < value <= 100) of what it
    applies to, or a fixed amount in minor units taken off it (off the line's total, not per unit)."""

    PERCENTAGE = "percentage"
    FIXED = "fixed"
    TYPES = (PERCENTAGE, FIXED)

    type: str
    value: int | float
    reason: str | None = None

    @property
    def description(self) -> str:
        return self.reason or MANUAL_DISCOUNT_DESCRIPTION

    def refusal(self) -> str | None:
        """What is wrong with its type or value (said of the field, e.g. "value must be ..."), or None."""
        if self.type not in self.TYPES:
            return "type must be one of the following values: " + ", ".join(self.TYPES)
        if self.type == self.PERCENTAGE and not 0 < self.value <= 100:
            return "value must be more than 0 and at most 100 for a percentage"
        if self.type == self.FIXED and not (isinstance(self.value, int) and self.value > 0):
            return "value must be a positive whole number (in minor units) for a fixed discount"
        return None

    def amount_off(self, base: float) -> tuple[int, bool]:
        """The whole minor units taken off `base`, and whether a fixed amount larger than `base` was cut to it (a
        line never goes below zero)."""
        if self.type == self.PERCENTAGE:
            return js_round(max(base, 0) * self.value / 100), False
        room = max(math.floor(base), 0)
        return min(int(self.value), room), self.value > base


@dataclass(frozen=True)
class ManualLineInput:
    id: str
    # the line's subtotal less its code discount (raw, as the totals engine allocates it)
    remaining: float
    discount: ManualDiscount | None = None


@dataclass(frozen=True)
class ManualAdjustment:
    """One adjustment a manual discount puts on a line (`discount_id` null); `scope` is "line" or "order"."""

    item_id: str
    amount: int
    description: str
    scope: str


@dataclass(frozen=True)
class ManualAdjustments:
    adjustments: tuple[ManualAdjustment, ...]
    # the lines whose fixed discount was larger than the line, and whether the order's was: each was cut to fit
    lines_cut: frozenset[str] = frozenset()
    order_cut: bool = False
    # what the order's discount applied to: what remained of the lines after their own
    order_base: float = 0


def spread(amount: int, weights: Sequence[float]) -> list[int]:
    """`amount` split over `weights` in proportion, in whole units that add up to it exactly (largest remainder:
    every share rounded down, then the units left over go one each to the largest fractions, earlier first)."""
    weights = [max(weight, 0) for weight in weights]
    whole = _js_sum(weights)
    if amount <= 0 or whole <= 0:
        return [0] * len(weights)
    exact = [amount * weight / whole for weight in weights]
    shares = [math.floor(share) for share in exact]
    left = amount - sum(shares)
    by_fraction = sorted(range(len(weights)), key=lambda index: (-(exact[index] - shares[index]), index))
    for index in by_fraction[:left]:
        shares[index] += 1
    return shares


def manual_adjustments(lines: Sequence[ManualLineInput], order_discount: ManualDiscount | None) -> ManualAdjustments:
    """The adjustments of the manual discounts, taken after the code discounts: each line's own first, then the
    order's, spread over the lines in proportion to what remains of each."""
    adjustments, lines_cut, remaining = [], set(), []
    for line in lines:
        amount = 0
        if line.discount is not None:
            amount, cut = line.discount.amount_off(line.remaining)
            if cut:
                lines_cut.add(line.id)
            if amount:
                adjustments.append(ManualAdjustment(line.id, amount, line.discount.description, "line"))
        remaining.append(line.remaining - amount)
    order_cut, order_base = False, _js_sum(remaining)
    if order_discount is not None and lines:
        total, order_cut = order_discount.amount_off(order_base)
        for line, share in zip(lines, spread(total, remaining), strict=True):
            if share:
                adjustments.append(ManualAdjustment(line.id, share, order_discount.description, "order"))
    return ManualAdjustments(
        adjustments=tuple(adjustments), lines_cut=frozenset(lines_cut), order_cut=order_cut, order_base=order_base
    )
