"""Events under concurrent writes (PostgreSQL: real row locks, one connection per caller)."""

import pytest

from carts.services import ItemInput
from draft_orders.models import DraftOrder
from draft_orders.services import line_item_add
from events.actors import acting_as
from events.changes import resource_changes
from events.models import Event
from tests.concurrency import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SEED = "test-draft-order"


def test_twenty_concurrent_line_adds_record_twenty_events_each_against_the_one_before(seed, anna):
    # given
    callers = 20

    def add(number: int):
        def call():
            with acting_as(anna, Event.Channel.API, Event.Credential.API_TOKEN):
                line_item_add(draft_order_id=SEED, item=ItemInput(title=f"Card {number}", unit_price=100, quantity=1))
            return "added"

        return call

    # when
    outcomes = at_once([add(number) for number in range(callers)])

    # then: every add committed and recorded its own event, one line each, in the order the lock let them in
    assert outcomes == ["added"] * callers
    events = list(Event.objects.filter(resource_id=SEED).order_by("seq"))
    assert len(events) == callers
    assert all(event.type == "draft_order.updated" and event.actor_id == anna.pk for event in events)
    added = [[change["label"] for change in event.changes if change["op"] == "add"] for event in events]
    assert all(len(labels) == 1 for labels in added)
    assert sorted(label for (label,) in added) == sorted(f"Card {number}" for number in range(callers))
    # each event's "before" is the state the previous one recorded: no change was lost or seen twice
    for previous, event in zip(events, events[1:], strict=False):
        assert resource_changes(previous.data, event.data) == event.changes
    assert len(events[-1].data["cart"]["items"]) == 1 + callers
    assert DraftOrder.objects.get(pk=SEED).version == 1 + callers
