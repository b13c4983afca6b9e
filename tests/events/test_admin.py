"""The audit trail on the staff site: shown, never added, changed or deleted."""

import pytest

from events.actors import acting_as
from events.models import Event
from events.services import event_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def test_an_event_is_shown_with_its_sentence_and_cannot_be_changed_or_deleted(staff_client, anna):
    # given
    with acting_as(anna, Event.Channel.ADMIN):
        event = event_record(
            type="draft_order.created", resource_type="draft_order", resource_id="dorder_1", data={"id": "dorder_1"}
        )
    # when
    listing = staff_client.get("/staff/events/event/").content.decode()
    page = staff_client.get(f"/staff/events/event/{event.seq}/change/")
    change = staff_client.post(f"/staff/events/event/{event.seq}/change/", {"type": "draft_order.deleted"})
    delete = staff_client.post(f"/staff/events/event/{event.seq}/delete/", {"post": "yes"})
    add = staff_client.get("/staff/events/event/add/")
    # then
    assert "Anna created the draft order" in listing
    assert page.status_code == 200 and "Anna created the draft order" in page.content.decode()
    assert (change.status_code, delete.status_code, add.status_code) == (403, 403, 403)
    assert Event.objects.get(pk=event.pk).type == "draft_order.created"
