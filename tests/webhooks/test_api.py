"""/admin/webhooks in v1's conventions: list, create (with the secret), retrieve, update, delete, deliveries."""

import pytest

from events.services import event_record
from webhooks.models import WebhookEndpoint
from webhooks.services import webhook_create
from webhooks.tasks import delivery_run

pytestmark = pytest.mark.django_db

HOOK = "https://hooks.example.com/draft-orders"


def created(api, **body) -> dict:
    response = api.post("/admin/webhooks", {"url": HOOK, "events": ["*"], **body}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["webhook"]


def test_create_answers_the_endpoint_with_its_secret_once(api):
    # when
    response = api.post(
        "/admin/webhooks",
        {"url": HOOK, "events": ["draft_order.created", "order.placed"], "description": "ERP"},
        format="json",
    )
    # then
    assert response.status_code == 200
    webhook = response.json()["webhook"]
    stored = WebhookEndpoint.objects.get(pk=webhook["id"])
    assert webhook == {
        "id": stored.pk,
        "url": HOOK,
        "description": "ERP",
        "events": ["draft_order.created", "order.placed"],
        "active": True,
        "disabled_reason": None,
        "created_at": webhook["created_at"],
        "updated_at": webhook["updated_at"],
        "secret": stored.secret,
    }
    assert webhook["id"].startswith("wh_") and stored.secret.startswith("whsec_")
    assert "secret" not in api.get(f"/admin/webhooks/{stored.pk}").json()["webhook"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "url must be a URL address, events should not be empty, events must be an array"),
        ({"url": "ftp://files.example.com", "events": ["*"]}, "url must be a URL address"),
        ({"url": HOOK, "events": []}, "events should not be empty"),
        (
            {"url": HOOK, "events": ["draft_order.created", "order.shipped"]},
            "each value in events must be one of the following values: *, draft_order.created, "
            "draft_order.updated, draft_order.deleted, draft_order.completed, draft_order.invoice_sent, order.placed, "
            "order.updated",
        ),
        ({"url": HOOK, "events": ["*"], "active": "yes"}, "active must be a boolean value"),
        ({"url": HOOK, "events": ["*"], "secret": "mine"}, "property secret should not exist"),
    ],
)
def test_create_refuses_bad_input_and_stores_nothing(api, body, message):
    # when
    response = api.post("/admin/webhooks", body, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": message}
    assert not WebhookEndpoint.all_objects.exists()


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1:8000/hook", "127.0.0.1 resolves to 127.0.0.1, a loopback address"),
        ("http://localhost/hook", "localhost resolves to 127.0.0.1, a loopback address"),
        ("http://10.1.2.3/hook", "10.1.2.3 resolves to 10.1.2.3, a private address"),
        (
            "http://169.254.169.254/latest/meta-data",
            "169.254.169.254 resolves to 169.254.169.254, a link-local address",
        ),
        ("http://[::1]/hook", "::1 resolves to ::1, a loopback address"),
        ("http://[::ffff:192.168.0.1]/hook", "::ffff:192.168.0.1 resolves to ::ffff:192.168.0.1, a private address"),
    ],
)
def test_receivers_on_internal_addresses_are_refused_unless_allowed(api, settings, monkeypatch, url, why):
    # given
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    monkeypatch.setattr("webhooks.guard.resolve", fake_resolve)
    # when
    response = api.post("/admin/webhooks", {"url": url, "events": ["*"]}, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": f"url must not point to a private, loopback or link-local address ({why})",
    }
    assert not WebhookEndpoint.all_objects.exists()


def fake_resolve(host, port):
    """The machine's resolver for names and literal addresses, without asking DNS about anything else."""
    return {"localhost": ["127.0.0.1"], "hooks.example.com": ["93.184.215.14"]}.get(host, [host])


def test_a_public_receiver_is_accepted_and_an_update_to_an_internal_one_refused(api, settings, monkeypatch):
    # given
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    monkeypatch.setattr("webhooks.guard.resolve", fake_resolve)
    webhook = created(api)
    # when
    response = api.post(f"/admin/webhooks/{webhook['id']}", {"url": "http://192.168.1.10/"}, format="json")
    # then
    assert response.status_code == 400
    assert response.json()["message"].startswith("url must not point to a private, loopback or link-local address")
    assert WebhookEndpoint.objects.get(pk=webhook["id"]).url == HOOK


def test_update_changes_only_what_it_is_given(api):
    # given
    webhook = created(api, description="ERP")
    # when
    response = api.post(
        f"/admin/webhooks/{webhook['id']}", {"events": ["order.placed"], "active": False}, format="json"
    )
    # then
    assert response.status_code == 200
    body = response.json()["webhook"]
    assert (body["url"], body["description"], body["events"], body["active"]) == (HOOK, "ERP", ["order.placed"], False)
    stored = WebhookEndpoint.objects.get(pk=webhook["id"])
    assert (stored.events, stored.active) == (["order.placed"], False)


def test_list_is_v1_s_envelope_newest_first(api):
    # given
    first, second, third = (created(api, description=str(number)) for number in range(3))
    # when
    body = api.get("/admin/webhooks?limit=2").json()
    # then
    assert (body["count"], body["offset"], body["limit"]) == (3, 0, 2)
    assert [webhook["id"] for webhook in body["webhooks"]] == [third["id"], second["id"]]


def test_delete_answers_v1_s_deleted_body_and_the_endpoint_is_gone(api):
    # given
    webhook = created(api)
    # when
    response = api.delete(f"/admin/webhooks/{webhook['id']}")
    # then
    assert response.status_code == 200
    assert response.json() == {"id": webhook["id"], "object": "webhook", "deleted": True}
    assert api.get(f"/admin/webhooks/{webhook['id']}").status_code == 404
    assert WebhookEndpoint.all_objects.get(pk=webhook["id"]).deleted_at is not None
    assert api.get("/admin/webhooks").json()["count"] == 0


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_unknown_endpoint_is_404(api, method):
    # given
    body = {"events": ["*"]} if method == "post" else None
    # when
    response = getattr(api, method)("/admin/webhooks/wh_missing", body, format="json")
    # then
    if method == "delete":  # v1 answers the delete of what is gone with success
        assert response.status_code == 200
        return
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Webhook with wh_missing was not found"}


def test_deliveries_list_each_attempt_and_the_body_sent(api, receiver, clock, queued):
    # given
    endpoint = webhook_create(url=receiver.url, events=["*"])
    event = event_record(type="draft_order.created", resource_type="draft_order", resource_id="dorder_1", data={})
    receiver.answers = [503]
    delivery = endpoint.deliveries.get()
    delivery_run(delivery_id=delivery.pk, clock=clock)
    clock.advance(3600)
    delivery_run(delivery_id=delivery.pk, clock=clock)
    # when
    response = api.get(f"/admin/webhooks/{endpoint.pk}/deliveries")
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["offset"], body["limit"]) == (1, 0, 50)
    (listed,) = body["deliveries"]
    assert (listed["id"], listed["event_id"], listed["event_type"], listed["resource_id"]) == (
        delivery.pk,
        event.id,
        "draft_order.created",
        "dorder_1",
    )
    assert (listed["status"], listed["attempt_count"]) == ("succeeded", 2)
    assert [(a["succeeded"], a["status_code"], a["error"]) for a in listed["attempts"]] == [
        (False, 503, "answered 503"),
        (True, 200, ""),
    ]
    assert listed["attempts"][0]["response_excerpt"] == "receiver failed on purpose"
    assert listed["payload"] == {
        "id": event.id,
        "type": "draft_order.created",
        "timestamp": listed["payload"]["timestamp"],
        "resource_type": "draft_order",
        "resource_id": "dorder_1",
        "data": {},
        "changes": None,
    }


def test_deliveries_read_in_a_fixed_number_of_queries(api, queued, django_assert_max_num_queries):
    # given
    endpoint = webhook_create(url="http://127.0.0.1:9/hook", events=["*"])
    for number in range(20):
        event_record(type="draft_order.created", resource_type="draft_order", resource_id=f"d_{number}", data={})
    # when / then: the user, the endpoint, the page with its events, its attempts, the count
    with django_assert_max_num_queries(5):
        assert len(api.get(f"/admin/webhooks/{endpoint.pk}/deliveries").json()["deliveries"]) == 20
