"""The project's own error type. Services raise it; only config/api turns it into HTTP (Medusa v1's mapping)."""

from contextlib import contextmanager
from enum import StrEnum


class ErrorType(StrEnum):
    INVALID_DATA = "invalid_data"
    NOT_ALLOWED = "not_allowed"
    UNAUTHORIZED = "unauthorized"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    DUPLICATE_ERROR = "duplicate_error"
    PAYMENT_AUTHORIZATION_ERROR = "payment_authorization_error"
    UNEXPECTED_STATE = "unexpected_state"
    DATABASE_ERROR = "database_error"
    INVALID_ARGUMENT = "invalid_argument"
    UNKNOWN_ERROR = "unknown_error"


class ErrorCode(StrEnum):
    """The `code` a client can branch on (as Saleor's OrderErrorCode); the message stays v1's words."""

    # set by v1's error handler from the type
    INVALID_STATE_ERROR = "invalid_state_error"  # conflict
    INVALID_REQUEST_ERROR = "invalid_request_error"  # duplicate_error
    API_ERROR = "api_error"  # database_error
    UNKNOWN_ERROR = "unknown_error"
    # domain codes
    INSUFFICIENT_INVENTORY = "insufficient_inventory"
    CART_INCOMPATIBLE_STATE = "cart_incompatible_state"
    # ours: a throttled request
    TOO_MANY_REQUESTS = "too_many_requests"
    # ours: a write whose `If-Match` no longer matches (type not_allowed, status 412; issue 13's ETag)
    PRECONDITION_FAILED = "precondition_failed"


class MedusaError(Exception):
    """A domain error with v1's `type`, message and optional `code`; `field` points admin forms at the input."""

    def __init__(self, type: ErrorType, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.type = ErrorType(type)
        self.message = message
        self.code = code
        self.field = field

    def __repr__(self):
        return f"MedusaError({self.type.value!r}, {self.message!r})"


@contextmanager
def refusals_named(field: str):
    """A refusal raised inside that names no input is said to be about `field` (where an admin form shows it)."""
    try:
        yield
    except MedusaError as error:
        error.field = error.field or field
        raise


def not_found(entity: str, entity_id: str) -> MedusaError:
    """v1's most common 404 wording: `Region with reg_1 was not found`."""
    return MedusaError(ErrorType.NOT_FOUND, f"{entity} with {entity_id} was not found")
