"""The staff site and the API docs send a Content-Security-Policy that allows only the project's own assets."""

import re

import pytest
from django.test import Client


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.mark.django_db
def test_the_staff_site_allows_only_its_own_scripts_styles_and_images():
    # when
    policy = directives(Client().get("/staff/login/"))
    # then
    assert policy["default-src"] == ["'self'"]
    for name in ("script-src", "style-src", "img-src", "font-src", "connect-src"):
        assert policy[name] == ["'self'"], name
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_api_docs_run_only_the_projects_scripts(path):
    # when
    response = Client().get(path)
    policy = directives(response)
    # then: inline styles and data: images for the two UIs, but no inline or foreign script
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())


@pytest.mark.django_db
def test_the_json_api_keeps_v1s_headers(api):
    response = api.get("/admin/auth")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
