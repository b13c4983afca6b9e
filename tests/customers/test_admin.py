import pytest

from customers.models import Address, Customer, CustomerGroup
from customers.services import customer_group_create
from tests.factories import AddressFactory, CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def inline_management(total=0, initial=0):
    return {
        "shipping_addresses-TOTAL_FORMS": str(total),
        "shipping_addresses-INITIAL_FORMS": str(initial),
        "shipping_addresses-MIN_NUM_FORMS": "0",
        "shipping_addresses-MAX_NUM_FORMS": "1000",
    }


@pytest.mark.parametrize("path", ["customer", "address"])
def test_changelist_and_add_pages_render(staff, path):
    # given
    AddressFactory(customer=CustomerFactory(first_name="Jane"))
    # then
    assert staff.get(f"/staff/customers/{path}/").status_code == 200
    assert staff.get(f"/staff/customers/{path}/add/").status_code == 200
    assert staff.get(f"/staff/customers/{path}/", {"q": "jane"}).status_code == 200


def test_change_page_renders_with_shipping_addresses(staff):
    # given
    customer = CustomerFactory()
    AddressFactory(customer=customer, city="Odense")
    # when
    response = staff.get(f"/staff/customers/customer/{customer.pk}/change/")
    # then
    assert response.status_code == 200
    assert b"Odense" in response.content


def test_add_customer_through_the_admin_creates_what_the_api_creates(staff, api):
    # given
    form = {
        "email": "Admin.Made@Example.com",
        "first_name": "Admin",
        "last_name": "Made",
        "phone": "",
        "password": "secret",
        "billing_address": "",
        "metadata": "",
        **inline_management(total=1),
        "shipping_addresses-0-first_name": "Admin",
        "shipping_addresses-0-city": "Aalborg",
        "shipping_addresses-0-country": "dk",
    }
    # when
    response = staff.post("/staff/customers/customer/add/", form)
    api_made = api.post(
        "/admin/customers",
        {"email": "Api.Made@Example.com", "first_name": "Admin", "last_name": "Made", "password": "secret"},
        format="json",
    ).json()["customer"]
    # then
    assert response.status_code == 302
    customer = Customer.objects.get(email="admin.made@example.com")
    assert (customer.has_account, customer.first_name) == (api_made["has_account"], api_made["first_name"])
    assert customer.id.startswith("cus_")
    address = Address.objects.get(customer=customer)
    assert (address.city, address.country_id, address.first_name) == ("Aalborg", "dk", "Admin")


def test_admin_edits_and_removes_shipping_addresses_through_services(staff):
    # given
    customer = CustomerFactory(email="keep@example.com")
    kept = AddressFactory(customer=customer, city="Old")
    gone = AddressFactory(customer=customer, city="Gone")
    form = {
        "email": "keep@example.com",
        "first_name": "",
        "last_name": "",
        "phone": "",
        "password": "",
        "billing_address": kept.pk,
        "metadata": "",
        **inline_management(total=2, initial=2),
    }
    for index, address in enumerate([kept, gone]):
        form |= {
            f"shipping_addresses-{index}-id": address.pk,
            f"shipping_addresses-{index}-customer": customer.pk,
            f"shipping_addresses-{index}-first_name": address.first_name,
            f"shipping_addresses-{index}-last_name": address.last_name,
            f"shipping_addresses-{index}-city": "New" if address is kept else address.city,
            f"shipping_addresses-{index}-country": "us",
        }
    form["shipping_addresses-1-DELETE"] = "on"
    # when
    response = staff.post(f"/staff/customers/customer/{customer.pk}/change/", form)
    # then
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.billing_address_id == kept.pk
    assert list(Address.objects.filter(customer=customer).values_list("city", flat=True)) == ["New"]
    assert Address.all_objects.get(pk=gone.pk).deleted_at is not None


def test_a_refused_change_shows_the_service_message_and_saves_nothing(staff):
    # given
    customer = CustomerFactory(email="member@example.com", has_account=True)
    form = {
        "email": "other@example.com",
        "first_name": "Changed",
        "last_name": "",
        "phone": "",
        "password": "",
        "billing_address": "",
        "metadata": "",
        **inline_management(),
    }
    # when
    response = staff.post(f"/staff/customers/customer/{customer.pk}/change/", form, follow=True)
    # then
    assert "Email cannot be changed when the user has registered their account" in response.content.decode()
    customer.refresh_from_db()
    assert (customer.email, customer.first_name) == ("member@example.com", None)


def test_add_address_through_the_admin_validates_and_saves(staff):
    # given
    customer = CustomerFactory()
    # when
    response = staff.post(
        "/staff/customers/address/add/", {"customer": customer.pk, "city": "Munich", "country": "de", "metadata": ""}
    )
    # then
    assert response.status_code == 302
    assert Address.objects.get(customer=customer).country_id == "de"


def test_a_customer_group_with_members_through_the_admin(client):
    # given
    client.force_login(UserFactory(is_superuser=True))
    ann, bob, cy = CustomerFactory(), CustomerFactory(), CustomerFactory()
    # when
    added = client.post("/staff/customers/customergroup/add/", {"name": "VIP", "members": [ann.pk, bob.pk]})
    group = CustomerGroup.objects.get(name="VIP")
    changed = client.post(
        f"/staff/customers/customergroup/{group.pk}/change/", {"name": "VIP", "members": [bob.pk, cy.pk]}
    )
    page = client.get(f"/staff/customers/customergroup/{group.pk}/change/")
    # then
    assert (added.status_code, changed.status_code, page.status_code) == (302, 302, 200)
    assert set(group.customers.values_list("pk", flat=True)) == {bob.pk, cy.pk}


def test_a_duplicate_group_name_shows_on_the_field(client):
    # given
    client.force_login(UserFactory(is_superuser=True))
    customer_group_create(name="VIP")
    # when
    response = client.post("/staff/customers/customergroup/add/", {"name": "VIP"})
    # then
    assert response.status_code == 200
    assert "Key (name)=(VIP) already exists." in response.content.decode()
    assert CustomerGroup.objects.count() == 1
