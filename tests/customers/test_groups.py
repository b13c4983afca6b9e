"""`/admin/customer-groups` and a customer's `groups` (pricing reference section 2)."""

import pytest

from customers.models import Customer, CustomerGroup
from customers.services import customer_get_or_create_guest, customer_group_create
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

GROUP_KEYS = ["id", "created_at", "updated_at", "deleted_at", "name", "metadata"]


def group(name="VIP", **kwargs) -> CustomerGroup:
    return customer_group_create(name=name, **kwargs)


# --- create, update, delete ----------------------------------------------------------------------------------


def test_create_answers_the_inserted_row_in_v1s_key_order(api):
    # when
    response = api.post("/admin/customer-groups", {"name": "VIP", "metadata": {"tier": 1}}, format="json")
    # then
    assert response.status_code == 200
    created = response.json()["customer_group"]
    assert list(created) == ["name", "id", "deleted_at", "metadata", "created_at", "updated_at"]
    assert created["id"].startswith("cgrp_")
    assert (created["name"], created["metadata"], created["deleted_at"]) == ("VIP", {"tier": 1}, None)
    assert CustomerGroup.objects.get(pk=created["id"]).name == "VIP"


def test_create_without_a_name_is_refused(api):
    # when
    response = api.post("/admin/customer-groups", {}, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": "name must be a string"}
    assert not CustomerGroup.objects.exists()


def test_a_second_group_of_the_same_name_is_a_duplicate(api):
    # given
    group("VIP")
    # when
    response = api.post("/admin/customer-groups", {"name": "VIP"}, format="json")
    # then
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid_request_error",
        "type": "duplicate_error",
        "message": "Key (name)=(VIP) already exists.",
    }
    assert CustomerGroup.objects.count() == 1


def test_update_renames_and_merges_metadata(api):
    # given
    vip = group("VIP", metadata={"a": 1, "b": 2})
    # when
    response = api.post(f"/admin/customer-groups/{vip.id}", {"name": "Gold", "metadata": {"b": ""}}, format="json")
    # then
    assert response.status_code == 200
    body = response.json()["customer_group"]
    assert list(body) == GROUP_KEYS
    assert (body["name"], body["metadata"]) == ("Gold", {"a": 1})


def test_update_of_an_unknown_group_is_not_found(api):
    # when
    response = api.post("/admin/customer-groups/nope", {"name": "x"}, format="json")
    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "CustomerGroup with id nope was not found"}


def test_departure_deleted_groups_close_their_lists_the_group_is_gone_from_the_api(api):
    # given
    vip = group("VIP")
    member = CustomerFactory()
    member.groups.add(vip)
    # when
    first = api.delete(f"/admin/customer-groups/{vip.id}")
    second = api.delete(f"/admin/customer-groups/{vip.id}")
    # then
    expected = {"id": vip.id, "object": "customer_group", "deleted": True}
    assert (first.status_code, first.json()) == (200, expected)
    assert (second.status_code, second.json()) == (200, expected)
    assert api.get(f"/admin/customer-groups/{vip.id}").status_code == 404
    member_body = api.get(f"/admin/customers/{member.id}", {"expand": "groups"}).json()["customer"]
    assert member_body["groups"] == []
    # the row stays, linked, so its price lists stay restricted to it; its name is free again
    assert CustomerGroup.all_objects.get(pk=vip.id).deleted_at is not None
    assert api.post("/admin/customer-groups", {"name": "VIP"}, format="json").status_code == 200


# --- read ----------------------------------------------------------------------------------------------------


def test_list_filters_by_q_and_pages_ten_by_default(api):
    # given
    for index in range(12):
        group(f"VIP {index:02}")
    group("Wholesale")
    # when
    response = api.get("/admin/customer-groups", {"q": "vip"})
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["offset"], body["limit"]) == (12, 0, 10)
    assert [entry["name"] for entry in body["customer_groups"]] == [f"VIP {index:02}" for index in range(11, 1, -1)]
    assert list(body["customer_groups"][0]) == GROUP_KEYS


def test_retrieve_expands_the_customers(api):
    # given
    vip = group("VIP")
    member = CustomerFactory(email="ann@example.com")
    member.groups.add(vip)
    # when
    plain = api.get(f"/admin/customer-groups/{vip.id}").json()["customer_group"]
    expanded = api.get(f"/admin/customer-groups/{vip.id}", {"expand": "customers"}).json()["customer_group"]
    # then
    assert list(plain) == GROUP_KEYS
    assert [customer["email"] for customer in expanded["customers"]] == ["ann@example.com"]


def test_retrieve_refuses_an_unknown_relation(api):
    # given
    vip = group("VIP")
    # when
    response = api.get(f"/admin/customer-groups/{vip.id}", {"expand": "orders"})
    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": "expand must only contain: customers (unknown: orders)",
    }


def test_group_list_query_count_does_not_grow_with_the_page(api, django_assert_max_num_queries):
    # given
    for index in range(30):
        vip = group(f"G{index}")
        CustomerFactory().groups.add(vip)
    # when / then: the user, the page, the count and the prefetched members
    with django_assert_max_num_queries(4):
        response = api.get("/admin/customer-groups", {"limit": 30, "expand": "customers"})
    assert len(response.json()["customer_groups"]) == 30


# --- members -------------------------------------------------------------------------------------------------


def test_batch_adds_customers_and_ignores_one_already_a_member(api):
    # given
    vip = group("VIP")
    ann, bob = CustomerFactory(), CustomerFactory()
    ann.groups.add(vip)
    # when
    response = api.post(
        f"/admin/customer-groups/{vip.id}/customers/batch",
        {"customer_ids": [{"id": ann.id}, {"id": bob.id}]},
        format="json",
    )
    # then
    assert response.status_code == 200
    assert list(response.json()["customer_group"]) == GROUP_KEYS
    assert set(vip.customers.values_list("pk", flat=True)) == {ann.id, bob.id}


def test_a_guest_customer_made_from_an_email_can_be_a_member(api):
    # given
    vip = group("VIP")
    guest = customer_get_or_create_guest(email="guest@example.com")
    # when
    response = api.post(
        f"/admin/customer-groups/{vip.id}/customers/batch", {"customer_ids": [{"id": guest.id}]}, format="json"
    )
    # then
    assert response.status_code == 200
    assert list(guest.groups.all()) == [vip]


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (
            {"customer_ids": [{"id": "nope"}, {"id": "nada"}]},
            404,
            {"type": "not_found", "message": 'The following customer ids do not exist: "nope, nada"'},
        ),
        (
            {"customer_ids": ["nope"]},
            400,
            {"type": "invalid_data", "message": "nested property customer_ids must be either object or array"},
        ),
        # v1 answers 500 (departure "pricing input refusals")
        ({}, 400, {"type": "invalid_data", "message": "customer_ids must be an array"}),
    ],
)
def test_departure_pricing_input_refusals_batch_refusals_add_no_one(api, body, status, error):
    # given
    vip = group("VIP")
    CustomerFactory()
    # when
    response = api.post(f"/admin/customer-groups/{vip.id}/customers/batch", body, format="json")
    # then
    assert response.status_code == status
    assert response.json() == error
    assert not vip.customers.exists()


def test_batch_on_an_unknown_group_is_not_found(api):
    # given
    customer = CustomerFactory()
    # when
    response = api.post(
        "/admin/customer-groups/nope/customers/batch", {"customer_ids": [{"id": customer.id}]}, format="json"
    )
    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "CustomerGroup with id nope was not found"}


def test_batch_delete_removes_members(api):
    # given
    vip = group("VIP")
    ann, bob = CustomerFactory(), CustomerFactory()
    vip.customers.add(ann, bob)
    # when
    response = api.delete(
        f"/admin/customer-groups/{vip.id}/customers/batch",
        {"customer_ids": [{"id": ann.id}, {"id": "not-a-member"}]},
        format="json",
    )
    # then
    assert response.status_code == 200
    assert list(vip.customers.all()) == [bob]


def test_group_customers_lists_members_with_their_groups(api):
    # given
    vip, gold = group("VIP"), group("Gold")
    ann = CustomerFactory(email="ann@example.com")
    ann.groups.add(vip, gold)
    CustomerFactory(email="bob@example.com")
    # when
    response = api.get(f"/admin/customer-groups/{vip.id}/customers")
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["offset"], body["limit"]) == (1, 0, 50)
    assert body["customers"][0]["email"] == "ann@example.com"
    assert {entry["name"] for entry in body["customers"][0]["groups"]} == {"VIP", "Gold"}
    assert list(body["customers"][0]["groups"][0]) == GROUP_KEYS


# --- a customer's groups -------------------------------------------------------------------------------------


def test_customer_update_replaces_the_groups(api):
    # given
    vip, gold = group("VIP"), group("Gold")
    carl = CustomerFactory()
    carl.groups.add(gold)
    # when
    response = api.post(f"/admin/customers/{carl.id}?expand=groups", {"groups": [{"id": vip.id}]}, format="json")
    # then
    assert response.status_code == 200
    body = response.json()["customer"]
    assert [entry["id"] for entry in body["groups"]] == [vip.id]
    assert "shipping_addresses" not in body
    assert list(carl.groups.all()) == [vip]


def test_customer_update_with_an_unknown_group_changes_nothing(api):
    # given
    gold = group("Gold")
    carl = CustomerFactory(first_name="Carl")
    carl.groups.add(gold)
    # when
    response = api.post(
        f"/admin/customers/{carl.id}", {"first_name": "Karl", "groups": [{"id": "nope"}]}, format="json"
    )
    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "CustomerGroup with id nope was not found"}
    carl.refresh_from_db()
    assert (carl.first_name, list(carl.groups.all())) == ("Carl", [gold])


def test_customer_create_refuses_groups_as_v1(api):
    # given
    vip = group("VIP")
    body = {"email": "c@example.com", "first_name": "c", "last_name": "d", "password": "secret_password"}
    # when
    response = api.post("/admin/customers", {**body, "groups": [{"id": vip.id}]}, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": "property groups should not exist"}
    assert not Customer.objects.exists()


def test_customer_list_filters_by_groups(api):
    # given
    vip, gold = group("VIP"), group("Gold")
    ann, bob = CustomerFactory(email="ann@example.com"), CustomerFactory(email="bob@example.com")
    CustomerFactory(email="cy@example.com")
    ann.groups.add(vip, gold)
    bob.groups.add(gold)
    # when
    response = api.get(f"/admin/customers?groups[]={vip.id}&groups[]={gold.id}")
    # then
    assert response.status_code == 200
    assert sorted(entry["email"] for entry in response.json()["customers"]) == ["ann@example.com", "bob@example.com"]
    assert response.json()["count"] == 2
