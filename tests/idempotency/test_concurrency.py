"""`Idempotency-Key` against a live server with real connections: a dropped answer retried as medusa-js retries
it, and 20 concurrent requests under one key on PostgreSQL."""

import http.client
import json
import socket
import threading
from urllib.parse import urlsplit

import pytest
from django.core.signals import request_finished

from draft_orders import services as draft_order_services
from draft_orders.models import DraftOrder
from idempotency.models import IdempotencyKey
from tests.seed import t1_body

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

KEY = "5f0c9d7e-2f7b-4f4e-8a53-93f1c1b7a2d4"
TIMEOUT = 60
CONFLICT = {
    "code": "invalid_state_error",
    "type": "conflict",
    "message": "The request conflicted with another request. You may retry the request with the provided "
    "Idempotency-Key.",
}


def create_request(token: str) -> tuple[bytes, dict[str, str]]:
    """medusa-js's create: a JSON body and its headers, with the key its retries resend."""
    body = json.dumps(t1_body()).encode()
    headers = {
        "Content-Type": "application/json",
        "Content-Length": str(len(body)),
        "x-medusa-access-token": token,
        "Idempotency-Key": KEY,
    }
    return body, headers


def post(server_url: str, token: str) -> tuple[int, dict[str, str], bytes]:
    body, headers = create_request(token)
    address = urlsplit(server_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=TIMEOUT)
    try:
        connection.request("POST", "/admin/draft-orders", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_a_create_whose_answer_was_dropped_and_retried_with_its_key_makes_one_draft_order(
    live_server, seed, staff_user
):
    # given: the request sent whole, the connection closed before its answer is read (a client timeout)
    answered = threading.Event()

    def on_finished(**_):
        answered.set()

    request_finished.connect(on_finished)
    body, headers = create_request(staff_user.api_token)
    address = urlsplit(live_server.url)
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    try:
        with socket.create_connection((address.hostname, address.port), timeout=TIMEOUT) as dropped:
            dropped.sendall(f"POST /admin/draft-orders HTTP/1.1\r\nHost: {address.netloc}\r\n{head}\r\n".encode())
            dropped.sendall(body)
        assert answered.wait(TIMEOUT), "the server never finished the dropped request"
    finally:
        request_finished.disconnect(on_finished)

    # when: medusa-js retries with the same key
    status, response_headers, content = post(live_server.url, staff_user.api_token)

    # then: the draft order the dropped request made, and no other
    assert status == 200
    assert response_headers["Idempotent-Replayed"] == "true"
    (made,) = DraftOrder.objects.exclude(pk=seed.draft_order.pk)
    assert json.loads(content)["draft_order"]["id"] == made.id
    assert bytes(IdempotencyKey.objects.get(key=KEY).response_body) == content


@pytest.mark.postgres
def test_twenty_concurrent_requests_under_one_key_run_once(live_server, seed, staff_user, monkeypatch):
    # given: the first request to get the key holds its work until the others have answered
    callers = 20
    barrier = threading.Barrier(callers)
    release = threading.Event()
    answers = []
    answered = threading.Condition()
    real_create = draft_order_services.draft_order_create

    def held_create(**arguments):
        release.wait(TIMEOUT)
        return real_create(**arguments)

    monkeypatch.setattr(draft_order_services, "draft_order_create", held_create)

    def call():
        barrier.wait()
        answer = post(live_server.url, staff_user.api_token)
        with answered:
            answers.append(answer)
            answered.notify_all()

    # when
    threads = [threading.Thread(target=call) for _ in range(callers)]
    for thread in threads:
        thread.start()
    with answered:
        answered.wait_for(lambda: len(answers) >= callers - 1, timeout=TIMEOUT)
    release.set()
    for thread in threads:
        thread.join(TIMEOUT)

    # then: one ran and made one draft order; every other one was told to retry
    statuses = sorted(status for status, _, _ in answers)
    assert statuses == [200] + [409] * (callers - 1)
    assert all(json.loads(content) == CONFLICT for status, _, content in answers if status == 409)
    ((_, headers, content),) = [answer for answer in answers if answer[0] == 200]
    assert "Idempotent-Replayed" not in headers
    (made,) = DraftOrder.objects.exclude(pk=seed.draft_order.pk)
    assert json.loads(content)["draft_order"]["id"] == made.id
    # and a retry now gets that answer
    status, headers, replayed = post(live_server.url, staff_user.api_token)
    assert (status, headers["Idempotent-Replayed"], replayed) == (200, "true", content)
