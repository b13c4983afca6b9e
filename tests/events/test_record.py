"""event_record: the outbox row in the caller's transaction, its actor, and the deliveries written with it."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from events.actors import acting_as
from events.models import Event
from events.services import event_record, events_together
from webhooks.models import Delivery
from webhooks.services import webhook_create

pytestmark = pytest.mark.django_db

DRAFT = {"id": "dorder_1", "status": "open", "cart": {"email": "jane@example.com"}}


def record(**overrides):
    arguments = {"type": "draft_order.created", "resource_type": "draft_order", "resource_id": "dorder_1"}
    return event_record(**{**arguments, "data": DRAFT, **overrides})


def test_an_event_stores_the_resource_its_changes_and_who_acted(anna):
    # given
    changes = [{"op": "set", "path": "cart.email", "from": "a@b.c", "to": "jane@example.com"}]
    # when
    with acting_as(anna, Event.Channel.ADMIN, Event.Credential.SESSION):
        event = record(type="draft_order.updated", changes=changes)
    # then
    stored = Event.objects.get(pk=event.pk)
    assert stored.id.startswith("evt_")
    assert (stored.type, stored.resource_type, stored.resource_id) == ("draft_order.updated", "draft_order", "dorder_1")
    assert (stored.data, stored.changes) == (DRAFT, changes)
    assert (stored.actor_id, stored.actor_email, stored.actor_name) == (anna.pk, "anna@example.com", "Anna")
    assert (stored.actor_channel, stored.actor_credential) == ("admin", "session")


def test_with_nobody_acting_the_system_is_the_actor():
    # when
    event = record()
    # then
    assert (event.actor_channel, event.actor_id, event.actor_credential) == ("system", None, None)


def test_a_change_that_rolls_back_leaves_no_event_and_no_delivery(django_capture_on_commit_callbacks):
    # given
    webhook_create(url="http://127.0.0.1:9/hook", events=["*"])
    # when
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        record()
        raise RuntimeError("the change failed after recording its event")
    # then
    assert Event.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert callbacks == []


def test_each_matching_active_endpoint_gets_a_delivery_queued_on_commit(django_capture_on_commit_callbacks, queued):
    # given
    everything = webhook_create(url="http://127.0.0.1:9/all", events=["*"])
    created_only = webhook_create(url="http://127.0.0.1:9/created", events=["draft_order.created"])
    webhook_create(url="http://127.0.0.1:9/updated", events=["draft_order.updated"])
    webhook_create(url="http://127.0.0.1:9/off", events=["*"], active=False)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        event = record()
    # then
    deliveries = Delivery.objects.filter(event=event).order_by("endpoint__url")
    assert [(d.endpoint_id, d.status, d.resource_id) for d in deliveries] == [
        (everything.pk, "pending", "dorder_1"),
        (created_only.pk, "pending", "dorder_1"),
    ]
    assert sorted(queued) == sorted((d.pk, None) for d in deliveries)


def test_events_of_a_resource_are_numbered_in_the_order_they_happened():
    # when
    first, second, third = (record(type=f"draft_order.{name}") for name in ("created", "updated", "deleted"))
    # then
    assert first.seq < second.seq < third.seq


@pytest.mark.parametrize("endpoints", [0, 1, 5])
def test_recording_an_event_costs_at_most_three_queries_however_many_endpoints(
    endpoints, django_assert_max_num_queries
):
    # given
    for number in range(endpoints):
        webhook_create(url=f"http://127.0.0.1:9/{number}", events=["*"])
    # when / then: the event, the endpoints, the deliveries (inside the caller's transaction: no savepoint)
    with transaction.atomic(), django_assert_max_num_queries(3):
        record()
    assert Delivery.objects.count() == endpoints


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_changes_to_one_resource_record_every_event_in_commit_order(anna):
    """20 changes at once, each locking the resource (here: a user row) before recording, as services do."""

    # given
    def change(number: int) -> int:
        try:
            with transaction.atomic():
                User.objects.select_for_update().get(pk=anna.pk)
                return record(type="draft_order.updated", data={"step": number}).seq
        finally:
            connection.close()

    # when
    with ThreadPoolExecutor(max_workers=20) as pool:
        sequences = list(pool.map(change, range(20)))
    # then
    events = list(Event.objects.filter(resource_id="dorder_1").order_by("seq"))
    assert len(events) == 20 and sorted(sequences) == [event.seq for event in events]
    assert [event.created_at for event in events] == sorted(event.created_at for event in events)


def test_events_recorded_together_read_the_endpoints_once_and_each_gets_its_deliveries(
    django_capture_on_commit_callbacks, queued
):
    # given
    everything = webhook_create(url="http://127.0.0.1:9/all", events=["*"])
    placed_only = webhook_create(url="http://127.0.0.1:9/placed", events=["order.placed"])
    # when
    with (
        django_capture_on_commit_callbacks(execute=True),
        CaptureQueriesContext(connection) as queries,
        transaction.atomic(),
        events_together(),
    ):
        completed = record(type="draft_order.completed")
        placed = record(type="order.placed", resource_type="order", resource_id="order_1")
    # then
    assert sum("webhooks_webhookendpoint" in query["sql"] for query in queries.captured_queries) == 1
    assert completed.seq < placed.seq
    deliveries = Delivery.objects.order_by("event__seq", "endpoint__url")
    assert [(d.event_id, d.endpoint_id) for d in deliveries] == [
        (completed.pk, everything.pk),
        (placed.pk, everything.pk),
        (placed.pk, placed_only.pk),
    ]
    assert sorted(queued) == sorted((d.pk, None) for d in deliveries)


def test_events_recorded_together_that_roll_back_leave_no_event_and_no_delivery(django_capture_on_commit_callbacks):
    # given
    webhook_create(url="http://127.0.0.1:9/hook", events=["*"])
    # when
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
        events_together(),
    ):
        record()
        raise RuntimeError("the change failed after recording its event")
    # then
    assert (Event.objects.count(), Delivery.objects.count(), callbacks) == (0, 0, [])
