"""`X-Query-Count` (make bench's queries per request) is there only when DJANGO_QUERY_COUNT_HEADER turns it on."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]
RUN = {"cwd": BASE_DIR, "capture_output": True, "text": True, "timeout": 60}
COUNTING = ["config.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]


def test_the_header_counts_the_requests_queries(api, django_assert_num_queries, settings):
    # given
    settings.MIDDLEWARE = COUNTING
    # when
    with django_assert_num_queries(1):  # the token's user
        response = api.get("/admin/auth")
    # then
    assert response.status_code == 200
    assert response.json()["user"]["email"] == "admin@medusa.js"
    assert response["X-Query-Count"] == "1"


def test_an_error_answer_is_counted_too(anonymous_client, settings):
    # given
    settings.MIDDLEWARE = COUNTING
    # when
    response = anonymous_client.get("/admin/auth")
    # then
    assert response.status_code == 401
    assert response.json() == {"type": "unauthorized", "message": "Unauthorized"}
    assert response["X-Query-Count"] == "0"


def test_no_header_when_it_is_off(api):
    # when
    response = api.get("/admin/auth")
    # then
    assert response.status_code == 200
    assert "X-Query-Count" not in response
    assert "config.middleware.QueryCountMiddleware" not in settings.MIDDLEWARE


def test_the_variable_turns_it_on():
    # given
    probe = "import django; from django.conf import settings; django.setup(); print(settings.MIDDLEWARE[0])"
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    # when
    on = subprocess.run([sys.executable, "-c", probe], env={**env, "DJANGO_QUERY_COUNT_HEADER": "true"}, **RUN)
    off = subprocess.run([sys.executable, "-c", probe], env=env, **RUN)
    # then
    assert on.stdout.strip() == "config.middleware.QueryCountMiddleware"
    assert off.stdout.strip() == "config.middleware.HealthCheckMiddleware"
