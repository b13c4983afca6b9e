"""Two staff members on one draft order (departure "conditional requests"): the second save, and a Mark Paid
confirmed from a page showing another total, are refused with the form kept, instead of overwriting."""

import pytest

from draft_orders.admin import CHANGED_SINCE_OPENED
from draft_orders.models import DraftOrder
from orders.models import Order
from tests.draft_orders.test_admin import DRAFT_ORDERS, change_form, change_url, form_errors, services_made
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def test_the_second_of_two_saves_from_pages_opened_together_is_refused_with_the_form_kept(staff, seed):
    # given: both open the page; the first saves
    first = change_form(staff, "test-draft-order", metadata='{"by": "first"}')
    second = change_form(staff, "test-draft-order", metadata='{"by": "second"}', discounts="TEST")
    assert staff.post(change_url("test-draft-order"), first).status_code == 302

    # when
    response = staff.post(change_url("test-draft-order"), second)

    # then: the message, the second's input still in the form, the first's change kept
    assert form_errors(response) == {"__all__": [CHANGED_SINCE_OPENED]}
    assert response.context["adminform"].form["discounts"].value() == "TEST"
    draft_order = DraftOrder.objects.get(pk="test-draft-order")
    assert draft_order.metadata == {"by": "first"}
    assert list(draft_order.cart.discounts.all()) == []


def test_a_page_opened_after_the_change_saves(staff, seed):
    # given
    assert staff.post(change_url("test-draft-order"), change_form(staff, "test-draft-order", metadata='{"a": 1}'))
    # when
    response = staff.post(change_url("test-draft-order"), change_form(staff, "test-draft-order", metadata='{"b": 2}'))
    # then
    assert response.status_code == 302
    assert DraftOrder.objects.get(pk="test-draft-order").metadata == {"b": 2}


def test_mark_paid_pays_only_the_draft_the_confirmation_showed(staff, seed):
    # given: the confirmation page is shown, then someone changes the draft's total
    (draft_order,) = services_made(1)
    url = f"{DRAFT_ORDERS}{draft_order.pk}/mark-paid/?version={draft_order.version}"
    assert staff.get(url).status_code == 200
    staff.post(change_url(draft_order.pk), change_form(staff, draft_order.pk, **{"items-0-quantity": "2"}))

    # when: the staff member confirms what they saw
    response = staff.post(url, {f"version_{draft_order.pk}": str(draft_order.version)}, follow=True)

    # then
    assert CHANGED_SINCE_OPENED in response.content.decode()
    assert DraftOrder.objects.get(pk=draft_order.pk).status == "open"
    assert Order.objects.count() == 0


def test_mark_paid_of_an_unchanged_draft_pays_it(staff, seed):
    # given
    (draft_order,) = services_made(1)
    url = f"{DRAFT_ORDERS}{draft_order.pk}/mark-paid/?version={draft_order.version}"
    # when
    response = staff.post(url, {f"version_{draft_order.pk}": str(draft_order.version)})
    # then
    assert response.status_code == 302
    assert DraftOrder.objects.get(pk=draft_order.pk).status == "completed"


def test_the_change_page_button_and_the_confirmation_carry_the_version_shown(staff, seed):
    # given
    (draft_order,) = services_made(1)
    # when
    page = staff.get(change_url(draft_order.pk)).content.decode()
    confirmation = staff.get(f"{DRAFT_ORDERS}{draft_order.pk}/mark-paid/?version=1").content.decode()
    # then
    assert f"mark-paid/?version={draft_order.version}" in page
    assert f'name="version_{draft_order.pk}" value="1"' in confirmation
