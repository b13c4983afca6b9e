"""Product types (`type: {value}`), sales channels and a product's channels (pricing reference section 9)."""

import pytest

from products.models import Product, ProductType, SalesChannel
from products.selectors import default_sales_channel
from products.services import product_create, sales_channel_create
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

CHANNEL_KEYS = ["id", "created_at", "updated_at", "deleted_at", "name", "description", "is_disabled", "metadata"]
TYPE_KEYS = ["id", "created_at", "updated_at", "deleted_at", "value", "metadata"]


def product_body(**changes) -> dict:
    return {
        "title": "Tee",
        "variants": [{"title": "S", "prices": [{"currency_code": "usd", "amount": 1000}]}],
        **changes,
    }


# --- product types -------------------------------------------------------------------------------------------


def test_create_with_a_type_makes_it_and_a_second_product_reuses_it(api):
    # when
    first = api.post("/admin/products", product_body(type={"value": "Shirts"}), format="json").json()["product"]
    second = api.post("/admin/products", product_body(title="Polo", type={"value": "Shirts"}), format="json")
    # then
    assert second.status_code == 200
    second = second.json()["product"]
    assert first["type_id"] == second["type_id"] == first["type"]["id"]
    assert first["type_id"].startswith("ptyp_")
    assert list(first["type"]) == TYPE_KEYS
    assert first["type"]["value"] == "Shirts"
    assert ProductType.objects.count() == 1


def test_update_sets_and_unsets_the_type(api):
    # given
    product = product_create(title="Tee")
    # when
    set_type = api.post(f"/admin/products/{product.id}", {"type": {"value": "Shirts"}}, format="json")
    unset = api.post(f"/admin/products/{product.id}", {"type": None}, format="json")
    # then
    assert set_type.json()["product"]["type"]["value"] == "Shirts"
    assert (unset.json()["product"]["type_id"], unset.json()["product"]["type"]) == (None, None)
    assert Product.objects.get(pk=product.id).type_id is None


def test_a_type_without_a_value_is_refused(api):
    # when
    response = api.post("/admin/products", product_body(type={}), format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": "value must be a string"}
    assert not Product.objects.exists()


# --- a product's channels ------------------------------------------------------------------------------------


def test_the_default_channel_exists_as_v1_creates_it(api):
    # when
    channel = default_sales_channel()
    response = api.get(f"/admin/sales-channels/{channel.id}")
    # then
    assert response.status_code == 200
    body = response.json()["sales_channel"]
    assert list(body) == CHANNEL_KEYS
    assert (body["name"], body["description"], body["is_disabled"]) == (
        "Default Sales Channel",
        "Created by Medusa",
        False,
    )


def test_a_product_created_without_channels_is_in_the_default_one(api):
    # when
    response = api.post("/admin/products", product_body(), format="json")
    # then
    product = response.json()["product"]
    assert [channel["id"] for channel in product["sales_channels"]] == [default_sales_channel().id]
    assert list(product["sales_channels"][0]) == CHANNEL_KEYS


def test_a_product_created_with_channels_is_only_in_those(api):
    # given
    web = sales_channel_create(name="Web")
    # when
    response = api.post("/admin/products", product_body(sales_channels=[{"id": web.id}]), format="json")
    # then
    assert [channel["name"] for channel in response.json()["product"]["sales_channels"]] == ["Web"]


def test_update_replaces_the_channels(api):
    # given
    web, shop = sales_channel_create(name="Web"), sales_channel_create(name="Shop")
    product = product_create(title="Tee", sales_channels=[web.id])
    # when
    response = api.post(f"/admin/products/{product.id}", {"sales_channels": [{"id": shop.id}]}, format="json")
    # then
    assert response.status_code == 200
    assert [channel["name"] for channel in response.json()["product"]["sales_channels"]] == ["Shop"]


def test_an_unknown_channel_creates_nothing(api):
    # when
    response = api.post("/admin/products", product_body(sales_channels=[{"id": "sc_nope"}]), format="json")
    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Sales channel with id: sc_nope was not found"}
    assert not Product.objects.exists()


# --- /admin/sales-channels -----------------------------------------------------------------------------------


def test_create_list_and_disable_a_channel(api):
    # when
    created = api.post("/admin/sales-channels", {"name": "Web", "description": "online"}, format="json")
    channel_id = created.json()["sales_channel"]["id"]
    listed = api.get("/admin/sales-channels", {"q": "onl"})
    disabled = api.post(f"/admin/sales-channels/{channel_id}", {"is_disabled": True}, format="json")
    # then
    assert created.status_code == 200
    assert channel_id.startswith("sc_")
    assert [entry["name"] for entry in listed.json()["sales_channels"]] == ["Web"]
    assert (listed.json()["count"], listed.json()["limit"]) == (1, 20)
    assert disabled.status_code == 200
    assert disabled.json()["sales_channel"]["is_disabled"] is True
    assert SalesChannel.objects.get(pk=channel_id).is_disabled is True


def test_the_default_channel_can_be_disabled_and_enabled_again(api):
    # given
    channel = default_sales_channel()
    # when
    off = api.post(f"/admin/sales-channels/{channel.id}", {"is_disabled": True}, format="json")
    on = api.post(f"/admin/sales-channels/{channel.id}", {"is_disabled": False}, format="json")
    # then
    assert off.json()["sales_channel"]["is_disabled"] is True
    assert on.json()["sales_channel"]["is_disabled"] is False
    assert default_sales_channel().is_disabled is False


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "message"),
    [
        ("get", "/admin/sales-channels/sc_nope", None, 404, "Sales channel with id: sc_nope was not found"),
        ("post", "/admin/sales-channels/sc_nope", {"name": "x"}, 404, "Sales channel with id: sc_nope was not found"),
        ("post", "/admin/sales-channels", {}, 400, "name must be a string"),
        (
            "post",
            "/admin/sales-channels",
            {"name": "x", "is_disabled": "yes"},
            400,
            "is_disabled must be a boolean value",
        ),
    ],
)
def test_sales_channel_refusals(api, method, path, body, status, message):
    # when
    response = getattr(api, method)(path, body, format="json") if body is not None else api.get(path)
    # then
    assert response.status_code == status
    assert response.json()["message"] == message
    assert SalesChannel.objects.count() == 1


def test_region_prices_and_quantity_tiers_on_product_create(api):
    # given
    region = RegionFactory(currency_id="usd")
    prices = [
        {"region_id": region.id, "amount": 700},
        {"currency_code": "usd", "amount": 900, "min_quantity": 3, "max_quantity": 5},
    ]
    # when
    response = api.post("/admin/products", product_body(variants=[{"title": "S", "prices": prices}]), format="json")
    # then
    stored = response.json()["product"]["variants"][0]["prices"]
    assert [
        (p["currency_code"], p["region_id"], p["amount"], p["min_quantity"], p["max_quantity"]) for p in stored
    ] == [
        ("usd", region.id, 700, None, None),
        ("usd", None, 900, 3, 5),
    ]


def test_delete_a_channel_but_never_the_default_one(api):
    # given
    web = sales_channel_create(name="Web")
    default = default_sales_channel()
    # when
    deleted = api.delete(f"/admin/sales-channels/{web.id}")
    again = api.delete(f"/admin/sales-channels/{web.id}")
    refused = api.delete(f"/admin/sales-channels/{default.id}")
    # then
    expected = {"id": web.id, "object": "sales-channel", "deleted": True}
    assert (deleted.json(), again.json()) == (expected, expected)
    assert api.get(f"/admin/sales-channels/{web.id}").status_code == 404
    assert (refused.status_code, refused.json()) == (
        400,
        {"type": "not_allowed", "message": "You cannot delete the default sales channel"},
    )
    assert SalesChannel.objects.filter(pk=default.id).exists()
