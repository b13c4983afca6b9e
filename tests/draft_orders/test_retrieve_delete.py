"""GET and DELETE /admin/draft-orders/:id: v1's T20 and T21 (reference "acceptance tests"), probes v29 and
it21b/c (reference "observed probes"), and the departures "draft order keys" and "completed drafts stay"."""

import pytest

from carts.models import Cart
from draft_orders.models import DraftOrder
from draft_orders.services import draft_order_mark_paid
from orders.models import Order, Payment, PaymentSession
from regions.models import PaymentProvider
from tests.draft_orders.helpers import assert_observed_error, assert_same_key_order, cart_money, observed
from tests.seed import t1_body

pytestmark = pytest.mark.django_db

URL = "/admin/draft-orders"
DELETED = {"id": "test-draft-order", "object": "draft-order", "deleted": True}
# Keys added on purpose: `completed_at` on every draft order (departure "draft order keys"), a product's shipping
# profile
EXTRA_KEYS = {
    "draft_order": {"completed_at", "reserve_inventory_until"},
    "draft_order.cart.items.variant.product": {"profile_id", "profile"},
}


@pytest.fixture
def seeded_payment(seed):
    """The rest of v1's seeded cart: payment `test-payment` and the selected, authorized session `test-session`."""
    provider = PaymentProvider.objects.create(id="test-pay")
    payment = Payment.objects.create(
        id="test-payment", cart=seed.cart, amount=10000, currency_id="usd", provider=provider
    )
    PaymentSession.objects.create(
        id="test-session", cart=seed.cart, provider=provider, is_selected=True, status="authorized"
    )
    seed.cart.payment_id = payment.id
    seed.cart.save(update_fields=["payment_id"])
    return payment


# --- GET ------------------------------------------------------------------------------------------------------


def test_t20_retrieve_includes_the_items_totals(api, seed):
    # when
    response = api.get(f"{URL}/test-draft-order")

    # then
    assert response.status_code == 200
    draft_order = response.json()["draft_order"]
    assert draft_order["id"] == "test-draft-order"
    assert [(item["subtotal"], item["total"]) for item in draft_order["cart"]["items"]] == [(8000, 8000)]
    assert cart_money(draft_order["cart"]) == cart_money(observed("it20_get")["draft_order"]["cart"])
    assert (draft_order["cart"]["email"], draft_order["cart"]["customer_id"]) == ("oli@test.dk", "oli-test")


def test_t20_retrieve_has_v1s_keys_in_v1s_order(api, seeded_payment):
    # when
    response = api.get(f"{URL}/test-draft-order")

    # then: with v1's seeded payment and selected session, `payment_session` sits where v1 puts it
    assert response.status_code == 200
    assert_same_key_order(response.json(), observed("it20_get"), extra=EXTRA_KEYS)
    cart = response.json()["draft_order"]["cart"]
    assert (cart["payment_id"], cart["payment"]["id"], cart["payment_session"]["id"]) == (
        "test-payment",
        "test-payment",
        "test-session",
    )


def test_v29_retrieve_unknown_is_not_found(api, seed):
    # when
    response = api.get(f"{URL}/nope")

    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Draft order with nope was not found"}
    assert_observed_error(response, "v29_get_missing")


def test_retrieve_matches_the_create_response(api, seed):
    # given
    created = api.post(URL, t1_body(discounts=[{"code": "TEST"}]), format="json").json()

    # when
    response = api.get(f"{URL}/{created['draft_order']['id']}")

    # then: v1's create and GET bodies are the same document
    assert response.status_code == 200
    assert response.json() == created
    assert_same_key_order(response.json(), observed("it03_custom_ship_price_get"), extra=EXTRA_KEYS)


def test_departure_draft_order_keys_retrieve_carries_completed_at_and_order(api, seed):
    # when: open
    open_body = api.get(f"{URL}/test-draft-order").json()["draft_order"]

    # then: v1's GET has no `completed_at` key at all
    assert (open_body["completed_at"], open_body["order"]) == (None, None)
    assert "completed_at" not in observed("it20_get")["draft_order"]

    # when: paid
    order = draft_order_mark_paid(draft_order_id="test-draft-order")
    paid_body = api.get(f"{URL}/test-draft-order").json()["draft_order"]

    # then
    assert paid_body["status"] == "completed"
    assert paid_body["completed_at"] is not None
    assert (paid_body["order_id"], paid_body["order"]["id"]) == (order.id, order.id)
    assert paid_body["order"]["draft_order_id"] == "test-draft-order"


# --- DELETE ---------------------------------------------------------------------------------------------------


def test_t21_delete_answers_v1s_body_and_keeps_the_cart(api, seed):
    # when
    response = api.delete(f"{URL}/test-draft-order")

    # then: only the draft order row goes (v1)
    assert (response.status_code, response.json()) == (200, DELETED)
    assert response.json() == observed("it21_delete")
    assert not DraftOrder.objects.filter(pk="test-draft-order").exists()
    assert Cart.objects.filter(pk="test-cart").exists()


def test_t21_delete_is_idempotent_and_get_then_is_not_found(api, seed):
    # given
    api.delete(f"{URL}/test-draft-order")

    # when
    again = api.delete(f"{URL}/test-draft-order")
    fetched = api.get(f"{URL}/test-draft-order")

    # then
    assert (again.status_code, again.json()) == (200, observed("it21b_delete_again"))
    assert_observed_error(fetched, "it21c_get_after_delete")


def test_delete_unknown_id_answers_the_deleted_body(api, seed):
    # when
    response = api.delete(f"{URL}/nope")

    # then
    assert (response.status_code, response.json()) == (200, {"id": "nope", "object": "draft-order", "deleted": True})


def test_delete_accepts_medusa_js_empty_json_body(api, seed):
    # when: medusa-js sends `{}` with every DELETE
    response = api.delete(f"{URL}/test-draft-order", {}, format="json")

    # then
    assert (response.status_code, response.json()) == (200, DELETED)


def test_departure_completed_drafts_stay_delete_is_not_allowed(api, seed):
    # given
    order = draft_order_mark_paid(draft_order_id="test-draft-order")
    before = api.get(f"{URL}/test-draft-order").json()

    # when
    response = api.delete(f"{URL}/test-draft-order")

    # then: v1 answers 404 with the message "null" (observed it16_delete_after_pay)
    assert response.status_code == 400
    assert response.json() == {
        "type": "not_allowed",
        "message": "A completed draft order cannot be deleted: it is the record of its order",
    }
    assert observed("it16_delete_after_pay") == {"type": "not_found", "message": "null"}
    assert api.get(f"{URL}/test-draft-order").json() == before
    assert Order.objects.get(pk=order.id).draft_order_id == "test-draft-order"
