"""Settings come from the environment: each case imports the settings in a fresh interpreter with a known env."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-production-secret-key-that-is-long-and-random-enough",
    "DJANGO_ALLOWED_HOSTS": "shop.example.com,admin.example.com",
    "JWT_SECRET": "a-production-jwt-secret-that-is-long-enough",
    "CELERY_BROKER_URL": "redis://broker.example.com:6379/0",
}
PROBE = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST"), "port": db.get("PORT"),
    "user": db.get("USER"), "debug": settings.DEBUG, "allowed_hosts": settings.ALLOWED_HOSTS,
    "secret_key": settings.SECRET_KEY, "jwt_secret": settings.JWT_SECRET,
    "ssl_redirect": getattr(settings, "SECURE_SSL_REDIRECT", False),
    "cache": settings.CACHES["default"]["BACKEND"], "max_body": settings.API_MAX_BODY_BYTES,
    "cache_location": settings.CACHES["default"].get("LOCATION"), "options": db.get("OPTIONS", {}),
    "health_checks": db.get("CONN_HEALTH_CHECKS"), "hsts": [
        getattr(settings, "SECURE_HSTS_SECONDS", 0), getattr(settings, "SECURE_HSTS_INCLUDE_SUBDOMAINS", False),
        getattr(settings, "SECURE_HSTS_PRELOAD", False),
    ],
    "broker": settings.CELERY_BROKER_URL, "allow_private_urls": settings.WEBHOOKS_ALLOW_PRIVATE_URLS,
}))
"""

pytestmark = pytest.mark.skipif(
    (BASE_DIR / ".env").exists(), reason="a .env file would leak its values into the controlled environment"
)


def load_settings(module: str, probe: str = PROBE, **env: str) -> subprocess.CompletedProcess:
    """Import `module` with only PATH and `env` set (no DATABASE_URL, no secrets from the caller)."""
    environment = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": module, **env}
    return subprocess.run(
        [sys.executable, "-c", probe], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=60
    )


def loaded(module: str, probe: str = PROBE, **env: str) -> dict:
    result = load_settings(module, probe, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "JWT_SECRET", "CELERY_BROKER_URL"])
def test_production_refuses_to_start_without_each_secret(missing):
    # given
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != missing}
    # when
    result = load_settings("config.settings.production", **env)
    # then
    assert result.returncode != 0
    assert f"django.core.exceptions.ImproperlyConfigured: Set the {missing} environment variable" in result.stderr


def test_production_refuses_an_empty_value_too():
    result = load_settings("config.settings.production", **{**PRODUCTION_ENV, "JWT_SECRET": ""})
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set the JWT_SECRET environment variable" in result.stderr


def test_production_starts_with_its_secrets():
    # when
    production = loaded("config.settings.production", **PRODUCTION_ENV)
    # then
    assert production["debug"] is False
    assert production["allowed_hosts"] == ["shop.example.com", "admin.example.com"]
    assert production["secret_key"] == PRODUCTION_ENV["DJANGO_SECRET_KEY"]
    assert production["jwt_secret"] == PRODUCTION_ENV["JWT_SECRET"]
    assert production["ssl_redirect"] is True
    assert production["broker"] == "redis://broker.example.com:6379/0"
    assert production["allow_private_urls"] is False


def test_production_ssl_redirect_can_be_turned_off():
    production = loaded("config.settings.production", **PRODUCTION_ENV, DJANGO_SECURE_SSL_REDIRECT="false")
    assert production["ssl_redirect"] is False


@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.test", "config.settings.production"])
def test_database_url_defaults_to_a_sqlite_file_under_var(module):
    # when
    settings = loaded(module, **PRODUCTION_ENV)
    # then
    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["name"] == str(BASE_DIR / "var" / "db.sqlite3")


def test_a_postgres_url_selects_postgresql_with_psycopg_3():
    # when
    settings = loaded("config.settings.local", DATABASE_URL="postgres://shop:pw@db.internal:6543/draftorders")
    # then
    assert settings["engine"] == "django.db.backends.postgresql"
    assert (settings["name"], settings["host"], settings["port"], settings["user"]) == (
        "draftorders",
        "db.internal",
        6543,
        "shop",
    )
    # the postgresql backend runs on psycopg 3 (it prefers psycopg over psycopg2 when both are installed)
    result = subprocess.run(
        [sys.executable, "-c", "import psycopg, django.db.backends.postgresql.psycopg_any as p; print(p.is_psycopg3)"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "True", result.stderr


def test_local_settings_work_with_no_environment_at_all():
    # when
    local = loaded("config.settings.local")
    # then
    assert local["debug"] is True
    assert local["secret_key"] and local["jwt_secret"]
    assert "127.0.0.1" in local["allowed_hosts"]


def test_other_variables_are_read_from_the_environment():
    # when
    settings = loaded(
        "config.settings.local",
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="a.example",
        CACHE_URL="dummycache://",
        API_MAX_BODY_BYTES="2048",
    )
    # then
    assert settings["debug"] is False
    assert settings["allowed_hosts"] == ["a.example"]
    assert settings["cache"] == "django.core.cache.backends.dummy.DummyCache"
    assert settings["max_body"] == 2048


DATABASES_PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({"replicas": settings.DATABASE_REPLICAS, "databases": {
    alias: {"host": db["HOST"], "port": db["PORT"], "mirror": db["TEST"]["MIRROR"], "max_age": db["CONN_MAX_AGE"]}
    for alias, db in settings.DATABASES.items()
}}))
"""
REPLICA_URLS = "postgres://shop@replica-a.internal:5432/draftorders,postgres://shop@replica-b.internal:5433/draftorders"


def test_each_replica_url_becomes_a_replica_alias_that_tests_point_at_the_primarys_test_database():
    # when
    settings = loaded(
        "config.settings.test",
        DATABASES_PROBE,
        DATABASE_URL="postgres://shop@primary.internal:5432/draftorders",
        DATABASE_REPLICA_URLS=REPLICA_URLS,
    )
    # then
    assert settings["replicas"] == ["replica_1", "replica_2"]
    databases = settings["databases"]
    assert (databases["replica_1"]["host"], databases["replica_1"]["port"]) == ("replica-a.internal", 5432)
    assert (databases["replica_2"]["host"], databases["replica_2"]["port"]) == ("replica-b.internal", 5433)
    assert [databases[alias]["mirror"] for alias in ("default", "replica_1", "replica_2")] == [
        None,
        "default",
        "default",
    ]


def test_without_replica_urls_there_is_only_the_primary():
    # when
    settings = loaded("config.settings.test", DATABASES_PROBE)
    # then
    assert settings["replicas"] == []
    assert list(settings["databases"]) == ["default"]


def test_production_keeps_replica_connections_open_as_long_as_the_primarys():
    # when
    settings = loaded(
        "config.settings.production",
        DATABASES_PROBE,
        **PRODUCTION_ENV,
        DATABASE_REPLICA_URLS=REPLICA_URLS,
        DJANGO_CONN_MAX_AGE="120",
    )
    # then
    assert {alias: db["max_age"] for alias, db in settings["databases"].items()} == {
        "default": 120,
        "replica_1": 120,
        "replica_2": 120,
    }


def test_production_takes_a_redis_cache_url_as_djangos_redis_cache():
    # when
    production = loaded("config.settings.production", **PRODUCTION_ENV, CACHE_URL="redis://cache.internal:6379/2")
    # then
    assert production["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_production_shares_its_cache_through_the_database_unless_told_otherwise():
    # when
    default = loaded("config.settings.production", **PRODUCTION_ENV)
    # then: every worker and host counts failed logins together
    assert (default["cache"], default["cache_location"]) == (
        "django.core.cache.backends.db.DatabaseCache",
        "django_cache",
    )


def test_production_sends_hsts_by_default_and_it_can_be_tuned():
    # when
    default = loaded("config.settings.production", **PRODUCTION_ENV)
    tuned = loaded(
        "config.settings.production",
        **PRODUCTION_ENV,
        DJANGO_SECURE_HSTS_SECONDS="3600",
        DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        DJANGO_SECURE_HSTS_PRELOAD="false",
    )
    # then
    assert default["hsts"] == [31_536_000, True, True]
    assert tuned["hsts"] == [3600, False, False]


def test_production_passes_djangos_deployment_checks_without_a_warning():
    # given: the variables production requires, with a secret key as long and random as Django asks
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "k7#Qx!2vR9@mLp4$Zt8&Wn1^Yb6*Hc3(Jd5)Fg0-Se+Ua=Ei_Oo9%Rr2~Tt"}
    environment = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "config.settings.production", **env}
    # when
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_connections_are_health_checked_and_postgresql_statements_time_out():
    # when
    sqlite = loaded("config.settings.production", **PRODUCTION_ENV)
    postgres = loaded("config.settings.production", **PRODUCTION_ENV, DATABASE_URL="postgres://db.internal/shop")
    tuned = loaded(
        "config.settings.production",
        **PRODUCTION_ENV,
        DATABASE_URL="postgres://db.internal/shop",
        DATABASE_STATEMENT_TIMEOUT_MS="2500",
    )
    # then
    assert sqlite["health_checks"] is True and postgres["health_checks"] is True
    assert "options" not in sqlite["options"]
    assert (postgres["options"]["options"], postgres["options"]["connect_timeout"]) == ("-c statement_timeout=15000", 5)
    assert tuned["options"]["options"] == "-c statement_timeout=2500"


def test_local_settings_deliver_through_a_broker_in_files_without_celery_broker_url():
    # when
    local = loaded("config.settings.local")
    # then: the worker `make run` starts beside the dev server reads var/celery/
    assert local["broker"] == "filesystem://"
    assert local["allow_private_urls"] is False


def test_the_broker_and_the_private_url_switch_come_from_the_environment():
    # when
    local = loaded(
        "config.settings.local", CELERY_BROKER_URL="redis://127.0.0.1:6379/3", WEBHOOKS_ALLOW_PRIVATE_URLS="true"
    )
    # then
    assert (local["broker"], local["allow_private_urls"]) == ("redis://127.0.0.1:6379/3", True)
