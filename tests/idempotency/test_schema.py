"""The schema declares the optional `Idempotency-Key` header on every write a caller can retry."""

import pytest

from tests.openapi import live

IDEMPOTENCY_KEY = {"in": "header", "name": "Idempotency-Key", "required": False}


@pytest.fixture(scope="module")
def live_schema() -> dict:
    return live.live_schema()


def idempotency_key_parameters(operation: dict) -> list[dict]:
    return [
        {name: parameter[name] for name in IDEMPOTENCY_KEY}
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "Idempotency-Key"
    ]


def test_every_authenticated_post_and_delete_takes_the_optional_header(live_schema):
    # given
    operations = [(method, operation) for item in live_schema["paths"].values() for method, operation in item.items()]

    # then: on the writes, once, optional, with the 409 and 422 it can answer; nowhere else
    writes = [
        operation
        for method, operation in operations
        if method in ("post", "delete") and operation["operationId"] not in ("PostAuth", "PostToken")
    ]
    assert {"PostDraftOrders", "PostDraftOrdersDraftOrderRegisterPayment", "DeleteDraftOrdersDraftOrder"} <= {
        operation["operationId"] for operation in writes
    }
    for operation in writes:
        assert idempotency_key_parameters(operation) == [IDEMPOTENCY_KEY], operation["operationId"]
        assert operation["responses"]["409"] == {"$ref": "#/components/responses/invalid_state_error"}
        assert operation["responses"]["422"] == {"$ref": "#/components/responses/invalid_request_error"}
    others = [operation for _, operation in operations if operation not in writes]
    assert [operation["operationId"] for operation in others if idempotency_key_parameters(operation)] == []


def test_the_header_says_what_a_key_is(live_schema):
    # when
    (parameter,) = [
        parameter
        for parameter in live_schema["paths"]["/admin/draft-orders"]["post"]["parameters"]
        if parameter["name"] == "Idempotency-Key"
    ]
    # then
    assert parameter["schema"] == {"type": "string", "minLength": 1, "maxLength": 255}
    assert "Idempotent-Replayed: true" in parameter["description"]
