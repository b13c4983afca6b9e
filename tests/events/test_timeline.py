"""A resource's timeline: over the API (newest first, paginated as v1's lists) and as sentences for the staff site."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from rest_framework.test import APIClient

from config.api.authentication import issue_admin_jwt
from events.actors import acting_as, current_actor
from events.middleware import EventActorMiddleware
from events.models import Event
from events.services import event_record
from events.timeline import event_sentence, timeline, timeline_html

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.events.urls")]


def record(type="draft_order.updated", resource_id="gad_1", resource_type="gadget", changes=None):
    return event_record(
        type=type, resource_type=resource_type, resource_id=resource_id, data={"id": resource_id}, changes=changes
    )


ADDED_TEE = [{"op": "add", "path": "cart.items", "id": "item_1", "label": "Classic Tee M", "quantity": 2}]


def test_the_timeline_lists_the_resource_s_and_its_order_s_events_newest_first(api, anna):
    # given
    with acting_as(anna, Event.Channel.ADMIN, Event.Credential.SESSION):
        created = record(type="draft_order.created")
        updated = record(changes=ADDED_TEE)
    placed = record(type="order.placed", resource_type="order", resource_id="order_1")
    record(resource_id="gad_2")  # another gadget's
    # when
    response = api.get("/admin/gadgets/gad_1/events")
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["offset"], body["limit"]) == (3, 0, 50)
    assert [event["id"] for event in body["events"]] == [placed.id, updated.id, created.id]
    assert body["events"][1] == {
        "id": updated.id,
        "type": "draft_order.updated",
        "resource_type": "gadget",
        "resource_id": "gad_1",
        "created_at": body["events"][1]["created_at"],
        "actor": {
            "id": anna.pk,
            "email": "anna@example.com",
            "name": "Anna",
            "channel": "admin",
            "credential": "session",
        },
        "data": {"id": "gad_1"},
        "changes": ADDED_TEE,
    }
    assert body["events"][0]["actor"] == {
        "id": None,
        "email": None,
        "name": None,
        "channel": "system",
        "credential": None,
    }


def test_the_timeline_pages_with_offset_and_limit(api):
    # given
    events = [record() for _ in range(5)]
    # when
    body = api.get("/admin/gadgets/gad_1/events?offset=1&limit=2").json()
    # then
    assert (body["count"], body["offset"], body["limit"]) == (5, 1, 2)
    assert [event["id"] for event in body["events"]] == [events[3].id, events[2].id]


def test_the_timeline_of_an_unknown_resource_is_the_owner_s_404(api):
    response = api.get("/admin/gadgets/nope/events")
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Gadget with nope was not found"}


def test_the_timeline_query_is_validated_as_v1_lists_are(api):
    response = api.get("/admin/gadgets/gad_1/events?limit=lots")
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": "limit must be a number conforming to the specified constraints",
    }


def test_the_timeline_reads_in_a_fixed_number_of_queries(api, django_assert_max_num_queries):
    # given
    for _ in range(30):
        record(changes=ADDED_TEE)
    # when / then: the user, the page, the count
    with django_assert_max_num_queries(3):
        assert len(api.get("/admin/gadgets/gad_1/events").json()["events"]) == 30


def test_events_cannot_be_changed_or_deleted_over_the_api(api):
    # given
    event = record()
    # when
    answers = [getattr(api, method)(f"/admin/gadgets/gad_1/events/{event.id}") for method in ("post", "delete")]
    answers += [getattr(api, method)("/admin/gadgets/gad_1/events") for method in ("post", "delete", "put")]
    # then
    assert [answer.status_code for answer in answers] == [404, 404, 405, 405, 405]
    assert Event.objects.get(pk=event.pk).data == {"id": "gad_1"}


# --- who acted ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("credentials", "credential"),
    [
        ({"HTTP_X_MEDUSA_ACCESS_TOKEN": "anna_token"}, "api_token"),
        ("jwt", "jwt"),
        ("session", "session"),
    ],
)
def test_an_api_call_records_its_user_and_credential(anna, credentials, credential):
    # given
    client = APIClient()
    if credentials == "jwt":
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_admin_jwt(anna)}")
    elif credentials == "session":
        client.force_login(anna)
    else:
        client.credentials(**credentials)
    # when
    response = client.post("/admin/gadgets/gad_1/record")
    # then
    assert response.status_code == 200
    event = Event.objects.get(id=response.json()["id"])
    assert (event.actor_id, event.actor_channel, event.actor_credential) == (anna.pk, "api", credential)


def test_a_staff_site_request_acts_as_its_logged_in_user_on_the_admin_channel(anna):
    # given
    request = RequestFactory().post("/staff/draft_orders/draftorder/add/")
    request.user = anna
    seen = []
    middleware = EventActorMiddleware(lambda request: seen.append(current_actor()))
    # when
    middleware(request)
    # then
    assert [(actor.user_id, actor.channel, actor.credential) for actor in seen] == [(anna.pk, "admin", "session")]
    assert current_actor().channel == "system"  # and only during that request


def test_an_anonymous_request_names_nobody():
    request = RequestFactory().get("/staff/login/")
    request.user = AnonymousUser()
    seen = []
    EventActorMiddleware(lambda request: seen.append(current_actor()))(request)
    assert (seen[0].user_id, seen[0].channel) == (None, "admin")


# --- sentences ---------------------------------------------------------------------------------------------------


def test_sentences_name_the_actor_and_what_they_did(anna, billing_service):
    # given
    with acting_as(anna, Event.Channel.ADMIN, Event.Credential.SESSION):
        added = record(changes=ADDED_TEE)
    with acting_as(billing_service, Event.Channel.API, Event.Credential.API_TOKEN):
        paid = record(type="draft_order.completed")
    with acting_as(anna, Event.Channel.API, Event.Credential.JWT):
        created = record(type="draft_order.created")
    swept = record(type="something.new")
    # then
    assert event_sentence(added) == "Anna added 2 × Classic Tee M"
    assert event_sentence(paid) == "API token of billing-service marked paid"
    assert event_sentence(created) == "Anna created the draft order"
    assert event_sentence(swept) == "The system recorded something.new"


def test_the_staff_page_timeline_is_newest_first_and_escaped(anna):
    # given
    with acting_as(anna, Event.Channel.ADMIN):
        record(type="draft_order.created")
        label = "<script>alert(1)</script>"
        record(changes=[{"op": "remove", "path": "cart.items", "id": "item_1", "label": label}])
    # when
    entries = timeline([("gadget", "gad_1")])
    html = timeline_html([("gadget", "gad_1")])
    # then
    assert [entry.sentence for entry in entries] == [f"Anna removed {label}", "Anna created the draft order"]
    assert "<script>" not in html
    assert "Anna removed &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.index("Anna removed") < html.index("Anna created")


def test_a_resource_without_events_says_so():
    assert "No activity recorded." in timeline_html([("gadget", "gad_none")])
