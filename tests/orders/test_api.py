"""GET /admin/orders/:id and GET /admin/orders: what a client reads after Mark Paid (issue 5), with the same totals."""

import pytest

from orders.models import Order
from tests.draft_orders.helpers import (
    assert_same_key_order,
    create_draft_order,
    observed,
    order_money,
)
from tests.seed import t1_body

# each test pays several drafts of the seed's variants: give them the stock (departure "Mark Paid takes the stock")
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stocked")]

# Keys we add on purpose: the products app's `profile_id`/`profile`
EXTRA_KEYS = {"order.items.variant.product": {"profile_id", "profile"}}


def paid_order(api, **changes) -> dict:
    """A draft order made from v1's base body (with `changes`) and marked paid: Mark Paid's `{order}`."""
    draft_order = create_draft_order(api, t1_body(**changes))
    response = api.post(f"/admin/draft-orders/{draft_order['id']}/pay", {}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()["order"]


def listed(api, query: str = "") -> dict:
    response = api.get(f"/admin/orders{query}")
    assert response.status_code == 200, response.json()
    return response.json()


def test_get_shows_the_order_mark_paid_made_with_the_same_totals(api, seed):
    # given: TEST (10 %) and FREE-SHIPPING on test-variant x2
    paid = paid_order(api, discounts=[{"code": "TEST"}, {"code": "FREE-SHIPPING"}])

    # when
    response = api.get(f"/admin/orders/{paid['id']}")

    # then: it16_pay_order_get's keys; Mark Paid's numbers
    assert response.status_code == 200
    assert_same_key_order(response.json(), observed("it16_pay_order_get"), extra=EXTRA_KEYS)
    order = response.json()["order"]
    assert order_money(order) == order_money(paid)
    assert (order["subtotal"], order["discount_total"], order["shipping_total"], order["total"]) == (
        16000,
        1600,
        0,
        14400,
    )
    assert (order["paid_total"], order["refunded_total"], order["refundable_amount"]) == (14400, 0, 14400)
    assert [item["refundable"] for item in order["items"]] == [14400]


def test_an_unknown_order_is_404(api, seed):
    # when
    response = api.get("/admin/orders/nope")

    # then
    assert (response.status_code, response.json()) == (
        404,
        {"type": "not_found", "message": "Order with nope was not found"},
    )


def test_the_orders_endpoints_need_authentication(anonymous_client, seed):
    # when
    one = anonymous_client.get("/admin/orders/nope")
    many = anonymous_client.get("/admin/orders")

    # then
    assert (one.status_code, many.status_code) == (401, 401)


@pytest.fixture
def three_orders(api, seed) -> list[dict]:
    """Three paid orders, oldest first: oli's, lebron's, oli's with TEST."""
    return [
        paid_order(api),
        paid_order(api, email="lebron@james.com", customer_id="lebron-james"),
        paid_order(api, discounts=[{"code": "TEST"}]),
    ]


def test_the_list_shows_the_orders_newest_first_with_their_totals(api, three_orders):
    # when
    body = listed(api)

    # then
    assert list(body) == ["orders", "count", "offset", "limit"]
    assert (body["count"], body["offset"], body["limit"]) == (3, 0, 50)
    assert [order["id"] for order in body["orders"]] == [order["id"] for order in reversed(three_orders)]
    assert [order_money(order) for order in body["orders"]] == [order_money(order) for order in reversed(three_orders)]
    assert [order["total"] for order in body["orders"]] == [15400, 17000, 17000]


def test_the_list_pages_with_offset_and_limit(api, three_orders):
    # when
    body = listed(api, "?offset=1&limit=1")

    # then
    assert (body["count"], body["offset"], body["limit"]) == (3, 1, 1)
    assert [order["id"] for order in body["orders"]] == [three_orders[1]["id"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=lebron", [1]),
        ("?q=OLI@TEST", [2, 0]),
        ("?q=nobody", []),
    ],
)
def test_the_list_searches_the_email(api, three_orders, query, expected):
    # when
    body = listed(api, query)

    # then
    assert [order["id"] for order in body["orders"]] == [three_orders[index]["id"] for index in expected]
    assert body["count"] == len(expected)


def test_the_list_searches_the_display_id(api, three_orders):
    # given
    display_id = three_orders[1]["display_id"]

    # when
    body = listed(api, f"?q={display_id}")

    # then
    assert three_orders[1]["id"] in [order["id"] for order in body["orders"]]
    assert all(str(display_id) in str(order["display_id"]) for order in body["orders"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status[]=pending", [2, 0]),
        ("?status=completed", [1]),
        ("?status[]=pending&status[]=completed", [2, 1, 0]),
        ("?status[]=canceled", []),
    ],
)
def test_the_list_filters_by_status(api, three_orders, query, expected):
    # given: lebron's order completed (no endpoint completes an order yet)
    Order.objects.filter(pk=three_orders[1]["id"]).update(status=Order.Status.COMPLETED)

    # when
    body = listed(api, query)

    # then
    assert [order["id"] for order in body["orders"]] == [three_orders[index]["id"] for index in expected]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "?status[]=bad",
            "each value in status must be one of the following values: "
            "pending, completed, archived, canceled, requires_action",
        ),
        ("?foo=bar", "property foo should not exist"),
        ("?limit=abc", "limit must be a number conforming to the specified constraints"),
    ],
)
def test_a_bad_list_query_is_invalid_data(api, seed, query, message):
    # when
    response = api.get(f"/admin/orders{query}")

    # then
    assert (response.status_code, response.json()) == (400, {"type": "invalid_data", "message": message})


# measured: 11 queries for 1 order and for 8 alike (auth, the page with its relations prefetched, the count)
ORDER_LIST_BUDGET = 10


@pytest.mark.parametrize("orders", [1, 8])
def test_the_list_costs_a_bounded_number_of_queries(api, seed, orders, django_assert_max_num_queries):
    # given: orders of several lines each
    lines = [{"variant_id": "test-variant", "quantity": 1}, {"quantity": 2, "unit_price": 100}]
    for _ in range(orders):
        paid_order(api, items=lines, discounts=[{"code": "TEST"}])

    # when / then
    with django_assert_max_num_queries(ORDER_LIST_BUDGET):
        body = listed(api)
    assert body["count"] == orders
