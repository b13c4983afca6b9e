"""Issue 18 §1–2 under real concurrency (PostgreSQL, one connection per call, started together): payments and holds
of the last units make exactly as many orders and holds as the stock covers, and no stock goes below zero."""

from datetime import timedelta

import pytest
from django.db.models import Count

from carts.services import ItemInput, ShippingMethodInput
from draft_orders.models import DraftOrder
from draft_orders.services import draft_order_create, draft_order_mark_paid, draft_order_update
from orders.models import Order, Payment
from products.models import InventoryHold, ProductVariant
from tests.concurrency import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHORT = {"type": "not_allowed", "message": "Variant with id: test-variant does not have the required inventory"}


def drafts(count: int, quantity: int = 1) -> list[DraftOrder]:
    return [
        draft_order_create(
            email="oli@test.dk",
            customer_id="oli-test",
            region_id="test-region",
            items=[ItemInput(variant_id="test-variant", quantity=quantity)],
            shipping_methods=[ShippingMethodInput(option_id="test-option")],
        ).draft_order
        for _ in range(count)
    ]


def statuses(made: list[DraftOrder]) -> dict[str, int]:
    rows = DraftOrder.objects.filter(pk__in=[d.id for d in made]).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def pay_all_at_once(made: list[DraftOrder]) -> list:
    return at_once([lambda d=d: draft_order_mark_paid(draft_order_id=d.id) and "paid" for d in made])


def test_two_drafts_for_the_last_unit_paid_at_once_make_one_order_and_one_refusal(seed):
    # given
    ProductVariant.objects.filter(pk="test-variant").update(inventory_quantity=1)
    made = drafts(2)

    # when
    outcomes = pay_all_at_once(made)

    # then
    assert sorted(outcomes, key=str) == ["paid", SHORT]
    assert (Order.objects.count(), Payment.objects.count()) == (1, 1)
    assert statuses(made) == {"completed": 1, "open": 1}
    assert ProductVariant.objects.get(pk="test-variant").inventory_quantity == 0


def test_twenty_one_unit_drafts_paid_at_once_against_five_units_make_five_orders(seed):
    # given
    ProductVariant.objects.filter(pk="test-variant").update(inventory_quantity=5)
    made = drafts(20)

    # when
    outcomes = pay_all_at_once(made)

    # then: five orders, fifteen refusals, the stock at zero and never below
    assert outcomes.count("paid") == 5
    assert [outcome for outcome in outcomes if outcome != "paid"] == [SHORT] * 15
    assert (Order.objects.count(), Payment.objects.count()) == (5, 5)
    assert statuses(made) == {"completed": 5, "open": 15}
    assert ProductVariant.objects.get(pk="test-variant").inventory_quantity == 0


def test_two_drafts_holding_the_last_unit_at_once_make_one_hold(seed):
    # given
    ProductVariant.objects.filter(pk="test-variant").update(inventory_quantity=1)
    made = drafts(2)
    until = DraftOrder.objects.get(pk=made[0].id).created_at + timedelta(hours=1)

    # when
    outcomes = at_once(
        [lambda d=d: draft_order_update(draft_order_id=d.id, reserve_inventory_until=until) and "held" for d in made]
    )

    # then
    assert sorted(outcomes, key=str) == ["held", SHORT]
    assert list(InventoryHold.objects.values_list("quantity", flat=True)) == [1]


def test_a_hold_and_a_payment_for_the_last_unit_at_once_leave_no_promise_unkept(seed):
    # given: one draft asks to hold the last unit while another pays for it
    ProductVariant.objects.filter(pk="test-variant").update(inventory_quantity=1)
    holder, payer = drafts(2)
    until = DraftOrder.objects.get(pk=holder.id).created_at + timedelta(hours=1)

    # when
    outcomes = at_once(
        [
            lambda: draft_order_update(draft_order_id=holder.id, reserve_inventory_until=until) and "held",
            lambda: draft_order_mark_paid(draft_order_id=payer.id) and "paid",
        ]
    )

    # then: exactly one of them got the unit
    assert sorted(outcomes, key=str) in (["held", SHORT], ["paid", SHORT])
    winner = next(outcome for outcome in outcomes if isinstance(outcome, str))
    stock = ProductVariant.objects.get(pk="test-variant").inventory_quantity
    held = sum(InventoryHold.objects.values_list("quantity", flat=True))
    assert (stock, held) == {"held": (1, 1), "paid": (0, 0)}[winner]
