"""`GET /admin/variants` with a pricing context, and the candidate fetch behind every pricing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pricing.selectors import tax_rates_for_products, tax_rates_for_shipping_options, variant_pricing
from pricing.services import price_list_create, tax_rate_create
from tests.factories import RegionFactory, ShippingOptionFactory, currency
from tests.pricing.helpers import product_with_prices, vip_customer

pytestmark = pytest.mark.django_db

PRICED_KEYS = ["original_price", "calculated_price", "calculated_price_type", "original_price_incl_tax"]
PRICED_KEYS += ["calculated_price_incl_tax", "original_tax", "calculated_tax", "tax_rates"]


def example_a():
    """Worked example A (reference 4.5): a usd variant with tiers and lists; returns (region, variant, vip)."""
    region = RegionFactory(currency=currency("usd"), tax_rate=0)
    variant = product_with_prices(
        prices=[
            {"currency_code": "usd", "amount": 1000},
            {"currency_code": "usd", "amount": 900, "min_quantity": 3, "max_quantity": 5},
            {"currency_code": "usd", "amount": 800, "min_quantity": 6},
        ]
    )
    group, vip = vip_customer()
    now = timezone.now()

    def listed(amount, **fields):
        fields = {"type": "sale", "status": "active", **fields}
        prices = [{"variant_id": variant.id, "currency_code": "usd", "amount": amount, **fields.pop("tier", {})}]
        return price_list_create(name=f"list {amount}", description="acceptance", prices=prices, **fields)

    listed(950)
    listed(1200, type="override")
    vip_list = listed(850, type="override", customer_groups=[group.id])
    price_list_create(
        name="vip tier", description="", type="override", status="active", customer_groups=[group.id],
        prices=[{"variant_id": variant.id, "currency_code": "usd", "amount": 600, "min_quantity": 10}],
    )  # fmt: skip
    listed(100, status="draft")
    listed(200, starts_at=now + timedelta(days=1))
    listed(300, ends_at=now - timedelta(days=1))
    return region, variant, vip, vip_list


def test_a_guest_gets_the_sale_price_and_the_usable_candidates(api):
    # given
    region, variant, _, _ = example_a()
    # when: file 32
    response = api.get("/admin/variants", {"id": variant.id, "region_id": region.id})
    # then
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["variants", "count"]
    entry = body["variants"][0]
    assert list(entry)[-8:] == PRICED_KEYS
    assert "variant_rank" not in entry and "profile" not in entry["product"]
    assert {key: entry[key] for key in PRICED_KEYS} == {
        "original_price": 1000,
        "calculated_price": 950,
        "calculated_price_type": "sale",
        "original_price_incl_tax": 1000,
        "calculated_price_incl_tax": 950,
        "original_tax": 0,
        "calculated_tax": 0,
        "tax_rates": [{"rate": 0, "name": "default", "code": "default"}],
    }
    assert [price["amount"] for price in entry["prices"]] == [1000, 900, 800, 950, 1200]
    listed = entry["prices"][3]
    assert listed["price_list"]["type"] == "sale" and listed["price_list_id"] == listed["price_list"]["id"]
    assert entry["prices"][0]["price_list"] is None


def test_a_member_gets_the_groups_list(api):
    # given
    region, variant, vip, _ = example_a()
    # when: file 33
    response = api.get("/admin/variants", {"id": variant.id, "region_id": region.id, "customer_id": vip.id})
    # then
    entry = response.json()["variants"][0]
    assert (entry["calculated_price"], entry["calculated_price_type"]) == (850, "override")
    assert [price["amount"] for price in entry["prices"]] == [1000, 900, 800, 950, 1200, 850, 600]


def test_departure_no_stale_prices_a_taxed_region_adds_the_tax_of_the_products_current_rates(api):
    # given: file 34 (the region's 25 %), then a 10 % product rate
    region = RegionFactory(currency=currency("dkk"), tax_rate=25)
    variant = product_with_prices(prices=[{"currency_code": "dkk", "amount": 2000}])
    default = api.get("/admin/variants", {"id": variant.id, "region_id": region.id}).json()["variants"][0]
    tax_rate_create(code="RED", name="reduced", region_id=region.id, rate=10, products=[variant.product_id])
    # when
    reduced = api.get("/admin/variants", {"id": variant.id, "region_id": region.id}).json()["variants"][0]
    # then: the next read sees the new rate (departure "no stale prices": v1 caches it 30 s)
    assert (default["calculated_tax"], default["calculated_price_incl_tax"]) == (500, 2500)
    assert (reduced["calculated_tax"], reduced["calculated_price_incl_tax"]) == (200, 2200)
    assert reduced["tax_rates"] == [{"rate": 10, "name": "reduced", "code": "RED"}]


def test_departure_no_stale_prices_a_new_list_prices_the_next_read(api):
    # given: v1 answers the cached 1000 for 30 s after a list at 500 is made (files 57-58)
    region = RegionFactory(currency=currency("usd"), tax_rate=0)
    variant = product_with_prices()
    before = api.get("/admin/variants", {"id": variant.id, "region_id": region.id}).json()["variants"][0]
    price_list_create(
        name="sale", description="", type="sale", status="active",
        prices=[{"variant_id": variant.id, "currency_code": "usd", "amount": 500}],
    )  # fmt: skip
    # when
    after = api.get("/admin/variants", {"id": variant.id, "region_id": region.id}).json()["variants"][0]
    # then
    assert (before["calculated_price"], after["calculated_price"]) == (1000, 500)


def test_departure_deleted_groups_close_their_lists(api):
    # given: a group list at 500; v1, once the group is deleted, prices everyone at 500 (file 56)
    region = RegionFactory(currency=currency("usd"), tax_rate=0)
    variant = product_with_prices()
    group, member = vip_customer()
    price_list_create(
        name="vip", description="", type="override", status="active", customer_groups=[group.id],
        prices=[{"variant_id": variant.id, "currency_code": "usd", "amount": 500}],
    )  # fmt: skip
    member_before = api.get("/admin/variants", {"id": variant.id, "region_id": region.id, "customer_id": member.id})
    # when
    api.delete(f"/admin/customer-groups/{group.id}")
    # then
    query = {"id": variant.id, "region_id": region.id}
    guest = api.get("/admin/variants", query).json()["variants"][0]
    member_after = api.get("/admin/variants", {**query, "customer_id": member.id}).json()["variants"][0]
    assert member_before.json()["variants"][0]["calculated_price"] == 500
    assert (guest["calculated_price"], member_after["calculated_price"]) == (1000, 1000)


def test_departure_variant_taxes_per_product(api):
    # given: two products at different rates; v1 taxes every variant at the first one's product rates
    region = RegionFactory(currency=currency("usd"), tax_rate=25)
    book, pen = product_with_prices(title="Book"), product_with_prices(title="Pen")
    tax_rate_create(code="BOOKS", name="books", region_id=region.id, rate=10, products=[book.product_id])
    # when
    response = api.get(f"/admin/variants?id[]={book.id}&id[]={pen.id}&region_id={region.id}")
    # then
    taxes = {entry["id"]: entry["calculated_tax"] for entry in response.json()["variants"]}
    assert taxes == {book.id: 100, pen.id: 250}


def test_a_currency_alone_prices_without_taxes(api):
    # given
    _, variant, _, _ = example_a()
    # when
    entry = api.get("/admin/variants", {"id": variant.id, "currency_code": "usd"}).json()["variants"][0]
    # then
    assert (entry["calculated_price"], entry["original_price"]) == (950, 1000)
    assert (entry["calculated_tax"], entry["tax_rates"]) == (None, None)


def test_a_region_without_automatic_taxes_shows_no_taxes(api):
    # given
    region = RegionFactory(currency=currency("dkk"), tax_rate=25, automatic_taxes=False)
    variant = product_with_prices(prices=[{"currency_code": "dkk", "amount": 2000}])
    # when
    entry = api.get("/admin/variants", {"id": variant.id, "region_id": region.id}).json()["variants"][0]
    # then
    assert (entry["calculated_price"], entry["calculated_tax"], entry["tax_rates"]) == (2000, None, None)


def test_an_unknown_region_is_not_found(api):
    # when
    response = api.get("/admin/variants", {"region_id": "nope"})
    # then
    assert (response.status_code, response.json()) == (
        404,
        {"type": "not_found", "message": "Region with nope was not found"},
    )


def test_filters_and_paging(api):
    # given
    shirt = product_with_prices(title="Shirt")
    product_with_prices(title="Mug")
    # when
    by_title = api.get("/admin/variants", {"title": "pv", "limit": 1}).json()
    by_id = api.get(f"/admin/variants?id[]={shirt.id}").json()
    # then
    assert (by_title["count"], len(by_title["variants"])) == (2, 1)
    assert [entry["id"] for entry in by_id["variants"]] == [shirt.id]
    assert by_id["variants"][0]["calculated_price"] is None  # no region, no currency: nothing chosen


def test_the_variant_list_query_count_does_not_grow_with_the_page(api, django_assert_max_num_queries):
    # given
    region = RegionFactory(currency=currency("usd"), tax_rate=10)
    variants = [product_with_prices(title=f"P{index}") for index in range(15)]
    price_list_create(
        name="sale", description="", type="sale", status="active",
        prices=[{"variant_id": v.id, "currency_code": "usd", "amount": 500} for v in variants],
    )  # fmt: skip
    # when / then: user, page, option values, region, own prices, list prices, list groups, product types,
    # product rates, type rates, count
    with django_assert_max_num_queries(11):
        response = api.get("/admin/variants", {"region_id": region.id})
    assert [entry["calculated_price"] for entry in response.json()["variants"]] == [500] * 15


# --- the fetch behind every pricing --------------------------------------------------------------------------


def many_lists(variant_count: int, list_count: int):
    region = RegionFactory(currency=currency("usd"), tax_rate=25)
    group, customer = vip_customer()
    variants = [product_with_prices(title=f"P{index}") for index in range(variant_count)]
    for index in range(list_count):
        price_list_create(
            name=f"L{index}", description="", type="sale", status="active",
            customer_groups=[group.id] if index % 2 else [],
            prices=[{"variant_id": v.id, "currency_code": "usd", "amount": 900 - index} for v in variants],
        )  # fmt: skip
    return region, customer, variants


@pytest.mark.parametrize(("variant_count", "list_count"), [(1, 1), (50, 20)])
def test_the_candidates_of_a_whole_cart_cost_four_queries(django_assert_max_num_queries, variant_count, list_count):
    # given
    region, customer, variants = many_lists(variant_count, list_count)
    # when: the variants' own prices, the lists' prices with their lists, their groups, the customer's groups (only
    # when a list names a group)
    with django_assert_max_num_queries(4):
        pricing = variant_pricing(
            [v.id for v in variants], region_id=region.id, currency_code="usd", customer_id=customer.id
        )
    # then: the lowest list (a group list for the member) prices every variant
    lowest = 900 - (list_count - 1)
    assert {pricing.select(v.id, quantity=1).calculated_price for v in variants} == {lowest}


@pytest.mark.parametrize("product_count", [1, 30])
def test_the_tax_rates_of_a_whole_cart_cost_four_queries(django_assert_num_queries, product_count):
    # given
    region = RegionFactory(tax_rate=25)
    variants = [product_with_prices(title=f"P{index}", type={"value": "T"}) for index in range(product_count)]
    products = [v.product_id for v in variants]
    option = ShippingOptionFactory(region=region)
    tax_rate_create(code="P", name="p", region_id=region.id, rate=10, products=products)
    tax_rate_create(code="T", name="t", region_id=region.id, rate=5, product_types=[variants[0].product.type_id])
    tax_rate_create(code="S", name="s", region_id=region.id, rate=20, shipping_options=[option.id])
    # when: product types, product rates, type rates; option rates
    with django_assert_num_queries(4):
        by_product = tax_rates_for_products(products, region_id=region.id)
        by_option = tax_rates_for_shipping_options([option.id])
    # then
    assert {tuple(rate.code for rate in rates) for rates in by_product.values()} == {("P", "T")}
    assert [rate.code for rate in by_option[option.id]] == ["S"]


def test_rates_of_another_region_are_ignored():
    # given: file 73
    region, other = RegionFactory(tax_rate=25), RegionFactory(tax_rate=25)
    variant = product_with_prices()
    tax_rate_create(code="ELSEWHERE", name="x", region_id=other.id, rate=10, products=[variant.product_id])
    # then
    assert tax_rates_for_products([variant.product_id], region_id=region.id) == {}
