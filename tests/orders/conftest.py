"""The orders tests reuse v1's draft-order fixture: orders only come from paid draft orders."""

from tests.draft_orders.conftest import seed  # noqa: F401
