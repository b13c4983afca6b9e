"""The database going away (issue 12, section 5): 503 in the error shape with Retry-After, and `/health`.

The database is made unreachable by pointing the default connection at a port nothing listens on (PostgreSQL)
or a file that cannot be opened (SQLite), never by waiting.
"""

from contextlib import contextmanager

import pytest
from django.db import connection, connections
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

UNAVAILABLE = {
    "code": "api_error",
    "type": "database_error",
    "message": "The database is unavailable. Try again later.",
}


@contextmanager
def unreachable_database():
    """The default connection, for the block, pointed where no database answers."""
    real = connections["default"]
    settings = dict(real.settings_dict)
    if real.vendor == "postgresql":
        settings.update(HOST="127.0.0.1", PORT=1)
    else:
        settings["NAME"] = "/nonexistent-directory/db.sqlite3"
    broken = real.__class__(settings, alias="default")
    connections["default"] = broken
    try:
        yield
    finally:
        broken.close()
        connections["default"] = real


@pytest.mark.parametrize(
    ("method", "path", "client"),
    [
        ("get", "/admin/auth", lambda: APIClient(HTTP_X_MEDUSA_ACCESS_TOKEN="test_token")),
        ("get", "/admin/draft-orders", lambda: APIClient(HTTP_X_MEDUSA_ACCESS_TOKEN="test_token")),
        ("post", "/admin/auth/token", APIClient),
    ],
)
def test_an_unreachable_database_is_503_with_retry_after(staff_user, method, path, client):
    # given
    client = client()
    # when
    with unreachable_database():
        response = getattr(client, method)(path, {"email": "admin@medusa.js", "password": "x"}, format="json")
    # then
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == UNAVAILABLE
    assert response["Retry-After"] == "5"


def test_the_api_answers_again_once_the_database_is_back(staff_user):
    # given
    client = APIClient(HTTP_X_MEDUSA_ACCESS_TOKEN="test_token")
    with unreachable_database():
        assert client.get("/admin/auth").status_code == 503
    # when
    response = client.get("/admin/auth")
    # then
    assert response.status_code == 200


def test_health_says_the_database_is_reachable_without_credentials():
    # when: as a load balancer probes, by address
    response = Client().get("/health", HTTP_HOST="10.0.0.7")
    # then
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}
    assert response["Cache-Control"] == "no-store"


def test_health_is_503_when_the_database_is_unreachable():
    # when
    with unreachable_database():
        response = Client().get("/health")
    # then
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": False}
    assert response["Retry-After"] == "5"


@pytest.mark.postgres
def test_postgresql_sessions_have_the_statement_timeout():
    # when
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        (timeout,) = cursor.fetchone()
    # then
    assert timeout == "15s"
