"""`/admin/price-lists` (pricing reference section 3)."""

import pytest

from pricing.models import PriceList, PriceListPrice
from tests.factories import RegionFactory, currency
from tests.pricing.helpers import product_with_prices, vip_customer

pytestmark = pytest.mark.django_db

LIST_KEYS = ["id", "created_at", "updated_at", "deleted_at", "name", "description", "type", "status", "starts_at"]
LIST_KEYS += ["ends_at", "customer_groups", "prices"]
PRICE_KEYS = ["id", "created_at", "updated_at", "deleted_at", "currency_code", "amount", "min_quantity"]
PRICE_KEYS += ["max_quantity", "price_list_id", "region_id", "variants", "variant", "variant_id"]


def create(api, **body):
    payload = {"name": "Spring", "description": "spring sale", "type": "sale", "prices": [], **body}
    return api.post("/admin/price-lists", payload, format="json")


# --- create --------------------------------------------------------------------------------------------------


def test_create_is_a_draft_by_default_with_its_prices_and_variants(api):
    # given
    variant = product_with_prices()
    # when
    response = create(api, prices=[{"amount": 900, "variant_id": variant.id, "currency_code": "usd"}])
    # then
    assert response.status_code == 200
    body = response.json()["price_list"]
    assert list(body) == LIST_KEYS
    assert body["id"].startswith("pl_")
    assert (body["status"], body["type"], body["starts_at"], body["ends_at"], body["customer_groups"]) == (
        "draft", "sale", None, None, [],
    )  # fmt: skip
    price = body["prices"][0]
    assert list(price) == PRICE_KEYS
    assert price["id"].startswith("ma_")
    assert (price["amount"], price["currency_code"], price["price_list_id"], price["variant_id"]) == (
        900, "usd", body["id"], variant.id,
    )  # fmt: skip
    assert price["variants"] == [price["variant"]]
    assert price["variant"]["id"] == variant.id


def test_a_region_price_is_stored_with_the_regions_currency(api):
    # given: file 19
    region = RegionFactory(currency=currency("usd"))
    variant = product_with_prices()
    # when
    response = create(api, status="active", prices=[{"amount": 650, "variant_id": variant.id, "region_id": region.id}])
    # then
    price = response.json()["price_list"]["prices"][0]
    assert (price["currency_code"], price["region_id"], price["amount"]) == ("usd", region.id, 650)


def test_dates_and_groups_and_tiers(api):
    # given
    group, _ = vip_customer()
    variant = product_with_prices()
    # when
    response = create(
        api,
        starts_at="2030-01-01",
        ends_at="2030-02-01T10:00:00+01:00",
        customer_groups=[{"id": group.id}],
        prices=[{"amount": 600, "variant_id": variant.id, "currency_code": "USD", "min_quantity": 10}],
    )
    # then
    body = response.json()["price_list"]
    assert (body["starts_at"], body["ends_at"]) == ("2030-01-01T00:00:00.000Z", "2030-02-01T09:00:00.000Z")
    assert [entry["id"] for entry in body["customer_groups"]] == [group.id]
    assert (body["prices"][0]["min_quantity"], body["prices"][0]["currency_code"]) == (10, "usd")


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (
            {"name": None, "description": None, "type": None, "prices": None},
            400,
            "name must be a string, description must be a string, type must be one of the following values: "
            "sale, override, prices must be an array",
        ),
        ({"type": "bogus"}, 400, "type must be one of the following values: sale, override"),
        ({"status": "bogus"}, 400, "status must be one of the following values: active, draft"),
        (
            {"prices": [{"amount": 1, "variant_id": "V", "currency_code": "usd", "region_id": "reg"}]},
            400,
            'Failed XOR relation between "region_id" and "currency_code"., '
            'Failed XOR relation between "currency_code" and "region_id".',
        ),
        ({"prices": [{"amount": 1.5, "variant_id": "V", "currency_code": "usd"}]}, 400,
         "amount must be an integer number"),
        ({"prices": [{"amount": 1, "currency_code": "usd"}]}, 400, "variant_id must be a string"),
        ({"prices": [{"amount": 1, "variant_id": "V", "currency_code": "usd", "min_quantity": 1.5}]}, 400,
         "min_quantity must be an integer number"),
        ({"customer_groups": ["x"]}, 400, "nested property customer_groups must be either object or array"),
        ({"foo": 1}, 400, "property foo should not exist"),
        ({"includes_tax": True}, 400, "includes_tax should not exist"),
        ({"customer_groups": [{"id": "nope"}]}, 404, "CustomerGroup with id nope was not found"),
        ({"prices": [{"amount": 1, "variant_id": "V", "currency_code": "xyz"}]}, 404,
         "Currency with currency_code xyz does not exist."),
        # v1 answers 500 for these two (departure "pricing input refusals")
        ({"starts_at": "notadate"}, 400, "starts_at must be a Date instance"),
        ({"prices": [{"amount": 1, "variant_id": "V", "region_id": "nope"}]}, 404, "Region with nope was not found"),
        # v1 stores these (departure "pricing input refusals")
        ({"prices": [{"amount": -1, "variant_id": "V", "currency_code": "usd"}]}, 400,
         "amount must not be less than 0"),
        ({"prices": [{"amount": 1, "variant_id": "nope", "currency_code": "usd"}]}, 404,
         "Variant with id: nope was not found"),
    ],
)  # fmt: skip
def test_departure_pricing_input_refusals_and_v1s_refusals_create_nothing(api, body, status, error):
    # given
    variant = product_with_prices()
    for price in body.get("prices") or []:
        if price.get("variant_id") == "V":
            price["variant_id"] = variant.id
    # when
    response = create(api, **body)
    # then
    expected_type = "invalid_data" if status == 400 else "not_found"
    assert (response.status_code, response.json()) == (status, {"type": expected_type, "message": error})
    assert not PriceList.all_objects.exists()
    assert not PriceListPrice.all_objects.exists()


def test_an_empty_body_lists_every_missing_field(api):
    # when: file 20
    response = api.post("/admin/price-lists", {}, format="json")
    # then
    assert response.status_code == 400
    assert response.json()["message"] == (
        "name must be a string, description must be a string, "
        "type must be one of the following values: sale, override, prices must be an array"
    )


# --- update --------------------------------------------------------------------------------------------------


def test_update_activates_edits_a_price_by_id_and_adds_one_without(api):
    # given
    variant = product_with_prices()
    other = product_with_prices(title="Other")
    created = create(api, prices=[{"amount": 900, "variant_id": variant.id, "currency_code": "usd"}]).json()
    list_id, price_id = created["price_list"]["id"], created["price_list"]["prices"][0]["id"]
    # when: files 13 and 15
    activated = api.post(f"/admin/price-lists/{list_id}", {"status": "active"}, format="json")
    edited = api.post(
        f"/admin/price-lists/{list_id}",
        {
            "prices": [
                {"id": price_id, "variant_id": variant.id, "amount": 850},
                {"variant_id": other.id, "amount": 400, "currency_code": "usd"},
            ]
        },
        format="json",
    )
    # then
    assert activated.json()["price_list"]["status"] == "active"
    prices = edited.json()["price_list"]["prices"]
    assert [(p["id"] == price_id, p["variant_id"], p["amount"], p["currency_code"]) for p in prices] == [
        (True, variant.id, 850, "usd"),
        (False, other.id, 400, "usd"),
    ]


def test_update_replaces_groups_and_clears_dates(api):
    # given
    vip, _ = vip_customer("VIP")
    gold, _ = vip_customer("Gold")
    list_id = create(api, starts_at="2030-01-01", customer_groups=[{"id": vip.id}]).json()["price_list"]["id"]
    # when
    moved = api.post(f"/admin/price-lists/{list_id}", {"customer_groups": [{"id": gold.id}]}, format="json")
    opened = api.post(f"/admin/price-lists/{list_id}", {"customer_groups": [], "starts_at": None}, format="json")
    # then
    assert [group["name"] for group in moved.json()["price_list"]["customer_groups"]] == ["Gold"]
    body = opened.json()["price_list"]
    assert (body["customer_groups"], body["starts_at"]) == ([], None)


def test_update_of_an_unknown_list_is_not_found(api):
    # when: file 31
    response = api.post("/admin/price-lists/nope", {"status": "active"}, format="json")
    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Price list with id: nope was not found"}


# --- prices batch and delete ---------------------------------------------------------------------------------


def test_batch_override_keeps_only_the_new_prices_and_batch_delete_answers_the_ids(api):
    # given
    variant = product_with_prices()
    created = create(api, prices=[{"amount": 900, "variant_id": variant.id, "currency_code": "usd"}]).json()
    list_id = created["price_list"]["id"]
    # when: files 16 and 17
    override = api.post(
        f"/admin/price-lists/{list_id}/prices/batch",
        {"prices": [{"amount": 820, "variant_id": variant.id, "currency_code": "usd"}], "override": True},
        format="json",
    )
    new_id = override.json()["price_list"]["prices"][0]["id"]
    deleted = api.delete(f"/admin/price-lists/{list_id}/prices/batch", {"price_ids": [new_id]}, format="json")
    # then
    assert [price["amount"] for price in override.json()["price_list"]["prices"]] == [820]
    assert deleted.json() == {"ids": [new_id], "object": "money-amount", "deleted": True}
    assert api.get(f"/admin/price-lists/{list_id}").json()["price_list"]["prices"] == []


def test_batch_without_override_adds(api):
    # given
    variant = product_with_prices()
    list_id = create(api, prices=[{"amount": 900, "variant_id": variant.id, "currency_code": "usd"}]).json()[
        "price_list"
    ]["id"]
    # when
    response = api.post(
        f"/admin/price-lists/{list_id}/prices/batch",
        {"prices": [{"amount": 700, "variant_id": variant.id, "currency_code": "usd", "min_quantity": 5}]},
        format="json",
    )
    # then
    assert [price["amount"] for price in response.json()["price_list"]["prices"]] == [900, 700]


def test_delete_a_products_and_a_variants_prices(api):
    # given
    shirt, mug = product_with_prices(), product_with_prices(title="Mug")
    prices = [{"amount": a, "variant_id": v.id, "currency_code": "usd"} for a, v in ((900, shirt), (400, mug))]
    body = create(api, prices=prices).json()["price_list"]
    list_id, (shirt_price, mug_price) = body["id"], [price["id"] for price in body["prices"]]
    # when
    by_product = api.delete(f"/admin/price-lists/{list_id}/products/{shirt.product_id}/prices")
    by_variant = api.delete(f"/admin/price-lists/{list_id}/variants/{mug.id}/prices")
    # then
    assert by_product.json() == {"ids": [shirt_price], "object": "money-amount", "deleted": True}
    assert by_variant.json() == {"ids": [mug_price], "object": "money-amount", "deleted": True}
    assert not PriceListPrice.objects.exists()


def test_delete_is_idempotent_and_the_list_is_gone(api):
    # given
    list_id = create(api).json()["price_list"]["id"]
    # when: file 18
    first = api.delete(f"/admin/price-lists/{list_id}")
    second = api.delete(f"/admin/price-lists/{list_id}")
    # then
    expected = {"id": list_id, "object": "price-list", "deleted": True}
    assert (first.json(), second.json()) == (expected, expected)
    assert api.get(f"/admin/price-lists/{list_id}").json() == {
        "type": "not_found",
        "message": f"Price list with id: {list_id} was not found",
    }


# --- list ----------------------------------------------------------------------------------------------------


def test_list_filters_by_q_status_type_and_group_and_pages_ten(api):
    # given
    vip, _ = vip_customer()
    for index in range(11):
        create(api, name=f"Sale {index:02}", status="active")
    create(api, name="Winter", description="for vips", type="override", customer_groups=[{"id": vip.id}])
    # when
    by_q = api.get("/admin/price-lists", {"q": "VIPS"}).json()
    by_status = api.get("/admin/price-lists?status[]=active").json()
    by_type = api.get("/admin/price-lists?type[]=override").json()
    by_group = api.get(f"/admin/price-lists?customer_groups[]={vip.id}").json()
    # then
    assert [entry["name"] for entry in by_q["price_lists"]] == ["Winter"]
    assert "prices" not in by_q["price_lists"][0]
    assert by_q["price_lists"][0]["customer_groups"][0]["id"] == vip.id
    assert (by_status["count"], len(by_status["price_lists"]), by_status["limit"]) == (11, 10, 10)
    assert [entry["name"] for entry in by_type["price_lists"]] == ["Winter"]
    assert [entry["name"] for entry in by_group["price_lists"]] == ["Winter"]


def test_list_query_count_does_not_grow_with_the_page(api, django_assert_max_num_queries):
    # given
    vip, _ = vip_customer()
    for index in range(25):
        create(api, name=f"List {index}", customer_groups=[{"id": vip.id}])
    # when / then: the user, the page, the count, the groups
    with django_assert_max_num_queries(4):
        response = api.get("/admin/price-lists", {"limit": 25})
    assert len(response.json()["price_lists"]) == 25
