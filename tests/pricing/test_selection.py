"""The price selection function alone (pricing reference section 4): plain data, no database."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pricing.selection import PriceCandidate, PriceListData, PricingContext, select_price

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
REGION, OTHER_REGION = "reg_usd", "reg_usd_2"
VIP = "cgrp_vip"


def price_list(list_id, type="sale", status="active", starts_at=None, ends_at=None, groups=()):
    return PriceListData(list_id, type, status, starts_at, ends_at, frozenset(groups))


def price(amount, currency="usd", region_id=None, min_quantity=None, max_quantity=None, listed=None, id=None):
    return PriceCandidate(
        id=id or f"ma_{amount}_{min_quantity}", amount=amount, currency_code=currency, region_id=region_id,
        min_quantity=min_quantity, max_quantity=max_quantity, price_list=listed,
    )  # fmt: skip


def context(groups=(), region_id=REGION, currency_code="usd", now=NOW):
    return PricingContext(
        now=now, region_id=region_id, currency_code=currency_code, customer_group_ids=frozenset(groups)
    )


# Worked example A (reference 4.5, files 32-45): a usd variant with tiers, four usable lists and three unusable.
SALE = price_list("pl_sale", "sale")
OVERRIDE = price_list("pl_override", "override")
VIP_LIST = price_list("pl_vip", "override", groups=[VIP])
EXAMPLE_A = (
    price(1000),
    price(900, min_quantity=3, max_quantity=5),
    price(800, min_quantity=6),
    price(950, listed=SALE),
    price(1200, listed=OVERRIDE),
    price(850, listed=VIP_LIST),
    price(600, min_quantity=10, listed=VIP_LIST),
    price(100, listed=price_list("pl_draft", status="draft")),
    price(200, listed=price_list("pl_future", starts_at=NOW + timedelta(days=1))),
    price(300, listed=price_list("pl_expired", ends_at=NOW - timedelta(days=1))),
)


def test_example_a_without_a_quantity_as_get_admin_variants():
    # when
    guest = select_price(EXAMPLE_A, context())
    vip = select_price(EXAMPLE_A, context(groups=[VIP]))
    # then: tiers with a minimum are out; the override list above the variant's price never wins
    assert (guest.calculated_price, guest.calculated_price_type, guest.original_price) == (950, "sale", 1000)
    assert (vip.calculated_price, vip.calculated_price_type, vip.original_price) == (850, "override", 1000)
    # the candidates are the usable ones, whatever their quantity range (file 32: 1000, 900, 800, 950, 1200)
    assert [candidate.amount for candidate in guest.candidates] == [1000, 900, 800, 950, 1200]
    assert [candidate.amount for candidate in vip.candidates] == [1000, 900, 800, 950, 1200, 850, 600]


def test_example_a_for_a_guest_by_quantity():
    assert [select_price(EXAMPLE_A, context(), quantity=q).calculated_price for q in (1, 3, 6)] == [950, 900, 800]


def test_example_a_for_the_vip_by_quantity():
    # at 6 the VIP pays the variant's tier 800, not its group's 850: the lowest wins whatever its origin
    prices = [select_price(EXAMPLE_A, context(groups=[VIP]), quantity=q) for q in (1, 3, 6, 10)]
    assert [p.calculated_price for p in prices] == [850, 850, 800, 600]
    assert [p.calculated_price_type for p in prices] == ["override", "override", "default", "override"]
    assert prices[3].price.price_list == VIP_LIST


def test_a_region_price_is_the_original_price_but_the_lowest_still_wins():
    # files 49-50
    higher = select_price((price(1100, region_id=REGION), price(1000)), context())
    lower = select_price((price(1000), price(700, region_id=REGION)), context(), quantity=1)
    assert (higher.calculated_price, higher.original_price) == (1000, 1100)
    assert (lower.calculated_price, lower.original_price) == (700, 700)


def test_departure_region_prices_in_their_region_not_in_another_of_the_currency():
    # departure "region prices in their region": v1 prices usd region B at region A's 700 (file 51)
    chosen = select_price((price(1000), price(700, region_id=REGION)), context(region_id=OTHER_REGION), quantity=1)
    assert (chosen.calculated_price, chosen.original_price) == (1000, 1000)


def test_another_currency_never_competes_and_a_list_price_alone_prices_a_variant():
    # file 52: no price in the currency; file 53: a usd list price for an eur-only variant
    assert select_price((price(900, currency="eur"),), context(), quantity=1).calculated_price is None
    only_listed = select_price((price(900, currency="eur"), price(500, listed=SALE)), context(), quantity=1)
    assert (only_listed.calculated_price, only_listed.original_price) == (500, None)


def test_departure_deleted_groups_close_their_lists_a_list_of_deleted_groups_prices_no_one():
    # the list still names its (deleted) group, which no customer is in any more
    orphan = price_list("pl_orphan", groups=["cgrp_deleted"])
    assert select_price((price(1000), price(500, listed=orphan)), context(), quantity=1).calculated_price == 1000


def test_window_bounds_are_strict():
    starts_now = price_list("pl_a", starts_at=NOW)
    ends_now = price_list("pl_b", ends_at=NOW)
    assert (
        select_price((price(1000), price(1, listed=starts_now), price(2, listed=ends_now)), context()).calculated_price
        == 1000
    )


def test_zero_bounds_mean_no_bound_and_without_a_quantity_only_a_maximum_fits():
    assert select_price((price(900, min_quantity=0, max_quantity=0),), context(), quantity=7).calculated_price == 900
    candidates = (price(3000), price(2500, min_quantity=10), price(2800, max_quantity=5))
    assert select_price(candidates, context()).calculated_price == 2800


def test_among_equal_amounts_the_first_wins():
    first, second = price(500, id="ma_first", listed=SALE), price(500, id="ma_second")
    assert select_price((first, second), context(), quantity=1).price.id == "ma_first"


def test_with_neither_a_region_nor_a_currency_nothing_is_chosen_but_every_usable_price_is_listed():
    chosen = select_price((price(1000), price(900, currency="eur"), price(100, listed=price_list("d", status="draft"))),
                          context(region_id=None, currency_code=None))  # fmt: skip
    assert (chosen.calculated_price, chosen.original_price) == (None, None)
    assert [candidate.amount for candidate in chosen.candidates] == [1000, 900]


def test_departure_region_prices_in_their_region_not_for_a_currency_alone():
    chosen = select_price((price(1000), price(700, region_id=REGION)), context(region_id=None), quantity=1)
    assert chosen.calculated_price == 1000


# --- properties ----------------------------------------------------------------------------------------------

GROUPS = ("cgrp_a", "cgrp_b", "cgrp_c")
moments = st.one_of(st.none(), st.sampled_from([NOW - timedelta(days=1), NOW, NOW + timedelta(days=1)]))
lists = st.builds(
    PriceListData,
    id=st.sampled_from(["pl_1", "pl_2", "pl_3"]),
    type=st.sampled_from(["sale", "override"]),
    status=st.sampled_from(["active", "draft"]),
    starts_at=moments,
    ends_at=moments,
    customer_group_ids=st.frozensets(st.sampled_from(GROUPS), max_size=2),
)
bounds = st.one_of(st.none(), st.integers(min_value=0, max_value=12))
candidates = st.lists(
    st.builds(
        PriceCandidate,
        id=st.uuids().map(str),
        amount=st.integers(min_value=0, max_value=100_000),
        currency_code=st.sampled_from(["usd", "eur"]),
        region_id=st.sampled_from([None, REGION, OTHER_REGION]),
        min_quantity=bounds,
        max_quantity=bounds,
        price_list=st.one_of(st.none(), lists),
    ),
    max_size=12,
)
contexts = st.builds(
    PricingContext,
    now=st.just(NOW),
    region_id=st.sampled_from([REGION, OTHER_REGION, None]),
    currency_code=st.sampled_from(["usd", "eur"]),
    customer_group_ids=st.frozensets(st.sampled_from(GROUPS), max_size=2),
)
quantities = st.one_of(st.none(), st.integers(min_value=1, max_value=15))


def usable(candidate: PriceCandidate, ctx: PricingContext, quantity) -> bool:
    """The rules restated plainly, to check the function against."""
    listed = candidate.price_list
    if listed is not None:
        if listed.status != "active":
            return False
        if listed.starts_at is not None and not listed.starts_at < ctx.now:
            return False
        if listed.ends_at is not None and not listed.ends_at > ctx.now:
            return False
        if listed.customer_group_ids and not listed.customer_group_ids & ctx.customer_group_ids:
            return False
    if candidate.region_id is not None:
        in_place = candidate.region_id == ctx.region_id
    else:
        in_place = candidate.currency_code == ctx.currency_code
    low, high = candidate.min_quantity or None, candidate.max_quantity or None
    if quantity is None:
        return in_place and low is None
    return in_place and (low is None or low <= quantity) and (high is None or high >= quantity)


@given(candidates=candidates, ctx=contexts, quantity=quantities)
def test_the_chosen_price_is_a_usable_candidate_and_no_usable_one_is_lower(candidates, ctx, quantity):
    # when
    chosen = select_price(candidates, ctx, quantity=quantity)
    # then
    eligible = [candidate for candidate in candidates if usable(candidate, ctx, quantity)]
    if not eligible:
        assert chosen.calculated_price is None and chosen.price is None
        return
    assert chosen.price in candidates and usable(chosen.price, ctx, quantity)
    assert chosen.calculated_price == chosen.price.amount == min(candidate.amount for candidate in eligible)


@given(candidates=candidates, ctx=contexts, quantity=quantities)
def test_an_unusable_list_never_wins(candidates, ctx, quantity):
    # when
    chosen = select_price(candidates, ctx, quantity=quantity)
    # then: no draft list, no list out of its window, no list of other customers' groups
    listed = chosen.price.price_list if chosen.price is not None else None
    if listed is not None:
        assert listed.status == "active"
        assert listed.starts_at is None or listed.starts_at < NOW
        assert listed.ends_at is None or listed.ends_at > NOW
        assert not listed.customer_group_ids or listed.customer_group_ids & ctx.customer_group_ids


@given(candidates=candidates, ctx=contexts)
def test_a_list_that_cannot_be_used_changes_nothing_when_taken_away(candidates, ctx):
    # given
    kept = [c for c in candidates if c.price_list is None or c.price_list.status == "active"]
    # then: draft lists might as well not exist
    assert (
        select_price(candidates, ctx, quantity=1).calculated_price
        == select_price(kept, ctx, quantity=1).calculated_price
    )
