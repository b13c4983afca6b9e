"""JSON bodies with v1's size limit, refusing anything but an object."""

import json

from django.conf import settings
from rest_framework import exceptions
from rest_framework.parsers import JSONParser


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "payload_too_large"


def _refuse_constant(name: str):
    """NaN and Infinity are not JSON (JavaScript's JSON.parse, and so v1, refuses them)."""
    raise ValueError(f"{name} is not valid JSON")


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge(f"Request body is larger than the limit of {limit} bytes")
        if not raw.strip():
            return {}
        try:
            text = raw.decode((parser_context or {}).get("encoding") or "utf-8")
            data = json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(f"The request body is not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise exceptions.ParseError("The request body must be a JSON object")
        return data
