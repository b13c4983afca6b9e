"""Every API error as Medusa v1's JSON `{type, message[, code]}`, with v1's status mapping."""

import logging

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from config.api.parsers import PayloadTooLarge
from config.api.validation import flatten_messages
from config.errors import ErrorCode, ErrorType, MedusaError

logger = logging.getLogger("config.api")

STATUS_BY_TYPE = {
    ErrorType.INVALID_DATA: 400,
    ErrorType.NOT_ALLOWED: 400,
    ErrorType.UNAUTHORIZED: 401,
    ErrorType.NOT_FOUND: 404,
    ErrorType.CONFLICT: 409,
    ErrorType.DUPLICATE_ERROR: 422,
    ErrorType.PAYMENT_AUTHORIZATION_ERROR: 422,
    ErrorType.UNEXPECTED_STATE: 500,
    ErrorType.INVALID_ARGUMENT: 500,
    ErrorType.DATABASE_ERROR: 503,  # departure "database unavailable" (v1: 500)
}
# how long a client waits before retrying when the database is unreachable
DATABASE_RETRY_AFTER_SECONDS = 5

# Codes v1 has no status for: they keep their v1 type and answer this status.
STATUS_BY_CODE = {
    ErrorCode.PRECONDITION_FAILED: 412,
}

CONFLICT_MESSAGE = (
    "The request conflicted with another request. You may retry the request with the provided Idempotency-Key."
)
UNKNOWN_ERROR_BODY = {
    "code": ErrorCode.UNKNOWN_ERROR.value,
    "type": ErrorType.UNKNOWN_ERROR.value,
    "message": "An unknown error occurred.",
}


def error_body(error: MedusaError) -> tuple[int, dict]:
    """v1's error handler: status and body (JSON key order code, type, message; no code when unset)."""
    if error.type not in STATUS_BY_TYPE:
        return 500, dict(UNKNOWN_ERROR_BODY)
    code = error.code
    message = error.message
    if error.type is ErrorType.DUPLICATE_ERROR:
        code = ErrorCode.INVALID_REQUEST_ERROR.value
    elif error.type is ErrorType.DATABASE_ERROR:
        code = ErrorCode.API_ERROR.value
    elif error.type is ErrorType.CONFLICT:
        code, message = ErrorCode.INVALID_STATE_ERROR.value, CONFLICT_MESSAGE
    body = {"code": code} if code else {}
    body.update(type=error.type.value, message=message)
    return STATUS_BY_CODE.get(code, STATUS_BY_TYPE[error.type]), body


def as_medusa_error(exc) -> MedusaError | None:
    """Translate DRF's and Django's exceptions into the project's error; None for anything unexpected."""
    if isinstance(exc, MedusaError):
        return exc
    if isinstance(exc, exceptions.ValidationError):
        return MedusaError(ErrorType.INVALID_DATA, ", ".join(flatten_messages(exc.detail)))
    if isinstance(exc, exceptions.ParseError):
        return MedusaError(ErrorType.INVALID_DATA, str(exc.detail))
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return MedusaError(ErrorType.UNAUTHORIZED, "Unauthorized")
    if isinstance(exc, exceptions.NotFound | Http404):
        return MedusaError(ErrorType.NOT_FOUND, "Not found")
    return None


# Statuses v1 has no type for: ours, still in the error shape.
EXTRA_STATUS = {
    exceptions.PermissionDenied: (403, ErrorType.NOT_ALLOWED),
    exceptions.MethodNotAllowed: (405, ErrorType.NOT_ALLOWED),
    exceptions.UnsupportedMediaType: (415, ErrorType.INVALID_DATA),
    exceptions.NotAcceptable: (406, ErrorType.INVALID_DATA),
    exceptions.Throttled: (429, ErrorType.NOT_ALLOWED),
}


def exception_response(exc, request=None) -> tuple[int, dict]:
    if isinstance(exc, PermissionDenied):  # Django's own, as DRF's default handler treats it
        exc = exceptions.PermissionDenied()
    if isinstance(exc, RequestDataTooBig):  # over DATA_UPLOAD_MAX_MEMORY_SIZE, so over the API's limit too
        exc = PayloadTooLarge()
    elif isinstance(exc, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return 400, {"type": ErrorType.INVALID_DATA.value, "message": f"Too many query parameters (over {limit})"}
    elif isinstance(exc, SuspiciousOperation | BadRequest):  # a disallowed Host header and the like
        return 400, {"type": ErrorType.INVALID_DATA.value, "message": "Bad request"}
    for exc_class, (status, error_type) in EXTRA_STATUS.items():
        if isinstance(exc, exc_class):
            body = {"type": error_type.value, "message": str(exc.detail)}
            if status == 429:
                body = {"code": ErrorCode.TOO_MANY_REQUESTS.value, **body}
            return status, body
    if isinstance(exc, exceptions.APIException) and exc.status_code == 413:
        return 413, {"type": ErrorType.INVALID_DATA.value, "message": str(exc.detail)}
    if isinstance(exc, OperationalError | InterfaceError):  # unreachable, closed, or too slow (statement timeout)
        logger.error("Database unavailable%s", f" on {request.method} {request.path}" if request else "", exc_info=exc)
        return error_body(MedusaError(ErrorType.DATABASE_ERROR, "The database is unavailable. Try again later."))
    error = as_medusa_error(exc)
    if error is None:
        where = f" on {request.method} {request.path}" if request is not None else ""
        logger.error("Unexpected error%s", where, exc_info=exc)
        return 500, dict(UNKNOWN_ERROR_BODY)
    return error_body(error)


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: never lets an exception escape as an HTML page."""
    status, body = exception_response(exc, context.get("request"))
    set_rollback()  # the handler answers instead of raising, so an ATOMIC_REQUESTS transaction must not commit
    headers = retry_after(status)
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="admin"'
    if isinstance(exc, exceptions.Throttled) and exc.wait:
        headers["Retry-After"] = str(int(exc.wait))
    return Response(body, status=status, headers=headers)


def retry_after(status: int) -> dict:
    return {"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)} if status == 503 else {}


def api_error_response(status: int, body: dict) -> JsonResponse:
    """An error body outside DRF, printed compactly as DRF's JSONRenderer (and Express) print it."""
    return JsonResponse(body, status=status, json_dumps_params={"separators": (",", ":")}, headers=retry_after(status))
