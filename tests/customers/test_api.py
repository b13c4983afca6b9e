import pytest

from customers.models import Address, Customer
from tests.factories import AddressFactory, CustomerFactory

pytestmark = pytest.mark.django_db

CUSTOMER_KEYS = [
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "email",
    "first_name",
    "last_name",
    "billing_address_id",
    "phone",
    "has_account",
    "metadata",
]
ADDRESS_KEYS = [
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "customer_id",
    "company",
    "first_name",
    "last_name",
    "address_1",
    "address_2",
    "city",
    "country_code",
    "province",
    "postal_code",
    "phone",
    "metadata",
    "country",
]
NEW_CUSTOMER = {
    "email": "Caterina.Yost@Example.com",
    "first_name": "Caterina",
    "last_name": "Yost",
    "password": "s3cret",
}


# --- POST /admin/customers ----------------------------------------------------------------------------------


def test_create_customer_with_password_has_an_account_and_a_lower_cased_email(api):
    # when
    response = api.post("/admin/customers", {**NEW_CUSTOMER, "phone": "555", "metadata": {"vip": True}}, format="json")
    # then
    assert response.status_code == 201
    customer = response.json()["customer"]
    assert list(customer) == CUSTOMER_KEYS
    assert customer["id"].startswith("cus_")
    assert customer["email"] == "caterina.yost@example.com"
    assert customer["has_account"] is True
    assert customer["metadata"] == {"vip": True}
    assert "password" not in response.content.decode()
    row = Customer.objects.get(pk=customer["id"])
    assert row.password_hash and row.password_hash != "s3cret"


def test_create_customer_validation_messages_in_class_order(api):
    # when
    response = api.post("/admin/customers", {"email": "nope", "phone": 5, "extra": 1}, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": "property extra should not exist, email must be an email, first_name must be a string, "
        "last_name must be a string, password must be a string, phone must be a string",
    }
    assert not Customer.objects.exists()


def test_create_customer_with_an_account_twice_is_a_duplicate(api):
    # given
    CustomerFactory(email="caterina.yost@example.com", has_account=True)
    # when
    response = api.post("/admin/customers", NEW_CUSTOMER, format="json")
    # then
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid_request_error",
        "type": "duplicate_error",
        "message": "A customer with the given email already has an account. Log in instead",
    }
    assert Customer.objects.count() == 1


def test_create_customer_with_the_email_of_a_guest_gives_it_an_account_beside_the_guest(api):
    # given
    CustomerFactory(email="caterina.yost@example.com", has_account=False)
    # when
    response = api.post("/admin/customers", NEW_CUSTOMER, format="json")
    # then
    assert response.status_code == 201
    assert sorted(Customer.objects.values_list("has_account", flat=True)) == [False, True]


# --- GET /admin/customers -----------------------------------------------------------------------------------


def test_list_customers_newest_first_with_v1_envelope(api):
    # given
    older = CustomerFactory(email="a@example.com")
    newer = CustomerFactory(email="b@example.com")
    # when
    response = api.get("/admin/customers")
    # then
    assert response.status_code == 200
    body = response.json()
    assert [c["id"] for c in body["customers"]] == [newer.id, older.id]
    assert list(body["customers"][0]) == CUSTOMER_KEYS
    assert (body["count"], body["offset"], body["limit"]) == (2, 0, 50)


def test_list_customers_q_matches_email_and_names_case_insensitively(api):
    # given
    by_email = CustomerFactory(email="lebron@james.com")
    by_first = CustomerFactory(email="x@example.com", first_name="LeBron")
    by_last = CustomerFactory(email="y@example.com", last_name="Lebronsson")
    CustomerFactory(email="other@example.com", first_name="Oli")
    # when
    response = api.get("/admin/customers", {"q": "lEbRoN"})
    # then
    assert response.status_code == 200
    assert {c["id"] for c in response.json()["customers"]} == {by_email.id, by_first.id, by_last.id}
    assert response.json()["count"] == 3


def test_list_customers_filters_has_account_and_pages(api):
    # given
    registered = [CustomerFactory(has_account=True) for _ in range(3)]
    CustomerFactory(has_account=False)
    # when
    response = api.get("/admin/customers", {"has_account": "true", "offset": 1, "limit": 1})
    # then
    body = response.json()
    assert [c["id"] for c in body["customers"]] == [registered[1].id]
    assert (body["count"], body["offset"], body["limit"]) == (3, 1, 1)


def test_list_customers_in_the_order_asked(api):
    # given
    b = CustomerFactory(email="b@example.com")
    a = CustomerFactory(email="a@example.com")
    c = CustomerFactory(email="c@example.com")
    # then
    assert [x["id"] for x in api.get("/admin/customers", {"order": "email"}).json()["customers"]] == [a.id, b.id, c.id]
    assert [x["id"] for x in api.get("/admin/customers", {"order": "-email"}).json()["customers"]] == [c.id, b.id, a.id]
    assert error_of(api.get("/admin/customers", {"order": "password_hash"})) == (
        400,
        {"type": "invalid_data", "message": "Order field password_hash is not valid"},
    )


def error_of(response):
    return response.status_code, response.json()


def test_list_customers_expands_shipping_addresses_with_their_country(api):
    # given
    customer = CustomerFactory()
    AddressFactory(customer=customer)
    # when
    response = api.get("/admin/customers", {"expand": "shipping_addresses"})
    # then
    entry = response.json()["customers"][0]
    assert list(entry) == [*CUSTOMER_KEYS, "shipping_addresses"]
    assert list(entry["shipping_addresses"][0]) == ADDRESS_KEYS
    assert entry["shipping_addresses"][0]["country"]["iso_2"] == "us"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"foo": "1"}, "property foo should not exist"),
        ({"limit": "abc"}, "limit must be a number conforming to the specified constraints"),
        (
            {"expand": "orders,wishlist"},
            "expand must only contain: orders, shipping_addresses, billing_address, groups (unknown: wishlist)",
        ),
        ({"created_at[gt]": "soon"}, "gt must be a Date instance"),
    ],
)
def test_list_customers_rejects_bad_query(api, query, message):
    response = api.get("/admin/customers", query)
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": message}


def test_list_customers_query_count_does_not_grow_with_the_page(api, django_assert_max_num_queries):
    # given
    def make(count):
        for _ in range(count):
            AddressFactory(customer=CustomerFactory())

    make(3)
    # then
    with django_assert_max_num_queries(4):
        assert (
            len(api.get("/admin/customers", {"expand": "shipping_addresses,billing_address"}).json()["customers"]) == 3
        )
    make(27)
    with django_assert_max_num_queries(4):
        assert (
            len(api.get("/admin/customers", {"expand": "shipping_addresses,billing_address"}).json()["customers"]) == 30
        )


# --- GET /admin/customers/{id} ------------------------------------------------------------------------------


def test_retrieve_customer_embeds_orders_and_shipping_addresses(api):
    # given
    customer = CustomerFactory(first_name="Oli")
    address = AddressFactory(customer=customer)
    # when
    response = api.get(f"/admin/customers/{customer.id}")
    # then
    assert response.status_code == 200
    body = response.json()["customer"]
    assert list(body) == [*CUSTOMER_KEYS, "orders", "shipping_addresses"]
    assert body["orders"] == []
    assert [a["id"] for a in body["shipping_addresses"]] == [address.id]
    assert body["shipping_addresses"][0]["country"] == {
        "id": 236,
        "iso_2": "us",
        "iso_3": "usa",
        "num_code": 840,
        "name": "UNITED STATES",
        "display_name": "United States",
        "region_id": None,
    }


def test_retrieve_unknown_customer_is_v1_404(api):
    response = api.get("/admin/customers/cus_nope")
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Customer with id: cus_nope was not found"}


# --- POST /admin/customers/{id} -----------------------------------------------------------------------------


def test_update_customer_names_phone_and_merges_metadata(api):
    # given
    customer = CustomerFactory(email="guest@example.com", metadata={"a": 1, "b": 2, "c": 3})
    # when
    response = api.post(
        f"/admin/customers/{customer.id}",
        {"first_name": "Dolly", "phone": "123", "email": "New@Example.com", "metadata": {"b": 3, "c": ""}},
        format="json",
    )
    # then
    assert response.status_code == 200
    body = response.json()["customer"]
    assert (body["first_name"], body["phone"], body["email"]) == ("Dolly", "123", "new@example.com")
    assert body["metadata"] == {"a": 1, "b": 3}
    assert list(body) == [*CUSTOMER_KEYS, "orders", "shipping_addresses"]


def test_update_email_of_a_registered_customer_is_refused(api):
    # given
    customer = CustomerFactory(email="member@example.com", has_account=True)
    # when
    response = api.post(f"/admin/customers/{customer.id}", {"email": "x@example.com", "first_name": "X"}, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": "Email cannot be changed when the user has registered their account",
    }
    customer.refresh_from_db()
    assert (customer.email, customer.first_name) == ("member@example.com", None)


def test_update_customer_rejects_unknown_and_mistyped_fields(api):
    # given
    customer = CustomerFactory()
    # when
    response = api.post(f"/admin/customers/{customer.id}", {"wishlist": [], "metadata": "x"}, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": "property wishlist should not exist, metadata must be an object",
    }


def test_update_unknown_customer_is_v1_404(api):
    response = api.post("/admin/customers/cus_nope", {"first_name": "X"}, format="json")
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Customer with id: cus_nope was not found"}


def test_deleted_customer_is_not_found(api):
    # given
    customer = CustomerFactory()
    Customer.objects.filter(pk=customer.pk).update(deleted_at="2024-01-01T00:00:00Z")
    # then
    assert api.get(f"/admin/customers/{customer.id}").status_code == 404
    assert api.get("/admin/customers").json()["count"] == 0
    assert Address.objects.count() == 0
