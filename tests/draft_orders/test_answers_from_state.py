"""A write that answers from the rows it fetched under its lock and saved (issue 16: no re-read) answers exactly
what a read right after it answers: every key, value and key order, metadata included (PostgreSQL's jsonb gives an
object's keys back in its own order)."""

import json

import pytest

from tests.draft_orders.helpers import create_draft_order
from tests.draft_orders.test_line_items import add, delete, update
from tests.factories import RegionFactory, ShippingOptionFactory
from tests.seed import t1_body

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
