"""The price selection function alone: plain data, no database."""

from products.pricing import Price, select_price

REGION = "reg_eu"
OTHER_REGION = "reg_other"


def pick(prices, quantity=None, region_id=REGION, currency_code="eur"):
    return select_price(prices, region_id=region_id, currency_code=currency_code, quantity=quantity)


def test_no_price_in_the_region_or_its_currency_is_none():
    assert pick([Price("usd", 8000)]) is None
    assert pick([]) is None


def test_currency_price_applies_to_a_region_in_that_currency():
    assert pick([Price("usd", 8000), Price("eur", 7000)]) == 7000


def test_region_price_beats_a_higher_currency_price():
    assert pick([Price("eur", 7000), Price("eur", 6500, region_id=REGION)]) == 6500


def test_lowest_wins_even_over_a_region_price():
    # as v1: a region price is only one candidate; a lower currency price still wins
    assert pick([Price("eur", 6000), Price("eur", 6500, region_id=REGION)]) == 6000


def test_another_regions_price_in_the_same_currency_counts_as_v1():
    assert pick([Price("eur", 7000), Price("eur", 5000, region_id=OTHER_REGION)]) == 5000


def test_region_price_counts_even_in_another_currency():
    assert pick([Price("eur", 7000), Price("dkk", 50, region_id=REGION)]) == 50


def test_other_currency_is_ignored():
    assert pick([Price("usd", 100), Price("eur", 7000)], currency_code="eur") == 7000


def test_quantity_tiers():
    prices = [Price("eur", 3000), Price("eur", 2500, min_quantity=10), Price("eur", 2000, min_quantity=50)]
    assert pick(prices, quantity=1) == 3000
    assert pick(prices, quantity=9) == 3000
    assert pick(prices, quantity=10) == 2500
    assert pick(prices, quantity=49) == 2500
    assert pick(prices, quantity=50) == 2000


def test_max_quantity_bounds_a_price():
    prices = [Price("eur", 3000), Price("eur", 1000, min_quantity=1, max_quantity=2)]
    assert pick(prices, quantity=2) == 1000
    assert pick(prices, quantity=3) == 3000


def test_without_a_quantity_only_prices_without_a_minimum_apply():
    prices = [Price("eur", 3000), Price("eur", 2500, min_quantity=10), Price("eur", 2800, max_quantity=5)]
    assert pick(prices) == 2800


def test_zero_bounds_mean_no_bound_as_v1():
    assert pick([Price("eur", 900, min_quantity=0, max_quantity=0)], quantity=7) == 900
