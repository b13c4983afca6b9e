"""The project's own error type. Services raise it; only config/api turns it into HTTP (Medusa v1's mapping)."""

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
    INVALID_ARGUMENT = "invalid_argument"
    UNKNOWN_ERROR = "unknown_error"


class ErrorCode(StrEnum):
    INSUFFICIENT_INVENTORY = "insufficient_inventory"
    CART_INCOMPATIBLE_STATE = "cart_incompatible_state"


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


def not_found(entity: str, entity_id: str) -> MedusaError:
    """v1's most common 404 wording: `Region with reg_1 was not found`."""
    return MedusaError(ErrorType.NOT_FOUND, f"{entity} with {entity_id} was not found")
