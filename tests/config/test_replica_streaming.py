"""Read replicas against a real PostgreSQL streaming replica: `make test-replica` starts one and runs these.

Which server answered is shown two ways: the queries each alias ran (CaptureQueriesContext), and what the
answer holds while the replica's replay is paused: a stale body can only come from the replica.
"""

import time

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from carts.models import Cart
from tests.factories import RegionFactory, ShippingOptionFactory, UserFactory

pytestmark = [
    pytest.mark.replica,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__"),
]

REPLAY_DEADLINE_SECONDS = 30


@pytest.fixture
def replica():
    return settings.DATABASE_REPLICAS[0]


@pytest.fixture(autouse=True)
def _one_replica_and_a_long_window(settings):
    # one replica, so every safe read goes to the one the test watches; a window no slow run outlasts
    settings.DATABASE_REPLICAS = settings.DATABASE_REPLICAS[:1]
    settings.DATABASE_REPLICA_STICKY_SECONDS = 600


def scalar(alias: str, sql: str, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def wait_for_replay(replica: str) -> None:
    """Until the replica has replayed everything the primary has written so far (PostgreSQL 15 has no blocking
    wait for an LSN, so this polls the replay position against a deadline)."""
    lsn = scalar(DEFAULT_DB_ALIAS, "SELECT pg_current_wal_lsn()")
    deadline = time.monotonic() + REPLAY_DEADLINE_SECONDS
    while not scalar(replica, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]):
        assert time.monotonic() < deadline, f"the replica did not replay up to {lsn}"
        time.sleep(0.01)


@pytest.fixture
def paused_replay(replica):
    """Stops the replica applying the primary's changes until the test ends: what it serves stays as it was."""
    wait_for_replay(replica)
    scalar(replica, "SELECT pg_wal_replay_pause()")
    yield
    scalar(replica, "SELECT pg_wal_replay_resume()")


def client_of(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_X_MEDUSA_ACCESS_TOKEN=user.api_token)
    return client


@pytest.fixture
def writer():
    return client_of(UserFactory())


@pytest.fixture
def reader():
    return client_of(UserFactory())


@pytest.fixture
def draft_order(writer) -> dict:
    option = ShippingOptionFactory(region=RegionFactory(countries=["us"]))
    response = writer.post(
        "/admin/draft-orders",
        {
            "email": "before@example.com",
            "region_id": option.region_id,
            "items": [{"title": "Gift wrap", "unit_price": 500, "quantity": 1}],
            "shipping_methods": [{"option_id": option.id}],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    return response.json()["draft_order"]


class Queries:
    """The queries a block ran on the primary and on the replica."""

    def __init__(self, replica: str):
        self.primary = CaptureQueriesContext(connections[DEFAULT_DB_ALIAS])
        self.replica = CaptureQueriesContext(connections[replica])

    def __enter__(self):
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    @property
    def on_replica(self) -> list[str]:
        return [query["sql"] for query in self.replica.captured_queries]

    @property
    def on_primary(self) -> list[str]:
        return [query["sql"] for query in self.primary.captured_queries]


def test_the_replica_alias_is_a_standby_of_the_primary(replica):
    # when
    standby = scalar(replica, "SELECT pg_is_in_recovery()")
    primary = scalar(DEFAULT_DB_ALIAS, "SELECT pg_is_in_recovery()")
    # then
    assert (standby, primary) == (True, False)
    assert scalar(replica, "SELECT current_database()") == scalar(DEFAULT_DB_ALIAS, "SELECT current_database()")


def test_list_and_retrieve_of_a_caller_that_did_not_write_are_served_by_the_replica(replica, reader, draft_order):
    # given
    wait_for_replay(replica)
    # when
    with Queries(replica) as queries:
        listed = reader.get("/admin/draft-orders")
        retrieved = reader.get(f"/admin/draft-orders/{draft_order['id']}")
    # then
    assert listed.status_code == 200, listed.json()
    assert [entry["id"] for entry in listed.json()["draft_orders"]] == [draft_order["id"]]
    assert retrieved.status_code == 200, retrieved.json()
    assert retrieved.json()["draft_order"]["cart"]["total"] == draft_order["cart"]["total"] == 1500
    assert queries.on_primary == []
    assert queries.on_replica
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in queries.on_replica)


def test_a_caller_reads_its_own_write_from_the_primary_while_others_read_the_replica(
    replica, writer, reader, draft_order, paused_replay
):
    # given
    url = f"/admin/draft-orders/{draft_order['id']}"
    # when
    with Queries(replica) as during_write:
        updated = writer.post(url, {"email": "after@example.com"}, format="json")
    with Queries(replica) as writers_read:
        writer_sees = writer.get(url)
    with Queries(replica) as readers_read:
        reader_sees = reader.get(url)
    # then the write and the writer's next read ran on the primary only
    assert updated.status_code == 200, updated.json()
    assert during_write.on_replica == []
    assert writer_sees.status_code == 200
    assert writer_sees.json()["draft_order"]["cart"]["email"] == "after@example.com"
    assert writers_read.on_replica == []
    assert writers_read.on_primary
    # and another caller's read came from the replica, which has not replayed the write yet
    assert reader_sees.status_code == 200
    assert reader_sees.json()["draft_order"]["cart"]["email"] == "before@example.com"
    assert readers_read.on_primary == []
    assert readers_read.on_replica
    assert Cart.objects.get(pk=draft_order["cart"]["id"]).email == "after@example.com"
