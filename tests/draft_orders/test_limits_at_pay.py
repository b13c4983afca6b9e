"""Limits hold when the money moves (departure "limits hold at pay"): a discount's usage limit is checked again at
Mark Paid under the lock, a variant line's price cannot be set below 0, and a negative total is never paid."""

import pytest
from django.db.models import Count

from carts.models import LineItem
from carts.services import ItemInput, ShippingMethodInput
from discounts.models import Discount
from draft_orders.models import DraftOrder
from draft_orders.services import draft_order_create, draft_order_mark_paid
from orders.models import Order, Payment
from orders.selectors import order_queryset, orders_info
from tests.concurrency import at_once
from tests.draft_orders.helpers import draft_order_body, row_counts
from tests.factories import DiscountFactory, DiscountRuleFactory

pytestmark = pytest.mark.django_db

USED_UP = {"type": "not_allowed", "message": "Discount ONCE has been used maximum allowed times"}


def pay(api, draft_order_id: str):
    return api.post(f"/admin/draft-orders/{draft_order_id}/pay", {}, format="json")


def drafts_with_code(count: int, code: str) -> list[DraftOrder]:
    return [
        draft_order_create(
            email="oli@test.dk",
            customer_id="oli-test",
            region_id="test-region",
            shipping_address="oli-shipping",
            items=[ItemInput(variant_id="test-variant-2", quantity=1)],
            shipping_methods=[ShippingMethodInput(option_id="test-option")],
            discounts=[code],
        ).draft_order
        for _ in range(count)
    ]


def once_only_code(seed) -> Discount:
    rule = DiscountRuleFactory(type="percentage", value=10, allocation="total")
    return DiscountFactory(code="ONCE", rule=rule, regions=[seed.region], usage_limit=1)


def assert_every_paid_order_has_its_payment() -> None:
    """Every paid order with a total above 0 has exactly one payment, of its total; none has a total below 0 (a
    0 total makes no payment, as v1)."""
    info = orders_info(order_queryset())
    for order in info.orders:
        total = info.totals.owners[order.pk].total
        assert total >= 0, order.pk
        amounts = [payment.amount for payment in order.payments.all()]
        assert amounts == ([total] if total > 0 else []), order.pk


def test_a_code_used_up_by_another_payment_refuses_mark_paid_and_changes_nothing(api, seed):
    # given: two open drafts carrying a code that may be used once
    once_only_code(seed)
    first, second = drafts_with_code(2, "ONCE")
    assert pay(api, first.id).status_code == 200
    before, body_before = row_counts(), draft_order_body(api, second.id)

    # when
    response = pay(api, second.id)

    # then
    assert (response.status_code, response.json()) == (400, USED_UP)
    assert row_counts() == before
    assert draft_order_body(api, second.id) == body_before
    assert Discount.objects.get(code="ONCE").usage_count == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_drafts_with_a_code_for_one_use_paid_at_once_make_one_order(seed):
    # given
    once_only_code(seed)
    drafts = drafts_with_code(5, "ONCE")

    # when
    outcomes = at_once(
        [lambda draft=draft: draft_order_mark_paid(draft_order_id=draft.id) and "paid" for draft in drafts]
    )

    # then: one order; the other four refused and still open
    assert sorted(outcomes, key=str) == ["paid", *[USED_UP] * 4]
    assert Order.objects.count() == 1
    statuses = DraftOrder.objects.filter(pk__in=[draft.id for draft in drafts]).values("status").annotate(n=Count("id"))
    assert {row["status"]: row["n"] for row in statuses} == {"completed": 1, "open": 4}
    assert Discount.objects.get(code="ONCE").usage_count == 1
    assert_every_paid_order_has_its_payment()


def test_a_variant_line_price_below_0_is_refused_and_changes_nothing(api, seed):
    # given
    (draft,) = drafts_with_code(1, "TEST")
    line = LineItem.objects.get(cart__draft_order=draft.id)
    before, body_before = row_counts(), draft_order_body(api, draft.id)

    # when
    response = api.post(f"/admin/draft-orders/{draft.id}/line-items/{line.id}", {"unit_price": -100000}, format="json")

    # then: v1 stores it and the draft's total goes below 0
    assert (response.status_code, response.json()) == (
        400,
        {"type": "invalid_data", "message": "unit_price must not be less than 0"},
    )
    assert row_counts() == before
    assert draft_order_body(api, draft.id) == body_before


def test_a_total_below_0_is_never_paid(api, seed):
    # given: a line stored below 0 before prices below 0 were refused
    (draft,) = drafts_with_code(1, "TEST")
    LineItem.objects.filter(cart__draft_order=draft.id).update(unit_price=-100000)
    before = row_counts()

    # when
    response = pay(api, draft.id)

    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": "The draft order's total -100000 is below 0: it cannot be paid",
    }
    assert row_counts() == before
    assert (DraftOrder.objects.get(pk=draft.id).status, Payment.objects.count()) == ("open", 0)
