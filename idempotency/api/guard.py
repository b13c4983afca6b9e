"""`Idempotency-Key` on the API's writes (the IETF httpapi idempotency-key draft, as Stripe does it).

`API_REQUEST_GUARD` names `idempotency_guard`: MedusaAPIView calls it once the caller is authenticated, and
hands the guard the view's final answer. A POST or DELETE with the header claims the key before the view
runs; its 2xx or 4xx answer is stored and a retry with the same key and request gets it again, byte for byte.
"""

import hashlib
import json

from django.http import HttpResponse
from django.utils import timezone

from config.api.views import ImmediateResponse
from config.errors import ErrorType, MedusaError
from idempotency.models import IdempotencyKey
from idempotency.services import (
    KeyedRequest,
    idempotency_key_claim,
    idempotency_key_complete,
    idempotency_key_release,
)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEYED_METHODS = frozenset({"POST", "DELETE"})
MAX_KEY_LENGTH = 255
# the answer's headers a replay repeats; never cookies or anything else tied to the first request's session
KEPT_HEADERS = ("Content-Type", "ETag", "Location")
# a conflict invites the caller to retry with the same key (v1's 409 message), so it must not stick to the key
NOT_STORED_STATUSES = frozenset({409})


def idempotency_guard(request) -> "IdempotencyGuard | None":
    """The guard of an authenticated POST or DELETE with the header; None for every other request.

    Raises 400 for a key that is not one, 409/422 from the claim, or ImmediateResponse with a stored answer.
    A public request (logging in) has no caller to scope a key to, and ignores the header.
    """
    key = request.headers.get(HEADER)
    if key is None or request.method not in KEYED_METHODS or not request.user.is_authenticated:
        return None
    _check_key(key)
    claimed = idempotency_key_claim(
        user_id=request.user.pk, key=key, request=keyed_request(request), now=timezone.now()
    )
    if claimed.state == IdempotencyKey.State.DONE:
        raise ImmediateResponse(replayed_response(claimed))
    return IdempotencyGuard(claimed)


def _check_key(key: str) -> None:
    # class-validator's wording; the IETF draft's key is a string of printable ASCII
    if not key:
        raise MedusaError(ErrorType.INVALID_DATA, f"{HEADER} should not be empty")
    if len(key) > MAX_KEY_LENGTH:
        raise MedusaError(
            ErrorType.INVALID_DATA, f"{HEADER} must be shorter than or equal to {MAX_KEY_LENGTH} characters"
        )
    if not all(" " <= character <= "~" for character in key):
        raise MedusaError(ErrorType.INVALID_DATA, f"{HEADER} must contain only printable ASCII characters")


def keyed_request(request) -> KeyedRequest:
    """Method, path with its query, and a hash of the parsed body: a retry whose JSON differs only in spacing or
    key order is the same request. Parsing here refuses an unreadable body (400/413/415) before the claim."""
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"))
    return KeyedRequest(
        method=request.method,
        path=request.get_full_path(),
        body_hash=hashlib.sha256(body.encode()).hexdigest(),
    )


def replayed_response(key: IdempotencyKey) -> HttpResponse:
    return HttpResponse(
        bytes(key.response_body),
        status=key.response_status,
        headers={**key.response_headers, REPLAYED_HEADER: "true"},
    )


class IdempotencyGuard:
    def __init__(self, key: IdempotencyKey):
        self.key = key

    def finish(self, response):
        """Stores a 2xx or 4xx answer under the key; a 5xx or a conflict releases it, so a retry runs again."""
        if response.status_code >= 500 or response.status_code in NOT_STORED_STATUSES:
            idempotency_key_release(key=self.key)
            return response
        try:
            if hasattr(response, "render"):
                response.render()  # a REST framework Response: the bytes a replay repeats
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            idempotency_key_complete(key=self.key, status=response.status_code, headers=headers, body=response.content)
        except BaseException:
            idempotency_key_release(key=self.key)
            raise
        return response
