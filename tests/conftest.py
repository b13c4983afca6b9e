import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.seed import tax_region_seed, v1_seed


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_user(db):
    return UserFactory(email="admin@medusa.js", api_token="test_token")


@pytest.fixture
def anna(db):
    """A staff user with a first name only, as timelines name people ("Anna added …")."""
    return UserFactory(first_name="Anna", last_name="", email="anna@example.com", api_token="anna_token")


@pytest.fixture
def billing_service(db):
    """A service's user: its API token's calls read "API token of billing-service …"."""
    return UserFactory(first_name="billing-service", last_name="", email="billing@example.com", api_token="bill_token")


@pytest.fixture
def anonymous_client():
    return APIClient()


@pytest.fixture
def api(staff_user):
    """An API client authenticated as v1's integration tests are: `x-medusa-access-token: test_token`."""
    client = APIClient()
    client.credentials(HTTP_X_MEDUSA_ACCESS_TOKEN=staff_user.api_token)
    return client


@pytest.fixture
def queued(monkeypatch):
    """What was handed to the Celery workers, as (delivery id, countdown) pairs, instead of reaching a broker."""
    calls = []
    monkeypatch.setattr(
        "webhooks.tasks.queue_delivery", lambda delivery_id, *, countdown=None: calls.append((delivery_id, countdown))
    )
    return calls


@pytest.fixture
def seed(db, staff_user):
    """v1's integration-test data: regions, products, discounts, customers, shipping options, a draft order."""
    return v1_seed()


class Clock:
    """What `django.utils.timezone.now()` answers while the `clock` fixture is on: a fixed time, moved by hand."""

    def __init__(self, now):
        self.now = now

    def advance(self, **delta) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """Time pinned at 2030-01-01 10:00 UTC for the services, the API and the rows' timestamps; `clock.advance(...)`."""
    from datetime import UTC, datetime

    from django.utils import timezone

    pinned = Clock(datetime(2030, 1, 1, 10, 0, tzinfo=UTC))
    monkeypatch.setattr(timezone, "now", lambda: pinned.now)
    return pinned


@pytest.fixture
def stocked(seed):
    """The seed with stock for many orders: each paid order takes its own (departure "Mark Paid takes the stock")."""
    from products.models import ProductVariant

    ProductVariant.all_objects.update(inventory_quantity=1000)
    return seed


@pytest.fixture
def tax_region(seed):
    """v1's probe region (reference "the 25 % tax region"): usd at 25 %, one country (dk), a 1000 flat option
    `tax-option`, and the discounts the probes apply."""
    return tax_region_seed()


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
    if not settings.DATABASE_REPLICAS:
        skip = pytest.mark.skip(reason="needs a streaming replica: make test-replica")
        for item in items:
            if "replica" in item.keywords:
                item.add_marker(skip)
