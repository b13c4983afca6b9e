"""POST /admin/draft-orders: v1's integration tests T1–T15 (reference "acceptance tests"), its create probes
(reference "observed probes": `v*`, `c*`, `p13`–`p16`, `p23`) and the departures that touch create."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from carts.models import CustomShippingOption, LineItemAdjustment, ShippingMethod
from customers.models import Address, Customer
from discounts.models import DiscountCondition
from draft_orders.models import DraftOrder
from tests.draft_orders.helpers import (
    address_values,
    assert_observed_error,
    assert_own_copy,
    assert_same_key_order,
    cart_money,
    custom_items_taxed,
    observed,
    observed_status,
    row_counts,
)
from tests.factories import (
    AddressFactory,
    DiscountFactory,
    DiscountRuleFactory,
    RegionFactory,
    ShippingOptionFactory,
    country,
)
from tests.seed import t1_body, tax_body

pytestmark = pytest.mark.django_db

URL = "/admin/draft-orders"
# reference "observed probes": the T1 base without items, with one shipping method
PROBE_BASE = {
    "email": "oli@test.dk",
    "shipping_address": "oli-shipping",
    "region_id": "test-region",
    "customer_id": "oli-test",
    "shipping_methods": [{"option_id": "test-option"}],
}


# Keys we add on purpose: `completed_at` on every draft order (departure "draft order keys"), a product's shipping
# profile
EXTRA_KEYS = {
    "draft_order": {"completed_at", "reserve_inventory_until"},
    "draft_order.cart.items.variant.product": {"profile_id", "profile"},
}


def create(api, body):
    return api.post(URL, body, format="json")


def probe(**changes) -> dict:
    return {**PROBE_BASE, **changes}


def without(body: dict, *keys: str) -> dict:
    return {key: value for key, value in body.items() if key not in keys}


def retrieve(api, draft_order_id: str, *, like: str | None = None) -> dict:
    """`GET /admin/draft-orders/:id`; `like` as for `created_cart`."""
    response = api.get(f"{URL}/{draft_order_id}")
    assert response.status_code == 200
    if like is not None:
        assert_same_key_order(response.json(), observed(like), extra=EXTRA_KEYS)
    return response.json()["draft_order"]


def created_cart(response, *, like: str | None = None) -> dict:
    """The created cart; `like` names v1's observed response whose keys it must have, in v1's order."""
    assert response.status_code == 200, response.json()
    if like is not None:
        assert_same_key_order(response.json(), observed(like), extra=EXTRA_KEYS)
    return response.json()["draft_order"]["cart"]


def observed_cart(name: str) -> dict:
    return observed(name)["draft_order"]["cart"]


# --- T1–T15 ---------------------------------------------------------------------------------------------------


def test_t1_creates_a_draft_order_cart(api, seed):
    # given: v1's `testytest` discount (10 % of the total) valid in test-region
    DiscountFactory(code="TESTYTEST", regions=[seed.region])

    # when
    response = create(api, t1_body(discounts=[{"code": "testytest"}]))

    # then: v1's totals, adjustment, customer, address and discount
    cart = created_cart(response)
    assert cart_money(cart) == cart_money(observed_cart("it01_create"))
    assert cart["total"] == 15400
    draft_order = response.json()["draft_order"]
    assert (draft_order["status"], draft_order["order"], draft_order["order_id"]) == ("open", None, None)
    assert draft_order["id"].startswith("dorder_") and cart["id"].startswith("cart_")
    assert (cart["type"], cart["email"], cart["customer_id"]) == ("draft_order", "oli@test.dk", "oli-test")
    # departure "a draft's addresses are its own": a copy of oli-shipping, where v1 links the row itself
    assert cart["shipping_address_id"] == cart["shipping_address"]["id"] and cart["billing_address_id"] is None
    assert_own_copy(cart["shipping_address"], "oli-shipping")
    expected_address = observed_cart("it01_create")["shipping_address"]
    assert address_values(cart["shipping_address"]) == {**address_values(expected_address), "customer_id": None}
    assert cart["customer"]["email"] == "oli@test.dk"
    assert DraftOrder.objects.get(pk=draft_order["id"]).cart_id == cart["id"]


def test_t1_create_response_has_v1s_keys_in_v1s_order(api, seed):
    # given
    DiscountFactory(code="TESTYTEST", regions=[seed.region])

    # when
    response = create(api, t1_body(discounts=[{"code": "testytest"}]))

    # then: keys only (ids, timestamps and providers differ), EXTRA_KEYS added on purpose
    assert_same_key_order(response.json(), observed("it01_create"), extra=EXTRA_KEYS)


def test_t1_whole_amounts_print_as_json_integers(api, seed):
    # given
    DiscountFactory(code="TESTYTEST", regions=[seed.region])

    # when
    response = create(api, t1_body(discounts=[{"code": "testytest"}]))

    # then: JavaScript prints 1600, never 1600.0
    assert b'"amount":1600,' in response.content
    assert b'"raw_discount_total":1600}' in response.content


def test_t2_variant_without_prices_is_refused(api, seed):
    # given
    before = row_counts()

    # when
    response = create(api, t1_body(items=[{"variant_id": "test-variant-without-prices", "quantity": 2}]))

    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": 'Cannot generate line item for variant "test variant without prices" without a price',
    }
    assert_observed_error(response, "it02_noprice")
    assert row_counts() == before


def test_t3_custom_shipping_option_price(api, seed):
    # when
    response = create(api, t1_body(shipping_methods=[{"option_id": "test-option", "price": 500}]))

    # then: the priced method skips the option's amount, on create and on GET
    cart = created_cart(response, like="it03_custom_ship_price_create")
    assert cart_money(cart) == cart_money(observed_cart("it03_custom_ship_price_create"))
    fetched = retrieve(api, response.json()["draft_order"]["id"], like="it03_custom_ship_price_get")
    assert fetched["cart"]["shipping_total"] == 500
    assert cart_money(fetched["cart"]) == cart_money(observed_cart("it03_custom_ship_price_get"))
    assert CustomShippingOption.objects.get(cart_id=cart["id"]).price == 500


def test_t4_billing_address_as_payload_and_shipping_address_as_id(api, seed):
    # when
    response = create(
        api,
        t1_body(billing_address={"first_name": "kap", "last_name": "test", "country_code": "us"}),
    )

    # then: a new billing address, a copy of the existing shipping address
    cart = created_cart(response, like="it04_billing_payload_create")
    expected = observed_cart("it04_billing_payload_get")
    assert cart["billing_address_id"].startswith("addr_")
    fetched = retrieve(api, response.json()["draft_order"]["id"], like="it04_billing_payload_get")["cart"]
    assert fetched["shipping_address"]["id"] == cart["shipping_address_id"]
    assert_own_copy(fetched["shipping_address"], "oli-shipping")
    assert isinstance(fetched["shipping_address"]["created_at"], str)
    assert isinstance(fetched["shipping_address"]["updated_at"], str)
    assert fetched["billing_address"]["id"] == cart["billing_address_id"]
    assert address_values(fetched["billing_address"]) == address_values(expected["billing_address"])
    assert address_values(fetched["shipping_address"]) == address_values(expected["shipping_address"])
    assert cart_money(cart) == cart_money(observed_cart("it04_billing_payload_create"))
    assert cart_money(fetched) == cart_money(expected)


def test_t5_shipping_address_as_payload_and_billing_address_as_id(api, seed):
    # when
    response = create(
        api,
        t1_body(
            shipping_address={"first_name": "kap", "last_name": "test", "country_code": "us"},
            billing_address="oli-shipping",
        ),
    )

    # then
    cart = created_cart(response, like="it05_shipping_payload_create")
    expected = observed_cart("it05_shipping_payload_get")
    assert cart["shipping_address_id"].startswith("addr_")
    fetched = retrieve(api, response.json()["draft_order"]["id"], like="it05_shipping_payload_get")["cart"]
    assert fetched["billing_address"]["id"] == cart["billing_address_id"]
    assert_own_copy(fetched["billing_address"], "oli-shipping")
    assert fetched["shipping_address"]["id"] == cart["shipping_address_id"]
    assert address_values(fetched["shipping_address"]) == address_values(expected["shipping_address"])
    assert address_values(fetched["billing_address"]) == address_values(expected["billing_address"])
    assert cart_money(cart) == cart_money(observed_cart("it05_shipping_payload_create"))
    assert cart_money(fetched) == cart_money(expected)


def test_t6_unknown_customer_id_with_an_email_creates_a_guest(api, seed):
    # when: v1 swallows the unknown customer id at create and falls back to the email
    response = create(api, t1_body(email="non-existing@test.dk", customer_id="non-existing"))

    # then
    cart = created_cart(response, like="it06_new_user")
    assert cart["customer_id"].startswith("cus_")
    assert cart["email"] == "non-existing@test.dk"
    customer = Customer.objects.get(pk=cart["customer_id"])
    assert (customer.email, customer.has_account) == ("non-existing@test.dk", False)
    assert not Customer.objects.filter(pk="non-existing").exists()
    assert cart_money(cart) == cart_money(observed_cart("it06_new_user"))


def test_t7_option_requirement_not_met_is_refused(api, seed):
    # given
    before = row_counts()

    # when: a subtotal of 1 is below test-option-req's min_subtotal of 10
    response = create(
        api,
        t1_body(
            items=[{"quantity": 1, "metadata": {}, "unit_price": 1}],
            shipping_methods=[{"option_id": "test-option-req"}],
        ),
    )

    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "not_allowed",
        "message": "The Cart does not satisfy the shipping option's requirements",
    }
    assert_observed_error(response, "it07_option_req_fail")
    assert row_counts() == before


T8_ITEMS = [
    {"variant_id": "test-variant", "quantity": 2, "metadata": {}},
    {"quantity": 1, "metadata": {}, "unit_price": 10000},
]


@pytest.mark.parametrize(
    ("option_id", "name"),
    [("test-option-req", "it08_option_req_ok"), ("test-option", "it09_custom_item")],
    ids=["t8-option-requirement-met", "t9-custom-item"],
)
def test_t8_t9_custom_item_with_variant_item(api, seed, option_id, name):
    # when
    response = create(api, t1_body(items=T8_ITEMS, shipping_methods=[{"option_id": option_id}]))

    # then: 26000 + 1000 shipping; the custom item has v1's title, no discount and always ships
    cart = created_cart(response, like=name)
    assert cart_money(cart) == custom_items_taxed(cart_money(observed_cart(name)))
    assert (cart["subtotal"], cart["shipping_total"], cart["total"]) == (26000, 1000, 27000)
    custom = cart["items"][1]
    assert (custom["title"], custom["variant_id"], custom["variant"]) == ("Custom item", None, None)
    assert (custom["description"], custom["thumbnail"], custom["has_shipping"]) == (None, None, True)


def test_t10_without_a_single_item(api, seed):
    # when
    response = create(api, without(t1_body(), "items"))

    # then
    cart = created_cart(response, like="it10_no_items")
    assert cart["items"] == []
    assert cart_money(cart) == cart_money(observed_cart("it10_no_items"))


def test_t11_variant_with_custom_price_and_negative_custom_item_price_set_to_0(api, seed):
    # when
    response = create(
        api,
        t1_body(
            discounts=[{"code": "TEST"}],
            items=[
                {"variant_id": "test-variant", "quantity": 2, "metadata": {}, "unit_price": 10000000},
                {"quantity": 2, "metadata": {}, "unit_price": -1000},
            ],
        ),
    )

    # then: the variant keeps its price (no merge), the custom price is clamped to 0 (v1) and not discounted
    cart = created_cart(response, like="it11_custom_price_create")
    assert cart_money(cart) == custom_items_taxed(cart_money(observed_cart("it11_custom_price_create")))
    fetched = retrieve(api, response.json()["draft_order"]["id"], like="it11_custom_price_get")["cart"]
    assert [(item["variant_id"], item["unit_price"]) for item in fetched["items"]] == [
        ("test-variant", 10000000),
        (None, 0),
    ]
    assert fetched["discounts"][0]["code"] == "TEST"
    assert cart_money(fetched) == custom_items_taxed(cart_money(observed_cart("it11_custom_price_get")))
    assert fetched["total"] == 18001000


def test_t12_discount_and_line_item(api, seed):
    # when
    response = create(api, t1_body(discounts=[{"code": "TEST"}]))

    # then
    cart = created_cart(response, like="it12_discount_line_item")
    (item,) = cart["items"]
    assert (item["variant_id"], item["unit_price"], item["quantity"]) == ("test-variant", 8000, 2)
    (adjustment,) = item["adjustments"]
    assert adjustment["id"].startswith("lia_")
    assert {key: adjustment[key] for key in ("item_id", "amount", "description", "discount_id", "metadata")} == {
        "item_id": item["id"],
        "amount": 1600,
        "description": "discount",
        "discount_id": "test-discount",
        "metadata": None,
    }
    assert cart_money(cart) == cart_money(observed_cart("it12_discount_line_item"))


def test_t13_fixed_discount_allocated_to_the_total_keeps_fractional_shares(api, seed):
    # given: v1's test-fixed discount: 1000 off the total
    discount = DiscountFactory(
        id="test-fixed",
        code="TEST-FIXED",
        rule=DiscountRuleFactory(type="fixed", value=1000, allocation="total"),
        regions=[seed.region],
    )

    # when
    response = create(
        api,
        t1_body(
            discounts=[{"code": "TEST-FIXED"}],
            items=[
                {"variant_id": "test-variant", "quantity": 2, "metadata": {}},
                {"variant_id": "test-variant-2", "quantity": 2, "metadata": {}},
            ],
        ),
    )

    # then: 1000 × 16000/36000 and 1000 × 20000/36000, unrounded, as JSON numbers; item totals rounded
    cart = created_cart(response, like="it13_fixed_total")
    assert [[adjustment["amount"] for adjustment in item["adjustments"]] for item in cart["items"]] == [
        [444.4444444444444],
        [555.5555555555555],
    ]
    assert b'"amount":444.4444444444444,' in response.content
    assert b'"amount":555.5555555555555,' in response.content
    assert {adjustment["discount_id"] for item in cart["items"] for adjustment in item["adjustments"]} == {discount.id}
    assert [item["discount_total"] for item in cart["items"]] == [444, 556]
    assert [item["total"] for item in cart["items"]] == [15556, 19444]
    assert (cart["subtotal"], cart["discount_total"], cart["total"]) == (36000, 1000, 36000)
    assert cart_money(cart) == cart_money(observed_cart("it13_fixed_total"))
    stored = LineItemAdjustment.objects.filter(item__cart_id=cart["id"]).order_by("amount")
    assert [adjustment.amount for adjustment in stored] == [444.4444444444444, 555.5555555555555]


def test_t14_discount_and_free_shipping(api, seed):
    # when
    response = create(api, t1_body(discounts=[{"code": "TEST"}, {"code": "free-shipping"}]))

    # then: both kept, listed as v1 reads them; the method is stored at price 0
    cart = created_cart(response, like="it14_free_shipping_create")
    assert [discount["code"] for discount in cart["discounts"]] == ["FREE-SHIPPING", "TEST"]
    assert cart_money(cart) == cart_money(observed_cart("it14_free_shipping_create"))
    fetched = retrieve(api, response.json()["draft_order"]["id"], like="it14_free_shipping_get")["cart"]
    (item,) = fetched["items"]
    assert [(a["amount"], a["description"], a["discount_id"], a["item_id"]) for a in item["adjustments"]] == [
        (1600, "discount", "test-discount", item["id"])
    ]
    assert cart_money(fetched) == cart_money(observed_cart("it14_free_shipping_get"))
    assert (fetched["shipping_total"], fetched["total"]) == (0, 14400)
    assert ShippingMethod.objects.get(cart_id=cart["id"]).price == 0


def test_t15_created_shipping_address(api, seed):
    # given
    address = {
        "first_name": "new",
        "last_name": "one",
        "address_1": "New place 1",
        "city": "Copenhagen",
        "country_code": "us",
        "postal_code": "2100",
    }

    # when
    response = create(
        api,
        t1_body(
            shipping_address=address,
            items=[
                {"variant_id": "test-variant", "quantity": 2, "metadata": {}},
                {"quantity": 1, "metadata": {}, "unit_price": 10000},
            ],
        ),
    )

    # then
    cart = created_cart(response, like="it15_created_shipping_address")
    expected = observed_cart("it15_created_shipping_address")
    assert cart["shipping_address_id"].startswith("addr_")
    assert address_values(cart["shipping_address"]) == address_values(expected["shipping_address"])
    assert Address.objects.get(pk=cart["shipping_address_id"]).city == "Copenhagen"
    assert cart_money(cart) == custom_items_taxed(cart_money(expected))
    assert cart["total"] == 27000


# --- validation probes (reference "observed probes") ------------------------------------------------------------

BILLING_12_MESSAGE = (
    '{"message":"billing_address must be one of: AddressPayload,String","details":{"String":'
    '["String validation failed: 12 is not a string"],"AddressPayload":["an unknown value was passed to the '
    'validate function"]}}'
)


REFUSALS = [
    (
        "v01_empty",
        {},
        400,
        {
            "type": "invalid_data",
            "message": "email must be an email, region_id must be a string, "
            "shipping_methods should not be empty, shipping_methods must be an array",
        },
    ),
    ("v02_bad_email", probe(email="not-an-email"), 400, {"type": "invalid_data", "message": "email must be an email"}),
    (
        "v03_no_sm",
        without(PROBE_BASE, "shipping_methods"),
        400,
        {
            "type": "invalid_data",
            "message": "shipping_methods should not be empty, shipping_methods must be an array",
        },
    ),
    ("v05_unknown_field", probe(foo=1), 400, {"type": "invalid_data", "message": "property foo should not exist"}),
    (
        "v06_bad_status",
        probe(status="weird"),
        400,
        {"type": "invalid_data", "message": "status must be one of the following values: open, completed"},
    ),
    (
        "v07_item_no_qty",
        probe(items=[{"title": "x"}]),
        400,
        {"type": "invalid_data", "message": "quantity must be a number conforming to the specified constraints"},
    ),
    (
        "v09_sm_no_option",
        probe(shipping_methods=[{"price": 1}]),
        400,
        {"type": "invalid_data", "message": "option_id must be a string"},
    ),
    (
        "v10_region_missing",
        without(PROBE_BASE, "region_id"),
        400,
        {"type": "invalid_data", "message": "region_id must be a string"},
    ),
    (
        "v11_bad_region",
        probe(region_id="nope"),
        404,
        {"type": "not_found", "message": "Region with nope was not found"},
    ),
    (
        "v12_bad_option",
        probe(shipping_methods=[{"option_id": "nope"}]),
        404,
        {"type": "not_found", "message": "Shipping Option with nope was not found"},
    ),
    (
        "v13_bad_discount",
        probe(discounts=[{"code": "NOPE"}]),
        404,
        {"type": "not_found", "message": "Discounts with code [NOPE] was not found"},
    ),
    (
        "v14_bad_variant",
        probe(items=[{"variant_id": "nope", "quantity": 1}]),
        400,
        {
            "type": "invalid_data",
            "message": "Unable to generate the line items, some variant has not been found: nope",
        },
    ),
    (
        "v16_addr_other_country",
        probe(shipping_address={"country_code": "de"}),
        400,
        {"type": "not_allowed", "message": "Shipping country not in region"},
    ),
    (
        "v19_sm_mixed_price",
        probe(shipping_methods=[{"option_id": "test-option", "price": 100}, {"option_id": "test-option-req"}]),
        400,
        {"type": "invalid_data", "message": "Wrong shipping option"},
    ),
    (
        # no us shipping address, or the region's country check answers first
        "v20_option_other_region",
        without(probe(region_id="test-region-2"), "shipping_address"),
        400,
        {"type": "invalid_data", "message": "The shipping option is not available in the cart's region"},
    ),
    (
        "v21_dup_discount",
        probe(discounts=[{"code": "TEST"}, {"code": "TEST"}]),
        404,
        {"type": "not_found", "message": "Discounts with code [TEST, TEST] was not found"},
    ),
    ("v23_billing_bad_type", probe(billing_address=12), 400, {"type": "invalid_data", "message": BILLING_12_MESSAGE}),
    (
        "v24_items_not_array",
        probe(items={"quantity": 1}),
        400,
        {"type": "invalid_data", "message": "items must be an array"},
    ),
    (
        "v25_unit_price_string",
        probe(items=[{"quantity": 1, "unit_price": "100"}]),
        400,
        {"type": "invalid_data", "message": "unit_price must be a number conforming to the specified constraints"},
    ),
    (
        "v27_nested_unknown",
        probe(items=[{"quantity": 1, "foo": 1}]),
        400,
        {"type": "invalid_data", "message": "property foo should not exist"},
    ),
]


@pytest.mark.parametrize(("name", "body", "status", "expected"), REFUSALS, ids=[row[0] for row in REFUSALS])
def test_create_refusals_answer_v1s_error_and_write_nothing(api, seed, name, body, status, expected):
    # given
    before = row_counts()

    # when
    response = create(api, body)

    # then
    assert (response.status_code, response.json()) == (status, expected)
    assert_observed_error(response, name)
    assert row_counts() == before


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("v04_empty_sm", probe(shipping_methods=[])),
        ("v08_items_empty", probe(items=[])),
        ("c01_create_variant_qty0", probe(items=[{"variant_id": "test-variant", "quantity": 0}])),
        (
            # v1's two methods of one profile, added in parallel, are both kept
            "c15_create_two_sm_same_profile",
            probe(
                items=[{"variant_id": "test-variant", "quantity": 1}],
                shipping_methods=[{"option_id": "test-option"}, {"option_id": "test-option-req"}],
            ),
        ),
        (
            # the probe's disabled sales channel has no counterpart here (sales channels are not modelled)
            "c16_create_disabled_discount_sales",
            probe(items=[{"variant_id": "test-variant", "quantity": 1}], discounts=[{"code": "TEST"}]),
        ),
    ],
    ids=["v04", "v08", "c01", "c15", "c16"],
)
def test_create_probes_price_as_v1(api, seed, name, body):
    # when
    response = create(api, body)

    # then: v1 kept the two same-profile methods in no particular order
    cart = created_cart(response, like=name)
    ours, theirs = cart_money(cart), cart_money(observed_cart(name))
    ours["shipping_methods"].sort(key=lambda method: method["shipping_option_id"])
    theirs["shipping_methods"].sort(key=lambda method: method["shipping_option_id"])
    assert ours == theirs


def test_c01_variant_item_quantity_0_becomes_1(api, seed):
    # when: v1's `quantity || 1`
    response = create(api, probe(items=[{"variant_id": "test-variant", "quantity": 0}]))

    # then
    assert [item["quantity"] for item in created_cart(response)["items"]] == [1]


def test_v04_empty_shipping_methods_give_a_draft_without_methods(api, seed):
    # when
    response = create(api, probe(shipping_methods=[]))

    # then
    cart = created_cart(response)
    assert (cart["shipping_methods"], cart["shipping_total"]) == ([], 0)
    assert not ShippingMethod.objects.filter(cart_id=cart["id"]).exists()


def test_c15_two_methods_of_the_same_profile_are_both_kept(api, seed):
    # when
    response = create(
        api,
        probe(
            items=[{"variant_id": "test-variant", "quantity": 1}],
            shipping_methods=[{"option_id": "test-option"}, {"option_id": "test-option-req"}],
        ),
    )

    # then
    cart = created_cart(response)
    assert sorted(method["shipping_option_id"] for method in cart["shipping_methods"]) == [
        "test-option",
        "test-option-req",
    ]
    assert (cart["shipping_total"], cart["total"]) == (2000, 10000)


def test_v15_unknown_customer_id_with_an_email_creates_a_guest(api, seed):
    # given
    before = Customer.objects.count()

    # when: v1 swallows the unknown id at create
    response = create(api, probe(customer_id="nope", email="fresh@x.dk"))

    # then
    cart = created_cart(response, like="v15_bad_customer")
    assert cart["customer_id"].startswith("cus_")
    assert (cart["email"], cart["customer"]["email"], cart["customer"]["has_account"]) == (
        "fresh@x.dk",
        "fresh@x.dk",
        False,
    )
    assert Customer.objects.count() == before + 1
    assert cart_money(cart) == cart_money(observed_cart("v15_bad_customer"))


def test_v22_no_notification_order_and_metadata(api, seed):
    # when
    response = create(api, probe(no_notification_order=True, metadata={"a": 1}))

    # then: departure "metadata on create": v1 leaves draft_order.metadata null (medusa#9136); here it is stored
    # there too
    draft_order = response.json()["draft_order"]
    cart = created_cart(response, like="v22_no_notification")
    assert draft_order["no_notification_order"] is True
    assert draft_order["metadata"] == {"a": 1}
    assert (cart["metadata"], cart["context"]) == ({"a": 1}, {})
    assert observed("v22_no_notification")["draft_order"]["metadata"] is None
    stored = DraftOrder.objects.select_related("cart").get(pk=draft_order["id"])
    assert (stored.metadata, stored.cart.metadata, stored.no_notification_order) == ({"a": 1}, {"a": 1}, True)
    assert retrieve(api, draft_order["id"])["metadata"] == {"a": 1}


def test_v26_email_only_finds_or_creates_a_lower_cased_guest_and_an_empty_shipping_address(api, seed):
    # when: no customer, no shipping address, a region with one country
    response = create(api, without(probe(email="Brand.New@X.dk"), "customer_id", "shipping_address"))

    # then
    cart = created_cart(response, like="v26_email_only_new")
    expected = observed_cart("v26_email_only_new")
    assert cart["email"] == "brand.new@x.dk"
    assert cart["customer_id"].startswith("cus_")
    assert Customer.objects.get(pk=cart["customer_id"]).email == "brand.new@x.dk"
    assert cart["shipping_address_id"].startswith("addr_")
    assert address_values(cart["shipping_address"]) == address_values(expected["shipping_address"])
    assert cart["billing_address"] is None
    assert cart_money(cart) == cart_money(expected)


def test_v28_malformed_json_is_a_json_400(api, seed):
    # given
    before = row_counts()

    # when
    response = api.generic("POST", URL, '{"email":', content_type="application/json")

    # then: departure "errors in JSON": v1 answers Express's HTML page
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["type"] == "invalid_data"
    assert row_counts() == before


def test_status_completed_is_validated_then_ignored(api, seed):
    # when
    response = create(api, probe(status="completed"))

    # then
    draft_order = response.json()["draft_order"]
    assert (response.status_code, draft_order["status"], draft_order["completed_at"]) == (200, "open", None)


# --- customers and addresses ------------------------------------------------------------------------------------


def test_customer_id_wins_over_the_email_sent(api, seed):
    # when
    response = create(api, probe(email="someone.else@x.dk"))

    # then: the cart takes oli-test's email, and no guest is made for the other one
    cart = created_cart(response)
    assert (cart["customer_id"], cart["email"]) == ("oli-test", "oli@test.dk")
    assert not Customer.objects.filter(email="someone.else@x.dk").exists()


def test_email_finds_the_existing_guest_case_insensitively(api, seed):
    # given
    before = Customer.objects.count()

    # when
    response = create(api, without(probe(email="LeBron@James.com"), "customer_id"))

    # then
    cart = created_cart(response)
    assert (cart["customer_id"], cart["email"]) == ("lebron-james", "lebron@james.com")
    assert Customer.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("shipping_address", {"country_code": "de"}, "Shipping country not in region"),
        ("shipping_address", "de-address", "Shipping country not in region"),
        ("billing_address", {"first_name": "kap", "country_code": "de"}, "Billing country not in region"),
        ("billing_address", "de-address", "Billing country not in region"),
    ],
    ids=["shipping-payload", "shipping-id", "billing-payload", "billing-id"],
)
def test_address_outside_the_region_is_refused(api, seed, field, value, message):
    # given: an existing address in Germany, outside test-region
    AddressFactory(id="de-address", country=country("de"))
    before = row_counts()

    # when
    response = create(api, probe(**{field: value}))

    # then
    assert (response.status_code, response.json()) == (400, {"type": "not_allowed", "message": message})
    assert row_counts() == before


def test_departure_a_drafts_addresses_are_its_own_ids_are_copied_into_rows_the_cart_owns(api, seed):
    # given: one of a customer's saved addresses, and oli-shipping
    saved = AddressFactory(first_name="bill", customer=seed.lebron, metadata={"floor": 2}, country=country("us"))
    sources_before = list(Address.objects.filter(pk__in=[saved.pk, "oli-shipping"]).order_by("pk").values())

    # when
    response = create(api, probe(billing_address=saved.id))

    # then: each id gave the cart a copy of its own, with the same fields; the sources are unchanged
    cart = created_cart(response)
    assert_own_copy(cart["shipping_address"], "oli-shipping")
    assert_own_copy(cart["billing_address"], saved.pk)
    assert cart["billing_address"]["metadata"] == {"floor": 2}
    assert (cart["shipping_address_id"], cart["billing_address_id"]) == (
        cart["shipping_address"]["id"],
        cart["billing_address"]["id"],
    )
    assert list(Address.objects.filter(pk__in=[saved.pk, "oli-shipping"]).order_by("pk").values()) == sources_before
    assert list(seed.lebron.shipping_addresses.all()) == [saved]


def test_unknown_address_id_is_not_found(api, seed):
    # given
    before = row_counts()

    # when: v1 leaves the id unchecked and fails on the foreign key; here it is a 404 up front
    response = create(api, probe(billing_address="nope-address"))

    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Address with id nope-address was not found"}
    assert row_counts() == before


def test_a_region_with_several_countries_creates_no_shipping_address(api, seed):
    # given
    region = RegionFactory(countries=["ca", "mx"])
    ShippingOptionFactory(id="multi-option", region=region)

    # when
    response = create(
        api,
        {"email": "oli@test.dk", "region_id": region.id, "shipping_methods": [{"option_id": "multi-option"}]},
    )

    # then
    cart = created_cart(response)
    assert (cart["shipping_address_id"], cart["shipping_address"]) == (None, None)


# --- discounts (reference "discount validity") ------------------------------------------------------------------


def test_discount_code_is_trimmed_and_upper_cased(api, seed):
    # when
    response = create(api, t1_body(discounts=[{"code": " test "}]))

    # then
    cart = created_cart(response)
    assert [discount["code"] for discount in cart["discounts"]] == ["TEST"]
    assert cart["discount_total"] == 1600


@pytest.mark.parametrize(
    ("discount", "status", "expected"),
    [
        (
            {"ends_at": timezone.now() - timedelta(days=1)},
            400,
            {"type": "not_allowed", "message": "Discount PROBE is expired"},
        ),
        (
            {"starts_at": timezone.now() + timedelta(days=1)},
            400,
            {"type": "not_allowed", "message": "Discount PROBE is not valid yet"},
        ),
        ({"is_disabled": True}, 400, {"type": "not_allowed", "message": "The discount code PROBE is disabled"}),
        (
            {"usage_limit": 2, "usage_count": 2},
            400,
            {"type": "not_allowed", "message": "Discount PROBE has been used maximum allowed times"},
        ),
        (
            {"regions": "test-region-2"},
            400,
            {"type": "invalid_data", "message": "The discount is not available in current region"},
        ),
    ],
    ids=["expired", "not-yet-valid", "disabled", "used-up", "other-region"],
)
def test_invalid_discount_is_refused_with_v1s_message(api, seed, discount, status, expected):
    # given
    regions = [seed.region_2] if discount.pop("regions", None) else [seed.region]
    DiscountFactory(code="PROBE", regions=regions, **discount)
    before = row_counts()

    # when
    response = create(api, t1_body(discounts=[{"code": "probe"}]))

    # then
    assert (response.status_code, response.json()) == (status, expected)
    assert row_counts() == before


# --- departure "bad numbers": inputs v1 crashes on or answers 500 to ---------------------------------------------


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"quantity": 0, "unit_price": 100}, "quantity must be a positive number"),
        ({"quantity": -1, "unit_price": 100}, "quantity must be a positive number"),
        ({"quantity": 1.5, "unit_price": 100}, "quantity must be an integer number"),
        ({"quantity": 1, "unit_price": 10.5}, "unit_price must be an integer number"),
        ({"variant_id": "test-variant", "quantity": 1.5}, "quantity must be an integer number"),
        ({"variant_id": "test-variant", "quantity": 1, "unit_price": 10.5}, "unit_price must be an integer number"),
    ],
    ids=[
        "c13-custom-quantity-0",
        "custom-quantity-negative",
        "custom-quantity-fraction",
        "c12-custom-price-fraction",
        "variant-quantity-fraction",
        "variant-price-fraction",
    ],
)
def test_departure_bad_numbers_bad_quantity_or_price_is_invalid_data_naming_the_field(api, seed, item, message):
    # given
    before = row_counts()

    # when: v1 crashes its process on the custom ones (observed c12, c13: the socket closes)
    response = create(api, probe(items=[item]))

    # then
    assert (response.status_code, response.json()) == (400, {"type": "invalid_data", "message": message})
    assert row_counts() == before


def test_departure_bad_numbers_negative_shipping_price_is_invalid_data(api, seed):
    # given
    before = row_counts()

    # when
    response = create(api, probe(shipping_methods=[{"option_id": "test-option", "price": -5}]))

    # then: v1 violates its CHECK and answers 500 (observed c14)
    assert (response.status_code, response.json()) == (
        400,
        {"type": "invalid_data", "message": "price must not be less than 0"},
    )
    assert (observed_status("c14_create_sm_neg_price"), observed("c14_create_sm_neg_price")["type"]) == (
        500,
        "unknown_error",
    )
    assert row_counts() == before


def test_departure_bad_numbers_whole_floats_are_accepted_as_integers(api, seed):
    # when: JSON `2.0` is an integer value
    response = create(api, probe(items=[{"quantity": 2.0, "unit_price": 100.0}]))

    # then
    (item,) = created_cart(response)["items"]
    assert (item["quantity"], item["unit_price"], item["subtotal"]) == (2, 100, 200)


# --- reference "the 25 % tax region" (observed p13–p16, p23) -----------------------------------------------------


def test_departure_custom_lines_are_taxed_p13_tax_25_with_10_percent(api, tax_region):
    # when
    response = create(
        api,
        tax_body(
            items=[
                {"variant_id": "test-variant", "quantity": 1, "unit_price": 3333},
                {"quantity": 1, "unit_price": 1001},
            ],
            discounts=["TAX10"],
        ),
    )

    # then: v1's numbers, except departure "custom lines are taxed": v1 leaves the custom item untaxed (its tax 0,
    # item tax 750, tax 1000, total 6001); here it is taxed at 25 % (round(250.25) = 250) and still not discounted
    cart = created_cart(response, like="p13_tax_create")
    expected = custom_items_taxed(cart_money(observed_cart("p13_tax_create")), 25)
    expected["items"][1].update(tax_total=250, original_tax_total=250, total=1251, original_total=1251)
    expected["totals"].update(item_tax_total=1000, tax_total=1250, total=6251)
    assert cart_money(cart) == expected
    assert cart["items"][1]["adjustments"] == []
    assert cart["shipping_address"]["country_code"] == "dk"


def test_p14_tax_25_with_fixed_discount_per_item(api, tax_region):
    # when
    response = create(
        api,
        tax_body(
            items=[
                {"variant_id": "test-variant", "quantity": 3, "unit_price": 3333},
                {"variant_id": "test-variant-2", "quantity": 1, "unit_price": 100},
            ],
            discounts=["FIXITEM"],
            shipping_methods=[{"option_id": "tax-option", "price": 999}],
        ),
    )

    # then: 150 off each unit, capped at the 100 line; no custom items, so v1's numbers exactly
    cart = created_cart(response, like="p14_fixed_item_tax")
    assert cart_money(cart) == cart_money(observed_cart("p14_fixed_item_tax"))
    assert cart["total"] == 13185


def test_p15_tax_25_with_fixed_total_above_the_subtotal(api, tax_region):
    # when
    response = create(
        api,
        tax_body(
            items=[
                {"variant_id": "test-variant", "quantity": 1, "unit_price": 333},
                {"variant_id": "test-variant-2", "quantity": 2, "unit_price": 333},
            ],
            discounts=["FIXTOT"],
        ),
    )

    # then
    cart = created_cart(response, like="p15_fixed_total_tax")
    assert cart_money(cart) == cart_money(observed_cart("p15_fixed_total_tax"))
    assert cart["total"] == 1250


def test_p16_tax_25_with_free_shipping(api, tax_region):
    # when
    response = create(api, tax_body(items=[{"variant_id": "test-variant", "quantity": 1}], discounts=["FREESHIP"]))

    # then
    cart = created_cart(response, like="p16_freeship_tax")
    assert cart_money(cart) == cart_money(observed_cart("p16_freeship_tax"))
    assert cart["total"] == 10000


def test_p23_of_two_percentage_discounts_only_the_first_stored_is_kept(api, tax_region):
    # when: asked in the other order, TAX10 (stored first) still wins and TAX20 is dropped silently
    response = create(
        api, tax_body(items=[{"variant_id": "test-variant", "quantity": 1}], discounts=["TAX20", "TAX10"])
    )

    # then
    cart = created_cart(response, like="p23_two_pct_discounts")
    assert cart_money(cart) == cart_money(observed_cart("p23_two_pct_discounts"))
    assert cart["total"] == 10250


# --- more of reference "create" -------------------------------------------------------------------------------


def test_created_objects_carry_v1s_ids_timestamps_and_a_database_display_id(api, seed):
    # when
    first = created_cart(create(api, probe()))
    second_response = create(api, probe())

    # then: ISO-8601 with milliseconds and Z; display ids from the database, in order
    timestamp = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"
    draft_order = second_response.json()["draft_order"]
    assert re.match(timestamp, draft_order["created_at"]) and re.match(timestamp, first["created_at"])
    first_display_id = DraftOrder.objects.get(cart_id=first["id"]).display_id
    assert draft_order["display_id"] > first_display_id > seed.draft_order.display_id
    assert created_cart(second_response)["shipping_methods"][0]["id"].startswith("sm_")


def test_item_fields_are_stored_as_given(api, seed):
    # when
    response = create(
        api,
        probe(
            items=[
                {"variant_id": "test-variant", "quantity": 1, "metadata": {"engraving": "O"}},
                {"title": "Gift wrap", "quantity": 1, "unit_price": 250, "metadata": {"paper": "red"}},
            ],
            shipping_methods=[{"option_id": "test-option", "data": {"slot": "am"}}],
        ),
    )

    # then
    cart = created_cart(response)
    variant_item, custom_item = cart["items"]
    assert (variant_item["title"], variant_item["description"], variant_item["metadata"]) == (
        "test product",
        "test variant",
        {"engraving": "O"},
    )
    assert (custom_item["title"], custom_item["unit_price"], custom_item["metadata"]) == (
        "Gift wrap",
        250,
        {"paper": "red"},
    )
    assert cart["shipping_methods"][0]["data"] == {"slot": "am"}


def test_variant_item_negative_price_becomes_0_and_create_checks_no_inventory(api, seed):
    # when: test-variant has 2 in stock; v1 checks inventory only when lines are added later
    response = create(api, probe(items=[{"variant_id": "test-variant", "quantity": 50, "unit_price": -5}]))

    # then: v1 clamps a negative variant price to 0
    (item,) = created_cart(response)["items"]
    assert (item["quantity"], item["unit_price"], item["should_merge"], item["total"]) == (50, 0, False, 0)


def test_deleted_discount_is_not_found(api, seed):
    # given
    seed.discount.deleted_at = timezone.now()
    seed.discount.save(update_fields=["deleted_at"])

    # when
    response = create(api, probe(discounts=[{"code": "TEST"}]))

    # then
    assert (response.status_code, response.json()) == (
        404,
        {"type": "not_found", "message": "Discounts with code [TEST] was not found"},
    )


def test_refused_create_keeps_no_guest_customer_or_address(api, seed):
    # given: a new email and no shipping address would make a guest and an empty address first
    before = row_counts()

    # when
    response = create(
        api, without(probe(email="new.guest@x.dk", discounts=[{"code": "NOPE"}]), "customer_id", "shipping_address")
    )

    # then: one transaction, all rolled back
    assert response.status_code == 404
    assert row_counts() == before
    assert not Customer.objects.filter(email="new.guest@x.dk").exists()


def test_discount_product_conditions_are_honoured(api, seed):
    # given: 10 % off test-product-2 only
    rule = DiscountRuleFactory(type="percentage", value=10, allocation="total")
    condition = DiscountCondition.objects.create(discount_rule=rule, operator=DiscountCondition.Operator.IN)
    condition.products.set([seed.product_2])
    DiscountFactory(code="ONLY-2", rule=rule, regions=[seed.region])

    # when
    response = create(
        api,
        probe(
            items=[{"variant_id": "test-variant", "quantity": 1}, {"variant_id": "test-variant-2", "quantity": 1}],
            discounts=[{"code": "ONLY-2"}],
        ),
    )

    # then
    cart = created_cart(response)
    assert [[adjustment["amount"] for adjustment in item["adjustments"]] for item in cart["items"]] == [[], [1000]]
    assert (cart["subtotal"], cart["discount_total"], cart["total"]) == (18000, 1000, 18000)


def test_departure_bad_numbers_fractional_shipping_price_is_invalid_data(api, seed):
    # given
    before = row_counts()

    # when: v1 fails on its integer column with a 500
    response = create(api, probe(shipping_methods=[{"option_id": "test-option", "price": 10.5}]))

    # then
    assert (response.status_code, response.json()) == (
        400,
        {"type": "invalid_data", "message": "price must be an integer number"},
    )
    assert row_counts() == before
