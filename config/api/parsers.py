"""JSON bodies with v1's size limit, refusing anything but an object."""

import json
import re

from django.conf import settings
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

from config.api.validation import walk_json


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "payload_too_large"

    def __init__(self):
        super().__init__(f"Request body is larger than the limit of {settings.API_MAX_BODY_BYTES} bytes")


def _refuse_constant(name: str):
    """NaN and Infinity are not JSON (JavaScript's JSON.parse, and so v1, refuses them)."""
    raise ValueError(f"{name} is not valid JSON")


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge()
        if not raw.strip():
            return {}
        try:
            text = raw.decode((parser_context or {}).get("encoding") or "utf-8")
            data = json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(f"The request body is not valid JSON: {exc}") from None
        except RecursionError:  # thousands of nested arrays or objects
            raise exceptions.ParseError("The request body is nested too deeply") from None
        if not isinstance(data, dict):
            raise exceptions.ParseError("The request body must be a JSON object")
        _refuse_lone_surrogates(data)
        return data


_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_lone_surrogates(data: dict) -> None:
    """A `\\udfff` escape without its pair is no character: PostgreSQL cannot store it, nor UTF-8 echo it in a message
    (both answered 500): departure "lone surrogates", in the words of REST framework's string fields."""
    for item, _ in walk_json(data):
        surrogate = _SURROGATE.search(item) if isinstance(item, str) else None
        if surrogate:
            raise exceptions.ValidationError([f"Surrogate characters are not allowed: U+{ord(surrogate.group()):X}."])
