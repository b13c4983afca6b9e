"""The error contract: every API error is v1's `{code?, type, message}` with v1's status, and never HTML.

Probe views that fail on purpose live in tests/config/urls.py under /admin/_probe/.
"""

import json
import logging

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import get_resolver
from rest_framework.test import APIClient

CONFLICT_MESSAGE = (
    "The request conflicted with another request. You may retry the request with the provided Idempotency-Key."
)
UNKNOWN_ERROR = {"code": "unknown_error", "type": "unknown_error", "message": "An unknown error occurred."}

pytestmark = [pytest.mark.urls("tests.config.urls"), pytest.mark.django_db]


@pytest.fixture
def client():
    return APIClient()


def assert_json(response):
    assert response["Content-Type"] == "application/json", response.content[:200]
    return json.loads(response.content)


# One row per kind of error: what a service raises, and what the client receives.
ERROR_TABLE = [
    ("invalid_data", None, 400, {"type": "invalid_data", "message": "Probe invalid_data"}),
    ("not_allowed", None, 400, {"type": "not_allowed", "message": "Probe not_allowed"}),
    ("unauthorized", None, 401, {"type": "unauthorized", "message": "Probe unauthorized"}),
    ("not_found", None, 404, {"type": "not_found", "message": "Probe not_found"}),
    ("conflict", None, 409, {"code": "invalid_state_error", "type": "conflict", "message": CONFLICT_MESSAGE}),
    (
        "duplicate_error",
        None,
        422,
        {"code": "invalid_request_error", "type": "duplicate_error", "message": "Probe duplicate_error"},
    ),
    (
        "payment_authorization_error",
        None,
        422,
        {"type": "payment_authorization_error", "message": "Probe payment_authorization_error"},
    ),
    ("unexpected_state", None, 500, {"type": "unexpected_state", "message": "Probe unexpected_state"}),
    ("invalid_argument", None, 500, {"type": "invalid_argument", "message": "Probe invalid_argument"}),
    ("unknown_error", None, 500, UNKNOWN_ERROR),
    (
        "not_allowed",
        "precondition_failed",
        412,
        {"code": "precondition_failed", "type": "not_allowed", "message": "Probe not_allowed"},
    ),
    (
        "not_allowed",
        "insufficient_inventory",
        400,
        {"code": "insufficient_inventory", "type": "not_allowed", "message": "Probe not_allowed"},
    ),
]


@pytest.mark.parametrize(
    ("error_type", "code", "status", "body"),
    ERROR_TABLE,
    ids=[f"{row[0]}+{row[1]}" if row[1] else row[0] for row in ERROR_TABLE],
)
def test_medusa_error_maps_to_v1_status_and_body(client, error_type, code, status, body):
    # when
    response = client.get(f"/admin/_probe/medusa-error/{error_type}", {"code": code} if code else {})
    # then
    assert response.status_code == status
    received = assert_json(response)
    assert received == body
    assert list(received) == list(body)  # v1's key order: code, type, message


def test_unexpected_exception_is_500_unknown_error_and_logged_with_traceback(client, caplog):
    # when
    with caplog.at_level(logging.ERROR, logger="config.api"):
        response = client.get("/admin/_probe/unexpected")
    # then
    assert response.status_code == 500
    assert assert_json(response) == UNKNOWN_ERROR
    [record] = [r for r in caplog.records if r.name == "config.api"]
    assert record.levelno == logging.ERROR
    assert "GET /admin/_probe/unexpected" in record.getMessage()
    assert record.exc_info[0] is RuntimeError
    assert "Traceback (most recent call last)" in caplog.text
    assert "probe exploded" in caplog.text
    assert "probe exploded" not in response.content.decode()


def test_unexpected_exception_outside_drf_is_500_json_and_logged(client, caplog):
    # when
    with caplog.at_level(logging.ERROR, logger="config.api"):
        response = client.get("/admin/_probe/plain-crash")
    # then
    assert response.status_code == 500
    assert assert_json(response) == UNKNOWN_ERROR
    [record] = [r for r in caplog.records if r.name == "config.api"]
    assert record.exc_info[0] is RuntimeError
    assert "plain view exploded" in caplog.text


def test_drf_validation_error_is_400_invalid_data_joined_in_field_order(client):
    # when
    response = client.get("/admin/_probe/drf-validation")
    # then
    assert response.status_code == 400
    assert assert_json(response) == {
        "type": "invalid_data",
        "message": "email must be an email, region_id must be a string",
    }


@pytest.mark.parametrize(
    ("path", "status", "body"),
    [
        ("/admin/_probe/django/permission-denied", 403, {"type": "not_allowed", "message": ""}),
        ("/admin/_probe/django/http404", 404, {"type": "not_found", "message": "Not found"}),
        ("/admin/_probe/plain-404", 404, {"type": "not_found", "message": "Not found"}),
    ],
    ids=["drf-view-django-permission-denied", "drf-view-http404", "plain-view-http404"],
)
def test_django_exceptions_keep_their_status_in_the_error_shape(client, path, status, body):
    # when
    response = client.get(path)
    # then
    assert response.status_code == status
    received = assert_json(response)
    assert received["type"] == body["type"]
    if body["message"]:
        assert received["message"] == body["message"]


# ---- the request body ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{bad", "The request body is not valid JSON: Expecting property name enclosed in double quotes"),
        ('{"a": 1,}', "The request body is not valid JSON: Expecting property name enclosed in double quotes"),
        ('{"a": NaN}', "The request body is not valid JSON: NaN is not valid JSON"),
        ("\xff", "The request body is not valid JSON"),
    ],
    ids=["broken", "trailing-comma", "nan", "not-utf8"],
)
def test_malformed_json_body_is_400_invalid_data_json(client, raw, message):
    # when
    response = client.post("/admin/_probe/echo", raw.encode("latin-1"), content_type="application/json")
    # then
    assert response.status_code == 400
    body = assert_json(response)
    assert body["type"] == "invalid_data"
    assert body["message"].startswith(message)
    assert list(body) == ["type", "message"]


@pytest.mark.parametrize("raw", ["[1, 2]", '"text"', "12", "null", "true"])
def test_json_body_that_is_not_an_object_is_400(client, raw):
    # when
    response = client.post("/admin/_probe/echo", raw, content_type="application/json")
    # then
    assert response.status_code == 400
    assert assert_json(response) == {"type": "invalid_data", "message": "The request body must be a JSON object"}


def test_empty_body_reads_as_an_empty_object(client):
    # when
    response = client.post("/admin/_probe/echo", "", content_type="application/json")
    # then
    assert response.status_code == 200
    assert response.json() == {"body": {}}


def test_body_at_the_size_limit_is_accepted_and_one_byte_more_is_413(client):
    # given
    limit = settings.API_MAX_BODY_BYTES
    at_limit = '{"a":"' + "x" * (limit - 8) + '"}'
    assert len(at_limit.encode()) == limit
    over_limit = at_limit[:-2] + 'x"}'
    # when
    accepted = client.post("/admin/_probe/echo", at_limit, content_type="application/json")
    refused = client.post("/admin/_probe/echo", over_limit, content_type="application/json")
    # then
    assert accepted.status_code == 200
    assert len(accepted.json()["body"]["a"]) == limit - 8
    assert refused.status_code == 413
    assert assert_json(refused) == {
        "type": "invalid_data",
        "message": f"Request body is larger than the limit of {limit} bytes",
    }


def test_body_limit_follows_the_setting(client, settings):
    # given
    settings.API_MAX_BODY_BYTES = 16
    # when
    response = client.post("/admin/_probe/echo", {"key": "a value longer than 16"}, format="json")
    # then
    assert response.status_code == 413
    assert assert_json(response)["message"] == "Request body is larger than the limit of 16 bytes"


def test_form_encoded_body_is_415_in_the_error_shape(client):
    # when
    response = client.post("/admin/_probe/echo", "a=1", content_type="application/x-www-form-urlencoded")
    # then
    assert response.status_code == 415
    assert assert_json(response) == {
        "type": "invalid_data",
        "message": 'Unsupported media type "application/x-www-form-urlencoded" in request.',
    }


# ---- routing ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/nope", "/admin/draft-orders-but-not-really/1", "/admin", "/api/nope"])
def test_unknown_api_path_is_404_json(client, path):
    # when
    response = client.get(path)
    # then
    assert response.status_code == 404
    assert assert_json(response) == {"type": "not_found", "message": f"Cannot GET {path}"}


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/admin/auth/token"), ("patch", "/admin/auth/token"), ("put", "/admin/auth")],
)
def test_wrong_method_is_405_json(api, method, path):
    # when
    response = getattr(api, method)(path)
    # then
    assert response.status_code == 405
    assert assert_json(response) == {
        "type": "not_allowed",
        "message": f'Method "{method.upper()}" not allowed.',
    }


def test_wrong_method_on_a_protected_path_asks_for_credentials_first(client):
    # as v1, where authenticate() runs before the router finds no PUT route
    # when
    response = client.put("/admin/auth")
    # then
    assert response.status_code == 401
    assert assert_json(response) == {"type": "unauthorized", "message": "Unauthorized"}


# ---- Django's own error pages on API paths -------------------------------------------------------------------


def test_disallowed_host_on_api_path_is_400_json():
    # when
    response = Client().get("/admin/auth", HTTP_HOST="evil.example")
    # then
    assert response.status_code == 400
    assert assert_json(response) == {"type": "invalid_data", "message": "Bad request"}


def test_disallowed_host_outside_the_api_keeps_djangos_page():
    # when
    response = Client().get("/staff/login/", HTTP_HOST="evil.example")
    # then
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_post_to_unknown_api_path_without_csrf_token_is_404_json():
    # when
    response = Client(enforce_csrf_checks=True).post("/admin/nope", "{}", content_type="application/json")
    # then
    assert response.status_code == 404
    assert assert_json(response) == {"type": "not_found", "message": "Cannot POST /admin/nope"}


def test_csrf_failure_in_django_middleware_is_403_json():
    # when
    response = Client(enforce_csrf_checks=True).post("/admin/_probe/plain-post", "{}", content_type="application/json")
    # then
    assert response.status_code == 403
    assert assert_json(response) == {"type": "not_allowed", "message": "CSRF Failed: CSRF cookie not set."}


@pytest.mark.parametrize(
    ("status", "args", "body"),
    [
        (400, (Exception(),), {"type": "invalid_data", "message": "Bad request"}),
        (403, (Exception(),), {"type": "not_allowed", "message": "Forbidden"}),
        (404, (Exception(),), {"type": "not_found", "message": "Cannot GET /admin/x"}),
        (500, (), UNKNOWN_ERROR),
    ],
)
def test_django_error_handlers_answer_json_on_api_paths_and_html_elsewhere(status, args, body):
    # given
    handler = get_resolver().resolve_error_handler(status)
    # when
    api = handler(RequestFactory().get("/admin/x"), *args)
    page = handler(RequestFactory().get("/staff/x"), *args)
    # then
    assert api.status_code == status
    assert assert_json(api) == body
    assert page.status_code == status
    assert page["Content-Type"].startswith("text/html")


# ---- no API path ever answers with HTML ----------------------------------------------------------------------

REQUESTS = [
    ("get", "/admin/auth", {}, 401),
    ("post", "/admin/auth", {"data": "{oops", "content_type": "application/json"}, 400),
    ("post", "/admin/auth", {"data": "[]", "content_type": "application/json"}, 400),
    ("post", "/admin/auth", {"data": {"email": "nope"}, "format": "json"}, 400),
    ("post", "/admin/auth", {"data": "a=1", "content_type": "text/plain"}, 415),
    ("get", "/admin/auth/token", {}, 405),
    ("delete", "/admin/auth/token", {}, 405),
    ("get", "/admin/", {}, 404),
    ("get", "/admin/auth/", {}, 404),
    ("post", "/admin/nope/deeper", {"data": {}, "format": "json"}, 404),
    ("delete", "/admin/nope", {}, 404),
    ("get", "/admin/_probe/unexpected", {}, 500),
    ("get", "/admin/_probe/plain-crash", {}, 500),
    ("get", "/api/", {}, 404),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), REQUESTS, ids=[f"{r[0]} {r[1]}" for r in REQUESTS])
def test_no_api_path_answers_with_html(method, path, kwargs, status):
    # given
    client = APIClient(enforce_csrf_checks=True)
    # when
    response = getattr(client, method)(path, **kwargs)
    # then
    assert response.status_code == status
    body = assert_json(response)
    assert set(body) <= {"code", "type", "message"}
    assert body["type"] and body["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/draft-orders/dorder%00", "/admin/customers/cus_1%00x"])
def test_an_id_with_a_null_character_is_404_not_a_database_error(api, path):
    # when: PostgreSQL refuses NUL in a query (departure "NUL characters")
    response = api.get(path)
    # then
    assert response.status_code == 404
    assert assert_json(response) == {"type": "not_found", "message": "Not found"}
