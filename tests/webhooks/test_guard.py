"""The SSRF guard: which addresses a receiver may have, and the check again at delivery time."""

import pytest

from events.services import event_record
from webhooks.guard import address_refusal
from webhooks.services import webhook_create
from webhooks.tasks import delivery_run

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("address", "refusal"),
    [
        ("93.184.215.14", None),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", None),
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("::ffff:10.0.0.1", "private"),
        ("0.0.0.0", "private"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "private"),
        ("192.0.0.170", "private"),
        ("100.64.0.1", "not public"),
    ],
)
def test_only_public_addresses_may_receive(address, refusal):
    assert address_refusal(address) == refusal


def test_each_attempt_checks_the_address_the_name_resolves_to_then(receiver, clock, queued, settings, monkeypatch):
    # given: accepted while private addresses were allowed, the name now resolves to loopback
    endpoint = webhook_create(url=receiver.url.replace("127.0.0.1", "receiver.example.com"), events=["*"])
    event_record(type="draft_order.created", resource_type="draft_order", resource_id="dorder_1", data={})
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    monkeypatch.setattr("webhooks.guard.resolve", lambda host, port: ["127.0.0.1"])
    delivery = endpoint.deliveries.get()
    # when
    delivery_run(delivery_id=delivery.pk, clock=clock)
    # then
    attempt = delivery.attempts.get()
    assert (attempt.succeeded, attempt.status_code) == (False, None)
    assert attempt.error == "refused: receiver.example.com resolves to 127.0.0.1, a loopback address"
    assert receiver.requests == []
