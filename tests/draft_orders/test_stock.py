"""Issue 18 §1–2: Mark Paid takes the stock (departure "Mark Paid takes the stock"), and a draft order holds its
stock until `reserve_inventory_until` (addition "stock holds"). Concurrent payments and holds:
test_stock_concurrency.py (PostgreSQL)."""

from datetime import timedelta

import pytest

from carts.services import ItemInput, ShippingMethodInput
from draft_orders.models import DraftOrder
from draft_orders.services import draft_order_create
from orders.models import Order, Payment
from products.models import InventoryHold, ProductVariant
from tests.draft_orders.helpers import create_draft_order, row_counts
from tests.draft_orders.test_admin import change_form, change_url, form_errors
from tests.draft_orders.test_answers_from_state import assert_answered_as_read
from tests.factories import ProductVariantFactory, UserFactory
from tests.seed import t1_body

pytestmark = pytest.mark.django_db

SHORT = {
    "code": "insufficient_inventory",
    "type": "not_allowed",
    "message": "Variant with id: test-variant does not have the required inventory",
}
# v1's words for a line update it refuses (reference "update a line")
NOT_COVERED = {
    "code": "insufficient_inventory",
    "type": "not_allowed",
    "message": "Inventory doesn't cover the desired quantity",
}
IN_TWO_HOURS = "2030-01-01T12:00:00.000Z"  # the `clock` fixture's now is 2030-01-01 10:00 UTC


def pay(api, draft_order_id: str):
    return api.post(f"/admin/draft-orders/{draft_order_id}/pay", {}, format="json")


def stock(variant_id: str) -> int:
    return ProductVariant.all_objects.get(pk=variant_id).inventory_quantity


def draft(*items: tuple[str, int], reserve: str | None = None, api=None) -> dict:
    """A draft order of the seed with these (variant id, quantity) lines, holding its stock until `reserve`."""
    body = t1_body(items=[{"variant_id": variant_id, "quantity": quantity} for variant_id, quantity in items])
    if reserve is not None:
        body["reserve_inventory_until"] = reserve
    return create_draft_order(api, body)


def add_line(api, draft_order_id: str, variant_id: str, quantity: int):
    body = {"variant_id": variant_id, "quantity": quantity}
    return api.post(f"/admin/draft-orders/{draft_order_id}/line-items", body, format="json")


def nothing_paid(draft_order_id: str) -> bool:
    return (
        not Order.objects.exists()
        and not Payment.objects.exists()
        and DraftOrder.objects.get(pk=draft_order_id).status == "open"
    )


# --- §1 Mark Paid takes the stock ---------------------------------------------------------------------------


def test_departure_mark_paid_takes_the_stock_of_each_managed_variant(api, seed):
    # given: test-variant x2 (stock 2), test-variant-2 x3 (stock 4) and a custom line
    body = t1_body(
        items=[
            {"variant_id": "test-variant", "quantity": 2},
            {"variant_id": "test-variant-2", "quantity": 3},
            {"title": "Gift wrap", "unit_price": 500, "quantity": 1},
        ]
    )
    draft_order = create_draft_order(api, body)

    # when
    response = pay(api, draft_order["id"])

    # then
    assert response.status_code == 200, response.json()
    assert (stock("test-variant"), stock("test-variant-2")) == (0, 1)


def test_lines_of_one_variant_take_their_sum(api, seed):
    # given: two lines of test-variant (different metadata keeps them apart), 1 + 1 of a stock of 2
    draft_order = create_draft_order(
        api,
        t1_body(
            items=[
                {"variant_id": "test-variant", "quantity": 1, "metadata": {"n": 1}},
                {"variant_id": "test-variant", "quantity": 1, "metadata": {"n": 2}},
            ]
        ),
    )

    # when
    response = pay(api, draft_order["id"])

    # then
    assert response.status_code == 200
    assert stock("test-variant") == 0


def test_a_short_variant_refuses_mark_paid_and_nothing_changes(api, seed):
    # given: 3 of test-variant, which has 2 (create does not check, as v1)
    draft_order = draft(("test-variant-2", 1), ("test-variant", 3), api=api)
    before = row_counts()

    # when
    response = pay(api, draft_order["id"])

    # then: v1's line-add refusal; no order, no payment, the draft open, no stock moved
    assert (response.status_code, response.json()) == (400, SHORT)
    assert nothing_paid(draft_order["id"])
    assert row_counts() == before
    assert (stock("test-variant"), stock("test-variant-2")) == (2, 4)


def test_a_short_variant_after_one_that_is_covered_is_named_and_nothing_moves(api, seed):
    # given: test-variant (2) covers 1; test-variant-2 (4), after it in id order, does not cover 9
    draft_order = draft(("test-variant", 1), ("test-variant-2", 9), api=api)

    # when
    response = pay(api, draft_order["id"])

    # then
    assert (response.status_code, response.json()) == (
        400,
        {**SHORT, "message": SHORT["message"].replace("test-variant", "test-variant-2")},
    )
    assert nothing_paid(draft_order["id"])
    assert (stock("test-variant"), stock("test-variant-2")) == (2, 4)


def test_a_variant_allowing_backorders_goes_below_zero(api, seed):
    # given
    ProductVariant.objects.filter(pk="test-variant").update(allow_backorder=True, inventory_quantity=1)
    draft_order = draft(("test-variant", 3), api=api)

    # when
    response = pay(api, draft_order["id"])

    # then
    assert response.status_code == 200
    assert stock("test-variant") == -2


def test_a_variant_not_managing_inventory_is_never_touched(api, seed):
    # given
    ProductVariant.objects.filter(pk="test-variant").update(manage_inventory=False, inventory_quantity=0)
    draft_order = draft(("test-variant", 3), api=api)

    # when
    response = pay(api, draft_order["id"])

    # then
    assert response.status_code == 200
    assert stock("test-variant") == 0


def test_the_paid_order_shows_the_stock_it_left(api, seed):
    # given
    draft_order = draft(("test-variant-2", 3), api=api)

    # when
    order = pay(api, draft_order["id"]).json()["order"]

    # then: the variant embedded in the order's line is read after the decrement
    assert order["items"][0]["variant"]["inventory_quantity"] == 1


# --- §2 holds: the draft's field ----------------------------------------------------------------------------


def test_a_draft_holds_nothing_by_default(api, seed, clock):
    # when
    draft_order = draft(("test-variant", 1), api=api)

    # then
    assert draft_order["reserve_inventory_until"] is None
    assert not InventoryHold.objects.exists()


def test_create_with_reserve_inventory_until_holds_the_managed_lines(api, seed, clock):
    # given: an unmanaged variant too, which holds nothing
    unmanaged = ProductVariantFactory(manage_inventory=False, inventory_quantity=0, prices=[("usd", 100)])

    # when
    draft_order = draft(("test-variant", 2), ("test-variant-2", 1), (unmanaged.id, 5), reserve=IN_TWO_HOURS, api=api)

    # then: answered back, and held
    assert draft_order["reserve_inventory_until"] == IN_TWO_HOURS
    product = api.get("/admin/products/test-product").json()["product"]
    held = {variant["id"]: (variant["held_quantity"], variant["held_by"]) for variant in product["variants"]}
    assert held["test-variant"] == (
        2,
        [{"draft_order_id": draft_order["id"], "quantity": 2, "until": IN_TWO_HOURS}],
    )
    assert held["test-variant-without-prices"] == (0, [])
    assert not InventoryHold.objects.filter(variant=unmanaged).exists()
    # held is not taken: the stock stays until paid
    assert stock("test-variant") == 2


@pytest.mark.parametrize("when", ["2030-01-01T10:00:00.000Z", "2029-12-31T23:00:00Z", "2020-01-01"])
def test_a_reserve_time_not_in_the_future_is_invalid_data_and_nothing_is_made(api, seed, clock, when):
    # given
    before = row_counts()

    # when
    response = api.post("/admin/draft-orders", {**t1_body(), "reserve_inventory_until": when}, format="json")

    # then
    assert (response.status_code, response.json()) == (
        400,
        {"type": "invalid_data", "message": "reserve_inventory_until must be a date in the future"},
    )
    assert row_counts() == before
    assert not InventoryHold.objects.exists()


def test_a_reserve_time_that_is_no_date_is_invalid_data(api, seed, clock):
    # when
    response = api.post("/admin/draft-orders", {**t1_body(), "reserve_inventory_until": "soon"}, format="json")

    # then
    assert (response.status_code, response.json()) == (
        400,
        {"type": "invalid_data", "message": "reserve_inventory_until must be a Date instance"},
    )


def test_a_hold_the_stock_does_not_cover_is_refused_at_create_and_calculate(api, seed, clock):
    # given: 3 of test-variant, which has 2
    body = {**t1_body(items=[{"variant_id": "test-variant", "quantity": 3}]), "reserve_inventory_until": IN_TWO_HOURS}
    before = row_counts()

    # when
    created = api.post("/admin/draft-orders", body, format="json")
    calculated = api.post("/admin/draft-orders/calculate", body, format="json")

    # then: refused alike, nothing made
    assert (created.status_code, created.json()) == (400, SHORT)
    assert (calculated.status_code, calculated.json()) == (400, SHORT)
    assert row_counts() == before


def test_update_sets_moves_and_ends_a_hold(api, seed, clock):
    # given
    draft_order = draft(("test-variant", 2), api=api)
    url = f"/admin/draft-orders/{draft_order['id']}"

    # when: set
    set_ = api.post(url, {"reserve_inventory_until": IN_TWO_HOURS}, format="json")
    # then
    assert set_.status_code == 200, set_.json()
    assert set_.json()["draft_order"]["reserve_inventory_until"] == IN_TWO_HOURS
    assert list(InventoryHold.objects.values_list("variant_id", "quantity")) == [("test-variant", 2)]

    # when: moved, and an update without the field keeps it
    api.post(url, {"reserve_inventory_until": "2030-01-02T10:00:00Z"}, format="json")
    kept = api.post(url, {"email": "oli@test.dk"}, format="json")
    # then
    assert kept.json()["draft_order"]["reserve_inventory_until"] == "2030-01-02T10:00:00.000Z"
    assert InventoryHold.objects.get().until.isoformat() == "2030-01-02T10:00:00+00:00"

    # when: null
    ended = api.post(url, {"reserve_inventory_until": None}, format="json")
    # then
    assert ended.json()["draft_order"]["reserve_inventory_until"] is None
    assert not InventoryHold.objects.exists()


def test_an_update_to_a_past_reserve_time_is_refused_and_the_hold_stays(api, seed, clock):
    # given
    draft_order = draft(("test-variant", 2), reserve=IN_TWO_HOURS, api=api)

    # when
    url = f"/admin/draft-orders/{draft_order['id']}"
    response = api.post(url, {"reserve_inventory_until": "2029-01-01T00:00:00Z"}, format="json")

    # then
    assert (response.status_code, response.json()["type"]) == (400, "invalid_data")
    assert api.get(url).json()["draft_order"]["reserve_inventory_until"] == IN_TWO_HOURS
    assert InventoryHold.objects.get().quantity == 2


# --- §2 holds count against other drafts --------------------------------------------------------------------


def test_another_drafts_line_add_is_refused_what_a_hold_keeps(api, seed, clock):
    # given: A holds both units of test-variant; B has none
    draft(("test-variant", 2), reserve=IN_TWO_HOURS, api=api)
    other = draft(("test-variant-2", 1), api=api)

    # when
    response = add_line(api, other["id"], "test-variant", 1)

    # then: v1's refusal, as if the stock were gone
    assert (response.status_code, response.json()) == (400, SHORT)


def test_another_drafts_line_update_is_refused_what_a_hold_keeps(api, seed, clock):
    # given: B has 1 of test-variant (stock 2), then A holds 1
    other = draft(("test-variant", 1), api=api)
    draft(("test-variant", 1), reserve=IN_TWO_HOURS, api=api)
    line_id = api.get(f"/admin/draft-orders/{other['id']}").json()["draft_order"]["cart"]["items"][0]["id"]

    # when: B to 2 (only 1 is left to it)
    url = f"/admin/draft-orders/{other['id']}/line-items/{line_id}"
    response = api.post(url, {"quantity": 2}, format="json")

    # then
    assert (response.status_code, response.json()) == (400, NOT_COVERED)


def test_another_drafts_mark_paid_is_refused_what_a_hold_keeps(api, seed, clock):
    # given: B has 1 of test-variant (made before), A holds both units
    other = draft(("test-variant", 1), api=api)
    draft(("test-variant", 2), reserve=IN_TWO_HOURS, api=api)

    # when
    response = pay(api, other["id"])

    # then
    assert (response.status_code, response.json()) == (400, SHORT)
    assert nothing_paid(other["id"]) and stock("test-variant") == 2


def test_a_hold_is_refused_what_another_hold_keeps(api, seed, clock):
    # given
    draft(("test-variant", 2), reserve=IN_TWO_HOURS, api=api)
    other = draft(("test-variant", 1), api=api)

    # when
    response = api.post(f"/admin/draft-orders/{other['id']}", {"reserve_inventory_until": IN_TWO_HOURS}, format="json")

    # then: the refused hold leaves the draft as it was
    assert (response.status_code, response.json()) == (400, SHORT)
    assert api.get(f"/admin/draft-orders/{other['id']}").json()["draft_order"]["reserve_inventory_until"] is None


def test_the_holding_draft_adds_and_pays_against_its_own_hold(api, seed, clock):
    # given: A holds 1 of test-variant's 2
    holder = draft(("test-variant", 1), reserve=IN_TWO_HOURS, api=api)

    # when: A adds 1 more (merged: 2), then pays
    added = add_line(api, holder["id"], "test-variant", 1)
    paid = pay(api, holder["id"])

    # then: its hold grew with its line, then ended when it paid
    assert added.status_code == 200, added.json()
    assert paid.status_code == 200, paid.json()
    assert stock("test-variant") == 0
    assert not InventoryHold.objects.exists()
    assert api.get(f"/admin/draft-orders/{holder['id']}").json()["draft_order"]["reserve_inventory_until"] is None


def test_a_holding_drafts_line_changes_move_its_hold(api, seed, clock):
    # given
    holder = draft(("test-variant", 2), ("test-variant-2", 1), reserve=IN_TWO_HOURS, api=api)
    lines = api.get(f"/admin/draft-orders/{holder['id']}").json()["draft_order"]["cart"]["items"]
    line = {item["variant_id"]: item["id"] for item in lines}

    # when: test-variant down to 1, test-variant-2 removed
    base = f"/admin/draft-orders/{holder['id']}/line-items"
    api.post(f"{base}/{line['test-variant']}", {"quantity": 1}, format="json")
    api.delete(f"{base}/{line['test-variant-2']}")

    # then
    assert list(InventoryHold.objects.values_list("variant_id", "quantity")) == [("test-variant", 1)]
    other = draft(("test-variant-2", 1), api=api)
    assert add_line(api, other["id"], "test-variant", 1).status_code == 200


def test_a_hold_ends_when_its_time_passes(api, seed, clock):
    # given
    draft(("test-variant", 2), reserve=IN_TWO_HOURS, api=api)
    other = draft(("test-variant-2", 1), api=api)
    assert add_line(api, other["id"], "test-variant", 1).status_code == 400

    # when
    clock.advance(hours=2)

    # then: the hold is over at its time (not after it)
    assert add_line(api, other["id"], "test-variant", 1).status_code == 200
    product = api.get("/admin/products/test-product").json()["product"]
    assert [variant["held_quantity"] for variant in product["variants"]] == [0, 0]


def test_a_hold_ends_on_delete(api, seed, clock):
    # given
    holder = draft(("test-variant", 2), reserve=IN_TWO_HOURS, api=api)
    other = draft(("test-variant-2", 1), api=api)

    # when
    api.delete(f"/admin/draft-orders/{holder['id']}")

    # then
    assert not InventoryHold.objects.exists()
    assert add_line(api, other["id"], "test-variant", 2).status_code == 200


def test_a_hold_on_a_variant_allowing_backorders_refuses_no_one(api, seed, clock):
    # given
    ProductVariant.objects.filter(pk="test-variant").update(allow_backorder=True)
    draft(("test-variant", 2), reserve=IN_TWO_HOURS, api=api)
    other = draft(("test-variant-2", 1), api=api)

    # when
    response = add_line(api, other["id"], "test-variant", 5)

    # then
    assert response.status_code == 200


def test_the_service_takes_the_hold_as_the_api_does(seed, clock):
    # when: the admin's door (the same service)
    made = draft_order_create(
        email="oli@test.dk",
        region_id="test-region",
        items=[ItemInput(variant_id="test-variant", quantity=2)],
        shipping_methods=[ShippingMethodInput(option_id="test-option")],
        reserve_inventory_until=clock.now + timedelta(hours=1),
    ).draft_order

    # then
    hold = InventoryHold.objects.get()
    assert (hold.draft_order_id, hold.cart_id, hold.quantity) == (made.id, made.cart_id, 2)


# --- §2 the staff site's door -------------------------------------------------------------------------------


def test_the_staff_site_sets_and_ends_a_hold_through_the_same_service(client, api, seed, clock):
    # given: a staff user on the draft's change page
    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))
    draft_order = draft(("test-variant", 2), api=api)

    # when: a time typed (the site's time zone is UTC)
    data = change_form(
        client,
        draft_order["id"],
        reserve_inventory_until_0="2030-01-01",
        reserve_inventory_until_1="12:00:00",
    )
    response = client.post(change_url(draft_order["id"]), data)

    # then
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert api.get(f"/admin/draft-orders/{draft_order['id']}").json()["draft_order"]["reserve_inventory_until"] == (
        IN_TWO_HOURS
    )
    assert InventoryHold.objects.get().quantity == 2

    # when: emptied
    data = change_form(client, draft_order["id"], reserve_inventory_until_0="", reserve_inventory_until_1="")
    client.post(change_url(draft_order["id"]), data)

    # then
    assert not InventoryHold.objects.exists()


def test_the_staff_site_shows_a_past_time_on_its_field(client, api, seed, clock):
    # given
    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))
    draft_order = draft(("test-variant", 2), api=api)

    # when
    data = change_form(
        client, draft_order["id"], reserve_inventory_until_0="2029-01-01", reserve_inventory_until_1="12:00:00"
    )
    response = client.post(change_url(draft_order["id"]), data)

    # then
    assert form_errors(response) == {
        "reserve_inventory_until": ["reserve_inventory_until must be a date in the future"]
    }


def test_writes_that_hold_answer_what_a_read_answers(api, seed, clock):
    # given: a time with microseconds (stored as sent, answered in milliseconds)
    body = {**t1_body(items=[{"variant_id": "test-variant", "quantity": 1}])}
    body["reserve_inventory_until"] = "2030-01-01T12:00:00.123456Z"

    # when / then: create, a line add and an update of a holding draft, each read right after
    created = api.post("/admin/draft-orders", body, format="json")
    assert_answered_as_read(api, created)
    draft_id = created.json()["draft_order"]["id"]
    assert_answered_as_read(api, add_line(api, draft_id, "test-variant", 1))
    url = f"/admin/draft-orders/{draft_id}"
    updated = api.post(url, {"reserve_inventory_until": "2030-01-02T00:00:00Z"}, format="json")
    assert_answered_as_read(api, updated)
    assert updated.json()["draft_order"]["reserve_inventory_until"] == "2030-01-02T00:00:00.000Z"
