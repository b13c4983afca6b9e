"""Schemathesis fuzzes every operation of the live schema as a staff user, in-process through the WSGI app.

A bounded, derandomized number of examples per operation, from valid and from invalid data, half of them
aimed at rows that exist (a region, a product, a shipping option, a customer, a discount, an open and a paid
draft order), and half of them turned hostile (issue 12: one string made longer than a bounded column or given
a lone surrogate, metadata nested deeply, a huge offset): no answer may be a 5xx, and every answer must be one
the schema declares, in its media type and its shape. Each operation starts from the same rows; what one example
changes, the next one sees. Run on PostgreSQL, which refuses what SQLite stores.
"""

import json
import os

import pytest
import schemathesis
from django.apps import apps
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, models
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.factories import UserFactory
from tests.openapi import live

pytestmark = pytest.mark.fuzz

# bounded for CI (about 1.5 minutes for every operation); FUZZ_MAX_EXAMPLES=200 searches deeper by hand
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "20"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
OPERATIONS = [
    pytest.param(path, method, id=operation["operationId"])
    for path, item in live.live_schema()["paths"].items()
    for method, operation in item.items()
]


def application_in_test_transaction(environ, start_response):
    """The WSGI application, keeping the database connection open after each request, as Django's test client does.

    Django closes the connection when a request ends; inside the test's transaction it must stay open.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        body = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return [body]


@pytest.fixture(scope="module")
def api_schema():
    schema = schemathesis.openapi.from_dict(live.live_schema())
    schema.app = application_in_test_transaction
    return schema


def created(client: APIClient, path: str, body: dict, key: str) -> dict:
    response = client.post(path, body, format="json")
    assert response.status_code in (200, 201), response.content
    return response.json()[key]


def existing_rows(token: str) -> dict[str, dict[str, str]]:
    """Rows made through the API; the path parameters that name them, by the path's first segment."""
    client = APIClient()
    client.credentials(HTTP_X_MEDUSA_ACCESS_TOKEN=token)
    region = created(
        client,
        "/admin/regions",
        {
            "name": "Fuzz",
            "currency_code": "usd",
            "tax_rate": 10,
            "payment_providers": ["manual"],
            "fulfillment_providers": ["manual"],
            "countries": ["us"],
        },
        "region",
    )
    product = created(
        client,
        "/admin/products",
        {
            "title": "Fuzz Sweater",
            "options": [{"title": "Size"}],
            "variants": [
                {
                    "title": "S",
                    "inventory_quantity": 100,
                    "prices": [{"currency_code": "usd", "amount": 8000}],
                    "options": [{"value": "S"}],
                }
            ],
        },
        "product",
    )
    option = created(
        client,
        "/admin/shipping-options",
        {
            "name": "Standard",
            "region_id": region["id"],
            "provider_id": "manual",
            "data": {},
            "price_type": "flat_rate",
            "amount": 1000,
        },
        "shipping_option",
    )
    customer_body = {"email": "fuzz-customer@medusa.js", "first_name": "F", "last_name": "Z", "password": "secret123"}
    customer = created(client, "/admin/customers", customer_body, "customer")
    discount = created(
        client,
        "/admin/discounts",
        {
            "code": "FUZZ10",
            "rule": {"type": "percentage", "value": 10, "allocation": "total"},
            "regions": [region["id"]],
        },
        "discount",
    )
    webhook = created(client, "/admin/webhooks", {"url": "http://127.0.0.1:9/hook", "events": ["*"]}, "webhook")
    variant = product["variants"][0]
    group = created(client, "/admin/customer-groups", {"name": "Fuzz VIP"}, "customer_group")
    price_list = created(
        client,
        "/admin/price-lists",
        {
            "name": "Fuzz sale",
            "description": "fuzz",
            "type": "sale",
            "status": "active",
            "customer_groups": [{"id": group["id"]}],
            "prices": [{"variant_id": variant["id"], "currency_code": "usd", "amount": 7000}],
        },
        "price_list",
    )
    tax_rate = created(
        client,
        "/admin/tax-rates",
        {"code": "FUZZ", "name": "fuzz", "region_id": region["id"], "rate": 5, "products": [product["id"]]},
        "tax_rate",
    )
    channel = created(client, "/admin/sales-channels", {"name": "Fuzz channel"}, "sales_channel")
    draft_body = {
        "email": "fuzz@medusa.js",
        "region_id": region["id"],
        "items": [
            {"variant_id": variant["id"], "quantity": 1},
            {"title": "Gift wrap", "unit_price": 500, "quantity": 1},
        ],
        "shipping_methods": [{"option_id": option["id"]}],
    }
    paid = created(client, "/admin/draft-orders", draft_body, "draft_order")
    order = created(client, f"/admin/draft-orders/{paid['id']}/pay", {}, "order")
    discounted = {**draft_body, "discounts": [{"code": "FUZZ10"}]}
    draft_order = created(client, "/admin/draft-orders", discounted, "draft_order")
    ids = {
        "region_id": region["id"],
        "variant_id": variant["id"],
        "option_id": option["id"],
        "customer_id": customer["id"],
        "provider_id": "manual",
        "country_code": "us",
        "currency_code": "usd",
    }
    return {
        "body": ids,
        "draft-orders": {"id": draft_order["id"], "line_id": draft_order["cart"]["items"][0]["id"]},
        "orders": {"id": order["id"]},
        "regions": {"id": region["id"], "country_code": "us", "provider_id": "manual"},
        "shipping-options": {"id": option["id"]},
        "products": {"id": product["id"], "variant_id": variant["id"]},
        "customers": {"id": customer["id"]},
        "discounts": {"id": discount["id"], "region_id": region["id"], "code": "FUZZ10"},
        "webhooks": {"id": webhook["id"]},
        "customer-groups": {"id": group["id"]},
        "price-lists": {"id": price_list["id"], "product_id": product["id"], "variant_id": variant["id"]},
        "tax-rates": {"id": tax_rate["id"]},
        "sales-channels": {"id": channel["id"]},
    }


# one character more than each bounded text column holds (the shorter ones hold codes, checked as choices)
COLUMN_LENGTHS = sorted(
    {
        field.max_length
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField) and field.max_length and field.max_length >= 64
    }
)
HOSTILE_STRINGS = st.sampled_from([*("x" * (length + 1) for length in COLUMN_LENGTHS), "\udfff", "a\ud800b", "\x00"])
HOSTILE_OFFSETS = st.sampled_from([str(2**63), "1e20", str(2**31), "-1", "9" * 40])


def deeply_nested(levels: int) -> dict:
    value: dict = {}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


FREE_FORM = ("metadata", "data")  # objects of anything, whose strings no column bounds


def string_paths(value, path=()):
    """The paths (keys and indexes) of every string in a JSON value, outside its free-form objects."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in FREE_FORM:
                yield from string_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_paths(item, (*path, index))


def replaced(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = replaced(value[path[0]], path[1:], new)
    return copy


@st.composite
def hostile_change(draw, case, *, takes_offset: bool):
    """One hostile change to the case: a body with one string or its metadata replaced, to send instead of the
    case's own (schemathesis could not even validate a lone surrogate), or a huge offset in its query."""
    attacks = []
    if isinstance(case.body, dict):
        paths = list(string_paths(case.body))
        if paths:
            attacks += ["string"] * 3  # the one that reaches a column, when the rest of the body is valid
        attacks.append("metadata")
    if takes_offset:
        attacks.append("offset")
    if not attacks:
        return None
    attack = draw(st.sampled_from(attacks))
    if attack == "string":
        return replaced(case.body, draw(st.sampled_from(paths)), draw(HOSTILE_STRINGS))
    if attack == "metadata":
        return {**case.body, "metadata": deeply_nested(draw(st.sampled_from([11, 100])))}
    case.query = {**(case.query or {}), "offset": draw(HOSTILE_OFFSETS)}
    return None


def with_existing_ids(body, ids: dict):
    """The body with every id-like key it has (at any depth) pointing at a row that exists."""
    if isinstance(body, dict):
        return {key: ids[key] if key in ids else with_existing_ids(value, ids) for key, value in body.items()}
    if isinstance(body, list):
        return [with_existing_ids(value, ids) for value in body]
    return body


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_every_operation_answers_as_its_schema_says(api_schema, path, method):
    # given
    token = UserFactory(email="fuzz@medusa.js", api_token="fuzz_token").api_token
    existing = existing_rows(token)
    rows, ids = existing.get(path.split("/")[2], {}), existing["body"]
    operation = api_schema[path][method.upper()]
    parameters = live.live_schema()["paths"][path][method].get("parameters", [])
    takes_offset = any(parameter["name"] == "offset" for parameter in parameters)
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases, on_existing_rows=st.booleans(), hostile=st.booleans(), data=st.data())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_declared(case, on_existing_rows, hostile, data):
        if on_existing_rows:
            if case.path_parameters:
                case.path_parameters = {name: rows.get(name, value) for name, value in case.path_parameters.items()}
            case.body = with_existing_ids(case.body, ids)
        body = data.draw(hostile_change(case, takes_offset=takes_offset)) if hostile else None
        sent = {} if body is None else {"data": json.dumps(body).encode()}  # ASCII: a surrogate as its escape
        # when / then
        case.call_and_validate(headers={"x-medusa-access-token": token}, checks=CHECKS, **sent)

    answers_as_declared()
