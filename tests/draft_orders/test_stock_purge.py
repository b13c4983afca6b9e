"""Issue 18 §5: `manage.py purge_draft_orders --older-than DAYS [--dry-run]` deletes the open draft orders nobody
touched for that long, releasing their holds."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from carts.models import LineItem
from carts.services import ItemInput, ShippingMethodInput
from draft_orders.activity import draft_order_snapshot
from draft_orders.models import DraftOrder
from draft_orders.selectors import draft_order_get
from draft_orders.services import draft_order_create, draft_order_mark_paid, line_item_update
from draft_orders.tasks import purge as purge_task
from events.models import Event
from products.models import InventoryHold
from tests.config.test_settings import loaded

pytestmark = pytest.mark.django_db


def made(quantity: int = 1, **arguments) -> DraftOrder:
    return draft_order_create(
        email="oli@test.dk",
        region_id="test-region",
        items=[ItemInput(variant_id="test-variant-2", quantity=quantity)],
        shipping_methods=[ShippingMethodInput(option_id="test-option")],
        **arguments,
    ).draft_order


def purge(*arguments: str) -> str:
    out = StringIO()
    call_command("purge_draft_orders", *arguments, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def ages(stocked, clock):
    """Made 400 days before now: an open draft, one holding stock for two years, one paid, one whose line was
    changed 10 days ago; and one open draft made 10 days ago."""
    DraftOrder.objects.filter(pk="test-draft-order").delete()  # the seed's: made before the clock was pinned
    old = made()
    holding = made(2, reserve_inventory_until=clock.now + timedelta(days=730))
    paid = made()
    draft_order_mark_paid(draft_order_id=paid.id)
    old_with_a_new_line = made()
    clock.advance(days=390)
    line = LineItem.objects.get(cart_id=old_with_a_new_line.cart_id)
    line_item_update(draft_order_id=old_with_a_new_line.id, line_id=line.id, quantity=2)
    recent = made()
    clock.advance(days=10)
    return {"old": old, "holding": holding, "paid": paid, "old_with_a_new_line": old_with_a_new_line, "recent": recent}


def remaining() -> set[str]:
    return set(DraftOrder.objects.values_list("pk", flat=True))


def test_purge_deletes_open_drafts_untouched_for_a_year_and_releases_their_holds(ages):
    # when
    printed = purge()

    # then: the two untouched open ones go; the paid one, the recent one and the one with a recent line stay
    assert printed == "Deleted 2 open draft orders not updated for 365 days"
    assert remaining() == {ages[name].id for name in ("paid", "old_with_a_new_line", "recent")}
    assert not InventoryHold.objects.exists()


def test_purge_records_each_deleted_draft_as_it_was_by_the_system(ages):
    # given: the drafts as the API answers them before
    before = {name: draft_order_snapshot(draft_order_get(ages[name].id)) for name in ("old", "holding")}

    # when
    purge()

    # then: one draft_order.deleted each, as a delete records it, by the command (no person)
    deleted = {event.resource_id: event for event in Event.objects.filter(type="draft_order.deleted")}
    assert set(deleted) == {ages["old"].id, ages["holding"].id}
    for name, snapshot in before.items():
        event = deleted[ages[name].id]
        assert event.data == snapshot
        assert (event.actor_channel, event.actor_id) == (Event.Channel.SYSTEM, None)


def test_purge_dry_run_only_counts(ages):
    # given
    before = remaining()

    # when
    printed = purge("--dry-run")

    # then
    assert printed == "Would delete 2 open draft orders not updated for 365 days"
    assert remaining() == before
    assert InventoryHold.objects.count() == 1


def test_purge_older_than_takes_days(ages):
    # when
    printed = purge("--older-than", "5")

    # then: every open draft is older than 5 days
    assert printed == "Deleted 4 open draft orders not updated for 5 days"
    assert remaining() == {ages["paid"].id}


@pytest.mark.parametrize(("days", "message"), [("-1", "0 or more"), ("999999999", "before year 1")])
def test_purge_refuses_days_it_cannot_count_back(seed, days, message):
    # when / then
    with pytest.raises(CommandError, match=message):
        purge("--older-than", days)


def test_the_celery_task_purges_as_the_command_does(ages):
    # when
    deleted = purge_task(older_than_days=365)

    # then
    assert deleted == 2
    assert remaining() == {ages[name].id for name in ("paid", "old_with_a_new_line", "recent")}


def test_the_beat_purges_daily_only_when_drafts_orders_purge_days_is_set():
    # given
    probe = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.CELERY_BEAT_SCHEDULE.get('draft-orders-purge')))"
    )

    # when
    unset = loaded("config.settings.local", probe)
    set_ = loaded("config.settings.local", probe, DRAFT_ORDERS_PURGE_DAYS="180")

    # then
    assert unset is None
    assert set_ == {"task": "draft_orders.purge", "schedule": 86400, "kwargs": {"older_than_days": 180}}
