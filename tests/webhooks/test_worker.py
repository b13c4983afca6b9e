"""Delivery with real parts: a Celery worker on the machine's Redis, a receiver on loopback, PostgreSQL shared by
both. Events are recorded with event_record, as the draft order services will record them."""

import json
import os
import uuid

import pytest
import redis
from django.db import connection, transaction
from rest_framework.test import APIClient
from standardwebhooks.webhooks import Webhook

from config.celery import app as celery_app
from events.models import Event
from events.services import event_record
from tests.seed import t1_body
from tests.webhooks.worker import Worker, database_url, eventually
from webhooks.models import Delivery, DeliveryAttempt
from webhooks.services import webhook_create

pytestmark = [
    pytest.mark.celery,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


def _reconnect() -> None:
    """Forget the connections and routes the app built for the broker it had (the suite's in-memory one)."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)


@pytest.fixture
def broker():
    """The machine's Redis, and a queue of this test's own (other runs may share the Redis)."""
    client = redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI"):  # CI starts Redis: these tests must run there, never be skipped
            pytest.fail(f"Redis is not running at {BROKER_URL}")
        pytest.skip(f"Redis is not running at {BROKER_URL} (.ci/run starts it)")
    queue = f"webhooks-test-{uuid.uuid4().hex[:12]}"
    saved = celery_app.conf.broker_url, celery_app.conf.task_default_queue
    celery_app.conf.update(broker_url=BROKER_URL, task_default_queue=queue)
    _reconnect()
    yield queue
    celery_app.conf.update(broker_url=saved[0], task_default_queue=saved[1])
    _reconnect()
    client.delete(queue)


@pytest.fixture
def start_worker(broker, transactional_db, tmp_path):
    """Starts workers on the test's queue and database; stops them before the database is emptied."""
    workers = []

    def start() -> Worker:
        worker = Worker(
            broker_url=BROKER_URL, queue=broker, database=database_url(connection.settings_dict), directory=tmp_path
        )
        workers.append(worker.start())
        return worker

    yield start
    for worker in workers:
        worker.stop()


def record(type: str, resource_id: str, **data):
    """One change's transaction: the event commits, and its deliveries are queued to the worker on commit."""
    with transaction.atomic():
        return event_record(type=type, resource_type="draft_order", resource_id=resource_id, data=data)


def test_events_reach_the_receiver_in_order_with_valid_signatures(start_worker, receiver):
    # given
    endpoint = webhook_create(url=receiver.url, events=["*"])
    worker = start_worker()
    receiver.answers = [500]  # the first event fails once: the next ones must wait for it
    # when
    events = [
        record("draft_order.created", "dorder_1", step=1),
        record("draft_order.updated", "dorder_1", step=2),
        record("draft_order.updated", "dorder_1", step=3),
        record("draft_order.completed", "dorder_1", step=4),
    ]
    # then: five requests (one retry), each verified by the Standard Webhooks library
    requests = receiver.wait_for(5, timeout=60)
    verified = [Webhook(endpoint.secret).verify(request.body, request.headers) for request in requests]
    assert [(payload["id"], payload["data"]["step"]) for payload in verified] == [
        (events[0].id, 1),
        (events[0].id, 1),
        (events[1].id, 2),
        (events[2].id, 3),
        (events[3].id, 4),
    ]
    assert [request.headers["webhook-id"] for request in requests] == [payload["id"] for payload in verified]
    eventually(
        lambda: Delivery.objects.filter(status="succeeded").count() == 4,
        timeout=30,
        what="four deliveries succeeded",
        worker=worker,
    )


def test_a_receiver_failing_three_times_gets_four_attempts_and_one_delivery(start_worker, receiver):
    # given
    webhook_create(url=receiver.url, events=["draft_order.created"])
    receiver.answers = [500, 500, 500]
    worker = start_worker()
    # when
    event = record("draft_order.created", "dorder_1")
    # then
    delivery = eventually(
        lambda: Delivery.objects.filter(event=event, status="succeeded").first(),
        timeout=60,
        what="the delivery succeeded",
        worker=worker,
    )
    assert delivery.attempt_count == 4
    assert [(a.succeeded, a.status_code) for a in delivery.attempts.order_by("attempted_at", "id")] == [
        (False, 500),
        (False, 500),
        (False, 500),
        (True, 200),
    ]
    requests = receiver.wait_for(4, timeout=5)
    assert len(requests) == 4
    assert {json.loads(request.body)["id"] for request in requests} == {event.id}


def test_a_worker_killed_mid_delivery_delivers_after_a_restart(start_worker, receiver):
    # given: the receiver holds the first request open while the worker is killed
    webhook_create(url=receiver.url, events=["*"])
    receiver.hold_next()
    first = start_worker()
    event = record("draft_order.created", "dorder_1")
    receiver.wait_for(1, timeout=60)
    # when
    first.kill()
    receiver.release()
    delivery = Delivery.objects.get(event=event)
    assert (delivery.status, delivery.attempt_count) == ("pending", 1)  # nothing recorded it as finished
    second = start_worker()
    # then: once the dead worker's lease runs out, the sweep hands the delivery to the new worker
    delivered = eventually(
        lambda: Delivery.objects.filter(pk=delivery.pk, status="succeeded").first(),
        timeout=90,
        what="the delivery succeeded after the restart",
        worker=second,
    )
    assert delivered.attempt_count == 2
    assert [
        (a.succeeded, a.error) for a in DeliveryAttempt.objects.filter(delivery=delivery).order_by("attempted_at")
    ] == [
        (False, "interrupted: the worker stopped before the answer was recorded"),
        (True, ""),
    ]
    assert len(receiver.wait_for(2, timeout=5)) == 2


def test_a_draft_made_edited_and_paid_over_the_api_reaches_the_receiver_in_order_and_signed(
    start_worker, receiver, seed, staff_user
):
    """Issue 14 §3 end to end: the API's writes record the events, the worker delivers them, the Standard Webhooks
    library verifies them; an idempotent replay records and delivers nothing more."""
    # given
    endpoint = webhook_create(url=receiver.url, events=["*"])
    worker = start_worker()
    api = APIClient()
    api.credentials(HTTP_X_MEDUSA_ACCESS_TOKEN=staff_user.api_token)
    # when: create, add a line, edit (sent twice with one Idempotency-Key: the second is a replay), pay
    created = api.post("/admin/draft-orders", t1_body(), format="json").json()["draft_order"]
    draft_id = created["id"]
    added = api.post(
        f"/admin/draft-orders/{draft_id}/line-items",
        {"title": "Gift wrap", "unit_price": 500, "quantity": 1},
        format="json",
    )
    edit = {"email": "jane@example.com"}
    edited = api.post(f"/admin/draft-orders/{draft_id}", edit, format="json", HTTP_IDEMPOTENCY_KEY="edit-1")
    replayed = api.post(f"/admin/draft-orders/{draft_id}", edit, format="json", HTTP_IDEMPOTENCY_KEY="edit-1")
    paid = api.post(f"/admin/draft-orders/{draft_id}/pay")
    assert [r.status_code for r in (added, edited, replayed, paid)] == [200, 200, 200, 200]
    assert replayed.json() == edited.json()
    order = paid.json()["order"]
    # then: five events, each delivered once, each verified by the library with the endpoint's secret
    requests = receiver.wait_for(5, timeout=60)
    verified = [Webhook(endpoint.secret).verify(request.body, request.headers) for request in requests]
    draft_payloads = [payload for payload in verified if payload["resource_id"] == draft_id]
    # one draft order's events arrive in the order they happened (the order's own event may come at any point)
    assert [(p["type"], p["data"]["cart"]["email"]) for p in draft_payloads] == [
        ("draft_order.created", "oli@test.dk"),
        ("draft_order.updated", "oli@test.dk"),
        ("draft_order.updated", "jane@example.com"),
        ("draft_order.completed", "jane@example.com"),
    ]
    (placed,) = [p for p in verified if p["resource_id"] == order["id"]]
    assert (placed["type"], placed["data"]["id"], placed["data"]["email"]) == (
        "order.placed",
        order["id"],
        order["email"],
    )
    assert draft_payloads[0]["data"] == created
    assert draft_payloads[2]["data"] == edited.json()["draft_order"]
    assert [c["label"] for c in draft_payloads[1]["changes"] if c["op"] == "add"] == ["Gift wrap"]
    recorded = list(Event.objects.order_by("seq").values_list("id", flat=True))
    assert sorted(p["id"] for p in verified) == sorted(recorded) and len(recorded) == 5
    eventually(
        lambda: Delivery.objects.filter(status="succeeded").count() == 5,
        timeout=30,
        what="five deliveries succeeded",
        worker=worker,
    )
    assert len(receiver.requests) == 5
