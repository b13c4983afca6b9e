"""The shared cache in Redis (CACHE_URL=redis://…), against the machine's Redis at REDIS_TEST_URL.

What hosts must share lives there, not in a process: the failed-login counters and the read-your-writes
marks. Each test writes under a key prefix of its own and deletes only its own keys (never FLUSHDB: other
programs may use the same Redis).
"""

import os
import uuid

import environ
import pytest
import redis
from django.core.cache import caches

from config.replicas import caller_marker_key

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
STICKY_SECONDS = 600


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis answers at {REDIS_TEST_URL} (REDIS_TEST_URL)")
    yield client
    client.close()


@pytest.fixture
def prefix(settings, redis_client):
    """The default cache is Redis, parsed from a CACHE_URL as the settings parse it, under a fresh prefix."""
    prefix = f"draft-orders-test-{uuid.uuid4().hex}"
    # not `?key_prefix=` in the URL: django-environ lower-cases it for Django's Redis backend, which ignores it
    settings.CACHES = {"default": {**environ.Env.cache_url_config(REDIS_TEST_URL), "KEY_PREFIX": prefix}}
    yield prefix
    for key in redis_client.scan_iter(match=f"{prefix}:*"):
        redis_client.delete(key)


def stored_keys(redis_client, prefix: str) -> list[str]:
    return sorted(key.decode() for key in redis_client.scan_iter(match=f"{prefix}:*"))


def login(client, password: str):
    return client.post("/admin/auth", {"email": "admin@medusa.js", "password": password}, format="json")


def test_what_one_host_counts_another_host_reads(prefix):
    # given: two hosts' own connections to the cache
    host_a, host_b = caches.create_connection("default"), caches.create_connection("default")
    host_a.add("counter", 0)
    # when
    host_a.incr("counter")
    host_b.incr("counter")
    # then
    assert type(host_a).__module__ == "django.core.cache.backends.redis"
    assert (host_a.get("counter"), host_b.get("counter")) == (2, 2)


def test_failed_logins_are_counted_in_redis_so_every_host_sees_them(
    settings, staff_user, anonymous_client, redis_client, prefix
):
    # given
    settings.LOGIN_FAILURE_LIMIT = 2
    failures = [login(anonymous_client, "nope").status_code for _ in range(2)]
    # when
    throttled = login(anonymous_client, "secret_password")
    for key in stored_keys(redis_client, prefix):
        redis_client.delete(key)
    after_redis_forgot = login(anonymous_client, "secret_password")
    # then
    assert failures == [401, 401]
    assert throttled.status_code == 429
    assert (throttled.json()["type"], throttled.json()["code"]) == ("not_allowed", "too_many_requests")
    # the count was nowhere but in Redis: once Redis forgets it, this process lets the login through
    assert after_redis_forgot.status_code == 200


def test_a_write_marks_its_caller_in_redis_for_the_sticky_window(settings, api, staff_user, redis_client, prefix):
    # given
    settings.DATABASE_REPLICAS = ["replica_1"]  # no such connection here: a read sent there would fail
    settings.DATABASE_REPLICA_STICKY_SECONDS = STICKY_SECONDS
    # when
    deleted = api.delete("/admin/draft-orders/dorder_unknown")
    read_back = api.get("/admin/auth")
    # then
    assert deleted.status_code == 200
    key = caller_marker_key(authorization=None, api_token=staff_user.api_token, session_key=None)
    assert stored_keys(redis_client, prefix) == [f"{prefix}:1:{key}"]
    assert 0 < redis_client.ttl(f"{prefix}:1:{key}") <= STICKY_SECONDS
    # the caller's next read, on any host, goes to the primary
    assert read_back.status_code == 200
    assert read_back.json()["user"]["id"] == staff_user.id
