"""The statuses the schema declares beyond v1's six happen, in the one error shape it gives them."""

import jsonschema
import pytest
from django.test import Client

from config.api.schema import ERROR_SCHEMA


@pytest.mark.django_db
def test_a_cookie_session_without_its_csrf_token_gets_the_declared_403(staff_user, live_schema):
    # given
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    # when
    response = client.post("/admin/regions", {}, content_type="application/json")
    # then
    assert response.status_code == 403
    jsonschema.validate(response.json(), ERROR_SCHEMA)
    assert response.json()["type"] == "not_allowed"
    responses = live_schema["paths"]["/admin/regions"]["post"]["responses"]
    assert responses["403"] == {"$ref": "#/components/responses/csrf_failed"}


@pytest.mark.django_db
def test_a_body_that_is_not_json_gets_the_declared_415(api, live_schema):
    # when
    response = api.post("/admin/draft-orders", "email=a@b.c", content_type="text/plain")
    # then
    assert response.status_code == 415
    jsonschema.validate(response.json(), ERROR_SCHEMA)
    assert response.json()["type"] == "invalid_data"
    assert "415" in live_schema["paths"]["/admin/draft-orders"]["post"]["responses"]


@pytest.mark.django_db
def test_a_body_over_the_limit_gets_the_declared_413(api, live_schema, settings):
    # given
    settings.API_MAX_BODY_BYTES = 64
    # when
    response = api.post("/admin/draft-orders", {"email": "a" * 100 + "@medusa.js"}, format="json")
    # then
    assert response.status_code == 413
    jsonschema.validate(response.json(), ERROR_SCHEMA)
    assert "413" in live_schema["paths"]["/admin/draft-orders"]["post"]["responses"]


def test_every_shared_error_response_is_the_error_schema(live_schema):
    components = live_schema["components"]
    assert components["schemas"]["Error"] == ERROR_SCHEMA
    for name, response in components["responses"].items():
        assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}, name
        jsonschema.validate(response["content"]["application/json"]["example"], ERROR_SCHEMA)


def test_logins_answer_bad_credentials_as_v1_names_it_and_everything_else_unauthorized(live_schema):
    for item in live_schema["paths"].values():
        for operation in item.values():
            public = operation["operationId"] in ("PostAuth", "PostToken")
            assert operation["responses"]["401"]["$ref"].endswith("incorrect_credentials" if public else "unauthorized")
