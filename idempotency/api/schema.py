"""The `Idempotency-Key` header in the OpenAPI schema: optional, on every authenticated POST and DELETE.

A POSTPROCESSING_HOOK (SPECTACULAR_SETTINGS), so config's schema class need not know this app. The 409 and
422 answers a key can get are v1's `invalid_state_error` and `invalid_request_error`, which every operation
already declares.
"""

from idempotency.api.guard import HEADER, KEYED_METHODS, MAX_KEY_LENGTH, REPLAYED_HEADER

PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
    "description": (
        "A key of printable ASCII, unique per request, such as a UUID (medusa-js sends one with every POST when "
        "retries are on). A retry with the same key, method, path and body gets the first request's answer "
        f"again with `{REPLAYED_HEADER}: true`, and nothing runs twice; while the first request still runs it "
        "gets 409; the key with a different request gets 422. 2xx and 4xx answers are kept, 5xx are not."
    ),
}


def postprocess_idempotency_key_header(result, generator, request, public):
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method.upper() in KEYED_METHODS and operation.get("security"):  # public logins have no caller
                operation.setdefault("parameters", []).append(dict(PARAMETER))
    return result
