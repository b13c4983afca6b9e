"""POST /admin/draft-orders/:id/pay (Mark Paid): v1's T16 and pay probes (reference "Mark Paid",
"acceptance tests" and "observed probes") with the departure "Mark Paid once" (safe to repeat and to race)."""

import pytest

from carts.models import LineItemTaxLine, ShippingMethodTaxLine
from discounts.models import Discount
from draft_orders.models import DraftOrder
from draft_orders.services import draft_order_mark_paid
from orders.models import Order, Payment, PaymentSession
from tests.budget import budget
from tests.concurrency import at_once
from tests.draft_orders.helpers import (
    assert_observed_error,
    assert_same_key_order,
    cart_money,
    create_draft_order,
    draft_order_body,
    observed,
    order_money,
)
from tests.seed import t1_body, tax_body

pytestmark = pytest.mark.django_db

SEED = "test-draft-order"
OPEN_ONLY = {"type": "not_allowed", "message": "You are only allowed to update open draft orders"}
ALREADY_COMPLETED = {"type": "not_allowed", "message": "Draft order is already completed"}
# Keys we add on purpose: the products app's `profile_id`/`profile`
ORDER_EXTRA_KEYS = {"order.items.variant.product": {"profile_id", "profile"}}


def pay(api, draft_order_id: str):
    return api.post(f"/admin/draft-orders/{draft_order_id}/pay", {}, format="json")


def order_of(response) -> dict:
    assert response.status_code == 200, response.json()
    return response.json()["order"]


# --- v1's T16 --------------------------------------------------------------------------------------------------

# Values of it16_pay that are neither ids nor timestamps
ORDER_VALUES = (
    "status",
    "fulfillment_status",
    "payment_status",
    "cart_id",
    "customer_id",
    "email",
    "region_id",
    "currency_code",
    "tax_rate",
    "draft_order_id",
    "canceled_at",
    "metadata",
    "no_notification",
    "billing_address",
    "claims",
    "discounts",
    "fulfillments",
    "gift_card_transactions",
    "gift_cards",
    "refunds",
    "returns",
    "shipping_methods",
    "swaps",
)
PAYMENT_VALUES = (
    "swap_id",
    "cart_id",
    "order_id",
    "amount",
    "currency_code",
    "amount_refunded",
    "provider_id",
    "data",
    "canceled_at",
    "metadata",
    "idempotency_key",
)


def test_t16_mark_paid_answers_the_order_as_v1(api, seed):
    # when
    response = pay(api, SEED)

    # then: it16_pay's keys in its order and its values
    order = order_of(response)
    expected = observed("it16_pay")["order"]
    assert_same_key_order(response.json(), observed("it16_pay"), extra=ORDER_EXTRA_KEYS)
    assert order_money(order) == order_money(expected)
    assert order["id"].startswith("order_")
    assert {name: order[name] for name in ORDER_VALUES} == {name: expected[name] for name in ORDER_VALUES}
    (payment,) = order["payments"]
    assert payment["id"].startswith("pay_")
    assert payment["captured_at"] is not None
    assert {name: payment[name] for name in PAYMENT_VALUES} == {
        **{name: expected["payments"][0][name] for name in PAYMENT_VALUES},
        "order_id": order["id"],
    }
    # the tax lines are rows now: ids and timestamps
    (tax_line,) = order["items"][0]["tax_lines"]
    assert tax_line["id"].startswith("litl_")
    assert {name: tax_line[name] for name in ("rate", "name", "code", "metadata", "item_id")} == {
        "rate": 0,
        "name": "default",
        "code": "default",
        "metadata": None,
        "item_id": "test-item",
    }
    assert order["items"][0]["order_id"] == order["id"]


def test_t16_the_order_and_the_completed_draft_read_back(api, seed):
    # given
    paid = order_of(pay(api, SEED))

    # when
    order_response = api.get(f"/admin/orders/{paid['id']}")
    draft = draft_order_body(api, SEED)["draft_order"]

    # then: the order as it16_pay_order_get, with the totals Mark Paid answered
    order = order_of(order_response)
    assert_same_key_order(order_response.json(), observed("it16_pay_order_get"), extra=ORDER_EXTRA_KEYS)
    assert order_money(order) == order_money(paid) == order_money(observed("it16_pay_order_get")["order"])
    # the draft order is completed, with its order (and its completed_at: departure "draft order keys")
    assert (draft["status"], draft["order_id"], draft["order"]["id"]) == ("completed", paid["id"], paid["id"])
    assert draft["completed_at"] is not None
    assert draft["order"]["payment_status"] == "captured"
    assert_same_key_order(
        {"draft_order": draft},
        observed("it16_pay_draft_get"),
        extra={
            "draft_order": {"completed_at", "reserve_inventory_until"},
            "draft_order.cart.items.variant.product": {"profile_id", "profile"},
        },
    )
    cart = draft["cart"]
    assert cart["completed_at"] is not None
    assert cart["payment_authorized_at"] is not None
    assert cart["payment_id"] == paid["payments"][0]["id"]
    assert [(s["provider_id"], s["is_selected"]) for s in cart["payment_sessions"]] == [("system", True)]
    assert cart["payment_session"]["provider_id"] == "system"
    assert cart_money(cart) == cart_money(observed("it16_pay_draft_get")["draft_order"]["cart"])


def test_t16_the_list_shows_the_draft_completed_with_its_order(api, seed):
    # given
    paid = order_of(pay(api, SEED))

    # when
    response = api.get("/admin/draft-orders")

    # then
    (entry,) = response.json()["draft_orders"]
    theirs = observed("it16_list_after_pay")["draft_orders"][0]
    assert (entry["status"], entry["order_id"], entry["order"]["id"]) == ("completed", paid["id"], paid["id"])
    assert list(entry["order"]) == list(theirs["order"])
    assert entry["cart"]["items"][0]["order_id"] == paid["id"]


@pytest.mark.parametrize(
    ("request_of", "name"),
    [
        (lambda api: api.post(f"/admin/draft-orders/{SEED}", {"email": "a@b.dk"}, format="json"), "update"),
        (lambda api: api.post(f"/admin/draft-orders/{SEED}/line-items", {"quantity": 1}, format="json"), "add_item"),
        (
            lambda api: api.post(f"/admin/draft-orders/{SEED}/line-items/test-item", {"quantity": 2}, format="json"),
            "update_item",
        ),
        (lambda api: api.delete(f"/admin/draft-orders/{SEED}/line-items/test-item", {}, format="json"), "delete_item"),
    ],
    ids=["update", "add-item", "update-item", "delete-item"],
)
def test_every_mutation_of_a_completed_draft_is_refused(api, seed, request_of, name):
    # given
    pay(api, SEED)
    before = draft_order_body(api, SEED)

    # when
    response = request_of(api)

    # then
    assert_observed_error(response, f"it16_{name}_after_pay")
    assert response.json() == OPEN_ONLY
    assert draft_order_body(api, SEED) == before


def test_v38_an_unknown_draft_order_is_404(api, seed):
    # when
    response = pay(api, "nope")

    # then
    assert_observed_error(response, "v38_pay_missing")


# --- departure "Mark Paid once": repeat, race; and an empty cart ------------------------------------------------


def test_departure_mark_paid_once_a_second_call_is_refused_and_makes_nothing_more(api, seed):
    # given: v1 answers a 422 duplicate_error built from a Postgres detail (it16_pay_again)
    pay(api, SEED)
    before = draft_order_body(api, SEED)

    # when
    response = pay(api, SEED)

    # then
    assert (response.status_code, response.json()) == (400, ALREADY_COMPLETED)
    assert draft_order_body(api, SEED) == before
    assert (Order.objects.count(), Payment.objects.count(), PaymentSession.objects.count()) == (1, 1, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_departure_mark_paid_once_twenty_concurrent_calls_make_one_order_and_one_payment(seed):
    # given
    callers = 20

    # when
    outcomes = at_once([lambda: draft_order_mark_paid(draft_order_id=SEED) and "paid"] * callers)

    # then
    assert outcomes.count("paid") == 1
    assert [outcome for outcome in outcomes if outcome != "paid"] == [ALREADY_COMPLETED] * (callers - 1)
    assert (Order.objects.count(), Payment.objects.count(), PaymentSession.objects.count()) == (1, 1, 1)
    assert DraftOrder.objects.get(pk=SEED).order_id == Order.objects.get().id


def test_p20_an_empty_cart_is_refused_and_nothing_changes(api, seed):
    # given
    draft_order = create_draft_order(api, t1_body(items=[]))
    before = draft_order_body(api, draft_order["id"])

    # when
    response = pay(api, draft_order["id"])

    # then
    assert_observed_error(response, "p20_pay_empty")
    assert draft_order_body(api, draft_order["id"]) == before
    assert (Order.objects.count(), Payment.objects.count(), PaymentSession.objects.count()) == (0, 0, 0)
    assert (LineItemTaxLine.objects.count(), ShippingMethodTaxLine.objects.count()) == (0, 0)


def test_a_total_no_payment_can_hold_is_refused_and_nothing_changes(api, seed):
    # given: a total beyond the payment's 32-bit amount column (departure "32-bit numbers")
    custom = {"title": "Pallet", "unit_price": 2**31 - 1, "quantity": 2}
    draft_order = create_draft_order(api, t1_body(items=[custom]))
    # when
    response = pay(api, draft_order["id"])
    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": f"The draft order's total {2 * (2**31 - 1) + 1000} is larger than a payment can hold (2147483647)",
    }
    assert (Order.objects.count(), Payment.objects.count()) == (0, 0)
    assert DraftOrder.objects.get(pk=draft_order["id"]).status == DraftOrder.Status.OPEN


def test_a_draft_made_from_an_email_alone_has_a_customer_and_can_be_paid(api, seed):
    # given: no customer_id, an email nobody has
    body = {
        "email": "walk.in@x.dk",
        "region_id": "test-region",
        "items": [{"variant_id": "test-variant", "quantity": 1}],
        "shipping_methods": [{"option_id": "test-option"}],
    }
    draft_order = api.post("/admin/draft-orders", body, format="json").json()["draft_order"]
    assert draft_order["cart"]["customer_id"].startswith("cus_")

    # when
    order = order_of(pay(api, draft_order["id"]))

    # then
    assert (order["customer_id"], order["email"], order["customer"]["email"]) == (
        draft_order["cart"]["customer_id"],
        "walk.in@x.dk",
        "walk.in@x.dk",
    )
    assert (order["total"], order["paid_total"]) == (9000, 9000)


# --- discounts: usage counted ---------------------------------------------------------------------------------


def test_every_discount_of_a_paid_order_counts_one_use(api, seed):
    # given
    draft_order = create_draft_order(api, t1_body(discounts=[{"code": "TEST"}, {"code": "FREE-SHIPPING"}]))

    # when
    order = order_of(pay(api, draft_order["id"]))

    # then
    assert sorted(discount["code"] for discount in order["discounts"]) == ["FREE-SHIPPING", "TEST"]
    assert dict(Discount.objects.values_list("code", "usage_count")) == {"TEST": 1, "FREE-SHIPPING": 1}
    assert (order["discount_total"], order["shipping_total"], order["total"]) == (1600, 0, 14400)


def test_a_used_up_discount_is_refused_on_a_new_draft(api, seed):
    # given: TEST may be used once, and a paid order used it
    Discount.objects.filter(code="TEST").update(usage_limit=1)
    pay(api, create_draft_order(api, t1_body(discounts=[{"code": "TEST"}]))["id"])

    # when
    created = api.post("/admin/draft-orders", t1_body(discounts=[{"code": "TEST"}]), format="json")
    updated = api.post(f"/admin/draft-orders/{SEED}", {"discounts": [{"code": "TEST"}]}, format="json")

    # then
    used_up = {"type": "not_allowed", "message": "Discount TEST has been used maximum allowed times"}
    assert (created.status_code, created.json()) == (400, used_up)
    assert (updated.status_code, updated.json()) == (400, used_up)


# --- taxes and totals: reference "the 25 % tax region" -----------------------------------------------------------


def tax_draft(api, **body) -> dict:
    return create_draft_order(api, tax_body(**body))


def test_p17_tax_and_free_shipping(api, tax_region):
    # given
    draft_order = tax_draft(api, items=[{"variant_id": "test-variant", "quantity": 1}], discounts=["FREESHIP"])

    # when
    response = pay(api, draft_order["id"])

    # then: item tax 2000, shipping 0, total 10000; the tax lines of items and methods persisted
    order = order_of(response)
    assert order_money(order) == order_money(observed("p17_pay_tax")["order"])
    assert order["items"][0]["tax_lines"][0]["id"].startswith("litl_")
    assert order["shipping_methods"][0]["tax_lines"][0]["id"].startswith("smtl_")
    assert_same_key_order(response.json(), observed("p17_pay_tax"), extra=ORDER_EXTRA_KEYS)


def test_p18_tax_and_a_percentage_discount(api, tax_region):
    # given
    draft_order = tax_draft(
        api, items=[{"variant_id": "test-variant", "quantity": 1, "unit_price": 3333}], discounts=["TAX10"]
    )

    # when
    order = order_of(pay(api, draft_order["id"]))

    # then: adjustment 333, item tax 750, shipping tax 250, total 5000
    assert order_money(order) == order_money(observed("p18_pay_tax_disc")["order"])
    after = draft_order_body(api, draft_order["id"])["draft_order"]
    assert after["status"] == "completed"
    assert cart_money(after["cart"]) == cart_money(observed("p18b_draft_after")["draft_order"]["cart"])


def test_p19_a_zero_total_makes_no_payment_yet_reads_captured(api, tax_region):
    # given: a fixed discount above the subtotal and a shipping price of 0
    draft_order = tax_draft(
        api,
        items=[{"variant_id": "test-variant", "quantity": 1}],
        discounts=["BIGFIX"],
        shipping_methods=[{"option_id": "tax-option", "price": 0}],
    )
    assert cart_money(draft_order["cart"]) == cart_money(observed("p19_zero_total")["draft_order"]["cart"])

    # when
    order = order_of(pay(api, draft_order["id"]))

    # then: v1's `[].every()` reads captured
    assert order_money(order) == order_money(observed("p19b_pay_zero")["order"])
    assert (order["payments"], order["payment_status"], order["total"], order["paid_total"]) == ([], "captured", 0, 0)
    assert Payment.objects.count() == 0
    assert draft_order_body(api, draft_order["id"])["draft_order"]["status"] == "completed"


def test_custom_lines_are_taxed_on_the_order_too(api, tax_region):
    # given: departure "custom lines are taxed" (v1 never taxes them, medusa#5092)
    draft_order = tax_draft(api, items=[{"quantity": 1, "unit_price": 1001}], discounts=[])

    # when
    order = order_of(pay(api, draft_order["id"]))

    # then: 1001 + round(250.25) + 1000 + 250
    assert (order["subtotal"], order["tax_total"], order["total"], order["paid_total"]) == (1001, 500, 2501, 2501)
    assert [line["rate"] for line in order["items"][0]["tax_lines"]] == [25]


# --- query budget: the same whatever the number of lines ----------------------------------------------------------

# measured: the same for 1 line and for 30 (the test's savepoint, 2, stands for BEGIN and COMMIT). On PostgreSQL,
# 10: the token's user; the draft locked; its cart's relations, tags and tax rates with the webhook endpoints in one
# statement; the rows other payments want, locked until the commit (the variants, then what other drafts hold of them
# read after the lock — departure "Mark Paid takes the stock"); the order's display id; the discount locked; then
# every write as one statement (config.writes): the lines' and the method's tax lines, the session, the order, its
# discount, the lines and the method moved to it, the payment, the cart, the draft, the stock, the discount's count
# and the two events. On SQLite each of those 14 writes is its own statement: 23. Nothing is read again: the answer
# and the events render from the rows held, kept as they were saved
MARK_PAID_BUDGET = budget(postgresql=10, sqlite=23)


@pytest.mark.parametrize("lines", [1, 30])
def test_mark_paid_costs_a_bounded_number_of_queries(api, stocked, lines, django_assert_max_num_queries):
    # given: variant lines (with TEST's adjustments) and custom lines, a shipping method
    variants = [{"variant_id": "test-variant-2", "quantity": 1, "metadata": {"n": n}} for n in range(lines // 2 or 1)]
    custom = [{"quantity": 1, "unit_price": 100 + n} for n in range(lines - len(variants))]
    draft_order = create_draft_order(api, t1_body(items=variants + custom, discounts=[{"code": "TEST"}]))

    # when / then
    with django_assert_max_num_queries(MARK_PAID_BUDGET):
        response = pay(api, draft_order["id"])
    assert len(order_of(response)["items"]) == lines
