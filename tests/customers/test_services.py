import pytest

from config.errors import ErrorType, MedusaError
from customers.models import Address, Customer
from customers.selectors import customer_get
from customers.services import (
    address_create,
    address_delete,
    address_update,
    customer_create,
    customer_get_or_create_guest,
    customer_update,
)
from tests.factories import AddressFactory, CustomerFactory

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "first_name": "Oli",
    "last_name": "Test",
    "phone": "12345",
    "company": "Medusa",
    "address_1": "Street 1",
    "address_2": "Floor 2",
    "city": "Copenhagen",
    "country_code": "DK",
    "province": "Capital",
    "postal_code": "2100",
    "metadata": {"door": "blue"},
}


def test_customer_create_without_password_is_a_guest_and_a_second_guest_is_refused():
    # given
    guest = customer_create(email="Guest@Example.com")
    # when
    with pytest.raises(MedusaError) as error:
        customer_create(email="guest@example.com")
    # then
    assert (guest.email, guest.has_account, guest.password_hash) == ("guest@example.com", False, None)
    assert (error.value.type, error.value.message) == (
        ErrorType.DUPLICATE_ERROR,
        "Guest customer with email already exists",
    )
    assert Customer.objects.count() == 1


def test_customer_create_refuses_a_malformed_email():
    with pytest.raises(MedusaError) as error:
        customer_create(email="not-an-email")
    assert (error.value.type, error.value.message) == (ErrorType.INVALID_DATA, "The email is not valid")


def test_get_or_create_guest_finds_the_unregistered_customer_by_lower_cased_email():
    # given
    CustomerFactory(email="oli@test.dk", has_account=True)
    guest = CustomerFactory(email="oli@test.dk", has_account=False)
    # when
    found = customer_get_or_create_guest(email="OLI@Test.dk")
    # then
    assert found.pk == guest.pk
    assert Customer.objects.count() == 2


def test_get_or_create_guest_creates_an_unregistered_customer():
    # when
    created = customer_get_or_create_guest(email="Brand.New@X.dk")
    # then
    assert (created.email, created.has_account) == ("brand.new@x.dk", False)
    assert created.id.startswith("cus_")


def test_customer_retrieve_unknown_and_deleted_are_v1_404():
    # given
    deleted = CustomerFactory()
    Customer.objects.filter(pk=deleted.pk).update(deleted_at="2024-01-01T00:00:00Z")
    # then
    for customer_id in ("cus_missing", deleted.pk):
        with pytest.raises(MedusaError) as error:
            customer_get(customer_id)
        assert (error.value.type, error.value.message) == (
            ErrorType.NOT_FOUND,
            f"Customer with id: {customer_id} was not found",
        )


def test_address_create_takes_every_address_payload_field_and_lower_cases_the_country():
    # given
    customer = CustomerFactory()
    # when
    address = address_create(data=PAYLOAD, customer_id=customer.pk)
    # then
    address.refresh_from_db()
    assert address.id.startswith("addr_")
    assert address.customer_id == customer.id
    assert address.country_id == "dk"
    assert address.country.display_name == "Denmark"
    assert (address.company, address.address_2, address.metadata) == ("Medusa", "Floor 2", {"door": "blue"})


def test_address_create_with_an_unknown_country_is_refused_and_saves_nothing():
    # when
    with pytest.raises(MedusaError) as error:
        address_create(data={"first_name": "X", "country_code": "zz"})
    # then
    assert (error.value.type, error.value.message) == (
        ErrorType.NOT_FOUND,
        "Country with country_code zz does not exist.",
    )
    assert not Address.objects.exists()


def test_address_update_merges_the_given_fields():
    # given
    address = AddressFactory(city="Berlin", postal_code="10115")
    # when
    address_update(address_id=address.pk, data={"city": "Hamburg", "country_code": "de"})
    # then
    address.refresh_from_db()
    assert (address.first_name, address.city, address.postal_code, address.country_id) == (
        "oli",
        "Hamburg",
        "10115",
        "de",
    )


def test_address_delete_is_soft():
    # given
    address = AddressFactory()
    # when
    address_delete(address_id=address.pk)
    # then
    assert not Address.objects.filter(pk=address.pk).exists()
    assert Address.all_objects.get(pk=address.pk).deleted_at is not None


def test_customer_update_billing_address_object_creates_then_merges():
    # given
    customer = CustomerFactory()
    # when
    customer = customer_update(
        customer_id=customer.pk, data={"billing_address": {"city": "Aarhus", "country_code": "dk"}}
    )
    first = customer.billing_address_id
    customer = customer_update(customer_id=customer.pk, data={"billing_address": {"postal_code": "8000"}})
    # then
    billing = Address.objects.get(pk=customer.billing_address_id)
    assert customer.billing_address_id == first
    assert (billing.city, billing.postal_code, billing.country_id) == ("Aarhus", "8000", "dk")


def test_customer_update_billing_address_by_id_and_unset():
    # given
    customer = CustomerFactory()
    address = AddressFactory()
    # when
    linked = customer_update(customer_id=customer.pk, data={"billing_address": address.id})
    unlinked = customer_update(customer_id=customer.pk, data={"billing_address": None})
    # then
    assert linked.billing_address_id == address.id
    assert unlinked.billing_address_id is None
    with pytest.raises(MedusaError) as error:
        customer_update(customer_id=customer.pk, data={"billing_address": "addr_missing"})
    assert error.value.message == "Address with id addr_missing was not found"


def test_customer_update_to_another_guests_email_is_a_duplicate():
    # given
    CustomerFactory(email="taken@example.com")
    customer = CustomerFactory(email="mine@example.com")
    # when
    with pytest.raises(MedusaError) as error:
        customer_update(customer_id=customer.pk, data={"email": "TAKEN@example.com"})
    # then
    assert error.value.type == ErrorType.DUPLICATE_ERROR
    customer.refresh_from_db()
    assert customer.email == "mine@example.com"


def test_customer_update_password_keeps_has_account_as_v1():
    # given
    customer = CustomerFactory()
    # when
    updated = customer_update(customer_id=customer.pk, data={"password": "secret"})
    # then
    assert updated.password_hash
    assert updated.has_account is False
