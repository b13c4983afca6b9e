"""The OpenAPI schema and its two documentation pages, served with the sidecar's assets only."""

import json
import re

import pytest
from django.test import Client

EXTERNAL_ASSET = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


def test_schema_is_openapi_json_with_the_three_security_schemes():
    # when
    response = Client().get("/api/schema/?format=json")
    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Draft orders Admin API (Medusa v1 compatible)"
    assert schema["components"]["securitySchemes"] == {
        "api_token": {
            "type": "apiKey",
            "x-displayName": "API Token",
            "in": "header",
            "name": "x-medusa-access-token",
        },
        "jwt_token": {"type": "http", "x-displayName": "JWT Token", "scheme": "bearer"},
        "cookie_auth": {"type": "apiKey", "in": "cookie", "name": "connect.sid", "x-displayName": "Cookie Session ID"},
    }


def test_schema_describes_the_auth_endpoints_and_their_public_logins():
    # when
    schema = json.loads(Client().get("/api/schema/?format=json").content)
    # then
    paths = schema["paths"]
    assert set(paths["/admin/auth"]) >= {"get", "post", "delete"}
    any_credential = [{"api_token": []}, {"cookie_auth": []}, {"jwt_token": []}]
    assert paths["/admin/auth"]["get"]["security"] == any_credential
    assert paths["/admin/auth"]["delete"]["security"] == any_credential
    # logging in needs no credentials: no requirement on the operation, and none global
    assert paths["/admin/auth"]["post"]["operationId"] == "PostAuth"
    assert "security" not in paths["/admin/auth"]["post"]
    assert paths["/admin/auth/token"]["post"]["operationId"] == "PostToken"
    assert "security" not in paths["/admin/auth/token"]["post"]
    assert "security" not in schema
    assert "password" not in schema["components"]["schemas"]["User"]["properties"]


def test_schema_needs_no_credentials_and_also_serves_yaml():
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


@pytest.mark.parametrize(
    ("path", "asset", "start"),
    [
        ("/api/docs/", "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js", "/api/docs/?script="),
        ("/api/redoc/", "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js", "/api/redoc/"),
    ],
)
def test_docs_pages_render_html_with_local_assets_only(path, asset, start):
    # given
    client = Client()
    # when
    page = client.get(path)
    script = client.get(asset)
    # then: the page, or the start script it loads (Swagger UI's, for the Content-Security-Policy), names the schema
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert asset in html
    assert start == path or start in html
    assert "/api/schema/" in client.get(start).content.decode()
    assert not EXTERNAL_ASSET.search(html), EXTERNAL_ASSET.search(html)
    assert script.status_code == 200
    assert b"".join(script.streaming_content if script.streaming else [script.content])


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_let_the_browser_load_only_from_this_server(path):
    # when
    response = Client().get(path)
    # then: ReDoc's cdn.redoc.ly logo is refused by the browser (tests/e2e/test_api_docs.py shows it in one)
    assert response.status_code == 200
    policy = dict(directive.split(" ", 1) for directive in response["Content-Security-Policy"].split("; "))
    assert policy["default-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"


def test_swagger_ui_shows_no_online_validator_badge():
    # when: the settings are in the page's start script
    script = Client().get("/api/docs/?script=").content.decode()
    # then: the badge would load an image from validator.swagger.io on any host but localhost
    assert '"validatorUrl": null' in script
