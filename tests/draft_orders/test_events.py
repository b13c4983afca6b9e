"""A draft order's events (issue 14): each write records one, with who acted, the draft as the API answers it and
what changed, in the write's transaction; `GET /admin/draft-orders/{id}/events` and the order's timeline list them.
"""

from unittest import mock

import pytest
from django.core import mail
from rest_framework.test import APIClient

from events.models import Event
from tests.budget import budget
from tests.draft_orders.helpers import create_draft_order
from tests.factories import UserFactory
from tests.seed import t1_body
from webhooks.models import Delivery
from webhooks.services import webhook_create

pytestmark = pytest.mark.django_db

GIFT_WRAP = {"title": "Gift wrap", "unit_price": 500, "quantity": 1}


@pytest.fixture
def anna_api(anna):
    """Anna over the API with her JWT-less API token."""
    client = APIClient()
    client.credentials(HTTP_X_MEDUSA_ACCESS_TOKEN=anna.api_token)
    return client


@pytest.fixture
def billing_api(billing_service):
    client = APIClient()
    client.credentials(HTTP_X_MEDUSA_ACCESS_TOKEN=billing_service.api_token)
    return client


def events_of(draft_order_id: str) -> list[Event]:
    return list(Event.objects.filter(resource_id=draft_order_id).order_by("seq"))


def timeline_of(api, draft_order_id: str, **query) -> dict:
    response = api.get(f"/admin/draft-orders/{draft_order_id}/events", query)
    assert response.status_code == 200, response.json()
    return response.json()


def sentences(api, path: str) -> list[str]:
    """The timeline of a draft order or order as the staff site words it, newest first."""
    from events.timeline import event_sentence

    events = api.get(path).json()["events"]
    return [event_sentence(Event.objects.get(id=event["id"])) for event in events]


# --- each write records its event --------------------------------------------------------------------------------


def test_create_records_created_with_the_draft_as_answered_and_who_created_it(anna_api, anna, seed):
    # when
    response = anna_api.post("/admin/draft-orders", t1_body(), format="json")
    # then
    assert response.status_code == 200
    draft_order = response.json()["draft_order"]
    (event,) = events_of(draft_order["id"])
    assert (event.type, event.resource_type, event.resource_id) == (
        "draft_order.created",
        "draft_order",
        draft_order["id"],
    )
    assert event.data == draft_order
    assert event.changes is None
    assert (event.actor_id, event.actor_email, event.actor_name) == (anna.pk, "anna@example.com", "Anna")
    assert (event.actor_channel, event.actor_credential) == ("api", "api_token")


def test_update_records_what_changed_fields_shipping_and_discounts(anna_api, seed):
    # given
    draft_order = create_draft_order(anna_api, t1_body())
    # when
    response = anna_api.post(
        f"/admin/draft-orders/{draft_order['id']}",
        {"email": "jane@example.com", "discounts": [{"code": "TEST"}], "metadata": {"po": "42"}},
        format="json",
    )
    # then
    assert response.status_code == 200
    created, updated = events_of(draft_order["id"])
    assert updated.type == "draft_order.updated"
    assert updated.data == response.json()["draft_order"]
    customer_id = updated.data["cart"]["customer_id"]
    assert updated.changes == [
        {"op": "set", "path": "metadata", "from": None, "to": {"po": "42"}},
        {"op": "set", "path": "cart.email", "from": "oli@test.dk", "to": "jane@example.com"},
        {
            "op": "set",
            "path": "cart.customer",
            "from": "oli-test",
            "to": customer_id,
            "from_label": "oli@test.dk",
            "to_label": "jane@example.com",
        },
        {"op": "add", "path": "cart.discounts", "id": "test-discount", "label": "TEST"},
    ]
    assert sentences(anna_api, f"/admin/draft-orders/{draft_order['id']}/events")[0] == (
        'API token of Anna set the metadata to {"po": "42"}, changed the email from oli@test.dk to jane@example.com, '
        "changed the customer from oli@test.dk to jane@example.com and added discount TEST"
    )


def test_line_item_endpoints_record_lines_added_changed_and_removed(anna_api, seed):
    # given
    draft_order = create_draft_order(anna_api, t1_body())
    base = f"/admin/draft-orders/{draft_order['id']}/line-items"
    # when
    added = anna_api.post(base, {"variant_id": "test-variant-2", "quantity": 2}, format="json").json()["draft_order"]
    line_id = next(item["id"] for item in added["cart"]["items"] if item["variant_id"] == "test-variant-2")
    changed = anna_api.post(f"{base}/{line_id}", {"quantity": 3}, format="json")
    removed = anna_api.delete(f"{base}/{line_id}")
    nothing = anna_api.delete(f"{base}/item_unknown")  # v1: an unknown line changes nothing
    # then
    assert (changed.status_code, removed.status_code, nothing.status_code) == (200, 200, 200)
    events = events_of(draft_order["id"])
    assert [event.type for event in events] == ["draft_order.created", *["draft_order.updated"] * 3]
    assert [event.changes for event in events[1:]] == [
        [{"op": "add", "path": "cart.items", "id": line_id, "label": "test product 2 test variant-2", "quantity": 2}],
        [
            {
                "op": "update",
                "path": "cart.items",
                "id": line_id,
                "label": "test product 2 test variant-2",
                "fields": {"quantity": {"from": 2, "to": 3}},
            }
        ],
        [
            {
                "op": "remove",
                "path": "cart.items",
                "id": line_id,
                "label": "test product 2 test variant-2",
                "quantity": 3,
            }
        ],
    ]
    assert events[-1].data == removed.json()["draft_order"]
    assert sentences(anna_api, f"/admin/draft-orders/{draft_order['id']}/events") == [
        "API token of Anna removed test product 2 test variant-2",
        "API token of Anna changed the quantity of test product 2 test variant-2 from 2 to 3",
        "API token of Anna added 2 × test product 2 test variant-2",
        "API token of Anna created the draft order",
    ]


def test_delete_records_deleted_with_the_draft_as_it_was(api, seed):
    # given
    draft_order = create_draft_order(api, t1_body())
    last = api.get(f"/admin/draft-orders/{draft_order['id']}").json()["draft_order"]
    # when
    response = api.delete(f"/admin/draft-orders/{draft_order['id']}")
    # then
    assert response.status_code == 200
    deleted = events_of(draft_order["id"])[-1]
    assert (deleted.type, deleted.data) == ("draft_order.deleted", last)


def test_mark_paid_records_completed_and_placed_and_both_timelines_show_them(billing_api, seed):
    # given
    draft_order = create_draft_order(billing_api, t1_body())
    # when
    response = billing_api.post(f"/admin/draft-orders/{draft_order['id']}/pay")
    # then
    assert response.status_code == 200
    order_id = response.json()["order"]["id"]
    completed = events_of(draft_order["id"])[-1]
    (placed,) = events_of(order_id)
    assert completed.type == "draft_order.completed" and placed.type == "order.placed"
    assert completed.seq < placed.seq
    assert completed.data == billing_api.get(f"/admin/draft-orders/{draft_order['id']}").json()["draft_order"]
    assert placed.data == billing_api.get(f"/admin/orders/{order_id}").json()["order"]
    assert (placed.resource_type, placed.actor_credential, placed.actor_name) == (
        "order",
        "api_token",
        "billing-service",
    )
    expected = [
        "API token of billing-service placed the order",
        "API token of billing-service marked paid",
        "API token of billing-service created the draft order",
    ]
    assert sentences(billing_api, f"/admin/draft-orders/{draft_order['id']}/events") == expected
    assert sentences(billing_api, f"/admin/orders/{order_id}/events") == expected


def test_the_order_update_records_what_changed(anna_api, seed):
    # given
    draft_order = create_draft_order(anna_api, t1_body())
    order_id = anna_api.post(f"/admin/draft-orders/{draft_order['id']}/pay").json()["order"]["id"]
    # when
    response = anna_api.post(f"/admin/orders/{order_id}", {"email": "new@example.com"}, format="json")
    # then
    assert response.status_code == 200
    updated = events_of(order_id)[-1]
    assert (updated.type, updated.data) == ("order.updated", response.json()["order"])
    assert updated.changes == [{"op": "set", "path": "email", "from": "oli@test.dk", "to": "new@example.com"}]
    assert sentences(anna_api, f"/admin/orders/{order_id}/events")[0] == (
        "API token of Anna changed the email from oli@test.dk to new@example.com"
    )


def test_events_record_byte_for_byte_what_a_read_right_after_answers(anna_api, seed):
    """The services render events from the rows they hold (no read of their own): as a GET would answer."""
    # given
    draft_order = create_draft_order(anna_api, t1_body(metadata={"zz": 1, "a": {"long_key": 2, "k": 3}}))
    draft_path = f"/admin/draft-orders/{draft_order['id']}"
    writes = [
        lambda: anna_api.post(f"{draft_path}/line-items", GIFT_WRAP, format="json"),
        lambda: anna_api.post(draft_path, {"metadata": {"bbbbbb": "x", "c": [1, 2]}, "email": "e@x.dk"}, format="json"),
        lambda: anna_api.post(
            draft_path, {"shipping_address": {"address_1": "2 New Street", "country_code": "us"}}, format="json"
        ),
    ]
    # when / then
    for write in writes:
        assert write().status_code == 200
        assert events_of(draft_order["id"])[-1].data == anna_api.get(draft_path).json()["draft_order"]
    order_id = anna_api.post(f"{draft_path}/pay").json()["order"]["id"]
    order_path = f"/admin/orders/{order_id}"
    assert events_of(order_id)[-1].data == anna_api.get(order_path).json()["order"]
    assert events_of(draft_order["id"])[-1].data == anna_api.get(draft_path).json()["draft_order"]
    body = {
        "shipping_address": {"address_1": "3 Other Road", "city": "Boston", "country_code": "us"},
        "billing_address": {"first_name": "bill", "country_code": "us", "metadata": {"yy": 1, "b": 2}},
        "metadata": {"long_name": True, "q": None},
    }
    assert anna_api.post(order_path, body, format="json").status_code == 200
    updated = events_of(order_id)[-1]
    assert updated.type == "order.updated"
    assert updated.data == anna_api.get(order_path).json()["order"]
    assert list(updated.data["metadata"]) == list(anna_api.get(order_path).json()["order"]["metadata"])


def test_sending_the_invoice_records_to_whom(anna_api, seed, settings):
    # given
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    draft_order = create_draft_order(anna_api, t1_body())
    # when
    response = anna_api.post(
        f"/admin/draft-orders/{draft_order['id']}/send-invoice", {"to": "ap@example.com"}, format="json"
    )
    # then
    assert response.status_code == 200 and len(mail.outbox) == 1
    sent = events_of(draft_order["id"])[-1]
    assert sent.type == "draft_order.invoice_sent"
    assert sent.changes == [
        {"op": "send", "path": "invoice", "to": "ap@example.com", "subject": mail.outbox[0].subject}
    ]
    assert sent.data == anna_api.get(f"/admin/draft-orders/{draft_order['id']}").json()["draft_order"]
    assert sentences(anna_api, f"/admin/draft-orders/{draft_order['id']}/events")[0] == (
        "API token of Anna sent the invoice to ap@example.com"
    )


def test_the_duplicate_records_the_copy_s_created_event(api, seed):
    # given
    draft_order = create_draft_order(api, t1_body())
    # when
    response = api.post(f"/admin/draft-orders/{draft_order['id']}/duplicate")
    # then
    copy = response.json()["draft_order"]
    (created,) = events_of(copy["id"])
    assert (created.type, created.data) == ("draft_order.created", copy)
    assert [event.type for event in events_of(draft_order["id"])] == ["draft_order.created"]


# --- a write that fails records nothing ----------------------------------------------------------------------------


def test_refused_writes_record_no_event_and_queue_no_delivery(api, seed, settings):
    # given
    webhook_create(url="http://127.0.0.1:9/hook", events=["*"])
    draft_order = create_draft_order(api, t1_body())
    before = Event.objects.count(), Delivery.objects.count()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # when: a refused update, a refused line, the mail server refusing the invoice, an empty draft paid
    refused_update = api.post(
        f"/admin/draft-orders/{draft_order['id']}", {"discounts": [{"code": "NOPE"}]}, format="json"
    )
    refused_line = api.post(
        f"/admin/draft-orders/{draft_order['id']}/line-items",
        {"variant_id": "test-variant", "quantity": 99},
        format="json",
    )
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("no mail server")):
        refused_mail = api.post(f"/admin/draft-orders/{draft_order['id']}/send-invoice", {}, format="json")
    empty = create_draft_order(api, t1_body(items=[]))
    after_empty = Event.objects.count(), Delivery.objects.count()
    refused_pay = api.post(f"/admin/draft-orders/{empty['id']}/pay")
    # then
    statuses = [r.status_code for r in (refused_update, refused_line, refused_mail, refused_pay)]
    assert statuses == [404, 400, 500, 400]
    assert after_empty == (before[0] + 1, before[1] + 1)  # the empty draft's own created event
    assert (Event.objects.count(), Delivery.objects.count()) == after_empty


def test_a_service_that_fails_after_its_event_rolls_the_event_back(api, seed):
    # given
    draft_order = create_draft_order(api, t1_body())
    # when: the webhook subscriber breaks after the event row is written
    with mock.patch("webhooks.services.deliveries_create", side_effect=RuntimeError("subscriber broke")):
        response = api.post(f"/admin/draft-orders/{draft_order['id']}", {"email": "x@example.com"}, format="json")
    # then: neither the change nor its event
    assert (response.status_code, response.json()["type"]) == (500, "unknown_error")
    assert [event.type for event in events_of(draft_order["id"])] == ["draft_order.created"]
    assert api.get(f"/admin/draft-orders/{draft_order['id']}").json()["draft_order"]["cart"]["email"] == "oli@test.dk"


def test_an_idempotent_replay_records_no_second_event(api, seed):
    # given
    draft_order = create_draft_order(api, t1_body())
    path = f"/admin/draft-orders/{draft_order['id']}/line-items"
    # when
    first = api.post(path, {"variant_id": "test-variant-2", "quantity": 1}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = api.post(path, {"variant_id": "test-variant-2", "quantity": 1}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    # then
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json() == again.json()
    assert [event.type for event in events_of(draft_order["id"])] == ["draft_order.created", "draft_order.updated"]


# --- the timeline endpoints ---------------------------------------------------------------------------------------


def test_the_draft_order_timeline_is_newest_first_and_paginated_as_v1_lists(api, staff_user, seed):
    # given
    draft_order = create_draft_order(api, t1_body(items=[GIFT_WRAP]))
    for quantity in (2, 3, 4):
        line_id = draft_order["cart"]["items"][0]["id"]
        api.post(f"/admin/draft-orders/{draft_order['id']}/line-items/{line_id}", {"quantity": quantity}, format="json")
    ids = [event.id for event in reversed(events_of(draft_order["id"]))]
    # when
    everything = timeline_of(api, draft_order["id"])
    page = timeline_of(api, draft_order["id"], offset=1, limit=2)
    # then
    assert (everything["count"], everything["offset"], everything["limit"]) == (4, 0, 50)
    assert [event["id"] for event in everything["events"]] == ids
    assert [event["type"] for event in everything["events"]] == ["draft_order.updated"] * 3 + ["draft_order.created"]
    assert (page["count"], page["offset"], page["limit"]) == (4, 1, 2)
    assert [event["id"] for event in page["events"]] == ids[1:3]
    newest = everything["events"][0]
    assert set(newest) == {"id", "type", "resource_type", "resource_id", "created_at", "actor", "data", "changes"}
    assert newest["data"] == api.get(f"/admin/draft-orders/{draft_order['id']}").json()["draft_order"]
    assert newest["actor"] == {
        "id": staff_user.pk,
        "email": "admin@medusa.js",
        "name": f"{staff_user.first_name} {staff_user.last_name}",
        "channel": "api",
        "credential": "api_token",
    }


def test_unknown_ids_are_v1_s_404(api, db):
    draft = api.get("/admin/draft-orders/dorder_nope/events")
    order = api.get("/admin/orders/order_nope/events")
    assert (draft.status_code, draft.json()) == (
        404,
        {"type": "not_found", "message": "Draft order with dorder_nope was not found"},
    )
    assert (order.status_code, order.json()) == (
        404,
        {"type": "not_found", "message": "Order with order_nope was not found"},
    )


def test_events_are_read_only_over_the_api(api, seed):
    # given
    draft_order = create_draft_order(api, t1_body())
    path = f"/admin/draft-orders/{draft_order['id']}/events"
    # when
    answers = [api.post(path, {}, format="json"), api.delete(path), api.put(path, {}, format="json")]
    # then
    assert [answer.status_code for answer in answers] == [405, 405, 405]
    assert len(events_of(draft_order["id"])) == 1


def test_the_timelines_read_in_a_fixed_number_of_queries(api, seed, django_assert_max_num_queries):
    # given
    draft_order = create_draft_order(api, t1_body(items=[GIFT_WRAP]))
    line_id = draft_order["cart"]["items"][0]["id"]
    for quantity in range(2, 12):
        api.post(f"/admin/draft-orders/{draft_order['id']}/line-items/{line_id}", {"quantity": quantity}, format="json")
    order_id = api.post(f"/admin/draft-orders/{draft_order['id']}/pay").json()["order"]["id"]
    # when / then: the user, the draft's order id (or the order's draft id), the page, the count
    with django_assert_max_num_queries(4):
        assert len(timeline_of(api, draft_order["id"])["events"]) == 13
    with django_assert_max_num_queries(4):
        assert api.get(f"/admin/orders/{order_id}/events").json()["count"] == 13


# --- the staff site --------------------------------------------------------------------------------------------------


def test_staff_site_writes_name_the_staff_user_and_the_change_pages_show_the_activity(client, anna, api, seed):
    # given
    anna.is_staff = anna.is_superuser = True
    anna.save()
    client.force_login(anna)
    draft_order = create_draft_order(api, t1_body())
    version = api.get(f"/admin/draft-orders/{draft_order['id']}").headers["ETag"]
    # when
    response = client.post(
        f"/staff/draft_orders/draftorder/{draft_order['id']}/mark-paid/",
        {f"version_{draft_order['id']}": version.strip('"').removeprefix("W/").strip('"')},
    )
    # then
    assert response.status_code == 302
    completed = events_of(draft_order["id"])[-1]
    assert completed.type == "draft_order.completed"
    assert (completed.actor_id, completed.actor_channel, completed.actor_credential) == (anna.pk, "admin", "session")
    order_id = completed.data["order_id"]
    draft_page = client.get(f"/staff/draft_orders/draftorder/{draft_order['id']}/change/").content.decode()
    order_page = client.get(f"/staff/orders/order/{order_id}/change/").content.decode()
    for page in (draft_page, order_page):
        assert "Activity" in page
        assert page.index("Anna placed the order") < page.index("Anna marked paid")
        assert page.index("Anna marked paid") < page.index("created the draft order")


def test_events_cannot_be_changed_in_the_staff_site(client, api, seed):
    # given
    client.force_login(UserFactory(is_superuser=True))
    draft_order = create_draft_order(api, t1_body())
    (event,) = events_of(draft_order["id"])
    # when
    change = client.post(f"/staff/events/event/{event.seq}/change/", {"type": "draft_order.deleted"})
    delete = client.post(f"/staff/events/event/{event.seq}/delete/", {"post": "yes"})
    # then
    assert (change.status_code, delete.status_code) == (403, 403)
    assert Event.objects.get(pk=event.pk).type == "draft_order.created"


# measured: create 6 queries on PostgreSQL for 1 line and for 30 alike: the token's user, everything it reads in one
# statement (the customer, the region, the channel, the address, the options, their tax rates, the webhook endpoints),
# the display id, its inserts and the event as one statement (config.writes), the test's savepoint (2); 11 on SQLite,
# where each table's insert is its own statement. The event renders the rows create saved. Delete 9: the draft
# locked, read for the event's data (2), the event, the tags and the draft deleted
CREATE_BUDGET = budget(postgresql=6, sqlite=11)
DELETE_BUDGET = 9


@pytest.mark.parametrize("lines", [1, 30])
def test_create_and_delete_with_their_events_cost_a_bounded_number_of_queries(
    api, seed, lines, django_assert_max_num_queries
):
    # given
    body = t1_body(items=[{**GIFT_WRAP, "metadata": {"n": n}} for n in range(lines)])
    # when / then
    with django_assert_max_num_queries(CREATE_BUDGET):
        draft_order = create_draft_order(api, body)
    with django_assert_max_num_queries(DELETE_BUDGET):
        assert api.delete(f"/admin/draft-orders/{draft_order['id']}").status_code == 200
    assert [event.type for event in events_of(draft_order["id"])] == ["draft_order.created", "draft_order.deleted"]
