"""The totals engine against reference "worked examples", to the cent, without a database.

Each example goes through the same steps the services take: keep the allowed discounts, create the
adjustments of the allocated discount, attach the region's default tax lines, then compute the totals.
"""

import math
from dataclasses import asdict, dataclass, fields
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from carts.totals import (
    AdjustmentInput,
    CartInput,
    CartTotals,
    LineInput,
    LineTotals,
    ShippingInput,
    ShippingTotals,
    TaxLine,
    allocated_discount,
    cart_totals,
    line_discount_amount,
    line_totals,
    shipping_method_totals,
)
from config.money import js_round
from discounts.calculations import DiscountRuleData, line_adjustments, select_cart_discounts


@dataclass(frozen=True)
class Line:
    id: str
    unit_price: int
    quantity: int
    allow_discounts: bool = True
    product_id: str | None = "prod_test"


def custom_line(id_, unit_price, quantity):
    return Line(id_, unit_price, quantity, allow_discounts=False, product_id=None)


TEST = DiscountRuleData(id="test-discount", code="TEST", type="percentage", value=10, allocation="total")
FREE_SHIPPING = DiscountRuleData(
    id="free-shipping-discount", code="FREE-SHIPPING", type="free_shipping", value=100, allocation="total"
)


def build_cart(lines, *, discounts=(), shipping_prices=(), tax_rate=0, v1_untaxed_custom_items=False):
    """A `CartInput` as the services would store it; `v1_untaxed_custom_items` gives custom lines no tax lines."""
    kept = tuple(select_cart_discounts(list(discounts)))
    discount = allocated_discount(kept)
    amounts = line_adjustments(rule=discount, lines=lines) if discount else {}
    tax_lines = default_tax_lines(tax_rate)
    items = tuple(
        LineInput(
            id=line.id,
            unit_price=line.unit_price,
            quantity=line.quantity,
            allow_discounts=line.allow_discounts,
            tax_lines=() if v1_untaxed_custom_items and line.product_id is None else tax_lines,
            adjustments=(AdjustmentInput(discount.id, amounts[line.id]),) if line.id in amounts else (),
        )
        for line in lines
    )
    methods = tuple(
        ShippingInput(id=f"sm_{i}", price=price, tax_lines=tax_lines) for i, price in enumerate(shipping_prices)
    )
    return CartInput(items=items, shipping_methods=methods, discounts=kept)


# js_round


def test_js_round_rounds_half_toward_positive_infinity():
    assert js_round(2.5) == 3
    assert js_round(-2.5) == -2
    assert js_round(0.5) == 1
    assert js_round(-0.5) == 0
    assert js_round(333.29999999999995) == 333
    assert js_round(-3.5) == -3  # Python's round() gives -4


def test_tax_rounds_half_up_where_bankers_rounding_would_not():
    # given: 666 * 0.25 = 166.5 (p15's original tax); round() would give 166
    line = LineInput(id="item_1", unit_price=333, quantity=2, allow_discounts=True, tax_lines=default_tax_lines(25))
    # when
    totals = line_totals(line)
    # then
    assert totals.original_tax_total == totals.tax_total == 167


def test_negative_custom_price_rounds_its_tax_toward_positive_infinity():
    # given: a custom line at -14 in a 25% region, -3.5 of tax
    line = LineInput(id="item_1", unit_price=-14, quantity=1, allow_discounts=False, tax_lines=default_tax_lines(25))
    # when
    totals = line_totals(line)
    # then: no clamping, and -3.5 rounds to -3
    assert (totals.subtotal, totals.tax_total, totals.total) == (-14, -3, -17)


# shapes


def test_totals_fields_follow_v1_json_key_order():
    assert [f.name for f in fields(CartTotals)] == [
        "subtotal",
        "tax_total",
        "shipping_total",
        "discount_total",
        "gift_card_total",
        "gift_card_tax_total",
        "total",
        "item_tax_total",
        "shipping_tax_total",
        "raw_discount_total",
    ]
    assert [f.name for f in fields(LineTotals)] == [
        "subtotal",
        "discount_total",
        "total",
        "original_total",
        "original_tax_total",
        "tax_total",
        "raw_discount_total",
    ]
    assert [f.name for f in fields(ShippingTotals)] == [
        "price",
        "original_total",
        "total",
        "subtotal",
        "original_tax_total",
        "tax_total",
    ]


def default_tax_lines(tax_rate):
    """The tax lines of a row in a region with automatic taxes and no rate of its own (pricing/taxes.py)."""
    return (TaxLine(rate=tax_rate, name="default", code="default"),)


# reference "worked examples"


def test_seed_cart():
    # given
    cart = build_cart([Line("test-item", 8000, 1)])
    # when
    result = cart_totals(cart)
    # then
    assert asdict(result.cart) == {
        "subtotal": 8000,
        "tax_total": 0,
        "shipping_total": 0,
        "discount_total": 0,
        "gift_card_total": 0,
        "gift_card_tax_total": 0,
        "total": 8000,
        "item_tax_total": 0,
        "shipping_tax_total": 0,
        "raw_discount_total": 0,
    }
    assert result.items["test-item"].total == 8000


def test_t12_percentage_discount():
    # given
    cart = build_cart([Line("item_1", 8000, 2)], discounts=[TEST], shipping_prices=[1000])
    # when
    result = cart_totals(cart)
    # then
    assert cart.items[0].adjustments == (AdjustmentInput("test-discount", 1600),)
    assert result.items["item_1"] == LineTotals(
        subtotal=16000,
        discount_total=1600,
        total=14400,
        original_total=16000,
        original_tax_total=0,
        tax_total=0,
        raw_discount_total=1600,
    )
    assert asdict(result.cart) == {
        "subtotal": 16000,
        "tax_total": 0,
        "shipping_total": 1000,
        "discount_total": 1600,
        "gift_card_total": 0,
        "gift_card_tax_total": 0,
        "total": 15400,
        "item_tax_total": 0,
        "shipping_tax_total": 0,
        "raw_discount_total": 1600,
    }


def test_t13_fixed_total_discount_keeps_fractional_shares():
    # given
    fixed = DiscountRuleData(id="disc_fixed", code="TEST-FIXED", type="fixed", value=1000, allocation="total")
    lines = [Line("item_1", 8000, 2), Line("item_2", 10000, 2, product_id="prod_test_2")]
    cart = build_cart(lines, discounts=[fixed], shipping_prices=[1000])
    # when
    result = cart_totals(cart)
    # then
    first, second = result.items["item_1"], result.items["item_2"]
    assert (first.raw_discount_total, second.raw_discount_total) == (444.4444444444444, 555.5555555555555)
    assert (first.discount_total, second.discount_total) == (444, 556)
    assert (first.total, second.total) == (15556, 19444)
    assert (result.cart.subtotal, result.cart.discount_total, result.cart.total) == (36000, 1000, 36000)
    assert result.cart.raw_discount_total == 1000


def test_t14_free_shipping_and_percentage():
    # given: adding free shipping stored the method's price as 0
    cart = build_cart([Line("item_1", 8000, 2)], discounts=[FREE_SHIPPING, TEST], shipping_prices=[0])
    # when
    result = cart_totals(cart)
    # then
    assert [d.code for d in cart.discounts] == ["FREE-SHIPPING", "TEST"]
    assert result.shipping_methods["sm_0"] == ShippingTotals(
        price=0, original_total=0, total=0, subtotal=0, original_tax_total=0, tax_total=0
    )
    assert (result.cart.shipping_total, result.cart.discount_total, result.cart.total) == (0, 1600, 14400)


def test_t11_custom_price_and_custom_item():
    # given: the custom item's -1000 was clamped to 0 at create, then taxed at this region's 0%
    # (departure "custom lines are taxed")
    lines = [Line("item_variant", 10_000_000, 2), custom_line("item_custom", 0, 2)]
    cart = build_cart(lines, discounts=[TEST], shipping_prices=[1000])
    # when
    result = cart_totals(cart)
    # then
    assert cart.items[1].adjustments == ()
    assert result.items["item_custom"].total == 0
    assert (result.cart.subtotal, result.cart.discount_total, result.cart.total) == (20_000_000, 2_000_000, 18_001_000)


def test_tax_25_with_percentage_discount_taxes_the_custom_item():
    # given: p13, a variant at 3333 and a custom item at 1001 in a 25% region, TAX10
    tax10 = DiscountRuleData(id="disc_tax10", code="TAX10", type="percentage", value=10, allocation="total")
    lines = [Line("item_variant", 3333, 1), custom_line("item_custom", 1001, 1)]
    cart = build_cart(lines, discounts=[tax10], shipping_prices=[1000], tax_rate=25)
    # when
    result = cart_totals(cart)
    # then
    assert result.items["item_variant"] == LineTotals(
        subtotal=3333,
        discount_total=333,
        total=3750,
        original_total=4166,
        original_tax_total=833,
        tax_total=750,
        raw_discount_total=333,
    )
    # departure "custom lines are taxed": v1 leaves the custom item untaxed (tax 0, total 1001); here
    # round(1001 * 0.25) = 250
    assert result.items["item_custom"] == LineTotals(
        subtotal=1001,
        discount_total=0,
        total=1251,
        original_total=1251,
        original_tax_total=250,
        tax_total=250,
        raw_discount_total=0,
    )
    assert result.shipping_methods["sm_0"] == ShippingTotals(
        price=1000, original_total=1250, total=1250, subtotal=1000, original_tax_total=250, tax_total=250
    )
    # departure "custom lines are taxed": v1 has item_tax_total 750, tax_total 1000 and total 6001
    assert asdict(result.cart) == {
        "subtotal": 4334,
        "tax_total": 1250,
        "shipping_total": 1000,
        "discount_total": 333,
        "gift_card_total": 0,
        "gift_card_tax_total": 0,
        "total": 6251,
        "item_tax_total": 1000,
        "shipping_tax_total": 250,
        "raw_discount_total": 333,
    }


def test_tax_25_with_percentage_discount_matches_v1_given_v1_tax_lines():
    # given: the same cart as p13, with the custom item left without tax lines as v1 does
    tax10 = DiscountRuleData(id="disc_tax10", code="TAX10", type="percentage", value=10, allocation="total")
    lines = [Line("item_variant", 3333, 1), custom_line("item_custom", 1001, 1)]
    cart = build_cart(lines, discounts=[tax10], shipping_prices=[1000], tax_rate=25, v1_untaxed_custom_items=True)
    # when
    result = cart_totals(cart)
    # then: the engine itself reproduces v1's observed numbers
    assert result.items["item_custom"].total == 1001
    assert (result.cart.tax_total, result.cart.item_tax_total, result.cart.total) == (1000, 750, 6001)


def test_tax_25_with_fixed_item_discount_capped_at_the_line():
    # given: p14, fixed 150 per unit, custom shipping price 999
    fixed = DiscountRuleData(id="disc_fixitem", code="FIXITEM", type="fixed", value=150, allocation="item")
    lines = [Line("item_1", 3333, 3), Line("item_2", 100, 1, product_id="prod_test_2")]
    cart = build_cart(lines, discounts=[fixed], shipping_prices=[999], tax_rate=25)
    # when
    result = cart_totals(cart)
    # then
    assert result.items["item_1"] == LineTotals(
        subtotal=9999,
        discount_total=450,
        total=11936,
        original_total=12499,
        original_tax_total=2500,
        tax_total=2387,
        raw_discount_total=450,
    )
    assert result.items["item_2"] == LineTotals(
        subtotal=100,
        discount_total=100,
        total=0,
        original_total=125,
        original_tax_total=25,
        tax_total=0,
        raw_discount_total=100,
    )
    assert result.shipping_methods["sm_0"] == ShippingTotals(
        price=999, original_total=1249, total=1249, subtotal=999, original_tax_total=250, tax_total=250
    )
    assert asdict(result.cart) == {
        "subtotal": 10099,
        "tax_total": 2637,
        "shipping_total": 999,
        "discount_total": 550,
        "gift_card_total": 0,
        "gift_card_tax_total": 0,
        "total": 13185,
        "item_tax_total": 2387,
        "shipping_tax_total": 250,
        "raw_discount_total": 550,
    }


def test_tax_25_with_fixed_total_discount_above_the_subtotal():
    # given: p15, fixed 1000 over a 999 subtotal
    fixed = DiscountRuleData(id="disc_fixtot", code="FIXTOT", type="fixed", value=1000, allocation="total")
    lines = [Line("item_1", 333, 1), Line("item_2", 333, 2, product_id="prod_test_2")]
    cart = build_cart(lines, discounts=[fixed], shipping_prices=[1000], tax_rate=25)
    # when
    result = cart_totals(cart)
    # then
    first, second = result.items["item_1"], result.items["item_2"]
    assert (first.raw_discount_total, second.raw_discount_total) == (333, 666)
    assert (first.tax_total, second.tax_total) == (0, 0)
    assert (first.original_tax_total, second.original_tax_total) == (83, 167)
    assert (first.original_total, second.original_total) == (416, 833)
    assert (first.total, second.total) == (0, 0)
    assert asdict(result.cart) == {
        "subtotal": 999,
        "tax_total": 250,
        "shipping_total": 1000,
        "discount_total": 999,
        "gift_card_total": 0,
        "gift_card_tax_total": 0,
        "total": 1250,
        "item_tax_total": 0,
        "shipping_tax_total": 250,
        "raw_discount_total": 999,
    }


def test_tax_25_with_free_shipping():
    # given: p16, the method's price was set to 0 when the discount was added
    free = DiscountRuleData(id="disc_freeship", code="FREESHIP", type="free_shipping", value=100, allocation="total")
    cart = build_cart([Line("item_1", 8000, 1)], discounts=[free], shipping_prices=[0], tax_rate=25)
    # when
    result = cart_totals(cart)
    # then
    assert cart.items[0].adjustments == ()
    assert (result.items["item_1"].tax_total, result.items["item_1"].total) == (2000, 10000)
    assert result.shipping_methods["sm_0"] == ShippingTotals(
        price=0, original_total=0, total=0, subtotal=0, original_tax_total=0, tax_total=0
    )
    assert (result.cart.tax_total, result.cart.shipping_total, result.cart.total) == (2000, 0, 10000)


def test_free_shipping_zeroes_a_priced_method_but_keeps_its_original_totals():
    # given: a method whose stored price was not reset to 0
    method = ShippingInput(id="sm_1", price=1000, tax_lines=default_tax_lines(25))
    # when
    totals = shipping_method_totals(method, free_shipping=True)
    # then
    assert totals == ShippingTotals(
        price=1000, original_total=1250, total=0, subtotal=0, original_tax_total=250, tax_total=0
    )


def test_big_fixed_discount_takes_the_whole_cart():
    # given: p19, fixed 100000 over an 8000 line in a 25% region
    bigfix = DiscountRuleData(id="disc_bigfix", code="BIGFIX", type="fixed", value=100000, allocation="total")
    cart = build_cart([Line("item_1", 8000, 1)], discounts=[bigfix], shipping_prices=[0], tax_rate=25)
    # when
    result = cart_totals(cart)
    # then
    assert result.items["item_1"] == LineTotals(
        subtotal=8000,
        discount_total=8000,
        total=0,
        original_total=10000,
        original_tax_total=2000,
        tax_total=0,
        raw_discount_total=8000,
    )
    assert (result.cart.discount_total, result.cart.tax_total, result.cart.total) == (8000, 0, 0)


def test_two_percentage_discounts_keep_only_the_first():
    # given: p23, two percentage codes in a 25% region
    tax10 = DiscountRuleData(id="disc_tax10", code="TAX10", type="percentage", value=10, allocation="total")
    tax20 = DiscountRuleData(id="disc_tax20", code="TAX20", type="percentage", value=20, allocation="total")
    cart = build_cart([Line("item_1", 8000, 1)], discounts=[tax10, tax20], shipping_prices=[1000], tax_rate=25)
    # when
    result = cart_totals(cart)
    # then
    assert [d.code for d in cart.discounts] == ["TAX10"]
    assert (result.items["item_1"].tax_total, result.items["item_1"].total) == (1800, 9000)
    assert (result.cart.discount_total, result.cart.tax_total, result.cart.total) == (800, 2050, 10250)


# allocation map


def test_allocation_counts_only_the_first_non_free_shipping_discount_and_manual_adjustments():
    # given: a stale adjustment of another discount, and a manual one (no discount)
    line = LineInput(
        id="item_1",
        unit_price=8000,
        quantity=1,
        allow_discounts=True,
        adjustments=(
            AdjustmentInput("test-discount", 800),
            AdjustmentInput("disc_other", 500),
            AdjustmentInput(None, 100),
        ),
    )
    cart = CartInput(items=(line,), discounts=(FREE_SHIPPING, TEST))
    # when
    result = cart_totals(cart)
    # then
    assert result.items["item_1"].raw_discount_total == 900


def test_allocation_on_a_line_that_does_not_allow_discounts_keeps_manual_adjustments_only():
    # given
    line = LineInput(
        id="item_1",
        unit_price=8000,
        quantity=1,
        allow_discounts=False,
        adjustments=(AdjustmentInput("test-discount", 800), AdjustmentInput(None, 100)),
    )
    # when / then
    assert line_discount_amount(line, "test-discount") == 100


def test_allocation_without_a_discount_never_matches_manual_adjustments_twice():
    # given: no allocated discount, so discount_id None must not count the manual adjustment again
    line = LineInput(
        id="item_1",
        unit_price=8000,
        quantity=1,
        allow_discounts=True,
        adjustments=(AdjustmentInput(None, 100),),
    )
    # when / then
    assert line_discount_amount(line, None) == 100


def test_decimal_adjustment_amounts_are_read_as_the_doubles_v1_stores():
    # given: an amount kept in a DecimalField
    line = LineInput(
        id="item_1",
        unit_price=8000,
        quantity=2,
        allow_discounts=True,
        tax_lines=default_tax_lines(25),
        adjustments=(AdjustmentInput("disc_fixed", Decimal("444.4444444444444")),),
    )
    # when
    totals = line_totals(line, discount_amount=line_discount_amount(line, "disc_fixed"))
    # then
    assert totals.raw_discount_total == 444.4444444444444
    assert totals.tax_total == 3889  # round((16000 - 444.4444444444444) * 0.25) = round(3888.89)


def test_tax_is_computed_on_the_raw_discount():
    # given: a fractional discount; taxing the price less the rounded discount would give another tax
    line = LineInput(
        id="item_1",
        unit_price=1000,
        quantity=1,
        allow_discounts=True,
        tax_lines=default_tax_lines(50),
        adjustments=(AdjustmentInput("disc_1", 1.4),),
    )
    # when
    totals = line_totals(line, discount_amount=1.4)
    # then: round((1000 - 1.4) * 0.5) = round(499.3) = 499, not round(999 * 0.5) = 500
    assert (totals.discount_total, totals.tax_total) == (1, 499)


def test_item_tax_rounds_per_tax_line_and_shipping_tax_rounds_once():
    # given: two 12.5% lines on 1 unit of 1 -> 0.125 each
    two_lines = (TaxLine(12.5, "a", "a"), TaxLine(12.5, "b", "b"))
    item = LineInput(id="item_1", unit_price=4, quantity=1, allow_discounts=True, tax_lines=two_lines)
    method = ShippingInput(id="sm_1", price=4, tax_lines=two_lines)
    # when
    item_totals = line_totals(item)
    method_totals = shipping_method_totals(method)
    # then: item round(0.5) + round(0.5) = 2; shipping round(0.5 + 0.5) = 1
    assert item_totals.tax_total == 2
    assert method_totals.tax_total == 1


# properties

rates = st.sampled_from([0, 5, 12.5, 20, 25, 33.3])


@st.composite
def carts(draw):
    variant_lines = draw(
        st.lists(
            st.tuples(
                st.integers(0, 500_000), st.integers(1, 10), st.booleans(), st.sampled_from(["prod_a", "prod_b"])
            ),
            max_size=5,
        )
    )
    custom_lines = draw(st.lists(st.tuples(st.integers(-5_000, 500_000), st.integers(1, 10)), max_size=2))
    lines = [
        Line(f"item_{i}", price, quantity, allow, product)
        for i, (price, quantity, allow, product) in enumerate(variant_lines)
    ] + [custom_line(f"custom_{i}", price, quantity) for i, (price, quantity) in enumerate(custom_lines)]
    discounts = draw(
        st.lists(
            st.one_of(
                st.builds(
                    DiscountRuleData,
                    id=st.just("disc_pct"),
                    code=st.just("PCT"),
                    type=st.just("percentage"),
                    value=st.integers(0, 100),
                    allocation=st.sampled_from(["total", "item"]),
                ),
                st.builds(
                    DiscountRuleData,
                    id=st.just("disc_fix"),
                    code=st.just("FIX"),
                    type=st.just("fixed"),
                    value=st.integers(0, 3_000_000),
                    allocation=st.sampled_from(["total", "item"]),
                    excluded_products=st.sampled_from([None, frozenset({"prod_b"})]),
                ),
                st.just(FREE_SHIPPING),
            ),
            max_size=3,
        )
    )
    shipping_prices = draw(st.lists(st.integers(0, 10_000), max_size=2))
    return build_cart(lines, discounts=discounts, shipping_prices=shipping_prices, tax_rate=draw(rates))


@settings(max_examples=200, deadline=None)
@given(cart=carts())
def test_totals_add_up(cart):
    # when
    result = cart_totals(cart)
    # then
    totals = result.cart
    assert totals.total == totals.subtotal + totals.shipping_total + totals.tax_total - totals.discount_total
    assert totals.subtotal == sum(item.subtotal for item in result.items.values())
    assert totals.tax_total == totals.item_tax_total + totals.shipping_tax_total
    assert totals.shipping_total == sum(method.subtotal for method in result.shipping_methods.values())
    assert math.isclose(
        totals.raw_discount_total,
        sum(item.raw_discount_total for item in result.items.values()),
        abs_tol=1e-6,
    )
    for item in result.items.values():
        assert item.total == item.subtotal - item.discount_total + item.tax_total


@settings(max_examples=200, deadline=None)
@given(cart=carts())
def test_no_line_discount_exceeds_its_line(cart):
    # when
    result = cart_totals(cart)
    # then
    for line in cart.items:
        totals = result.items[line.id]
        if line.allow_discounts:
            assert 0 <= totals.raw_discount_total <= totals.subtotal
            assert 0 <= totals.discount_total <= totals.subtotal
        else:
            assert totals.raw_discount_total == totals.discount_total == 0
