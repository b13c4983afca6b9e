"""The idempotency tests make draft orders on v1's draft-order fixture."""

from tests.draft_orders.conftest import seed  # noqa: F401
