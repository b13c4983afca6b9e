"""GET /admin/draft-orders: v1's T17–T19 (reference "acceptance tests"), its list probes v39–v49, p24 and p25
(reference "observed probes"), and the departures "draft order keys" and "list queries"."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from carts.services import ShippingMethodInput
from draft_orders.models import DraftOrder
from draft_orders.services import draft_order_create, draft_order_mark_paid
from tests.draft_orders.helpers import assert_observed_error, assert_same_key_order, observed

pytestmark = pytest.mark.django_db

URL = "/admin/draft-orders"


def listed(api, query: str = "") -> dict:
    response = api.get(f"{URL}?{query}" if query else URL)
    assert response.status_code == 200, response.json()
    return response.json()


def ids(body: dict) -> list[str]:
    return [entry["id"] for entry in body["draft_orders"]]


def a_draft_order(email: str) -> DraftOrder:
    return draft_order_create(
        email=email, region_id="test-region", shipping_methods=[ShippingMethodInput(option_id="test-option")]
    ).draft_order


@pytest.fixture
def three_more(seed):
    """Three draft orders after the seeded one, newest last: two of oli's, one of lebron's."""
    return [a_draft_order("oli@test.dk"), a_draft_order("lebron@james.com"), a_draft_order("Oli@Test.dk")]


# --- T17–T19 --------------------------------------------------------------------------------------------------


def test_t17_lists_draft_orders(api, seed):
    # when
    body = listed(api)

    # then
    assert ids(body) == ["test-draft-order"]
    assert (body["count"], body["offset"], body["limit"]) == (1, 0, 50)
    entry = body["draft_orders"][0]
    cart = entry["cart"]
    assert (cart["object"], cart["id"], cart["email"], cart["type"]) == (
        "cart",
        "test-cart",
        "oli@test.dk",
        "draft_order",
    )
    assert [(item["id"], item["unit_price"], item["adjustments"]) for item in cart["items"]] == [
        ("test-item", 8000, [])
    ]


def test_t17_list_has_v1s_keys_in_v1s_order_and_a_plain_cart(api, seed):
    # when
    body = listed(api)

    # then: a cart without totals and items without totals (v1); `completed_at` on purpose
    # (departure "draft order keys")
    assert_same_key_order(
        body, observed("it17_list"), extra={"draft_orders": {"completed_at", "reserve_inventory_until"}}
    )
    cart = body["draft_orders"][0]["cart"]
    assert "total" not in cart and "total" not in cart["items"][0]


def test_t18_q_matches_the_email(api, three_more):
    # when
    body = listed(api, "q=oli@test")

    # then: oli's drafts, whatever the case of the stored email
    assert ids(body) == [three_more[2].id, three_more[0].id, "test-draft-order"]
    assert {entry["cart"]["email"] for entry in body["draft_orders"]} == {"oli@test.dk"}
    assert body["count"] == 3


def test_t19_q_on_an_unknown_email_lists_nothing(api, three_more):
    # when
    body = listed(api, "q=heyo@heyo.dk")

    # then
    assert body == observed("it19_list_q_none")


def test_p25_q_matches_part_of_the_email_case_insensitively(api, three_more):
    # when
    body = listed(api, "q=OLI@")

    # then
    assert ids(body) == [three_more[2].id, three_more[0].id, "test-draft-order"]
    assert (body["count"], body["offset"], body["limit"]) == (3, 0, 50)


def test_p24_q_matches_the_display_id(api, three_more):
    # given
    wanted = three_more[1]

    # when
    body = listed(api, f"q={wanted.display_id}")

    # then
    assert ids(body) == [wanted.id]
    assert {key: body[key] for key in ("count", "offset", "limit")} == {
        key: observed("p24_list_q_display")[key] for key in ("count", "offset", "limit")
    }


def test_v44_q_on_an_unknown_display_id_lists_nothing(api, three_more):
    # when
    body = listed(api, "q=987654")

    # then
    assert body == observed("v44_list_q_display")


# --- paging and ordering ----------------------------------------------------------------------------------------


def test_v40_limit_1_gives_the_newest(api, three_more):
    # when
    body = listed(api, "limit=1&offset=0")

    # then
    assert ids(body) == [three_more[2].id]
    assert (body["count"], body["offset"], body["limit"]) == (4, 0, 1)


def test_offset_pages_through_newest_first(api, three_more):
    # when
    body = listed(api, "limit=2&offset=1")

    # then
    assert ids(body) == [three_more[1].id, three_more[0].id]
    assert (body["count"], body["offset"], body["limit"]) == (4, 1, 2)


def test_v47_offset_past_the_end(api, three_more):
    # when
    body = listed(api, "offset=10")

    # then
    assert body == {"draft_orders": [], "count": 4, "offset": 10, "limit": 50}


@pytest.mark.parametrize(
    ("order", "descending"),
    [("display_id", False), ("-display_id", True), ("created_at", False), ("-created_at", True)],
)
def test_v46_order_sorts_by_an_allowed_field(api, three_more, order, descending):
    # when
    body = listed(api, f"order={order}")

    # then
    display_ids = [entry["display_id"] for entry in body["draft_orders"]]
    assert display_ids == sorted(display_ids, reverse=descending)
    assert len(display_ids) == 4


# --- status ---------------------------------------------------------------------------------------------------


def test_v43_status_completed_lists_only_completed(api, three_more):
    # given: none completed yet
    assert listed(api, "status[]=completed") == observed("v43_list_status")

    # when
    draft_order_mark_paid(draft_order_id="test-draft-order")
    body = listed(api, "status[]=completed")

    # then
    assert ids(body) == ["test-draft-order"]
    assert body["draft_orders"][0]["status"] == "completed"


@pytest.mark.parametrize(
    "query",
    ["status[]=open", "status[0]=open", "status=open", "status[]=open,completed", "status[]=open&status[]=completed"],
)
def test_departure_list_queries_status_in_array_plain_and_comma_forms(api, three_more, query):
    # given
    draft_order_mark_paid(draft_order_id="test-draft-order")
    everything = "completed" in query

    # when: v1 refuses the plain form with "status must be an array" (observed v49)
    body = listed(api, query)

    # then
    expected = [draft_order.id for draft_order in reversed(three_more)] + (["test-draft-order"] if everything else [])
    assert ids(body) == expected


def test_v49_plain_status_was_refused_by_v1(api, seed):
    # when
    body = listed(api, "status=open")

    # then: departure "list queries"; v1 answered the observed 400
    assert ids(body) == ["test-draft-order"]
    assert observed("v49_list_status_str") == {"type": "invalid_data", "message": "status must be an array"}


# --- dates ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "operator", "days", "listed_ids"),
    [
        ("created_at", "gt", 1, []),
        ("created_at", "lt", 1, ["test-draft-order"]),
        ("created_at", "gte", -1, ["test-draft-order"]),
        ("updated_at", "lte", -1, []),
        ("created_at", "gt", -3650, ["test-draft-order"]),
    ],
)
def test_date_comparisons_filter(api, seed, field, operator, days, listed_ids):
    # given: a whole date for the far past, a timestamp near now
    moment = timezone.now() + timedelta(days=days)
    value = moment.date().isoformat() if abs(days) > 1 else moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    # when
    body = listed(api, f"{field}[{operator}]={value}")

    # then
    assert ids(body) == listed_ids


# --- fields and expand ----------------------------------------------------------------------------------------


def test_v45_expand_cart_gives_the_cart_without_items_and_no_order(api, seed):
    # when
    body = listed(api, "expand=cart")

    # then: v1's entries for `expand=cart`; `completed_at` on purpose (departure "draft order keys")
    entry = body["draft_orders"][0]
    assert "order" not in entry and "items" not in entry["cart"]
    v1_entry = observed("v45_list_expand")["draft_orders"][0]
    assert_same_key_order(entry, v1_entry, extra={"": {"completed_at", "reserve_inventory_until"}})


@pytest.mark.parametrize("expand", ["cart.items.adjustments", "cart,cart.items.adjustments", "cart.items"])
def test_expand_a_nested_relation_brings_its_parents(api, seed, expand):
    # when: TypeORM joins the parents of a nested relation for v1
    body = listed(api, f"expand={expand}")

    # then
    entry = body["draft_orders"][0]
    assert "order" not in entry
    assert [(item["id"], item["adjustments"]) for item in entry["cart"]["items"]] == [("test-item", [])]


def test_expand_order_gives_no_cart(api, seed):
    # when
    body = listed(api, "expand=order")

    # then
    entry = body["draft_orders"][0]
    assert "cart" not in entry and entry["order"] is None


def test_departure_list_queries_v39_fields_selects_the_columns(api, seed):
    # when: v1 refuses any `fields` ("fields must be a number …", observed v39)
    body = listed(api, "fields=id,display_id")

    # then: the chosen columns, then the default relations
    assert list(body["draft_orders"][0]) == ["id", "display_id", "cart", "order"]
    assert observed("v39_list_fields")["message"] == "fields must be a number conforming to the specified constraints"


def test_fields_with_expand(api, seed):
    # when
    body = listed(api, "fields=id,status&expand=cart")

    # then
    entry = body["draft_orders"][0]
    assert list(entry) == ["id", "status", "cart"]
    assert entry["cart"]["id"] == "test-cart"


# --- departure "draft order keys" -------------------------------------------------------------------------------


def test_departure_draft_order_keys_list_entries_carry_completed_at_and_order(api, three_more):
    # given
    order = draft_order_mark_paid(draft_order_id="test-draft-order")

    # when
    body = listed(api)

    # then
    entries = {entry["id"]: entry for entry in body["draft_orders"]}
    paid = entries.pop("test-draft-order")
    assert (paid["status"], paid["order_id"], paid["order"]["id"]) == ("completed", order.id, order.id)
    assert paid["completed_at"] is not None
    assert {(entry["completed_at"], entry["order"]) for entry in entries.values()} == {(None, None)}


# --- refusals ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("limit=abc", "v41_list_bad_limit"),
        ("foo=bar", "v42_list_unknown"),
        ("status[]=bad", "v48_list_status_bad"),
    ],
)
def test_list_refusals_answer_v1s_error(api, seed, query, name):
    # when
    response = api.get(f"{URL}?{query}")

    # then
    assert_observed_error(response, name)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("created_at[gt]=notadate", "gt must be a Date instance"),
        ("limit=-1", "limit must not be less than 0"),
        ("offset=-1", "offset must not be less than 0"),
        ("order=foo", "Order field foo is not valid"),
        (
            "expand=bogus",
            "expand must only contain: cart, order, cart.items, cart.items.adjustments (unknown: bogus)",
        ),
        (
            "fields=id,bogus",
            "fields must only contain: id, created_at, updated_at, status, display_id, cart_id, order_id, "
            "canceled_at, completed_at, no_notification_order, metadata, note, idempotency_key, tags, "
            "manual_discount (unknown: bogus)",
        ),
    ],
    ids=["bad-date", "negative-limit", "negative-offset", "unknown-order", "unknown-expand", "unknown-field"],
)
def test_departure_list_queries_bad_list_query_is_invalid_data(api, seed, query, message):
    # when: v1 answers 500 to the negative numbers, `order=foo` and `expand=bogus` (reference "observed probes")
    response = api.get(f"{URL}?{query}")

    # then
    assert (response.status_code, response.json()) == (400, {"type": "invalid_data", "message": message})


def test_departure_list_queries_limit_is_capped(api, three_more):
    # when
    with override_settings(API_MAX_PAGE_SIZE=2):
        body = listed(api, "limit=100000")

    # then
    assert (len(body["draft_orders"]), body["count"], body["limit"]) == (2, 4, 2)
    assert listed(api, "limit=100000")["limit"] == settings.API_MAX_PAGE_SIZE == 1000
