"""Query budgets of draft order create, GET and list (issue 4, "Speed and scale"): reads cost a fixed number of
queries whatever the number of lines or the page size, and create inserts its lines in bulk."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carts.services import ItemInput, ShippingMethodInput
from draft_orders.models import DraftOrder
from draft_orders.services import draft_order_create, draft_order_mark_paid
from tests.factories import ProductVariantFactory
from tests.seed import t1_body

pytestmark = pytest.mark.django_db

URL = "/admin/draft-orders"
# the token's user; the draft order (its order and cart joined); in one statement (config.prepared.run_together) every
# relation of its cart, its tags, payments and sessions, the tax rates linked to its products, their types and its
# shipping options
GET_BUDGET = 3
# the token's user; the page (its orders and carts joined) with the count; its tags and items; their adjustments
LIST_BUDGET = 4
# with `q` the page counts its matches itself
LIST_Q_BUDGET = 4


def priced_variants(count: int) -> list:
    """`count` variants of as many products, each priced in usd."""
    return [ProductVariantFactory(prices=[("usd", 1000)]) for _ in range(count)]


def draft_with_lines(variants, *, paid: bool = False) -> DraftOrder:
    """A draft order with one line per variant plus a custom line, TEST's 10 % off and one shipping method."""
    draft_order = draft_order_create(
        email="oli@test.dk",
        customer_id="oli-test",
        region_id="test-region",
        shipping_address="oli-shipping",
        items=[ItemInput(variant_id=variant.id, quantity=1) for variant in variants] + [ItemInput(quantity=1)],
        shipping_methods=[ShippingMethodInput(option_id="test-option")],
        discounts=["TEST"],
    ).draft_order
    if paid:
        draft_order_mark_paid(draft_order_id=draft_order.id)
    return draft_order


@pytest.mark.parametrize("lines", [1, 30])
@pytest.mark.parametrize("paid", [False, True], ids=["open", "completed"])
def test_get_costs_a_fixed_number_of_queries_whatever_its_lines(api, seed, django_assert_max_num_queries, lines, paid):
    # given
    draft_order = draft_with_lines(priced_variants(lines), paid=paid)

    # when
    with django_assert_max_num_queries(GET_BUDGET):
        response = api.get(f"{URL}/{draft_order.id}")

    # then: every line with its adjustment and totals
    assert response.status_code == 200
    items = response.json()["draft_order"]["cart"]["items"]
    assert len(items) == lines + 1
    assert [len(item["adjustments"]) for item in items] == [1] * lines + [0]


@pytest.mark.parametrize(
    ("drafts", "lines", "query", "budget"),
    [
        (1, 1, "", LIST_BUDGET),
        (10, 30, "", LIST_BUDGET),
        (10, 30, "limit=3", LIST_BUDGET),
        (10, 30, "limit=50&offset=2", LIST_BUDGET),
        (10, 30, "expand=cart", LIST_BUDGET),
        (10, 30, "expand=cart,cart.items,order&fields=id,status", LIST_BUDGET),
        (10, 30, "status[]=open,completed&order=-display_id", LIST_BUDGET),
        (10, 30, "q=oli&status[]=open,completed&order=display_id", LIST_Q_BUDGET),
    ],
)
def test_list_costs_a_fixed_number_of_queries_whatever_its_limit_and_lines(
    api, seed, django_assert_max_num_queries, drafts, lines, query, budget
):
    # given: the same variants on every draft order; one of them paid, so its order row is listed too
    variants = priced_variants(lines)
    for number in range(drafts):
        draft_with_lines(variants, paid=number == 0)

    # when
    with django_assert_max_num_queries(budget):
        response = api.get(f"{URL}?{query}")

    # then
    assert response.status_code == 200
    assert response.json()["count"] == drafts + 1


def create_queries(api, variants) -> int:
    """How many queries `POST /admin/draft-orders` costs with one variant line per variant and a custom line."""
    items = [{"variant_id": variant.id, "quantity": 1} for variant in variants] + [{"quantity": 1, "unit_price": 5}]
    with CaptureQueriesContext(connection) as context:
        response = api.post(URL, t1_body(items=items, discounts=[{"code": "TEST"}]), format="json")
    assert response.status_code == 200
    assert len(response.json()["draft_order"]["cart"]["items"]) == len(variants) + 1
    return len(context.captured_queries)


def test_create_with_50_lines_costs_about_what_one_line_costs(api, seed):
    # given
    one_variant, fifty_variants = priced_variants(1), priced_variants(50)

    # when
    one_line = create_queries(api, one_variant)
    fifty_lines = create_queries(api, fifty_variants)

    # then: lines, adjustments and prices are read and written in bulk (a database may split a big insert in two)
    assert fifty_lines <= one_line + 2
