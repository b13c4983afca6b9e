"""Which tax lines a row gets (pricing reference section 6), checked through the cart's totals engine."""

from carts.totals import AdjustmentInput, CartInput, LineInput, ShippingInput, TaxLine, cart_totals
from discounts.calculations import DiscountRuleData
from pricing.taxes import TaxLineData, TaxRateData, item_tax_lines, price_tax, rates_or_default, shipping_tax_lines

DEFAULT_25 = TaxLineData(rate=25, name="default", code="default")


def rate(rate_id, value, code=None):
    return TaxRateData(id=rate_id, rate=value, name=f"rate {rate_id}", code=code or rate_id.upper())


def test_without_linked_rates_a_row_gets_the_regions_default_line():
    assert item_tax_lines(automatic_taxes=True, region_tax_rate=25) == (DEFAULT_25,)
    assert shipping_tax_lines(automatic_taxes=True, region_tax_rate=25) == (DEFAULT_25,)


def test_product_and_type_rates_replace_the_regions_one_line_each_deduplicated_by_id():
    # given: the same rate linked to the product and to its type counts once
    product_rate, type_rate = rate("txr_p", 12.5), rate("txr_t", 12.5)
    # when
    lines = item_tax_lines(automatic_taxes=True, region_tax_rate=25, rates=[product_rate, type_rate, product_rate])
    # then
    assert lines == (
        TaxLineData(rate=12.5, name="rate txr_p", code="TXR_P"),
        TaxLineData(rate=12.5, name="rate txr_t", code="TXR_T"),
    )


def test_a_null_rate_taxes_at_zero_and_two_rates_with_one_code_both_stay():
    lines = rates_or_default([rate("txr_a", None, "SAME"), rate("txr_b", 10, "SAME")], region_tax_rate=25)
    assert [(line.rate, line.code) for line in lines] == [(0, "SAME"), (10, "SAME")]


def test_a_region_without_automatic_taxes_computes_none():
    persisted = (TaxLine(rate=25, name="default", code="default"),)
    assert item_tax_lines(automatic_taxes=False, region_tax_rate=25, rates=[rate("txr_a", 10)]) == ()
    assert shipping_tax_lines(automatic_taxes=False, region_tax_rate=25, persisted=persisted) == persisted


def test_item_lines_round_per_line_and_shipping_once_file_70():
    # given: 1002 per line (2 × 501) with two 12.5 % rates (product + type), shipping 1002 with two 12.5 % option
    # rates, and a 1002 line taxed at the region's 25 %
    two_rates = [rate("txr_p", 12.5), rate("txr_t", 12.5)]
    line_lines = item_tax_lines(automatic_taxes=True, region_tax_rate=25, rates=two_rates)
    default_lines = item_tax_lines(automatic_taxes=True, region_tax_rate=25)
    option_lines = shipping_tax_lines(automatic_taxes=True, region_tax_rate=25, option_rates=two_rates)
    cart = CartInput(
        items=(
            LineInput(id="a", unit_price=501, quantity=2, allow_discounts=True, tax_lines=line_lines),
            LineInput(id="b", unit_price=1002, quantity=1, allow_discounts=True, tax_lines=default_lines),
        ),
        shipping_methods=(ShippingInput(id="sm", price=1002, tax_lines=option_lines),),
    )
    # when
    totals = cart_totals(cart)
    # then: round(125.25) + round(125.25) = 250 for the item, round(250.5) = 251 for shipping
    assert totals.items["a"].tax_total == 250
    assert totals.items["b"].tax_total == 251
    assert totals.shipping_methods["sm"].tax_total == 251
    assert (totals.cart.tax_total, totals.cart.total) == (752, 2004 + 1002 + 752)


def test_a_product_rate_with_a_percentage_discount_file_71():
    # given: 8000 at a 10 % product rate, PCT10 (adjustment 800), shipping 1000 at the region's 25 %
    lines = item_tax_lines(automatic_taxes=True, region_tax_rate=25, rates=[rate("txr_p", 10)])
    discount = DiscountRuleData(id="disc", code="PCT10", type="percentage", value=10, allocation="total")
    cart = CartInput(
        items=(
            LineInput(
                id="a",
                unit_price=8000,
                quantity=1,
                allow_discounts=True,
                tax_lines=lines,
                adjustments=(AdjustmentInput(discount_id="disc", amount=800),),
            ),
        ),  # fmt: skip
        shipping_methods=(
            ShippingInput(id="sm", price=1000, tax_lines=shipping_tax_lines(automatic_taxes=True, region_tax_rate=25)),
        ),
        discounts=(discount,),
    )
    # when
    totals = cart_totals(cart)
    # then
    assert (totals.items["a"].tax_total, totals.items["a"].original_tax_total, totals.items["a"].total) == (
        720,
        800,
        7920,
    )
    assert totals.cart.total == 9170


def test_price_tax_sums_the_rates_then_rounds_once():
    # 2000 at the default 25 % (file 34); 1002 at 12.5 % + 12.5 % rounds once to 251
    assert price_tax(2000, [DEFAULT_25]) == 500
    assert price_tax(1002, [TaxLineData(12.5, "a", "A"), TaxLineData(12.5, "b", "B")]) == 251
    assert price_tax(1000, [TaxLineData(0, "null", "NULL")]) == 0
