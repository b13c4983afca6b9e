"""POST /admin/draft-orders/:id: v1's T25–T26 and update probes (reference "acceptance tests", "observed probes"
and "update").

With the departures "update takes shipping methods" (they replace the draft's methods), "update takes metadata"
(merged into the draft order's) and "fresh update response" (it shows the values after the update).
"""

import pytest
from django.db import connection

from carts.models import LineItem
from customers.models import Address, Customer
from draft_orders.models import DraftOrder
from products.models import MoneyAmount
from tests.budget import budget
from tests.draft_orders.helpers import (
    address_values,
    assert_observed_error,
    assert_own_copy,
    cart_money,
    create_draft_order,
    custom_items_taxed,
    draft_order_body,
    lines_sorted,
    observed,
)
from tests.factories import RegionFactory, ShippingOptionFactory
from tests.seed import t1_body

pytestmark = pytest.mark.django_db

SEED = "test-draft-order"
LEBRON_ADDRESS = {
    "first_name": "lebron",
    "last_name": "james",
    "address_1": "hollywood boulevard 1",
    "city": "hollywood",
    "country_code": "us",
    "postal_code": "2100",
}


def update(api, draft_order_id: str, body: dict):
    return api.post(f"/admin/draft-orders/{draft_order_id}", body, format="json")


def draft_of(response) -> dict:
    assert response.status_code == 200, response.json()
    return response.json()["draft_order"]


# --- v1's integration tests T25–T26 -------------------------------------------------------------------------


def test_t25_updates_email_addresses_and_discounts(api, seed):
    # given: the seeded draft holds oli-shipping, as v1's fixture makes it
    oli_shipping = Address.objects.filter(pk="oli-shipping").values().get()

    # when
    response = update(
        api,
        SEED,
        {
            "email": "lebron@james.com",
            "billing_address": LEBRON_ADDRESS,
            "shipping_address": LEBRON_ADDRESS,
            "discounts": [{"code": "TEST"}],
        },
    )

    # then: the customer is the one with that email; the changes merged into the cart's own copy of oli-shipping
    # (departure "a draft's addresses are its own": v1 merges them into oli-shipping itself), a new billing address
    cart = draft_of(response)["cart"]
    expected = observed("it25_update")["draft_order"]["cart"]
    assert cart_money(cart) == cart_money(expected)
    assert cart["total"] == 7200
    assert (cart["email"], cart["customer_id"], cart["customer"]["email"]) == (
        "lebron@james.com",
        "lebron-james",
        "lebron@james.com",
    )
    assert cart["shipping_address"]["id"] == cart["shipping_address_id"] != "oli-shipping"
    assert address_values(cart["shipping_address"]) == address_values(expected["shipping_address"])
    assert cart["billing_address"]["id"].startswith("addr_")
    assert address_values(cart["billing_address"]) == address_values(expected["billing_address"])
    assert cart["billing_address"]["country"] == expected["billing_address"]["country"]
    assert Address.objects.filter(pk="oli-shipping").values().get() == oli_shipping


def test_t26_discounts_are_replaced_and_an_empty_list_removes_them(api, seed):
    # when
    with_discount = update(api, SEED, {"discounts": [{"code": "TEST"}]})
    without = update(api, SEED, {"discounts": []})

    # then
    assert draft_of(with_discount)["cart"]["total"] == 7200
    assert cart_money(draft_of(with_discount)["cart"]) == cart_money(
        observed("it26_update_disc")["draft_order"]["cart"]
    )
    assert draft_of(without)["cart"]["total"] == 8000
    assert cart_money(draft_of(without)["cart"]) == cart_money(observed("it26_update_nodisc")["draft_order"]["cart"])
    assert draft_order_body(api, SEED)["draft_order"]["cart"]["items"][0]["adjustments"] == []


def test_discounts_replace_what_was_there_and_restore_the_shipping_price(api, seed):
    # given: TEST on a draft with test-option
    draft_order = create_draft_order(api, t1_body(discounts=[{"code": "TEST"}]))

    # when
    free = update(api, draft_order["id"], {"discounts": [{"code": "FREE-SHIPPING"}]})

    # then: only FREE-SHIPPING; the method costs 0, the lines have no adjustment
    cart = draft_of(free)["cart"]
    assert [discount["code"] for discount in cart["discounts"]] == ["FREE-SHIPPING"]
    assert [method["price"] for method in cart["shipping_methods"]] == [0]
    assert (cart["discount_total"], cart["shipping_total"], cart["total"]) == (0, 0, 16000)

    # when
    none = update(api, draft_order["id"], {"discounts": []})

    # then: the option's price is back
    cart = draft_of(none)["cart"]
    assert [method["price"] for method in cart["shipping_methods"]] == [1000]
    assert (cart["discounts"], cart["shipping_total"], cart["total"]) == ([], 1000, 17000)


# --- customer and email -----------------------------------------------------------------------------------------


def test_p22_customer_id_switches_the_customer_and_reprices_variant_lines(api, seed):
    # given: a variant line at a price given at create, and a custom line
    draft_order = create_draft_order(
        api,
        t1_body(
            items=[{"quantity": 1, "unit_price": 7}, {"variant_id": "test-variant", "quantity": 1, "unit_price": 5}],
            shipping_methods=[],
        ),
    )

    # when
    response = update(api, draft_order["id"], {"customer_id": "lebron-james"})

    # then: v1 re-prices the variant line (5 -> 8000) and keeps the custom one
    cart = draft_of(response)["cart"]
    assert (cart["customer_id"], cart["email"]) == ("lebron-james", "lebron@james.com")
    expected = custom_items_taxed(cart_money(observed("p22_customer_change")["draft_order"]["cart"]))
    assert lines_sorted(cart_money(cart)) == lines_sorted(expected)


def test_an_unknown_customer_id_is_404_and_changes_nothing(api, seed):
    # given
    before = draft_order_body(api, SEED)

    # when: with fields the service would write before it looks the customer up
    response = update(api, SEED, {"no_notification_order": True, "metadata": {"a": 1}, "customer_id": "nope"})

    # then
    assert (response.status_code, response.json()) == (
        404,
        {"type": "not_found", "message": "Customer with id: nope was not found"},
    )
    assert draft_order_body(api, SEED) == before


def test_a_new_email_makes_a_guest_customer(api, seed):
    # when
    response = update(api, SEED, {"email": "Fresh.Guest@X.dk"})

    # then
    cart = draft_of(response)["cart"]
    customer = Customer.objects.get(pk=cart["customer_id"])
    assert (cart["email"], customer.email, customer.has_account) == ("fresh.guest@x.dk", "fresh.guest@x.dk", False)
    assert cart["customer_id"].startswith("cus_")


def test_v52_a_bad_email_is_refused(api, seed):
    # when
    response = update(api, SEED, {"email": "bad"})

    # then
    assert_observed_error(response, "v52_update_email_bad")


# --- region -----------------------------------------------------------------------------------------------------


def test_c07_a_region_without_the_variants_price_drops_the_line(api, seed):
    # when
    response = update(api, SEED, {"region_id": "test-region-2", "country_code": "de"})

    # then: test-variant has no eur price; the shipping address moves to de
    cart = draft_of(response)["cart"]
    expected = observed("c07_update_country_code")["draft_order"]["cart"]
    assert cart_money(cart) == cart_money(expected)
    assert (cart["region_id"], cart["items"]) == ("test-region-2", [])
    assert not LineItem.objects.filter(cart_id=cart["id"]).exists()  # the line is gone, its adjustments with it
    connection.check_constraints()
    assert cart["shipping_address"]["id"] != "oli-shipping"  # the cart's own copy took the country
    assert Address.objects.get(pk="oli-shipping").country_id == "us"
    assert address_values(cart["shipping_address"]) == address_values(expected["shipping_address"])
    assert cart["shipping_address"]["country"]["iso_2"] == "de"


@pytest.fixture
def usd_region_2(seed):
    """Another usd region (Canada) with its own shipping option, for the region-change probe p21."""
    region = RegionFactory(id="usd-region-2", name="USD Region 2", countries=["ca"])
    ShippingOptionFactory(id="ca-option", region=region, amount=700)
    return region


def test_p21_a_region_change_reprices_variant_lines_and_drops_the_old_regions_methods(api, usd_region_2):
    # given: a variant line at 5 and a custom line at 7, in Canada, shipped with the Canadian option
    draft_order = create_draft_order(
        api,
        t1_body(
            region_id="usd-region-2",
            shipping_address=None,
            items=[{"quantity": 1, "unit_price": 7}, {"variant_id": "test-variant", "quantity": 1, "unit_price": 5}],
            shipping_methods=[{"option_id": "ca-option"}],
        ),
    )

    # when
    response = update(api, draft_order["id"], {"region_id": "test-region"})

    # then: the variant line at test-region's price, the custom line as it was, the methods gone, the address in us
    cart = draft_of(response)["cart"]
    expected = custom_items_taxed(cart_money(observed("p21_region_change")["draft_order"]["cart"]))
    assert lines_sorted(cart_money(cart)) == lines_sorted(expected)
    assert cart["shipping_methods"] == []
    assert (cart["region_id"], cart["shipping_address"]["country_code"]) == ("test-region", "us")


def test_a_region_change_drops_discounts_not_valid_in_the_new_region(api, seed):
    # given: TEST is valid in test-region only
    draft_order = create_draft_order(
        api, t1_body(items=[{"quantity": 2, "unit_price": 100}], discounts=[{"code": "TEST"}], shipping_methods=[])
    )

    # when
    response = update(api, draft_order["id"], {"region_id": "test-region-2", "country_code": "de"})

    # then
    cart = draft_of(response)["cart"]
    assert (cart["discounts"], cart["subtotal"], cart["total"]) == ([], 200, 200)


@pytest.mark.parametrize(
    "body",
    [
        {"region_id": "test-region-2", "country_code": "us"},
        {"region_id": "test-region-2", "shipping_address": {"country_code": "us"}},
    ],
)
def test_a_country_outside_the_new_region_is_refused(api, seed, body):
    # given
    before = draft_order_body(api, SEED)

    # when
    response = update(api, SEED, body)

    # then
    assert (response.status_code, response.json()) == (
        400,
        {"type": "not_allowed", "message": "Country not available in region"},
    )
    assert draft_order_body(api, SEED) == before


def test_an_unknown_region_is_404(api, seed):
    # given
    before = draft_order_body(api, SEED)

    # when
    response = update(api, SEED, {"region_id": "nope"})

    # then
    assert (response.status_code, response.json()) == (
        404,
        {"type": "not_found", "message": "Region with nope was not found"},
    )
    assert draft_order_body(api, SEED) == before


def test_a_region_change_prices_lines_from_the_new_regions_currency(api, seed):
    # given: test-variant-2 also sells in eur
    MoneyAmount.objects.create(variant_id="test-variant-2", currency_id="eur", amount=9000)
    draft_order = create_draft_order(
        api, t1_body(items=[{"variant_id": "test-variant-2", "quantity": 1}], shipping_methods=[])
    )

    # when
    response = update(api, draft_order["id"], {"region_id": "test-region-2", "country_code": "de"})

    # then
    cart = draft_of(response)["cart"]
    assert [(item["variant_id"], item["unit_price"]) for item in cart["items"]] == [("test-variant-2", 9000)]
    assert cart["total"] == 9000


# --- addresses --------------------------------------------------------------------------------------------------


def test_a_string_gives_the_draft_a_copy_of_that_address(api, seed):
    # given: a draft with a shipping address of its own
    draft_order = create_draft_order(api, t1_body(shipping_address={"first_name": "kap", "country_code": "us"}))
    own = draft_order["cart"]["shipping_address"]["id"]

    # when
    response = update(api, draft_order["id"], {"shipping_address": "oli-shipping", "billing_address": "oli-shipping"})

    # then: two copies of oli-shipping, one each (departure "a draft's addresses are its own": v1 links the row
    # itself); the draft's former address row is untouched
    cart = draft_of(response)["cart"]
    assert_own_copy(cart["shipping_address"], "oli-shipping")
    assert_own_copy(cart["billing_address"], "oli-shipping")
    assert len({cart["shipping_address_id"], cart["billing_address_id"], own}) == 3
    assert Address.objects.get(pk=own).first_name == "kap"


def test_an_address_object_merges_into_the_carts_own_address(api, seed):
    # given: a draft made from oli-shipping holds a copy of its own
    draft_order = create_draft_order(api, t1_body())
    own = draft_order["cart"]["shipping_address"]["id"]

    # when
    response = update(api, draft_order["id"], {"shipping_address": {"city": "Copenhagen"}})

    # then: the copy keeps its id and its other fields; oli-shipping is unchanged
    address = draft_of(response)["cart"]["shipping_address"]
    assert (address["id"], address["first_name"], address["last_name"], address["city"], address["country_code"]) == (
        own,
        "oli",
        "test",
        "Copenhagen",
        "us",
    )
    assert Address.objects.get(pk="oli-shipping").city is None


def test_c08_a_shipping_country_outside_the_region_is_refused(api, seed):
    # given
    before = draft_order_body(api, SEED)

    # when
    response = update(api, SEED, {"shipping_address": {"country_code": "de"}})

    # then
    assert_observed_error(response, "c08_update_addr_wrong_country")
    assert draft_order_body(api, SEED) == before


def test_c05_an_unknown_address_id_is_404(api, seed):
    # given: v1 fails with a TypeError and a 500 (c05); departure "unknown addresses"
    before = draft_order_body(api, SEED)

    # when
    response = update(api, SEED, {"shipping_address": "nope-addr"})

    # then
    assert (response.status_code, response.json()) == (
        404,
        {"type": "not_found", "message": "Address with id nope-addr was not found"},
    )
    assert draft_order_body(api, SEED) == before


# --- discounts --------------------------------------------------------------------------------------------------


def test_c06_an_unknown_discount_is_404_and_changes_nothing(api, seed):
    # given
    before = draft_order_body(api, SEED)
    customers = Customer.objects.count()

    # when: with an email that would make a new customer first
    response = update(api, SEED, {"email": "someone@new.dk", "discounts": [{"code": "NOPE"}]})

    # then
    assert_observed_error(response, "c06_update_bad_discount")
    assert draft_order_body(api, SEED) == before
    assert Customer.objects.count() == customers


# --- the draft order's own fields: departures "update takes metadata" and "fresh update response" -----------------


def test_departure_fresh_update_response_v53_shows_the_new_no_notification_order(api, seed):
    # when: v1's response shows the old null (v53), only its GET the new value (v53b)
    response = update(api, SEED, {"no_notification_order": True})

    # then
    assert draft_of(response)["no_notification_order"] is True
    body = draft_order_body(api, SEED)
    assert body["draft_order"]["no_notification_order"] is observed("v53b_get")["draft_order"]["no_notification_order"]
    assert body["draft_order"] == draft_of(response)


def test_departure_update_takes_metadata_c09_merged_into_the_draft_orders(api, seed):
    # given: v1 rejects metadata on update (c09)
    first = update(api, SEED, {"metadata": {"a": 1, "b": "x"}})
    assert draft_of(first)["metadata"] == {"a": 1, "b": "x"}

    # when
    response = update(api, SEED, {"metadata": {"b": "", "c": [1]}})

    # then: merged, "" removes a key; the cart's metadata is left alone
    assert draft_of(response)["metadata"] == {"a": 1, "c": [1]}
    assert DraftOrder.objects.get(pk=SEED).metadata == {"a": 1, "c": [1]}
    assert draft_of(response)["cart"]["metadata"] == {"draft_order_id": "test-draft-order"}


def test_v30_v31_unknown_draft_order_and_unknown_field(api, seed):
    # when
    missing = update(api, "nope", {"email": "a@b.dk"})
    unknown = update(api, SEED, {"status": "completed"})

    # then
    assert_observed_error(missing, "v30_update_missing")
    assert_observed_error(unknown, "v31_update_unknown")


# --- shipping methods: departure "update takes shipping methods" -------------------------------------------------


def test_departure_update_takes_shipping_methods_they_replace_the_drafts_methods(api, seed):
    # given: test-option at 1000
    draft_order = create_draft_order(api, t1_body())

    # when
    response = update(
        api, draft_order["id"], {"shipping_methods": [{"option_id": "test-option-req", "data": {"a": 1}}]}
    )

    # then
    cart = draft_of(response)["cart"]
    assert [(m["shipping_option_id"], m["price"], m["data"]) for m in cart["shipping_methods"]] == [
        ("test-option-req", 1000, {"a": 1})
    ]
    assert (cart["shipping_total"], cart["total"]) == (1000, 17000)
    assert {item["has_shipping"] for item in cart["items"]} == {True}


def test_shipping_methods_with_a_price_and_an_empty_list(api, seed):
    # given
    draft_order = create_draft_order(api, t1_body(shipping_methods=[{"option_id": "test-option", "price": 200}]))

    # when: a new custom price replaces the old one
    priced = update(api, draft_order["id"], {"shipping_methods": [{"option_id": "test-option", "price": 300}]})

    # then
    assert [m["price"] for m in draft_of(priced)["cart"]["shipping_methods"]] == [300]
    assert draft_of(priced)["cart"]["total"] == 16300

    # when
    emptied = update(api, draft_order["id"], {"shipping_methods": []})

    # then
    cart = draft_of(emptied)["cart"]
    assert (cart["shipping_methods"], cart["shipping_total"], cart["total"]) == ([], 0, 16000)
    assert {item["has_shipping"] for item in cart["items"]} == {False}


def test_replacement_methods_are_free_under_a_free_shipping_discount(api, seed):
    # given
    draft_order = create_draft_order(api, t1_body(discounts=[{"code": "FREE-SHIPPING"}]))

    # when
    response = update(api, draft_order["id"], {"shipping_methods": [{"option_id": "test-option-req"}]})

    # then
    cart = draft_of(response)["cart"]
    assert [m["price"] for m in cart["shipping_methods"]] == [0]
    assert (cart["shipping_total"], cart["total"]) == (0, 16000)


@pytest.mark.parametrize(
    ("methods", "status", "error"),
    [
        (
            [{"option_id": "test-option-req"}],
            400,
            {"type": "not_allowed", "message": "The Cart does not satisfy the shipping option's requirements"},
        ),
        ([{"option_id": "nope"}], 404, {"type": "not_found", "message": "Shipping Option with nope was not found"}),
        (
            [{"option_id": "other-region-option"}],
            400,
            {"type": "invalid_data", "message": "The shipping option is not available in the cart's region"},
        ),
        (
            [{"option_id": "test-option", "price": 5}, {"option_id": "test-option-req"}],
            400,
            {"type": "invalid_data", "message": "Wrong shipping option"},
        ),
    ],
    ids=["requirement", "unknown", "other-region", "mixed-prices"],
)
def test_refused_shipping_methods_change_nothing(api, seed, methods, status, error):
    # given: a subtotal of 1, below test-option-req's minimum of 10
    ShippingOptionFactory(id="other-region-option", region=seed.region_2)
    draft_order = create_draft_order(api, t1_body(items=[{"quantity": 1, "unit_price": 1}]))
    before = draft_order_body(api, draft_order["id"])

    # when
    response = update(api, draft_order["id"], {"shipping_methods": methods})

    # then
    assert (response.status_code, response.json()) == (status, error)
    assert draft_order_body(api, draft_order["id"]) == before


def test_a_refused_update_writes_none_of_its_fields(api, seed):
    # given
    draft_order = create_draft_order(api, t1_body(items=[{"quantity": 1, "unit_price": 1}]))
    before = draft_order_body(api, draft_order["id"])

    # when: everything valid except the method's requirement
    response = update(
        api,
        draft_order["id"],
        {
            "email": "lebron@james.com",
            "shipping_address": {"city": "Aarhus"},
            "billing_address": LEBRON_ADDRESS,
            "discounts": [{"code": "FREE-SHIPPING"}],
            "no_notification_order": True,
            "metadata": {"a": 1},
            "shipping_methods": [{"option_id": "test-option-req"}],
        },
    )

    # then
    assert (response.status_code, response.json()) == (
        400,
        {"type": "not_allowed", "message": "The Cart does not satisfy the shipping option's requirements"},
    )
    assert draft_order_body(api, draft_order["id"]) == before


# --- query budget: the same whatever the number of lines -------------------------------------------------------

# measured: 11–17 queries on SQLite, 7–11 on PostgreSQL, for 1 line and for 30 alike, the test's savepoint (2) among
# them: the token's user, the draft locked, then in one statement its cart's relations, the webhook endpoints and what
# the change looks up (the customer, region, options, codes); then what the change needs (lines re-priced from the
# variants' own and price-list prices in one statement, adjustments and methods written in bulk). A region change
# costs most on SQLite (its discounts' regions and conditions, the address, the shipping methods deleted by id, the
# lines re-priced); on PostgreSQL the writes go in one to three statements (config.writes), and a new email's guest
# (its own savepoint) costs most. The draft before and after the change and the answer render from the rows held
UPDATE_BUDGET = budget(postgresql=11, sqlite=17)


@pytest.mark.parametrize("lines", [1, 30])
@pytest.mark.parametrize(
    "body",
    [
        {"customer_id": "lebron-james"},
        {"email": "x@y.dk", "discounts": [{"code": "FREE-SHIPPING"}, {"code": "TEST"}]},
        {"shipping_methods": [{"option_id": "test-option-req"}], "metadata": {"a": 1}},
        {"region_id": "usd-region-2", "country_code": "ca"},
        {"billing_address": {"first_name": "x", "country_code": "us"}, "shipping_address": {"city": "y"}},
    ],
    ids=["customer", "discounts", "shipping-methods", "region", "addresses"],
)
def test_an_update_costs_a_bounded_number_of_queries(api, usd_region_2, lines, body, django_assert_max_num_queries):
    # given: variant lines (with TEST's adjustments) and custom lines, a shipping method
    variants = [{"variant_id": "test-variant-2", "quantity": 1, "metadata": {"n": n}} for n in range(lines // 2 or 1)]
    custom = [{"quantity": 1, "unit_price": 100 + n} for n in range(lines - len(variants))]
    draft_order = create_draft_order(api, t1_body(items=variants + custom, discounts=[{"code": "TEST"}]))

    # when / then
    with django_assert_max_num_queries(UPDATE_BUDGET):
        response = update(api, draft_order["id"], body)
    assert response.status_code == 200, response.json()
