"""Per-line discount arithmetic (reference "discount validity", "discount per line" and "adjustment refresh"),
without a database."""

import math
from dataclasses import dataclass
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from discounts.calculations import (
    DiscountRuleData,
    discount_amount_for_line,
    line_adjustments,
    select_cart_discounts,
)


@dataclass(frozen=True)
class Line:
    id: str
    unit_price: int
    quantity: int
    allow_discounts: bool = True
    product_id: str | None = "prod_1"


def rule(type_="percentage", value=10, allocation="total", code="TEST", id_="disc_test", **conditions):
    return DiscountRuleData(id=id_, code=code, type=type_, value=value, allocation=allocation, **conditions)


def amount(discount, unit_price, quantity, *, allow_discounts=True, discountable_subtotal=None):
    return discount_amount_for_line(
        rule=discount,
        unit_price=unit_price,
        quantity=quantity,
        allow_discounts=allow_discounts,
        discountable_subtotal=unit_price * quantity if discountable_subtotal is None else discountable_subtotal,
    )


# discount_amount_for_line


def test_percentage_is_rounded_per_line():
    # given
    ten_percent = rule("percentage", 10)
    # when
    result = amount(ten_percent, 3333, 1)
    # then: round(333.3)
    assert result == 333


def test_percentage_ignores_allocation():
    # given
    as_total = rule("percentage", 10, allocation="total")
    as_item = rule("percentage", 10, allocation="item")
    # when / then
    assert amount(as_total, 8000, 2) == amount(as_item, 8000, 2) == 1600


def test_percentage_rounds_half_up_like_javascript():
    # given: 25 / 100 * 10 = 2.5, which Python's round() would make 2
    ten_percent = rule("percentage", 10)
    # when / then
    assert amount(ten_percent, 25, 1) == 3


def test_fixed_total_spreads_the_value_over_the_discountable_subtotal_unrounded():
    # given: T13, 8000x2 and 10000x2 share a fixed 1000
    fixed = rule("fixed", 1000, allocation="total")
    # when
    first = amount(fixed, 8000, 2, discountable_subtotal=36000)
    second = amount(fixed, 10000, 2, discountable_subtotal=36000)
    # then: the exact doubles v1 stores (1000 * 16000 / 36000 would give ...446)
    assert first == 444.4444444444444
    assert second == 555.5555555555555


def test_fixed_total_never_takes_more_than_the_discountable_subtotal():
    # given: fixed 1000 over 333x1 + 333x2 (subtotal 999)
    fixed = rule("fixed", 1000, allocation="total")
    # when / then
    assert amount(fixed, 333, 1, discountable_subtotal=999) == 333
    assert amount(fixed, 333, 2, discountable_subtotal=999) == 666


def test_fixed_total_with_nothing_discountable_is_zero():
    # given: v1 would divide by zero here
    fixed = rule("fixed", 1000, allocation="total")
    # when / then
    assert amount(fixed, 0, 3, discountable_subtotal=0) == 0


def test_fixed_item_takes_the_value_off_each_unit():
    # given
    fixed = rule("fixed", 150, allocation="item")
    # when / then
    assert amount(fixed, 3333, 3) == 450


def test_fixed_item_is_capped_at_the_line_price():
    # given
    fixed = rule("fixed", 150, allocation="item")
    # when / then
    assert amount(fixed, 100, 1) == 100


def test_fixed_without_allocation_behaves_per_unit():
    # given: v1's `else` branch catches any allocation but `total`
    fixed = rule("fixed", 150, allocation=None)
    # when / then
    assert amount(fixed, 3333, 2) == 300


def test_line_that_does_not_allow_discounts_gets_nothing():
    # given
    ten_percent = rule("percentage", 10)
    # when / then
    assert amount(ten_percent, 8000, 2, allow_discounts=False) == 0


def test_free_shipping_never_discounts_a_line():
    # given
    free_shipping = rule("free_shipping", 100)
    # when / then
    assert amount(free_shipping, 8000, 2) == 0


# DiscountRuleData.applies_to


def test_rule_without_conditions_applies_to_any_product_but_not_to_a_custom_line():
    # given
    discount = rule()
    # when / then
    assert discount.applies_to("prod_1")
    assert not discount.applies_to(None)  # v1's validateDiscountForProduct returns false without a product


def test_only_products_condition():
    # given
    discount = rule(only_products=frozenset({"prod_1"}))
    # when / then
    assert discount.applies_to("prod_1")
    assert not discount.applies_to("prod_2")


def test_excluded_products_condition():
    # given
    discount = rule(excluded_products=frozenset({"prod_1"}))
    # when / then
    assert not discount.applies_to("prod_1")
    assert discount.applies_to("prod_2")


def test_both_conditions_must_hold():
    # given
    discount = rule(only_products=frozenset({"prod_1", "prod_2"}), excluded_products=frozenset({"prod_2"}))
    # when / then
    assert [discount.applies_to(p) for p in ("prod_1", "prod_2", "prod_3")] == [True, False, False]


# line_adjustments


def test_adjustments_of_a_percentage_discount():
    # given: T11, a variant line and a custom line
    lines = [
        Line("item_variant", 10_000_000, 2),
        Line("item_custom", 0, 2, allow_discounts=False, product_id=None),
    ]
    # when
    result = line_adjustments(rule=rule("percentage", 10), lines=lines)
    # then: custom lines never get an adjustment
    assert result == {"item_variant": 2_000_000}


def test_adjustments_of_a_fixed_total_discount():
    # given
    lines = [Line("item_1", 8000, 2), Line("item_2", 10000, 2, product_id="prod_2")]
    # when
    result = line_adjustments(rule=rule("fixed", 1000, allocation="total"), lines=lines)
    # then
    assert result == {"item_1": 444.4444444444444, "item_2": 555.5555555555555}


def test_fixed_total_share_counts_lines_the_condition_excludes():
    # given: a condition keeps the discount off prod_2 (v1 quirk: prod_2 still counts in the subtotal)
    lines = [Line("item_1", 8000, 2), Line("item_2", 10000, 2, product_id="prod_2")]
    discount = rule("fixed", 1000, allocation="total", excluded_products=frozenset({"prod_2"}))
    # when
    result = line_adjustments(rule=discount, lines=lines)
    # then: item_1 gets its share of 36000, not the whole 1000
    assert result == {"item_1": 444.4444444444444}


def test_fixed_total_share_ignores_lines_that_do_not_allow_discounts():
    # given
    lines = [Line("item_1", 8000, 2), Line("item_custom", 20000, 1, allow_discounts=False, product_id=None)]
    # when
    result = line_adjustments(rule=rule("fixed", 1000, allocation="total"), lines=lines)
    # then
    assert result == {"item_1": 1000}


def test_zero_amounts_create_no_adjustment():
    # given: 4 / 100 * 10 = 0.4 rounds to 0
    lines = [Line("item_cheap", 4, 1), Line("item_free", 0, 1), Line("item_1", 8000, 1)]
    # when
    result = line_adjustments(rule=rule("percentage", 10), lines=lines)
    # then
    assert result == {"item_1": 800}


def test_free_shipping_creates_no_adjustments():
    # given
    lines = [Line("item_1", 8000, 1)]
    # when / then
    assert line_adjustments(rule=rule("free_shipping", 100), lines=lines) == {}


# select_cart_discounts


def test_keeps_the_first_of_each_kind_in_order():
    # given
    tax10 = rule("percentage", 10, code="TAX10", id_="disc_1")
    fixtot = rule("fixed", 1000, code="FIXTOT", id_="disc_2")
    free = rule("free_shipping", 100, code="FREE", id_="disc_3")
    free_again = rule("free_shipping", 100, code="FREE2", id_="disc_4")
    # when
    kept = select_cart_discounts([free, tax10, free_again, fixtot])
    # then: later ones of a kind are silently dropped
    assert [d.code for d in kept] == ["FREE", "TAX10"]


def test_two_non_free_shipping_discounts_keep_only_the_first():
    # given: observed [TAX10, FIXTOT] kept only TAX10
    tax10 = rule("percentage", 10, code="TAX10")
    fixtot = rule("fixed", 1000, code="FIXTOT")
    # when / then
    assert select_cart_discounts([tax10, fixtot]) == [tax10]


def test_select_reads_the_type_through_a_key():
    # given: shaped like Discount rows with their rule
    free = SimpleNamespace(code="FREE", rule=SimpleNamespace(type="free_shipping"))
    test = SimpleNamespace(code="TEST", rule=SimpleNamespace(type="percentage"))
    other = SimpleNamespace(code="OTHER", rule=SimpleNamespace(type="fixed"))
    # when
    kept = select_cart_discounts([test, other, free], type_of=lambda d: d.rule.type)
    # then
    assert [d.code for d in kept] == ["TEST", "FREE"]


def test_select_of_nothing_is_nothing():
    assert select_cart_discounts([]) == []


# properties

prices = st.integers(min_value=0, max_value=1_000_000)
quantities = st.integers(min_value=1, max_value=20)
lines_strategy = st.lists(
    st.builds(
        Line,
        id=st.just(""),
        unit_price=prices,
        quantity=quantities,
        allow_discounts=st.booleans(),
        product_id=st.sampled_from(["prod_1", "prod_2", "prod_3"]),
    ),
    min_size=1,
    max_size=8,
).map(
    lambda lines: [
        Line(f"item_{i}", ln.unit_price, ln.quantity, ln.allow_discounts, ln.product_id) for i, ln in enumerate(lines)
    ]
)
rules_strategy = st.one_of(
    st.builds(rule, st.just("percentage"), st.integers(min_value=0, max_value=100), st.sampled_from(["total", "item"])),
    st.builds(
        rule, st.just("fixed"), st.integers(min_value=0, max_value=5_000_000), st.sampled_from(["total", "item"])
    ),
)


@settings(max_examples=200, deadline=None)
@given(discount=rules_strategy, lines=lines_strategy)
def test_no_adjustment_exceeds_its_line(discount, lines):
    # when
    result = line_adjustments(rule=discount, lines=lines)
    # then
    by_id = {line.id: line for line in lines}
    for line_id, value in result.items():
        line = by_id[line_id]
        assert line.allow_discounts
        assert 0 < value <= line.unit_price * line.quantity


@settings(max_examples=200, deadline=None)
@given(value=st.integers(min_value=0, max_value=100), lines=lines_strategy)
def test_percentage_never_exceeds_its_share(value, lines):
    # when
    result = line_adjustments(rule=rule("percentage", value), lines=lines)
    # then: at most value% of the line, give or take the rounding
    for line in lines:
        assert result.get(line.id, 0) <= line.unit_price * line.quantity * value / 100 + 0.5


@settings(max_examples=200, deadline=None)
@given(value=st.integers(min_value=0, max_value=5_000_000), lines=lines_strategy)
def test_fixed_total_adjustments_add_up_to_the_value_or_the_subtotal(value, lines):
    # given
    discountable_subtotal = sum(line.unit_price * line.quantity for line in lines if line.allow_discounts)
    # when
    result = line_adjustments(rule=rule("fixed", value, allocation="total"), lines=lines)
    # then
    assert math.isclose(sum(result.values()), min(value, discountable_subtotal), rel_tol=1e-9, abs_tol=1e-6)


@settings(max_examples=200, deadline=None)
@given(kinds=st.lists(st.sampled_from(["percentage", "fixed", "free_shipping"]), max_size=6))
def test_select_keeps_the_first_of_each_kind_and_nothing_else(kinds):
    # given
    discounts = [rule(kind, code=f"D{i}", id_=f"disc_{i}") for i, kind in enumerate(kinds)]
    # when
    kept = select_cart_discounts(discounts)
    # then
    first_free = next((d for d in discounts if d.type == "free_shipping"), None)
    first_other = next((d for d in discounts if d.type != "free_shipping"), None)
    assert kept == [d for d in discounts if d is first_free or d is first_other]
