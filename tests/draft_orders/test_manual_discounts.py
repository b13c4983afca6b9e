"""Manual discounts on a draft order's lines and on the draft as a whole (issue 18 §3, addition "manual discounts"):
create, the line-item endpoints and update take them and answer them back; they are adjustments taken after the code
discounts; tax is on what is left; Mark Paid carries them into the order."""

import pytest

from carts.models import LineItemAdjustment
from tests.draft_orders.helpers import create_draft_order, draft_order_body, row_counts
from tests.seed import t1_body, tax_body

pytestmark = pytest.mark.django_db

URL = "/admin/draft-orders"
LOYAL_10 = {"type": "percentage", "value": 10, "reason": "loyal customer"}
PHONE_1000 = {"type": "fixed", "value": 1000, "reason": "phone order"}


def post(api, path: str, body: dict):
    return api.post(f"{URL}{path}", body, format="json")


def ok(response) -> dict:
    assert response.status_code == 200, response.json()
    return response.json()["draft_order"]


def totals(cart: dict) -> dict:
    names = ("subtotal", "discount_total", "item_tax_total", "shipping_tax_total", "tax_total", "total")
    return {name: cart[name] for name in names}


def line_view(item: dict) -> dict:
    return {
        "title": item["title"],
        "manual_discount": item["manual_discount"],
        "adjustments": [(a["description"], a["discount_id"] is None, a["amount"]) for a in item["adjustments"]],
        "discount_total": item["discount_total"],
        "tax_total": item["tax_total"],
        "total": item["total"],
    }


def mixed_body(**changes) -> dict:
    """In the 25 % region with code TAX10: 2 x 8000 with 10 % off by hand, a custom 1000 with 200 off by hand, and
    1000 off the whole draft."""
    body = tax_body(
        items=[
            {"variant_id": "test-variant", "quantity": 2, "manual_discount": LOYAL_10},
            {
                "title": "Gift wrap",
                "unit_price": 1000,
                "quantity": 1,
                "manual_discount": {"type": "fixed", "value": 200},
            },
        ],
        discounts=["TAX10"],
    )
    return {**body, "manual_discount": PHONE_1000, **changes}


# the variant line: 1600 by the code, then 1440 (10 % of 14400), then 942 of the draft's 1000; the custom line: 200,
# then 58 (the draft's 1000 spread over 12960 and 800, to the unit); tax at 25 % of what is left of each
MIXED_LINES = [
    {
        "title": "test product",
        "manual_discount": LOYAL_10,
        "adjustments": [("discount", False, 1600), ("loyal customer", True, 1440), ("phone order", True, 942)],
        "discount_total": 3982,
        "tax_total": 3005,  # 25 % of 12018 is 3004.5
        "total": 15023,
    },
    {
        "title": "Gift wrap",
        "manual_discount": {"type": "fixed", "value": 200, "reason": None},
        "adjustments": [("Manual discount", True, 200), ("phone order", True, 58)],
        "discount_total": 258,
        "tax_total": 186,  # 25 % of 742 is 185.5
        "total": 928,
    },
]
MIXED_TOTALS = {
    "subtotal": 17000,
    "discount_total": 4240,
    "item_tax_total": 3191,
    "shipping_tax_total": 250,
    "tax_total": 3441,
    "total": 17201,
}


def by_title(cart: dict) -> list[dict]:
    return sorted((line_view(item) for item in cart["items"]), key=lambda line: line["title"] != "test product")


# --- create and calculate ---------------------------------------------------------------------------------------


def test_create_applies_line_and_draft_discounts_after_the_code_ones(api, tax_region):
    # when
    draft_order = create_draft_order(api, mixed_body())
    # then
    assert draft_order["manual_discount"] == PHONE_1000
    assert by_title(draft_order["cart"]) == MIXED_LINES
    assert totals(draft_order["cart"]) == MIXED_TOTALS
    stored = LineItemAdjustment.objects.filter(item__cart_id=draft_order["cart_id"], discount__isnull=True)
    assert sorted(stored.values_list("amount", flat=True)) == [58, 200, 942, 1440]


def test_calculate_agrees_with_create(api, tax_region):
    # when
    quote = ok(post(api, "/calculate", mixed_body()))
    # then
    assert quote["manual_discount"] == PHONE_1000
    assert by_title(quote["cart"]) == MIXED_LINES
    assert totals(quote["cart"]) == MIXED_TOTALS


def test_without_manual_discounts_nothing_changes_and_they_answer_null(api, seed):
    draft_order = create_draft_order(api, t1_body())
    assert draft_order["manual_discount"] is None
    assert [item["manual_discount"] for item in draft_order["cart"]["items"]] == [None]
    assert draft_order["cart"]["discount_total"] == 0


@pytest.mark.parametrize(
    ("manual_discount", "message"),
    [
        ({"type": "half", "value": 10}, "manual_discount.type must be one of the following values: percentage, fixed"),
        ({"type": "percentage"}, "manual_discount.value must be a number conforming to the specified constraints"),
        (
            {"type": "percentage", "value": 0},
            "manual_discount.value must be more than 0 and at most 100 for a percentage",
        ),
        (
            {"type": "percentage", "value": 100.5},
            "manual_discount.value must be more than 0 and at most 100 for a percentage",
        ),
        (
            {"type": "fixed", "value": 10.5},
            "manual_discount.value must be a positive whole number (in minor units) for a fixed discount",
        ),
        (
            {"type": "fixed", "value": -5},
            "manual_discount.value must be a positive whole number (in minor units) for a fixed discount",
        ),
        (
            {"type": "fixed", "value": "5"},
            "manual_discount.value must be a number conforming to the specified constraints",
        ),
        ({"type": "fixed", "value": 5, "code": "X"}, "property manual_discount.code should not exist"),
        ("10%", "manual_discount must be an object"),
        (
            {"type": "fixed", "value": 16001},
            "manual_discount.value 16001 is more than the draft order comes to after its discounts (16000)",
        ),
    ],
)
def test_a_bad_draft_discount_is_refused_naming_the_field_and_nothing_is_made(api, seed, manual_discount, message):
    # given
    before = row_counts()
    # when
    response = post(api, "", t1_body(manual_discount=manual_discount))
    # then
    assert (response.status_code, response.json()) == (400, {"type": "invalid_data", "message": message})
    assert row_counts() == before


def test_a_fixed_line_discount_larger_than_the_line_after_codes_is_refused(api, tax_region):
    # given: 2 x 8000 less 10 % by TAX10 leaves 14400
    body = tax_body(
        items=[{"variant_id": "test-variant", "quantity": 2, "manual_discount": {"type": "fixed", "value": 14401}}],
        discounts=["TAX10"],
    )
    # when
    response = post(api, "", body)
    # then
    assert response.status_code == 400
    assert response.json()["type"] == "invalid_data"
    assert response.json()["message"].startswith("manual_discount.value 14401 is more than line item item_")
    assert response.json()["message"].endswith("comes to after its discounts (14400)")


def test_a_fixed_line_discount_of_the_whole_line_leaves_it_at_zero(api, seed):
    draft_order = create_draft_order(
        api,
        t1_body(
            items=[{"variant_id": "test-variant", "quantity": 2, "manual_discount": {"type": "fixed", "value": 16000}}]
        ),
    )
    assert (draft_order["cart"]["items"][0]["total"], draft_order["cart"]["total"]) == (0, 1000)


# --- the line-item endpoints -------------------------------------------------------------------------------------


def test_a_line_added_with_a_discount_answers_it(api, seed):
    # when
    body = {
        "title": "Engraving",
        "unit_price": 2500,
        "quantity": 2,
        "manual_discount": {"type": "percentage", "value": 12.5},
    }
    draft_order = ok(post(api, "/test-draft-order/line-items", body))
    # then: 12.5 % of 5000 on a custom line (code discounts skip custom lines, manual ones do not)
    added = next(item for item in draft_order["cart"]["items"] if item["title"] == "Engraving")
    assert added["manual_discount"] == {"type": "percentage", "value": 12.5, "reason": None}
    assert [(a["description"], a["amount"]) for a in added["adjustments"]] == [("Manual discount", 625)]
    assert (added["discount_total"], added["total"]) == (625, 4375)


def test_a_line_update_sets_changes_and_removes_the_discount(api, seed):
    # when: set
    path = "/test-draft-order/line-items/test-item"
    draft_order = ok(post(api, path, {"manual_discount": {"type": "fixed", "value": 500, "reason": "scratched"}}))
    # then
    (item,) = draft_order["cart"]["items"]
    assert [(a["description"], a["amount"]) for a in item["adjustments"]] == [("scratched", 500)]
    assert (item["discount_total"], draft_order["cart"]["total"]) == (500, 7500)

    # when: a change that does not name it keeps it
    (item,) = ok(post(api, path, {"title": "Line Item renamed"}))["cart"]["items"]
    assert item["manual_discount"] == {"type": "fixed", "value": 500, "reason": "scratched"}

    # when: null removes it
    (item,) = ok(post(api, path, {"manual_discount": None}))["cart"]["items"]
    assert (item["manual_discount"], item["adjustments"], item["discount_total"]) == (None, [], 0)


def test_a_refused_line_discount_changes_nothing(api, seed):
    # given
    before = draft_order_body(api, "test-draft-order")
    # when
    response = post(
        api, "/test-draft-order/line-items/test-item", {"manual_discount": {"type": "fixed", "value": 8001}}
    )
    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": "manual_discount.value 8001 is more than line item test-item comes to after its discounts (8000)",
    }
    assert draft_order_body(api, "test-draft-order") == before


# --- update ------------------------------------------------------------------------------------------------------


def test_update_sets_and_removes_the_drafts_discount(api, seed):
    # when
    draft_order = ok(post(api, "/test-draft-order", {"manual_discount": {"type": "percentage", "value": 25}}))
    # then
    assert draft_order["manual_discount"] == {"type": "percentage", "value": 25, "reason": None}
    assert (draft_order["cart"]["discount_total"], draft_order["cart"]["total"]) == (2000, 6000)

    # when: an update without it keeps it
    draft_order = ok(post(api, "/test-draft-order", {"metadata": {"a": 1}}))
    assert draft_order["cart"]["discount_total"] == 2000

    # when: null removes it
    draft_order = ok(post(api, "/test-draft-order", {"manual_discount": None}))
    assert (draft_order["manual_discount"], draft_order["cart"]["discount_total"]) == (None, 0)
    assert draft_order["cart"]["items"][0]["adjustments"] == []


# --- reprice -----------------------------------------------------------------------------------------------------


def test_a_percentage_follows_the_line_and_a_fixed_amount_stays_fixed_but_never_below_zero(api, seed):
    # given: 2 x 8000 with 10 % off; a custom 3000 with 2500 off
    items = [
        {"variant_id": "test-variant", "quantity": 2, "manual_discount": {"type": "percentage", "value": 10}},
        {"title": "Setup", "unit_price": 3000, "quantity": 1, "manual_discount": {"type": "fixed", "value": 2500}},
    ]
    draft_order = create_draft_order(api, t1_body(items=items))
    variant_line, custom_line = draft_order["cart"]["items"]
    assert (variant_line["discount_total"], custom_line["discount_total"]) == (1600, 2500)

    # when: the variant line's quantity halves and the custom line's price drops below its fixed discount
    ok(post(api, f"/{draft_order['id']}/line-items/{variant_line['id']}", {"quantity": 1}))
    draft_order = ok(post(api, f"/{draft_order['id']}/line-items/{custom_line['id']}", {"unit_price": 2000}))

    # then: 10 % of 8000; the fixed 2500 taken as far as the 2000 the line comes to, and kept as asked
    variant_line, custom_line = draft_order["cart"]["items"]
    assert (variant_line["discount_total"], variant_line["total"]) == (800, 7200)
    assert (custom_line["discount_total"], custom_line["total"]) == (2000, 0)
    assert custom_line["manual_discount"] == {"type": "fixed", "value": 2500, "reason": None}


def test_a_reprice_keeps_a_percentage_proportional_and_a_fixed_amount_fixed(api, seed):
    # given: two variant lines at prices given at create, one with 10 % off, one with 2500 off
    items = [
        {
            "variant_id": "test-variant",
            "quantity": 1,
            "unit_price": 5000,
            "manual_discount": {"type": "percentage", "value": 10},
        },
        {
            "variant_id": "test-variant-2",
            "quantity": 1,
            "unit_price": 3000,
            "manual_discount": {"type": "fixed", "value": 2500},
        },
    ]
    draft_order = create_draft_order(api, t1_body(items=items, shipping_methods=[]))
    assert [item["discount_total"] for item in draft_order["cart"]["items"]] == [500, 2500]

    # when: a customer change re-prices variant lines at the region's prices (8000 and 10000)
    draft_order = ok(post(api, f"/{draft_order['id']}", {"customer_id": "lebron-james"}))

    # then
    lines = [(item["unit_price"], item["discount_total"], item["total"]) for item in draft_order["cart"]["items"]]
    assert lines == [(8000, 800, 7200), (10000, 2500, 7500)]


def test_a_line_merged_on_add_takes_the_discount_sent_with_it(api, seed):
    # when: the seeded draft's test-variant line (1 x 8000) gets one more, with a discount
    body = {"variant_id": "test-variant", "quantity": 1, "manual_discount": {"type": "fixed", "value": 1000}}
    draft_order = ok(post(api, "/test-draft-order/line-items", body))
    # then
    (item,) = draft_order["cart"]["items"]
    assert (item["quantity"], item["discount_total"], item["total"]) == (2, 1000, 15000)
    assert item["manual_discount"] == {"type": "fixed", "value": 1000, "reason": None}


# --- Mark Paid -----------------------------------------------------------------------------------------------------


def test_mark_paid_carries_the_adjustments_and_the_order_totals_equal_the_drafts(api, tax_region):
    # given
    draft_order = create_draft_order(api, mixed_body())
    # when
    paid = api.post(f"{URL}/{draft_order['id']}/pay")
    # then
    assert paid.status_code == 200, paid.json()
    order = api.get(f"/admin/orders/{paid.json()['order']['id']}").json()["order"]
    assert {name: order[name] for name in MIXED_TOTALS} == MIXED_TOTALS
    assert order["payments"][0]["amount"] == 17201
    lines = sorted(order["items"], key=lambda item: item["title"] != "test product")
    assert [[(a["description"], a["amount"]) for a in item["adjustments"]] for item in lines] == [
        [("discount", 1600), ("loyal customer", 1440), ("phone order", 942)],
        [("Manual discount", 200), ("phone order", 58)],
    ]
    assert [(item["tax_total"], item["total"]) for item in lines] == [(3005, 15023), (186, 928)]
