"""The manual-discount arithmetic of the totals engine (addition "manual discounts"), without a database: what each
manual discount takes, how the draft's one is spread over the lines, and the totals that follow."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carts.totals import (
    MANUAL_DISCOUNT_DESCRIPTION,
    AdjustmentInput,
    CartInput,
    LineInput,
    ManualAdjustment,
    ManualDiscount,
    ManualLineInput,
    TaxLine,
    cart_totals,
    manual_adjustments,
    spread,
)

TAX_25 = (TaxLine(rate=25, name="default", code="default"),)


def percentage(value, reason=None):
    return ManualDiscount(type=ManualDiscount.PERCENTAGE, value=value, reason=reason)


def fixed(value, reason=None):
    return ManualDiscount(type=ManualDiscount.FIXED, value=value, reason=reason)


# --- spread ---------------------------------------------------------------------------------------------------


def test_spread_gives_the_left_over_units_to_the_largest_fractions_then_the_earlier_lines():
    assert spread(100, [1, 1, 1]) == [34, 33, 33]
    assert spread(1000, [12960, 800]) == [942, 58]
    assert spread(10, [3, 0, 7]) == [3, 0, 7]


def test_spread_of_nothing_or_over_nothing_is_zeros():
    assert spread(0, [5, 5]) == [0, 0]
    assert spread(7, [0, 0]) == [0, 0]
    assert spread(7, []) == []


@given(
    amount=st.integers(min_value=0, max_value=10**7),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30),
)
def test_spread_adds_up_exactly_and_stays_within_a_unit_of_the_exact_share(amount, weights):
    # given: what is spread never exceeds what it is spread over (the service cuts it first)
    whole = sum(weights)
    amount = min(amount, whole)
    # when
    shares = spread(amount, weights)
    # then
    assert sum(shares) == (amount if whole else 0)
    for share, weight in zip(shares, weights, strict=True):
        exact = amount * weight / whole if whole else 0
        assert exact - 1 < share < exact + 1
        assert 0 <= share <= weight


# --- one discount ---------------------------------------------------------------------------------------------


def test_a_percentage_takes_its_share_rounded_half_up_in_whole_units():
    assert percentage(12.5).amount_off(999) == (125, False)  # 124.875
    assert percentage(10).amount_off(1005) == (101, False)  # 100.5 rounds up, as Math.round
    assert percentage(100).amount_off(16000) == (16000, False)


def test_a_fixed_amount_larger_than_its_base_is_cut_to_it_and_says_so():
    assert fixed(500).amount_off(16000) == (500, False)
    assert fixed(16000).amount_off(16000) == (16000, False)
    assert fixed(20000).amount_off(16000) == (16000, True)
    assert fixed(1).amount_off(0) == (0, True)


# --- adjustments ----------------------------------------------------------------------------------------------


def test_line_discounts_come_first_then_the_drafts_spread_over_what_remains():
    # given: a variant line of 16000 with 1600 off by a code, and a custom line of 1000 (no code discount)
    lines = [
        ManualLineInput(id="item_a", remaining=14400, discount=percentage(10, "loyal customer")),
        ManualLineInput(id="item_b", remaining=1000, discount=fixed(200)),
    ]
    # when
    result = manual_adjustments(lines, fixed(1000, "phone order"))
    # then
    assert result.adjustments == (
        ManualAdjustment("item_a", 1440, "loyal customer", "line"),
        ManualAdjustment("item_b", 200, MANUAL_DISCOUNT_DESCRIPTION, "line"),
        ManualAdjustment("item_a", 942, "phone order", "order"),
        ManualAdjustment("item_b", 58, "phone order", "order"),
    )
    assert (result.lines_cut, result.order_cut, result.order_base) == (frozenset(), False, 13760)


def test_a_draft_percentage_is_spread_so_that_the_line_shares_add_up_to_the_rounded_whole():
    lines = [ManualLineInput(id=f"item_{n}", remaining=333) for n in range(3)]
    result = manual_adjustments(lines, percentage(10))
    # 10 % of 999 is 99.9 -> 100, spread 34 / 33 / 33
    assert [adjustment.amount for adjustment in result.adjustments] == [34, 33, 33]


def test_fixed_amounts_too_large_are_cut_and_reported():
    lines = [
        ManualLineInput(id="item_a", remaining=800, discount=fixed(1000)),
        ManualLineInput(id="item_b", remaining=0),
    ]
    result = manual_adjustments(lines, fixed(50))
    assert result.adjustments == (ManualAdjustment("item_a", 800, MANUAL_DISCOUNT_DESCRIPTION, "line"),)
    assert (result.lines_cut, result.order_cut, result.order_base) == (frozenset({"item_a"}), True, 0)


def test_no_manual_discount_makes_no_adjustment():
    assert manual_adjustments([ManualLineInput(id="item_a", remaining=800)], None).adjustments == ()


# --- totals ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("allow_discounts", [True, False], ids=["variant-line", "custom-line"])
def test_totals_take_manual_adjustments_off_and_tax_the_discounted_amount(allow_discounts):
    # given: 2 x 8000 at 25 % with 3982 taken off by hand (a custom line does not allow code discounts, but takes these)
    line = LineInput(
        id="item_a",
        unit_price=8000,
        quantity=2,
        allow_discounts=allow_discounts,
        tax_lines=TAX_25,
        adjustments=(AdjustmentInput(None, 3040), AdjustmentInput(None, 942)),
    )
    # when
    totals = cart_totals(CartInput(items=(line,)))
    # then: tax on 12018 is 3004.5 -> 3005
    item = totals.items["item_a"]
    assert (item.subtotal, item.discount_total, item.tax_total, item.total) == (16000, 3982, 3005, 15023)
    assert (totals.cart.discount_total, totals.cart.tax_total, totals.cart.total) == (3982, 3005, 15023)
