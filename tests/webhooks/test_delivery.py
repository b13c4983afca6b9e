"""One delivery attempt after another, against a real receiver on loopback, with a clock the test moves."""

import json
from datetime import timedelta

import pytest
from standardwebhooks.webhooks import Webhook

from events.actors import acting_as
from events.models import Event
from events.services import event_record
from webhooks.models import Delivery, WebhookEndpoint
from webhooks.services import deliveries_resend_failed, delivery_claim, delivery_resend, webhook_create, webhook_update
from webhooks.tasks import delivery_run, sweep

pytestmark = pytest.mark.django_db


def record(type="draft_order.updated", resource_id="dorder_1", **data):
    return event_record(
        type=type, resource_type="draft_order", resource_id=resource_id, data={"id": resource_id, **data}
    )


def delivery_of(event, endpoint) -> Delivery:
    return Delivery.objects.get(event=event, endpoint=endpoint)


def attempts(delivery) -> list[tuple]:
    return [(a.succeeded, a.status_code, a.error) for a in delivery.attempts.order_by("attempted_at", "id")]


def test_a_delivery_posts_the_signed_event_and_records_the_attempt(receiver, clock, queued, anna):
    # given
    endpoint = webhook_create(url=receiver.url, events=["*"])
    with acting_as(anna, Event.Channel.API, Event.Credential.API_TOKEN):
        event = record(email="jane@example.com")
    delivery = delivery_of(event, endpoint)
    # when
    delivery_run(delivery_id=delivery.pk, clock=clock)
    # then
    (request,) = receiver.wait_for(1, timeout=5)
    assert json.loads(request.body) == {
        "id": event.id,
        "type": "draft_order.updated",
        "timestamp": event.created_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "resource_type": "draft_order",
        "resource_id": "dorder_1",
        "data": {"id": "dorder_1", "email": "jane@example.com"},
        "changes": None,
    }
    assert request.headers["webhook-id"] == event.id
    assert request.headers["webhook-timestamp"] == str(int(clock.now.timestamp()))
    signature = Webhook(endpoint.secret).sign(event.id, clock.now, request.body)
    assert request.headers["webhook-signature"] == signature
    assert request.headers["content-type"] == "application/json"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count, delivery.delivered_at) == ("succeeded", 1, clock.now)
    assert attempts(delivery) == [(True, 200, "")]
    assert delivery.attempts.get().response_excerpt == "ok"


def test_a_failed_attempt_is_retried_after_a_growing_wait_then_delivered_once(receiver, clock, queued, settings):
    # given
    settings.WEBHOOKS_RETRY_BASE_SECONDS, settings.WEBHOOKS_RETRY_MAX_SECONDS = 10, 1000
    endpoint = webhook_create(url=receiver.url, events=["*"])
    delivery = delivery_of(record(), endpoint)
    receiver.answers = [500, 500, 500]
    waits = []
    # when
    for _ in range(4):
        delivery_run(delivery_id=delivery.pk, clock=clock)
        delivery.refresh_from_db()
        if delivery.status == "pending":
            waits.append((delivery.next_attempt_at - clock.now).total_seconds())
            assert delivery_run(delivery_id=delivery.pk, clock=clock) is None  # not due yet
            clock.advance(waits[-1])
    # then
    assert len(receiver.wait_for(4, timeout=5)) == 4
    assert (delivery.status, delivery.attempt_count) == ("succeeded", 4)
    assert attempts(delivery) == [(False, 500, "answered 500")] * 3 + [(True, 200, "")]
    assert [8 <= waits[0] <= 12, 16 <= waits[1] <= 24, 32 <= waits[2] <= 48] == [True, True, True]
    assert [countdown for _, countdown in queued] == pytest.approx(waits)  # each retry queued with its wait


def test_a_delivery_gives_up_after_the_last_attempt(clock, queued, settings):
    # given: nothing listens on port 9 of loopback
    settings.WEBHOOKS_MAX_ATTEMPTS = 2
    endpoint = webhook_create(url="http://127.0.0.1:9/hook", events=["*"])
    delivery = delivery_of(record(), endpoint)
    # when
    delivery_run(delivery_id=delivery.pk, clock=clock)
    clock.advance(3600)
    delivery_run(delivery_id=delivery.pk, clock=clock)
    # then
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == ("failed", 2)
    assert [(succeeded, status) for succeeded, status, _ in attempts(delivery)] == [(False, None), (False, None)]
    assert all(error.startswith("OSError: could not connect") for _, _, error in attempts(delivery))
    endpoint.refresh_from_db()
    assert (endpoint.active, endpoint.failed_deliveries_in_a_row) == (True, 1)


def test_an_endpoint_failing_delivery_after_delivery_is_switched_off_with_the_reason(clock, queued, settings):
    # given
    settings.WEBHOOKS_MAX_ATTEMPTS, settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 1, 2
    endpoint = webhook_create(url="http://127.0.0.1:9/hook", events=["*"])
    first, second, third = (delivery_of(record(resource_id=f"dorder_{n}"), endpoint) for n in range(3))
    # when
    delivery_run(delivery_id=first.pk, clock=clock)
    delivery_run(delivery_id=second.pk, clock=clock)
    # then
    endpoint.refresh_from_db()
    assert endpoint.active is False
    assert endpoint.disabled_reason == (
        f"Switched off on {clock.now:%Y-%m-%d %H:%M} UTC: 2 deliveries in a row failed every attempt (1 each)."
    )
    assert delivery_run(delivery_id=third.pk, clock=clock) is None  # an endpoint that is off is not tried
    assert record().pk and not Delivery.objects.filter(endpoint=endpoint, event__seq__gt=third.event_id).exists()


def test_a_success_resets_the_run_of_failures(receiver, clock, queued, settings):
    # given
    settings.WEBHOOKS_MAX_ATTEMPTS, settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 1, 2
    endpoint = webhook_create(url=receiver.url, events=["*"])
    receiver.answers = [500, 200, 500]
    # when
    for number in range(3):
        delivery_run(delivery_id=delivery_of(record(resource_id=f"dorder_{number}"), endpoint).pk, clock=clock)
    # then
    endpoint.refresh_from_db()
    assert (endpoint.active, endpoint.failed_deliveries_in_a_row) == (True, 1)


def test_switching_an_endpoint_on_again_clears_the_reason_and_sends_what_waited(
    clock, queued, settings, django_capture_on_commit_callbacks
):
    # given
    settings.WEBHOOKS_MAX_ATTEMPTS, settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 1, 1
    endpoint = webhook_create(url="http://127.0.0.1:9/hook", events=["*"])
    delivery_run(delivery_id=delivery_of(record(resource_id="dorder_1"), endpoint).pk, clock=clock)
    waiting = Delivery.objects.create(endpoint=endpoint, event=record(resource_id="dorder_2"), resource_id="dorder_2")
    queued.clear()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        webhook_update(webhook_id=endpoint.pk, data={"active": True})
    # then
    endpoint.refresh_from_db()
    assert (endpoint.active, endpoint.disabled_reason, endpoint.failed_deliveries_in_a_row) == (True, None, 0)
    assert queued == [(waiting.pk, None)]


def test_a_later_event_waits_while_an_earlier_one_of_the_same_resource_is_retrying(receiver, clock, queued):
    # given
    endpoint = webhook_create(url=receiver.url, events=["*"])
    first = delivery_of(record(type="draft_order.created"), endpoint)
    second = delivery_of(record(type="draft_order.updated"), endpoint)
    other = delivery_of(record(resource_id="dorder_other"), endpoint)
    receiver.answers = [500]
    # when: the first fails; the second may not overtake it, another draft's event may
    delivery_run(delivery_id=first.pk, clock=clock)
    blocked = delivery_run(delivery_id=second.pk, clock=clock)
    delivery_run(delivery_id=other.pk, clock=clock)
    clock.advance(3600)
    queued.clear()
    delivery_run(delivery_id=first.pk, clock=clock)
    # then: the first delivered queues the second, which then goes
    assert blocked is None
    assert queued == [(second.pk, None)]
    delivery_run(delivery_id=second.pk, clock=clock)
    types = [json.loads(request.body)["type"] for request in receiver.wait_for(4, timeout=5)]
    ids = [json.loads(request.body)["resource_id"] for request in receiver.requests]
    assert list(zip(types, ids, strict=True)) == [
        ("draft_order.created", "dorder_1"),
        ("draft_order.updated", "dorder_other"),
        ("draft_order.created", "dorder_1"),
        ("draft_order.updated", "dorder_1"),
    ]


def test_a_delivery_held_by_a_worker_is_not_claimed_again_until_its_lease_runs_out(receiver, clock, queued):
    # given
    endpoint = webhook_create(url=receiver.url, events=["*"])
    delivery = delivery_of(record(), endpoint)
    # when
    held = delivery_claim(delivery_id=delivery.pk, now=clock.now)
    again = delivery_claim(delivery_id=delivery.pk, now=clock.now + timedelta(seconds=5))
    clock.advance(3600)  # that worker died: its lease ran out
    delivery_run(delivery_id=delivery.pk, clock=clock)
    # then
    assert held is not None and again is None
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == ("succeeded", 2)
    assert attempts(delivery) == [
        (False, None, "interrupted: the worker stopped before the answer was recorded"),
        (True, 200, ""),
    ]


def test_the_sweep_queues_overdue_deliveries_first_in_line_and_unheld(clock, queued, settings):
    # given
    endpoint = webhook_create(url="http://127.0.0.1:9/hook", events=["*"])
    first = delivery_of(record(resource_id="dorder_1"), endpoint)
    delivery_of(record(resource_id="dorder_1"), endpoint)  # behind the first
    held = delivery_of(record(resource_id="dorder_2"), endpoint)
    delivery_claim(delivery_id=held.pk, now=clock.now)
    off = webhook_create(url="http://127.0.0.1:9/off", events=["*"])
    third = record(resource_id="dorder_3")
    webhook_update(webhook_id=off.pk, data={"active": False})
    Delivery.objects.update(next_attempt_at=clock.now - timedelta(seconds=2 * settings.WEBHOOKS_SWEEP_SECONDS))
    queued.clear()
    # when
    count = sweep()
    # then
    assert count == 2
    assert sorted(queued) == sorted([(first.pk, None), (delivery_of(third, endpoint).pk, None)])


def test_resending_a_failed_or_delivered_delivery_starts_a_new_round(
    receiver, clock, queued, settings, django_capture_on_commit_callbacks
):
    # given
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    endpoint = webhook_create(url=receiver.url, events=["*"])
    failed = delivery_of(record(resource_id="dorder_1"), endpoint)
    delivered = delivery_of(record(resource_id="dorder_2"), endpoint)
    receiver.answers = [500]
    delivery_run(delivery_id=failed.pk, clock=clock)
    delivery_run(delivery_id=delivered.pk, clock=clock)
    queued.clear()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        resent = deliveries_resend_failed(webhook_id=endpoint.pk)
        delivery_resend(delivery_id=delivered.pk)
    clock.advance(1)
    delivery_run(delivery_id=failed.pk, clock=clock)
    delivery_run(delivery_id=delivered.pk, clock=clock)
    # then
    assert resent == 1
    assert queued == [(failed.pk, None), (delivered.pk, None)]
    failed.refresh_from_db()
    delivered.refresh_from_db()
    assert (failed.status, failed.attempt_count, delivered.status) == ("succeeded", 1, "succeeded")
    assert attempts(failed) == [(False, 500, "answered 500"), (True, 200, "")]
    assert len(receiver.wait_for(4, timeout=5)) == 4


def test_a_deleted_endpoint_is_not_sent_to(clock, queued, receiver):
    # given
    endpoint = webhook_create(url=receiver.url, events=["*"])
    delivery = delivery_of(record(), endpoint)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(deleted_at=clock.now)
    # when / then
    assert delivery_run(delivery_id=delivery.pk, clock=clock) is None
    assert receiver.requests == []
