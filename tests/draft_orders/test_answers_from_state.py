"""A write that answers from the rows it fetched under its lock and saved (issue 16: no re-read) answers exactly
what a read right after it answers: every key, value and key order, metadata included (PostgreSQL's jsonb gives an
object's keys back in its own order)."""

import json

import pytest

from events.models import Event
from orders.models import PaymentSession
from regions.models import Region
from tests.draft_orders.helpers import create_draft_order
from tests.draft_orders.test_line_items import add, delete, update
from tests.factories import RegionFactory, ShippingOptionFactory
from tests.seed import t1_body, tax_body

pytestmark = pytest.mark.django_db

# keys out of jsonb's order (length, then bytes), nested too
METADATA = {"zeta": 1, "a": {"long-key": True, "b": [{"yy": 1, "x": 2}]}, "mm": None}


@pytest.fixture
def usd_region_2(seed):
    region = RegionFactory(id="usd-region-2", name="USD Region 2", countries=["ca"])
    ShippingOptionFactory(id="ca-option", region=region, amount=700)
    return region


@pytest.fixture
def draft_order(api, seed) -> dict:
    items = [
        {"variant_id": "test-variant-2", "quantity": 1, "metadata": {"n": 1}},
        {"quantity": 2, "unit_price": 150, "title": "Engraving"},
    ]
    return create_draft_order(api, t1_body(items=items, discounts=[{"code": "TEST"}]))


def assert_answered_as_read(api, response) -> None:
    """The write's answer is what a read right after it answers: the same JSON, byte for byte, and the same ETag."""
    assert response.status_code == 200, response.json()
    read = api.get(f"/admin/draft-orders/{response.json()['draft_order']['id']}")
    assert json.loads(response.content) == json.loads(read.content)  # a readable diff first
    assert response.content == read.content
    assert response["ETag"] == read["ETag"]


def first_line(draft_order: dict) -> str:
    return draft_order["cart"]["items"][0]["id"]


@pytest.mark.parametrize(
    "request_of",
    [
        lambda api, draft, line: add(api, draft, {"variant_id": "test-variant", "quantity": 2, "metadata": METADATA}),
        lambda api, draft, line: add(api, draft, {"variant_id": "test-variant-2", "quantity": 1, "metadata": {"n": 1}}),
        lambda api, draft, line: add(api, draft, {"quantity": 1, "unit_price": 5, "metadata": METADATA}),
        lambda api, draft, line: update(api, draft, line, {"quantity": 3, "metadata": METADATA}),
        lambda api, draft, line: update(api, draft, line, {"title": "Renamed", "unit_price": 1}),
        lambda api, draft, line: update(api, draft, line, {"quantity": 0}),
        lambda api, draft, line: delete(api, draft, line),
        lambda api, draft, line: delete(api, draft, "item_unknown"),
    ],
    ids=[
        "add-variant",
        "add-merging",
        "add-custom",
        "update-quantity",
        "update-price",
        "update-to-0",
        "delete",
        "delete-unknown",
    ],
)
def test_a_line_item_change_answers_what_a_read_after_it_answers(api, draft_order, request_of):
    # when
    response = request_of(api, draft_order["id"], first_line(draft_order))

    # then
    assert_answered_as_read(api, response)


@pytest.mark.parametrize(
    "body",
    [
        {"customer_id": "lebron-james"},
        {"email": "someone.new@example.com"},
        {"discounts": [{"code": "FREE-SHIPPING"}, {"code": "TEST"}]},
        {"discounts": []},
        {"shipping_methods": [{"option_id": "test-option-req"}], "metadata": METADATA},
        {"shipping_methods": [{"option_id": "test-option", "price": 123, "data": METADATA}]},
        {"region_id": "usd-region-2", "country_code": "ca"},
        {
            "billing_address": {"first_name": "x", "country_code": "us", "metadata": METADATA},
            "shipping_address": {"city": "y"},
        },
        {"no_notification_order": True},
    ],
    ids=[
        "customer",
        "email",
        "discounts",
        "no-discounts",
        "shipping-methods",
        "custom-price",
        "region",
        "addresses",
        "no-notification",
    ],
)
def test_an_update_answers_what_a_read_after_it_answers(api, draft_order, usd_region_2, body):
    # when
    response = api.post(f"/admin/draft-orders/{draft_order['id']}", body, format="json")

    # then
    assert_answered_as_read(api, response)


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {
            "metadata": METADATA,
            "shipping_address": {"first_name": "Ann", "country_code": "us", "metadata": METADATA},
            "billing_address": {"first_name": "Bo", "country_code": "us"},
            "shipping_methods": [{"option_id": "test-option", "price": 50, "data": METADATA}],
        },
        {"email": "brand.new.guest@example.com", "discounts": [{"code": "FREE-SHIPPING"}]},
    ],
    ids=["plain", "json-everywhere", "new-guest"],
)
def test_create_answers_what_a_read_after_it_answers(api, seed, extra):
    # given
    items = [{"variant_id": "test-variant-2", "quantity": 2, "metadata": METADATA}, {"quantity": 1, "unit_price": 9}]
    body = {**t1_body(items=items, discounts=[{"code": "TEST"}]), **extra}

    # when
    response = api.post("/admin/draft-orders", body, format="json")

    # then
    assert_answered_as_read(api, response)


# --- Mark Paid: its answer and both events render from the rows it held and saved ------------------------------------


def pay_scenario(name: str) -> dict:
    """A create body for each kind of payment: lines and discounts of every sort, a hold, no payment at all."""
    items = [
        {"variant_id": "test-variant-2", "quantity": 2, "metadata": METADATA},
        {"variant_id": "test-variant-2", "quantity": 1},
        {"quantity": 2, "unit_price": 150, "title": "Engraving", "metadata": METADATA},
    ]
    if name == "tax-region":
        return tax_body(items=items, discounts=["TAX10", "FREESHIP"])
    if name == "zero-total":  # no payment is made
        free = [{"quantity": 1, "unit_price": 0, "title": "Sample"}]
        return tax_body(items=free, discounts=[], shipping_methods=[{"option_id": "tax-option", "price": 0}])
    body = {**t1_body(items=items, discounts=[{"code": "TEST"}]), "metadata": METADATA, "note": "n", "tags": ["b", "a"]}
    if name == "holding-stock":
        body["reserve_inventory_until"] = "2030-01-01T12:00:00.000Z"  # the clock's now is 2030-01-01 10:00
    return body


@pytest.mark.parametrize(
    "scenario", ["t1", "tax-region", "zero-total", "holding-stock", "taxes-not-automatic", "earlier-session"]
)
def test_mark_paid_answers_and_records_what_reads_after_it_answer(api, stocked, tax_region, clock, scenario):
    # given
    if scenario == "taxes-not-automatic":  # the tax lines persisted at Mark Paid are the ones the draft had
        Region.objects.filter(pk="test-region").update(automatic_taxes=False)
    draft_order = create_draft_order(api, pay_scenario(scenario))
    if scenario == "earlier-session":  # a session selected before: Mark Paid unselects it
        PaymentSession.objects.create(
            cart_id=draft_order["cart_id"], provider_id="manual", is_selected=True, status="pending", data=METADATA
        )

    # when
    response = api.post(f"/admin/draft-orders/{draft_order['id']}/pay", {}, format="json")

    # then: the answer is the order as read after it, in Mark Paid's fields (v1 adds `object`, drops the channel)
    assert response.status_code == 200, response.json()
    order_id = response.json()["order"]["id"]
    read = json.loads(api.get(f"/admin/orders/{order_id}").content)["order"]
    paid = {"object": "order", **{key: value for key, value in read.items() if not key.startswith("sales_channel")}}
    assert json.loads(response.content)["order"] == paid  # a readable diff first
    assert json.dumps(json.loads(response.content)) == json.dumps({"order": paid})  # key order and numbers too
    # and the events hold the draft and the order as read after it
    completed, placed = Event.objects.filter(resource_id__in=[draft_order["id"], order_id]).order_by("seq")[1:]
    assert (completed.type, placed.type) == ("draft_order.completed", "order.placed")
    assert completed.data == api.get(f"/admin/draft-orders/{draft_order['id']}").json()["draft_order"]
    assert placed.data == read
