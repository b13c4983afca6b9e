"""Departure "a draft's addresses are its own": a draft built from the addresses of a paid order, or from a
customer's saved and billing addresses, holds copies; editing it, over the API or on the staff site, changes
neither the order nor the customer's addresses, and the staff site's Address pages cannot reach a cart's or an
order's rows."""

import pytest

from customers.models import Address
from tests.draft_orders.helpers import assert_own_copy, create_draft_order
from tests.draft_orders.test_admin import change_form, change_url
from tests.factories import AddressFactory, UserFactory, country
from tests.seed import t1_body

pytestmark = pytest.mark.django_db

ADDRESSES = "/staff/customers/address/"


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


@pytest.fixture
def paid_order_a(api, seed) -> dict:
    """Order A, paid, placed from a draft made from oli's saved address (shipping) and billing address."""
    saved = AddressFactory(customer=seed.oli, first_name="oli", address_1="1 Saved Street", city="Aarhus")
    seed.oli.billing_address = AddressFactory(first_name="oli", address_1="2 Billing Road", city="Odense")
    seed.oli.save()
    draft_a = create_draft_order(api, t1_body(shipping_address=saved.pk, billing_address=seed.oli.billing_address_id))
    response = api.post(f"/admin/draft-orders/{draft_a['id']}/pay", {}, format="json")
    assert response.status_code == 200, response.json()
    return api.get(f"/admin/orders/{response.json()['order']['id']}").json()["order"]


def customers_addresses(seed) -> list[dict]:
    """oli's saved addresses and billing address, every column."""
    ids = [*seed.oli.shipping_addresses.values_list("pk", flat=True), seed.oli.billing_address_id]
    return list(Address.all_objects.filter(pk__in=ids).order_by("pk").values())


def draft_b_from(api, order: dict) -> dict:
    """Draft B, made over the API from order A's shipping and billing addresses (their ids)."""
    draft_b = create_draft_order(
        api,
        t1_body(shipping_address=order["shipping_address"]["id"], billing_address=order["billing_address"]["id"]),
    )
    assert_own_copy(draft_b["cart"]["shipping_address"], order["shipping_address"]["id"])
    assert_own_copy(draft_b["cart"]["billing_address"], order["billing_address"]["id"])
    return draft_b


def test_departure_a_drafts_addresses_are_its_own_order_as_snapshot(api, seed, paid_order_a):
    # then: order A holds copies of oli's addresses, not oli's rows
    assert_own_copy(paid_order_a["shipping_address"], seed.oli.shipping_addresses.get().pk)
    assert_own_copy(paid_order_a["billing_address"], seed.oli.billing_address_id)


def test_editing_draft_b_over_the_api_changes_neither_order_a_nor_the_customers_addresses(api, seed, paid_order_a):
    # given
    draft_b = draft_b_from(api, paid_order_a)
    customers_before = customers_addresses(seed)

    # when: B's addresses are edited as objects (merged), then replaced by ids, then edited again
    changes = [
        {"shipping_address": {"first_name": "changed", "city": "Skagen"}, "billing_address": {"phone": "555"}},
        {"shipping_address": seed.oli.shipping_addresses.get().pk, "billing_address": seed.oli.billing_address_id},
        {"shipping_address": {"address_1": "3 Other Street"}, "billing_address": {"city": "Ribe"}},
    ]
    responses = [api.post(f"/admin/draft-orders/{draft_b['id']}", body, format="json") for body in changes]

    # then: B took every change on its own rows
    assert [response.status_code for response in responses] == [200, 200, 200]
    cart = responses[-1].json()["draft_order"]["cart"]
    assert (cart["shipping_address"]["first_name"], cart["shipping_address"]["address_1"]) == ("oli", "3 Other Street")
    assert (cart["billing_address"]["city"], cart["billing_address"]["phone"]) == ("Ribe", None)
    # and order A and oli's saved and billing addresses are as they were
    assert api.get(f"/admin/orders/{paid_order_a['id']}").json()["order"] == paid_order_a
    assert customers_addresses(seed) == customers_before


def test_editing_draft_b_on_the_staff_site_changes_neither_order_a_nor_the_customers_addresses(
    api, staff, seed, paid_order_a
):
    # given
    draft_b = draft_b_from(api, paid_order_a)
    customers_before = customers_addresses(seed)

    # when: staff type over B's shipping address, then pick one of oli's addresses as its billing address, then
    # type over that one too
    typed = staff.post(
        change_url(draft_b["id"]), change_form(staff, draft_b["id"], shipping_city="Skagen", shipping_phone="555")
    )
    picked = staff.post(
        change_url(draft_b["id"]),
        change_form(staff, draft_b["id"], billing_address=seed.oli.shipping_addresses.get().pk),
    )
    retyped = staff.post(change_url(draft_b["id"]), change_form(staff, draft_b["id"], billing_city="Ribe"))

    # then
    assert [typed.status_code, picked.status_code, retyped.status_code] == [302, 302, 302]
    cart = api.get(f"/admin/draft-orders/{draft_b['id']}").json()["draft_order"]["cart"]
    assert (cart["shipping_address"]["city"], cart["shipping_address"]["phone"]) == ("Skagen", "555")
    assert (cart["billing_address"]["address_1"], cart["billing_address"]["city"]) == ("1 Saved Street", "Ribe")
    assert api.get(f"/admin/orders/{paid_order_a['id']}").json()["order"] == paid_order_a
    assert customers_addresses(seed) == customers_before


def test_the_staff_address_pages_cannot_reach_a_carts_or_an_orders_address(api, staff, seed, paid_order_a):
    # given
    draft_b = draft_b_from(api, paid_order_a)
    held = [
        paid_order_a["shipping_address"]["id"],
        paid_order_a["billing_address"]["id"],
        draft_b["cart"]["shipping_address"]["id"],
    ]

    # when
    listed = staff.get(ADDRESSES)
    changes = [
        staff.post(f"{ADDRESSES}{address_id}/change/", {"city": "Hacked", "country": "us"}) for address_id in held
    ]

    # then: not listed, and a change page is the admin's "doesn't exist" redirect, saving nothing
    shown = {address.pk for address in listed.context["cl"].result_list}
    assert shown == {
        *seed.oli.shipping_addresses.values_list("pk", flat=True),
        seed.oli.billing_address_id,
        "oli-shipping",
    }
    assert [response.status_code for response in changes] == [302, 302, 302]
    assert not Address.objects.filter(pk__in=held, city="Hacked").exists()
    assert api.get(f"/admin/orders/{paid_order_a['id']}").json()["order"] == paid_order_a


def test_editing_the_customers_saved_address_on_the_staff_site_leaves_order_a(api, staff, seed, paid_order_a):
    # given
    saved = seed.oli.shipping_addresses.get()

    # when
    response = staff.post(
        f"{ADDRESSES}{saved.pk}/change/", {"first_name": "renamed", "city": "Vejle", "country": "us", "metadata": ""}
    )

    # then
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.first_name, saved.city) == ("renamed", "Vejle")
    assert api.get(f"/admin/orders/{paid_order_a['id']}").json()["order"] == paid_order_a


def test_a_customers_billing_address_cannot_be_an_orders_address(staff, seed, paid_order_a):
    # given: the customer page, with order A's address typed as oli's billing address
    form = {
        "email": "oli@test.dk",
        "first_name": "",
        "last_name": "",
        "phone": "",
        "password": "",
        "billing_address": paid_order_a["billing_address"]["id"],
        "metadata": "",
        "shipping_addresses-TOTAL_FORMS": "0",
        "shipping_addresses-INITIAL_FORMS": "0",
        "shipping_addresses-MIN_NUM_FORMS": "0",
        "shipping_addresses-MAX_NUM_FORMS": "1000",
    }
    billing_before = seed.oli.billing_address_id

    # when
    response = staff.post(f"/staff/customers/customer/{seed.oli.pk}/change/", form)

    # then
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["billing_address"]
    seed.oli.refresh_from_db()
    assert seed.oli.billing_address_id == billing_before


def test_a_copy_keeps_the_metadata_and_country_of_its_source(api, seed):
    # given
    source = AddressFactory(customer=seed.oli, metadata={"door": "blue"}, country=country("us"), phone="123")

    # when
    draft = create_draft_order(api, t1_body(shipping_address=source.pk))

    # then
    assert_own_copy(draft["cart"]["shipping_address"], source.pk)
    assert draft["cart"]["shipping_address"]["metadata"] == {"door": "blue"}
