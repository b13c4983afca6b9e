"""Where reads go when replicas are configured (config/replicas.py), decided without touching a replica.

Each case runs a request through ReplicaReadMiddleware with a view that asks the router where a read and a
write go; test_replica_streaming.py shows the same against a real streaming replica.
"""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import router, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from config.replicas import ReplicaReadMiddleware, ReplicaRouter, caller_marker_key
from draft_orders.models import DraftOrder

TOKEN = {"HTTP_X_MEDUSA_ACCESS_TOKEN": "token-of-a"}
OTHER_TOKEN = {"HTTP_X_MEDUSA_ACCESS_TOKEN": "token-of-b"}


@pytest.fixture(autouse=True)
def _two_replicas(settings):
    settings.DATABASE_REPLICAS = ["replica_1", "replica_2"]
    settings.DATABASE_REPLICA_STICKY_SECONDS = 600


def request_through_middleware(method: str, *, view=None, **headers):
    """The aliases the router chose during the request: reads of a draft order, before and after the view."""
    seen = {}

    def default_view(request):
        seen["read"] = router.db_for_read(DraftOrder)
        seen["session_read"] = router.db_for_read(Session)
        return HttpResponse()

    def get_response(request):
        response = (view or default_view)(request)
        seen.setdefault("read", router.db_for_read(DraftOrder))
        return response

    request = getattr(RequestFactory(), method.lower())("/admin/draft-orders", **headers)
    seen["response"] = ReplicaReadMiddleware(get_response)(request)
    return seen


def marked(headers: dict) -> bool:
    token = headers["HTTP_X_MEDUSA_ACCESS_TOKEN"]
    return cache.get(caller_marker_key(authorization=None, api_token=token, session_key=None)) == 1


def test_a_get_of_a_caller_that_did_not_write_reads_a_replica():
    # when
    seen = request_through_middleware("GET", **TOKEN)
    # then
    assert seen["read"] in ("replica_1", "replica_2")
    assert not marked(TOKEN)


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_every_safe_method_reads_a_replica(method):
    assert request_through_middleware(method, **TOKEN)["read"] in ("replica_1", "replica_2")


def test_sessions_are_always_read_from_the_primary():
    # a login's new session is read by the caller's very next request
    assert request_through_middleware("GET", **TOKEN)["session_read"] == "default"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_write_request_reads_the_primary_and_marks_its_caller(method):
    # when
    seen = request_through_middleware(method, **TOKEN)
    # then
    assert seen["read"] == "default"
    assert marked(TOKEN)


def test_the_callers_next_get_reads_the_primary_while_another_caller_reads_a_replica():
    # given
    request_through_middleware("POST", **TOKEN)
    # when
    writer = request_through_middleware("GET", **TOKEN)
    other = request_through_middleware("GET", **OTHER_TOKEN)
    # then
    assert writer["read"] == "default"
    assert other["read"] in ("replica_1", "replica_2")


def test_a_get_that_writes_reads_the_primary_from_then_on_and_marks_its_caller():
    # given
    def view(request):
        before = router.db_for_read(DraftOrder)
        assert router.db_for_write(DraftOrder) == "default"
        return HttpResponse(before)

    # when
    seen = request_through_middleware("GET", view=view, **TOKEN)
    # then
    assert seen["response"].content.decode() in ("replica_1", "replica_2")
    assert seen["read"] == "default"
    assert marked(TOKEN)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # a real transaction, none around the test
def test_reads_inside_a_transaction_go_to_the_primary():
    # given
    def view(request):
        with transaction.atomic():
            return HttpResponse(router.db_for_read(DraftOrder))

    # when
    seen = request_through_middleware("GET", view=view, **TOKEN)
    # then
    assert seen["response"].content.decode() == "default"


def test_a_login_marks_the_session_cookie_it_hands_out():
    # given
    def login(request):
        response = HttpResponse()
        response.set_cookie("connect.sid", "new-session-key")
        return response

    # when
    request_through_middleware("POST", view=login)
    # then
    key = caller_marker_key(authorization=None, api_token=None, session_key="new-session-key")
    assert cache.get(key) == 1


def test_a_caller_without_credentials_is_not_told_apart_so_its_gets_still_read_a_replica():
    # given
    request_through_middleware("POST")
    # when
    seen = request_through_middleware("GET")
    # then
    assert seen["read"] in ("replica_1", "replica_2")


def test_without_replicas_everything_reads_the_primary_and_nothing_is_remembered(settings):
    # given
    settings.DATABASE_REPLICAS = []
    # when
    read = request_through_middleware("GET", **TOKEN)["read"]
    request_through_middleware("POST", **TOKEN)
    # then
    assert read == "default"
    assert not marked(TOKEN)


def test_outside_a_request_reads_and_writes_go_to_the_primary():
    # a management command, a worker
    assert (router.db_for_read(DraftOrder), router.db_for_write(DraftOrder)) == ("default", "default")


def test_only_the_primary_is_migrated_and_rows_of_any_alias_relate():
    # given
    replica_router = ReplicaRouter()
    # then
    assert replica_router.allow_migrate("default", "draft_orders") is True
    assert replica_router.allow_migrate("replica_1", "draft_orders") is False
    assert replica_router.allow_relation(object(), object()) is True
