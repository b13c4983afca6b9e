"""POST /admin/draft-orders/:id/duplicate (addition "duplicate"): a new open draft order like an open or a completed
one, made by create: same customer, copies of its addresses, its lines priced afresh, its shipping, its valid
discount codes (the others dropped and said why)."""

import pytest
from django.utils import timezone

from carts.models import CustomShippingOption
from customers.models import Address
from discounts.models import Discount
from draft_orders.models import DraftOrder
from products.models import MoneyAmount
from tests.budget import budget
from tests.draft_orders.helpers import (
    address_values,
    cart_money,
    create_draft_order,
    draft_order_body,
    row_counts,
)
from tests.openapi.live import assert_answers_as_declared
from tests.seed import t1_body

pytestmark = pytest.mark.django_db

# the token's user, the original's read (2, the webhook endpoints with it), its discount codes looked up with everything
# create reads (1: the customer, region, channel, addresses, variants with their prices and tax rates, options), the
# codes' regions and conditions (1), the display id, create's inserts and its event (one statement on PostgreSQL,
# config.writes; 10 on SQLite), the test's savepoint (2); the copy is not read back
DUPLICATE_BUDGET = budget(postgresql=9, sqlite=18)

ORIGINAL = t1_body(
    billing_address={"first_name": "kap", "last_name": "test", "city": "Boston", "country_code": "us"},
    items=[
        {"variant_id": "test-variant", "quantity": 2, "metadata": {"engraving": "O"}},
        {"title": "Gift wrap", "quantity": 1, "unit_price": 500, "metadata": {"paper": "red"}},
    ],
    shipping_methods=[{"option_id": "test-option", "price": 700, "data": {"slot": "am"}}],
    discounts=[{"code": "TEST"}],
    no_notification_order=True,
)


def duplicate(api, draft_order_id: str):
    return api.post(f"/admin/draft-orders/{draft_order_id}/duplicate")


def new_draft_order(response) -> dict:
    assert response.status_code == 200, response.json()
    return response.json()["draft_order"]


def test_the_copy_is_what_create_makes_from_the_originals_data(api, seed, django_assert_max_num_queries):
    # given
    original = create_draft_order(api, ORIGINAL)
    counts = row_counts()

    # when
    with django_assert_max_num_queries(DUPLICATE_BUDGET):
        response = duplicate(api, original["id"])

    # then: a new open draft order with the original's customer, values, lines, shipping and discount
    copy = new_draft_order(response)
    assert response.json()["dropped_discounts"] == []
    assert response["ETag"] == '"1"'  # the copy's
    assert copy["id"] != original["id"] and copy["display_id"] > original["display_id"]
    assert (copy["status"], copy["no_notification_order"], copy["metadata"]) == ("open", True, None)
    cart, source = copy["cart"], original["cart"]
    assert (cart["customer_id"], cart["email"], cart["region_id"]) == ("oli-test", "oli@test.dk", "test-region")
    assert cart_money(cart) == cart_money(source)
    assert [(item["metadata"], item["title"]) for item in cart["items"]] == [
        ({"engraving": "O"}, "test product"),
        ({"paper": "red"}, "Gift wrap"),
    ]
    assert [method["data"] for method in cart["shipping_methods"]] == [{"slot": "am"}]
    assert CustomShippingOption.objects.get(cart_id=cart["id"]).price == 700
    # the same as create answers for the same data (calculate: create's answer, nothing stored)
    body = {**ORIGINAL, "shipping_address": address_values(source["shipping_address"])}
    body["shipping_address"] = {key: value for key, value in body["shipping_address"].items() if key != "customer_id"}
    quoted = api.post("/admin/draft-orders/calculate", body, format="json").json()["draft_order"]
    assert cart_money(cart) == cart_money(quoted["cart"])
    # one draft order, one cart, its two lines, one adjustment, one method, its custom price, two addresses
    assert row_counts() == {
        **counts,
        **{name: counts[name] + 1 for name in ("DraftOrder", "Cart", "LineItemAdjustment", "ShippingMethod")},
        **{name: counts[name] + 1 for name in ("CustomShippingOption",)},
        **{name: counts[name] + 2 for name in ("LineItem", "Address")},
    }
    assert_answers_as_declared("POST", "/admin/draft-orders/{id}/duplicate", response)


def test_the_copys_addresses_are_its_own(api, seed):
    # given: the original points at oli's address and has a billing address of its own
    original = create_draft_order(api, ORIGINAL)

    # when
    cart = new_draft_order(duplicate(api, original["id"]))["cart"]

    # then: new rows with the same values, in no customer's address book
    source = original["cart"]
    for kind in ("shipping_address", "billing_address"):
        assert cart[f"{kind}_id"] not in (None, source[f"{kind}_id"])
        assert address_values(cart[kind]) == address_values(source[kind])
    assert Address.objects.get(pk=cart["shipping_address_id"]).customer_id is None
    # and changing the copy's leaves the original's as it was
    api.post(f"/admin/draft-orders/{original['id']}", {"shipping_address": {"city": "Aarhus"}}, format="json")
    assert Address.objects.get(pk=cart["shipping_address_id"]).city is None


def test_variant_lines_are_priced_afresh_and_custom_lines_kept(api, seed):
    # given: a variant line at an overridden price; then the variant's price in the region changes
    original = create_draft_order(
        api,
        t1_body(
            items=[
                {"variant_id": "test-variant", "quantity": 1, "unit_price": 1},
                {"variant_id": "test-variant-2", "quantity": 1},
                {"title": "Setup fee", "quantity": 1, "unit_price": 2500},
            ]
        ),
    )
    MoneyAmount.objects.filter(variant_id="test-variant-2").update(amount=12000)

    # when
    cart = new_draft_order(duplicate(api, original["id"]))["cart"]

    # then
    assert [(item["variant_id"], item["unit_price"], item["should_merge"]) for item in cart["items"]] == [
        ("test-variant", 8000, True),
        ("test-variant-2", 12000, True),
        (None, 2500, True),
    ]
    assert cart["subtotal"] == 22500
    assert draft_order_body(api, original["id"])["draft_order"]["cart"]["subtotal"] == 12501


def test_discount_codes_no_longer_valid_are_dropped_and_said_why(api, seed):
    # given: TEST is disabled and FREE-SHIPPING deleted after the original was made
    original = create_draft_order(api, t1_body(discounts=[{"code": "TEST"}, {"code": "FREE-SHIPPING"}]))
    Discount.objects.filter(code="TEST").update(is_disabled=True)
    Discount.objects.filter(code="FREE-SHIPPING").update(deleted_at=timezone.now())

    # when
    response = duplicate(api, original["id"])

    # then
    cart = new_draft_order(response)["cart"]
    assert (cart["discounts"], cart["discount_total"], cart["shipping_total"], cart["total"]) == ([], 0, 1000, 17000)
    assert response.json()["dropped_discounts"] == [
        {"code": "FREE-SHIPPING", "reason": "Discounts with code [FREE-SHIPPING] was not found"},
        {"code": "TEST", "reason": "The discount code TEST is disabled"},
    ]


def test_the_valid_discount_codes_are_kept(api, seed):
    # given
    original = create_draft_order(api, t1_body(discounts=[{"code": "TEST"}, {"code": "FREE-SHIPPING"}]))
    Discount.objects.filter(code="TEST").update(is_disabled=True)

    # when
    response = duplicate(api, original["id"])

    # then
    cart = new_draft_order(response)["cart"]
    assert [discount["code"] for discount in cart["discounts"]] == ["FREE-SHIPPING"]
    assert (cart["shipping_total"], cart["total"]) == (0, 16000)
    assert response.json()["dropped_discounts"] == [{"code": "TEST", "reason": "The discount code TEST is disabled"}]


def test_a_completed_draft_order_is_ordered_again(api, seed):
    # given
    original = create_draft_order(api, ORIGINAL)
    assert api.post(f"/admin/draft-orders/{original['id']}/pay").status_code == 200

    # when
    copy = new_draft_order(duplicate(api, original["id"]))

    # then: a new open draft order; the completed one stays as it was
    assert (copy["status"], copy["order_id"], copy["cart"]["completed_at"]) == ("open", None, None)
    assert cart_money(copy["cart"]) == cart_money(original["cart"])
    assert DraftOrder.objects.get(pk=original["id"]).status == "completed"


def test_an_unknown_draft_order_is_not_found(api, seed):
    # given
    counts = row_counts()

    # when
    response = duplicate(api, "dorder_nope")

    # then
    assert (response.status_code, response.json()) == (
        404,
        {"type": "not_found", "message": "Draft order with dorder_nope was not found"},
    )
    assert row_counts() == counts


def test_what_create_refuses_the_copy_refuses_with_creates_error(api, seed):
    # given: the variant has no price in the region any more
    original = create_draft_order(api, t1_body())
    MoneyAmount.objects.filter(variant_id="test-variant").delete()
    counts = row_counts()

    # when
    response = duplicate(api, original["id"])

    # then
    assert (response.status_code, response.json()) == (
        400,
        {"type": "invalid_data", "message": 'Cannot generate line item for variant "test variant" without a price'},
    )
    assert row_counts() == counts
