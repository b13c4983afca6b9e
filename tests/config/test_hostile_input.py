"""Hostile input (issue 12, section 1): every bad input answers 4xx in the error shape and changes nothing.

Most of these answered 500 on PostgreSQL only (SQLite stores strings of any length and NUL characters), so the
suite must run there too.
"""

import json

import jwt
import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from carts.models import LineItem
from customers.models import Customer
from discounts.models import Discount
from regions.models import Region
from tests.factories import DiscountFactory, ProductVariantFactory, RegionFactory, ShippingOptionFactory
from tests.openapi import live

pytestmark = pytest.mark.django_db

TOO_LONG_TITLE = "t" * 256
# 255-320 characters: a valid address by Django's EmailValidator, longer than the 254 the email columns hold
LONG_EMAIL = f"{'e' * 64}@{'d' * 63}.{'d' * 63}.{'d' * 63}.com"


def error(response) -> dict:
    assert response["Content-Type"] == "application/json", response.content[:200]
    return response.json()


@pytest.fixture
def store(db):
    """A region with a priced variant and a shipping option, and a discount: what a draft order needs."""
    region = RegionFactory(name="Hostile", countries=["us"])
    variant = ProductVariantFactory(prices=[("usd", 1000)])
    option = ShippingOptionFactory(region=region)
    discount = DiscountFactory(code="HOSTILE", regions=[region])
    return {"region": region, "variant": variant, "option": option, "discount": discount}


def draft_body(store, **changes) -> dict:
    return {
        "email": "hostile@example.com",
        "region_id": store["region"].id,
        "items": [{"variant_id": store["variant"].id, "quantity": 1}],
        "shipping_methods": [{"option_id": store["option"].id}],
        **changes,
    }


@pytest.fixture
def draft_order(api, store) -> dict:
    response = api.post("/admin/draft-orders", draft_body(store), format="json")
    assert response.status_code == 200, response.content
    return response.json()["draft_order"]


# --- bodies larger than Django reads -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/auth", "/admin/auth/token", "/admin/draft-orders"])
def test_a_body_over_djangos_memory_limit_is_413_on_api_paths(api, path):
    # given: more than DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), which Django refuses to read
    body = json.dumps({"email": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    # when
    response = api.generic("POST", path, body, content_type="application/json")
    # then
    assert response.status_code == 413
    assert error(response) == {
        "type": "invalid_data",
        "message": f"Request body is larger than the limit of {settings.API_MAX_BODY_BYTES} bytes",
    }


def test_a_form_over_djangos_memory_limit_is_413_on_the_staff_login():
    # given
    body = "username=a&password=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    # when
    response = Client().generic("POST", "/staff/login/", body, content_type="application/x-www-form-urlencoded")
    # then
    assert response.status_code == 413


# --- nesting -----------------------------------------------------------------------------------------------------


def nested(levels: int) -> dict:
    value: dict = {}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


def test_metadata_nested_400_levels_is_400_and_creates_nothing(api, store):
    # given: a 2.4 KB body
    body = json.dumps(draft_body(store, metadata=nested(400)))
    # when
    response = api.generic("POST", "/admin/draft-orders", body, content_type="application/json")
    # then
    assert response.status_code == 400
    assert error(response) == {
        "type": "invalid_data",
        "message": f"metadata must not be nested deeper than {settings.API_MAX_METADATA_DEPTH} levels",
    }
    assert not LineItem.objects.exists()


def test_metadata_at_the_depth_limit_is_stored(api, store):
    # given
    metadata = nested(settings.API_MAX_METADATA_DEPTH)
    # when
    response = api.post("/admin/draft-orders", draft_body(store, metadata=metadata), format="json")
    # then
    assert response.status_code == 200, response.content
    assert response.json()["draft_order"]["metadata"] == metadata


def test_metadata_larger_than_its_limit_is_400(api, store, settings):
    # given
    settings.API_MAX_METADATA_BYTES = 100
    metadata = {"note": "n" * 100}
    # when
    response = api.post(
        "/admin/customers",
        {"email": "m@example.com", "first_name": "M", "last_name": "N", "password": "secret123", "metadata": metadata},
        format="json",
    )
    # then
    assert response.status_code == 400
    assert error(response) == {
        "type": "invalid_data",
        "message": "metadata must be shorter than or equal to 100 bytes as JSON",
    }
    assert not Customer.objects.exists()


def test_a_body_nested_10000_levels_is_400_even_before_login(anonymous_client):
    # given
    body = '{"email": "a@example.com", "password": ' + "[" * 10_000 + "]" * 10_000 + "}"
    # when
    response = anonymous_client.generic("POST", "/admin/auth/token", body, content_type="application/json")
    # then
    assert response.status_code == 400
    assert error(response) == {"type": "invalid_data", "message": "The request body is nested too deeply"}


# --- strings longer than their column ----------------------------------------------------------------------------


def test_a_line_item_title_longer_than_its_column_is_refused_on_create(api, store):
    # given
    body = draft_body(store, items=[{"title": TOO_LONG_TITLE, "unit_price": 100, "quantity": 1}])
    # when
    response = api.post("/admin/draft-orders", body, format="json")
    # then
    assert response.status_code == 400
    assert error(response) == {
        "type": "invalid_data",
        "message": "title must be shorter than or equal to 255 characters",
    }
    assert not LineItem.objects.exists()


def test_a_line_item_title_of_exactly_its_column_length_is_stored(api, store):
    # given
    body = draft_body(store, items=[{"title": "t" * 255, "unit_price": 100, "quantity": 1}])
    # when
    response = api.post("/admin/draft-orders", body, format="json")
    # then
    assert response.status_code == 200, response.content
    assert LineItem.objects.get().title == "t" * 255


@pytest.mark.parametrize(
    "request_for",
    [
        lambda draft: (
            "/admin/draft-orders/{id}/line-items",
            {"title": TOO_LONG_TITLE, "unit_price": 1, "quantity": 1},
        ),
        lambda draft: (
            f"/admin/draft-orders/{{id}}/line-items/{draft['cart']['items'][0]['id']}",
            {"title": TOO_LONG_TITLE},
        ),
    ],
    ids=["add", "update"],
)
def test_a_line_item_title_longer_than_its_column_is_refused_on_add_and_update(api, draft_order, request_for):
    # given
    path, body = request_for(draft_order)
    # when
    response = api.post(path.format(id=draft_order["id"]), body, format="json")
    # then
    assert response.status_code == 400
    assert error(response) == {
        "type": "invalid_data",
        "message": "title must be shorter than or equal to 255 characters",
    }
    assert list(LineItem.objects.values_list("title", flat=True)) == [draft_order["cart"]["items"][0]["title"]]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": LONG_EMAIL}, "email must be shorter than or equal to 254 characters"),
        ({"billing_address": {"first_name": "f" * 256}}, "first_name must be shorter than or equal to 255 characters"),
        ({"shipping_address": {"city": "c" * 300}}, "city must be shorter than or equal to 255 characters"),
    ],
    ids=["email", "billing-first-name", "shipping-city"],
)
def test_draft_order_strings_longer_than_their_column_are_refused(api, store, draft_order, changes, message):
    # when
    created = api.post("/admin/draft-orders", draft_body(store, **changes), format="json")
    updated = api.post(f"/admin/draft-orders/{draft_order['id']}", changes, format="json")
    # then
    for response in (created, updated):
        assert response.status_code == 400
        assert error(response) == {"type": "invalid_data", "message": message}
    assert LineItem.objects.count() == 1


CUSTOMER = {"email": "c@example.com", "first_name": "C", "last_name": "D", "password": "secret123"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": LONG_EMAIL}, "email must be shorter than or equal to 254 characters"),
        ({"first_name": "f" * 256}, "first_name must be shorter than or equal to 255 characters"),
        ({"phone": "1" * 256}, "phone must be shorter than or equal to 255 characters"),
    ],
    ids=["email", "first-name", "phone"],
)
def test_customer_strings_longer_than_their_column_are_refused(api, changes, message):
    # given
    customer = api.post("/admin/customers", CUSTOMER, format="json").json()["customer"]
    # when
    created = api.post("/admin/customers", {**CUSTOMER, "email": "other@example.com", **changes}, format="json")
    updated = api.post(f"/admin/customers/{customer['id']}", changes, format="json")
    # then
    for response in (created, updated):
        assert response.status_code == 400
        assert error(response) == {"type": "invalid_data", "message": message}
    assert list(Customer.objects.values_list("email", "first_name")) == [("c@example.com", "C")]


def test_discount_code_longer_than_its_column_is_refused(api, store):
    # given
    body = {"code": "D" * 256, "rule": {"type": "fixed", "value": 10, "allocation": "total"}, "regions": []}
    # when
    created = api.post("/admin/discounts", body, format="json")
    updated = api.post(f"/admin/discounts/{store['discount'].id}", {"code": "D" * 256}, format="json")
    # then
    for response in (created, updated):
        assert response.status_code == 400
        assert error(response) == {
            "type": "invalid_data",
            "message": "code must be shorter than or equal to 255 characters",
        }
    assert list(Discount.objects.values_list("code", flat=True)) == ["HOSTILE"]


def test_region_name_longer_than_its_column_is_refused(api, store):
    # given
    body = {
        "name": "R" * 256,
        "currency_code": "usd",
        "tax_rate": 0,
        "payment_providers": ["manual"],
        "fulfillment_providers": ["manual"],
        "countries": [],
    }
    # when
    created = api.post("/admin/regions", body, format="json")
    updated = api.post(f"/admin/regions/{store['region'].id}", {"name": "R" * 256}, format="json")
    # then
    for response in (created, updated):
        assert response.status_code == 400
        assert error(response) == {
            "type": "invalid_data",
            "message": "name must be shorter than or equal to 255 characters",
        }
    assert list(Region.objects.values_list("name", flat=True)) == ["Hostile"]


def test_the_schema_states_each_bounded_columns_length():
    # when
    schemas = live.live_schema()["components"]["schemas"]
    # then
    assert schemas["DraftOrderItemReq"]["properties"]["title"]["maxLength"] == 255
    assert schemas["AddressPayload"]["properties"]["city"]["maxLength"] == 255
    assert schemas["AdminPostCustomersReq"]["properties"]["email"]["maxLength"] == 254
    assert schemas["AdminPostDiscountsReq"]["properties"]["code"]["maxLength"] == 255
    assert "API_MAX_METADATA_DEPTH" not in json.dumps(schemas)  # the description states the numbers
    assert "nested at most" in schemas["AdminPostCustomersReq"]["properties"]["metadata"]["description"]


# --- characters PostgreSQL cannot store --------------------------------------------------------------------------


@pytest.mark.parametrize("metadata", ['{"a": "\\udfff"}', '{"\\udfff": 1}', '{"a": [{"b": "x\\ud800"}]}'])
def test_a_lone_surrogate_in_metadata_is_400(api, metadata):
    # given
    body = '{"email": "s@example.com", "first_name": "S", "last_name": "T", "password": "secret123", '
    body += f'"metadata": {metadata}}}'
    # when
    response = api.generic("POST", "/admin/customers", body, content_type="application/json")
    # then
    assert response.status_code == 400
    assert error(response)["message"].startswith("Surrogate characters are not allowed: U+D")
    assert not Customer.objects.exists()


def test_a_surrogate_pair_in_metadata_is_an_emoji_and_is_stored(api):
    # given
    body = '{"email": "s@example.com", "first_name": "S", "last_name": "T", "password": "secret123", '
    body += '"metadata": {"mood": "\\ud83d\\ude00"}}'
    # when
    response = api.generic("POST", "/admin/customers", body, content_type="application/json")
    # then
    assert response.status_code == 201, response.content
    assert Customer.objects.get().metadata == {"mood": "😀"}


def test_an_address_id_holding_nul_is_not_found(api, store):
    # when: PostgreSQL refuses NUL in a query
    response = api.post("/admin/draft-orders", draft_body(store, billing_address="addr\x00"), format="json")
    # then
    assert response.status_code == 404
    assert error(response) == {"type": "not_found", "message": "Address with id addr\x00 was not found"}
    assert not LineItem.objects.exists()


def test_a_lone_surrogate_anywhere_in_a_body_is_400(api, store):
    # given: an address id, and a key, that UTF-8 could not even echo in a message
    for changes in ({"billing_address": "\udfff"}, {"\udfff": 1}):
        body = json.dumps(draft_body(store, **changes))  # ASCII, the surrogate as an escape
        # when
        response = api.generic("POST", "/admin/draft-orders", body, content_type="application/json")
        # then
        assert response.status_code == 400
        assert error(response) == {"type": "invalid_data", "message": "Surrogate characters are not allowed: U+DFFF."}
    assert not LineItem.objects.exists()


# --- query strings -----------------------------------------------------------------------------------------------

LIST_PATHS = [
    "/admin/customers",
    "/admin/discounts",
    "/admin/draft-orders",
    "/admin/orders",
    "/admin/products",
    "/admin/regions",
    "/admin/shipping-options",
]


@pytest.mark.parametrize("offset", [str(2**63), "1e20", str(2**31)])
@pytest.mark.parametrize("path", LIST_PATHS)
def test_an_offset_no_database_takes_is_400_on_every_list(api, path, offset):
    # when
    response = api.get(path, {"offset": offset})
    # then
    assert response.status_code == 400
    assert error(response) == {"type": "invalid_data", "message": "offset must not be greater than 2147483647"}


def test_the_largest_offset_is_an_empty_page(api):
    response = api.get("/admin/customers", {"offset": str(2**31 - 1)})
    assert response.status_code == 200
    assert response.json()["customers"] == []


@pytest.mark.parametrize("path", ["/admin/customers", "/admin/auth", "/staff/login/"])
def test_more_than_a_thousand_query_parameters_is_400(api, path):
    # when
    response = api.get(path + "?" + "&".join(f"p{number}=1" for number in range(1001)))
    # then
    assert response.status_code == 400
    if path.startswith("/admin/"):
        assert error(response) == {"type": "invalid_data", "message": "Too many query parameters (over 1000)"}


# --- credentials PostgreSQL cannot look up -----------------------------------------------------------------------


def test_a_signed_jwt_whose_user_id_holds_nul_is_401(staff_user):
    # given
    claims = {"user_id": f"{staff_user.id}\x00", "domain": "admin", "exp": 4_102_444_800}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt.encode(claims, settings.JWT_SECRET, algorithm='HS256')}")
    # when
    response = client.get("/admin/auth")
    # then
    assert response.status_code == 401
    assert error(response) == {"type": "unauthorized", "message": "Unauthorized"}


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_X_MEDUSA_ACCESS_TOKEN": "test_token\x00"}, {"HTTP_COOKIE": 'connect.sid="abcdefghijkl\\000"'}],
    ids=["api-token", "session-cookie"],
)
def test_a_credential_holding_nul_is_401(staff_user, headers):
    # when: a quoted cookie's \000 is unquoted to NUL by Django's cookie parser
    response = APIClient().get("/admin/auth", **headers)
    # then
    assert response.status_code == 401
    assert error(response) == {"type": "unauthorized", "message": "Unauthorized"}


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/admin/customer-groups", {"name": "g" * 256}, "name must be shorter than or equal to 255 characters"),
        ("/admin/price-lists", {"name": "p" * 256}, "name must be shorter than or equal to 255 characters"),
        ("/admin/tax-rates", {"code": "c" * 256}, "code must be shorter than or equal to 255 characters"),
        ("/admin/sales-channels", {"name": "s" * 256}, "name must be shorter than or equal to 255 characters"),
        ("/admin/webhooks", {"description": "w" * 256}, "description must be shorter than or equal to 255 characters"),
        ("/admin/products", {"images": ["i" * 1025]}, "each value in images must be shorter than or equal to 1024"),
    ],
)
def test_every_write_refuses_a_string_longer_than_its_column(api, path, body, message):
    # when
    response = api.post(path, body, format="json")
    # then: alongside the other fields' messages
    assert response.status_code == 400
    assert message in error(response)["message"]
