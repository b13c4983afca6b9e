"""The staff pages: endpoints saved through the services, deliveries with attempts, resend one or all failed."""

import pytest

from events.services import event_record
from tests.factories import UserFactory
from webhooks.models import Delivery, WebhookEndpoint
from webhooks.services import webhook_create
from webhooks.tasks import delivery_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def failed_delivery(endpoint, clock, settings) -> Delivery:
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    event_record(type="draft_order.created", resource_type="draft_order", resource_id="dorder_1", data={})
    delivery = endpoint.deliveries.get()
    delivery_run(delivery_id=delivery.pk, clock=clock)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    return delivery


def test_an_endpoint_added_on_the_staff_site_gets_a_secret_and_shows_it(staff_client):
    # when
    response = staff_client.post(
        "/staff/webhooks/webhookendpoint/add/",
        {"url": "https://hooks.example.com/x", "description": "", "events": ["draft_order.created"], "active": "on"},
    )
    # then
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.url, endpoint.events, endpoint.active) == (
        "https://hooks.example.com/x",
        ["draft_order.created"],
        True,
    )
    assert endpoint.secret.startswith("whsec_")
    page = staff_client.get(f"/staff/webhooks/webhookendpoint/{endpoint.pk}/change/").content.decode()
    assert endpoint.secret in page


def test_an_internal_address_is_refused_on_the_field(staff_client, settings):
    # given
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    # when
    response = staff_client.post(
        "/staff/webhooks/webhookendpoint/add/", {"url": "http://127.0.0.1/x", "events": ["*"], "active": "on"}
    )
    # then
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "url": [
            "url must not point to a private, loopback or link-local address "
            "(127.0.0.1 resolves to 127.0.0.1, a loopback address)"
        ]
    }
    assert not WebhookEndpoint.all_objects.exists()


def test_switching_an_endpoint_on_clears_its_reason(staff_client):
    # given
    endpoint = webhook_create(url="https://hooks.example.com/x", events=["*"])
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False, disabled_reason="Switched off: failing")
    # when
    response = staff_client.post(
        f"/staff/webhooks/webhookendpoint/{endpoint.pk}/change/",
        {"url": endpoint.url, "description": "", "events": ["*"], "active": "on"},
    )
    # then
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.active, endpoint.disabled_reason) == (True, None)


def test_the_delivery_page_shows_its_attempts_and_resends_it(staff_client, clock, queued, settings):
    # given
    endpoint = webhook_create(url="http://127.0.0.1:9/hook", events=["*"])
    delivery = failed_delivery(endpoint, clock, settings)
    # when
    page = staff_client.get(f"/staff/webhooks/delivery/{delivery.pk}/change/").content.decode()
    resend = staff_client.post(f"/staff/webhooks/delivery/{delivery.pk}/resend/")
    # then
    assert "OSError: could not connect" in page and "Anna" not in page and "The system created" in page
    assert resend.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == ("pending", 0)


def test_resend_all_failed_of_an_endpoint(staff_client, clock, queued, settings):
    # given
    endpoint = webhook_create(url="http://127.0.0.1:9/hook", events=["*"])
    delivery = failed_delivery(endpoint, clock, settings)
    # when
    response = staff_client.post(f"/staff/webhooks/webhookendpoint/{endpoint.pk}/resend-failed/", follow=True)
    # then
    assert "1 failed deliveries sent again." in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == "pending"


def test_deliveries_are_records_not_edited_or_deleted(staff_client, clock, queued, settings):
    # given
    endpoint = webhook_create(url="http://127.0.0.1:9/hook", events=["*"])
    delivery = failed_delivery(endpoint, clock, settings)
    # when
    delete = staff_client.post(f"/staff/webhooks/delivery/{delivery.pk}/delete/", {"post": "yes"})
    add = staff_client.get("/staff/webhooks/delivery/add/")
    # then
    assert (delete.status_code, add.status_code) == (403, 403)
    assert Delivery.objects.filter(pk=delivery.pk).exists()
