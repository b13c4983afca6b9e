"""The OpenAPI schema as Medusa v1's admin spec names it: every operation gets v1's shared error responses,
request components keep v1's `…Req` names, and query serializers expand into plain query parameters.

`MedusaAutoSchema` is REST framework's DEFAULT_SCHEMA_CLASS; `postprocess_medusa_components` is a
POSTPROCESSING_HOOK that adds the `Error` schema and the shared responses the operations point at.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import is_basic_serializer
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from config.api.querystring import EnumListField
from config.api.validation import MaxLengthMixin, RequestSerializer
from config.errors import ErrorType

# v1's `components.responses`, by the status every operation declares
ERROR_RESPONSES = {
    "400": "400_error",
    "401": "unauthorized",
    "404": "not_found_error",
    "409": "invalid_state_error",
    "422": "invalid_request_error",
    "500": "500_error",
    "503": "database_unavailable",
}
# a public login answers wrong credentials with `incorrect_credentials` (v1) and repeated failures with 429
LOGIN_ERROR_RESPONSES = {**ERROR_RESPONSES, "401": "incorrect_credentials", "429": "too_many_requests"}

ERROR_SCHEMA = {
    "title": "Response Error",
    "type": "object",
    "required": ["type", "message"],
    "properties": {
        "code": {
            "type": "string",
            "description": "A slug code to indicate the type of the error "
            "(v1's `invalid_state_error`, `invalid_request_error`, `api_error`, `unknown_error`, or a domain "
            "code such as `insufficient_inventory`).",
        },
        "message": {
            "type": "string",
            "description": "Description of the error that occurred.",
            "example": "first_name must be a string",
        },
        "type": {
            "type": "string",
            "description": "A slug indicating the type of the error.",
            "enum": [error_type.value for error_type in ErrorType],
        },
    },
}


def _error_response(description: str, example: dict) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": example}},
    }


# The project answers every error in the one JSON shape, also where v1 sent plain text (departure "errors in JSON").
SHARED_RESPONSES = {
    "400_error": _error_response(
        "Client Error: the request is invalid or not allowed",
        {"type": "invalid_data", "message": "email must be an email"},
    ),
    "500_error": _error_response(
        "Server Error", {"code": "unknown_error", "type": "unknown_error", "message": "An unknown error occurred."}
    ),
    "incorrect_credentials": _error_response(
        "User does not exist or incorrect credentials", {"type": "unauthorized", "message": "Unauthorized"}
    ),
    "invalid_request_error": _error_response(
        "Invalid Request Error",
        {
            "code": "invalid_request_error",
            "type": "duplicate_error",
            "message": "Discount with code TEST already exists.",
        },
    ),
    "invalid_state_error": _error_response(
        "Invalid State Error",
        {
            "code": "invalid_state_error",
            "type": "conflict",
            "message": "The request conflicted with another request. "
            "You may retry the request with the provided Idempotency-Key.",
        },
    ),
    "not_found_error": _error_response(
        "Not Found Error", {"type": "not_found", "message": "Draft order with dorder_01 was not found"}
    ),
    "unauthorized": _error_response(
        "User is not authorized. Must log in first", {"type": "unauthorized", "message": "Unauthorized"}
    ),
    "csrf_failed": _error_response(
        "A session-cookie request that changes something came without the `X-CSRFToken` header",
        {"type": "not_allowed", "message": "CSRF Failed: CSRF token missing."},
    ),
    "payload_too_large": _error_response(
        "The body is larger than API_MAX_BODY_BYTES (v1's 100 kb)",
        {"type": "invalid_data", "message": "Request body is larger than the limit of 102400 bytes"},
    ),
    "unsupported_media_type": _error_response(
        "The body is not `application/json`",
        {"type": "invalid_data", "message": 'Unsupported media type "text/plain" in request.'},
    ),
    "database_unavailable": _error_response(
        "The database cannot be reached (or did not answer in time); retry after the `Retry-After` seconds",
        {"code": "api_error", "type": "database_error", "message": "The database is unavailable. Try again later."},
    ),
    "too_many_requests": _error_response(
        "Too many failed logins from this client; retry after the `Retry-After` seconds",
        {"code": "too_many_requests", "type": "not_allowed", "message": "Request was throttled."},
    ),
    "precondition_failed": _error_response(
        "`If-Match` names an ETag the resource no longer has: it changed since it was read; nothing was changed",
        {
            "code": "precondition_failed",
            "type": "not_allowed",
            "message": "The draft order was changed since you read it: its ETag no longer matches If-Match",
        },
    ),
}
NOT_MODIFIED = {"description": "Not Modified: `If-None-Match` names the resource's current ETag; no body"}


class MedusaAutoSchema(AutoSchema):
    """REST framework's DEFAULT_SCHEMA_CLASS: v1's names, error responses and parameter shapes for every view."""

    def _get_serializer_name(self, serializer, direction, bypass_extensions=False) -> str:
        name = super()._get_serializer_name(serializer, direction, bypass_extensions)
        # COMPONENT_SPLIT_REQUEST appends "Request"; an input-only serializer already has v1's name (…Req)
        if direction == "request" and isinstance(serializer, RequestSerializer):
            name = name.removesuffix("Request")
        return name

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        payload = getattr(field, "payload_serializer", None)
        if payload is not None:  # an object of that serializer's fields, or the id of an existing one
            schema = {"anyOf": [self.resolve_serializer(payload, direction).ref, {"type": "string"}]}
            if field.allow_null:
                schema["nullable"] = True
            return schema
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, MaxLengthMixin) and field.max_length is not None and schema is not None:
            schema["maxLength"] = field.max_length  # checked by the field itself, not by a validator spectacular reads
        if isinstance(field.parent, serializers.ListField) and schema is not None:
            schema.pop("nullable", None)  # an optional field allows null; an item of a list does not
        is_column = isinstance(field.parent, serializers.Serializer)  # not the child of a dict or list field
        if isinstance(field, serializers.JSONField) and is_column and schema is not None and "type" not in schema:
            schema = {"type": "object", "additionalProperties": {}, **schema}  # metadata, context, data: objects
        return schema

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if "__doc__" not in vars(type(serializer)) or not type(serializer).__doc__:
            schema.pop("description", None)  # a base class's docstring says nothing about this component
        if direction == "response" and schema.get("properties"):
            # an output serializer prints every key (null when unset), except those its context may leave out
            optional = getattr(serializer, "context_dependent_fields", ())
            required = [name for name in schema["properties"] if optional is not True and name not in optional]
            if required:
                schema["required"] = required
            else:
                schema.pop("required", None)
        return schema

    def _get_request_body(self, direction="request"):
        """Spectacular documents a body for POST, PUT and PATCH only; v1's batch removals send one with DELETE."""
        if self.method != "DELETE" or not self._declares_request():
            return super()._get_request_body(direction)
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        public = self._is_public()
        errors = dict(LOGIN_ERROR_RESPONSES if public else ERROR_RESPONSES)
        if not public and self.method not in SAFE_METHODS:
            errors["403"] = "csrf_failed"
        has_body = self.method in ("POST", "PUT", "PATCH") or (self.method == "DELETE" and self._declares_request())
        if has_body and self.get_request_serializer() is not None:
            errors.update({"413": "payload_too_large", "415": "unsupported_media_type"})
        declared = {parameter.name for parameter in self.get_override_parameters() if hasattr(parameter, "name")}
        if "If-Match" in declared:
            errors["412"] = "precondition_failed"
        if "If-None-Match" in declared:
            responses.setdefault("304", dict(NOT_MODIFIED))
        for status, name in sorted(errors.items()):
            responses.setdefault(status, {"$ref": f"#/components/responses/{name}"})
        return responses

    def get_request_serializer(self):
        # a DELETE has a body only where its operation declares one (`@extend_schema(request=…)` answers first)
        return None if self.method == "DELETE" else super().get_request_serializer()

    def _declares_request(self) -> bool:
        return self.get_request_serializer() is not None

    def _is_public(self) -> bool:
        return not self.get_auth()

    def _process_override_parameters(self, direction="request"):
        """A query serializer becomes one parameter per field, objects as `qs` brackets (`created_at[gt]=…`).

        Spectacular would map its nested serializers to components and keep `nullable`; here every parameter
        is written inline. (`@extend_schema(parameters=…)` wraps get_override_parameters, so this expands them.)
        """
        declared = self.get_override_parameters()
        expanded = []
        for parameter in declared:
            expanded += self._query_parameters(parameter) if is_basic_serializer(parameter) else [parameter]
        self.get_override_parameters = lambda: expanded
        try:
            return super()._process_override_parameters(direction)
        finally:
            del self.get_override_parameters

    def _query_parameters(self, serializer) -> list[OpenApiParameter]:
        serializer = serializer() if isinstance(serializer, type) else serializer
        parameters = []
        for name, field in serializer.fields.items():
            if field.read_only:
                continue
            style = explode = None
            schema = self._query_schema(field)
            if schema.get("type") == "object":
                style, explode = "deepObject", True
            elif schema.get("type") == "array" or "oneOf" in schema:
                style, explode = "form", False  # `status=open,completed`, as v1 declares its arrays
            parameters.append(
                OpenApiParameter(
                    name,
                    type=schema,
                    location=OpenApiParameter.QUERY,
                    required=field.required,
                    description=str(field.help_text or "") or None,
                    style=style,
                    explode=explode,
                )
            )
        return parameters

    def _query_schema(self, field) -> dict:
        """A field's schema inline (never a component), without `nullable`, which a query value cannot be."""
        if isinstance(field, serializers.Serializer):
            return {
                "type": "object",
                "properties": {
                    name: self._query_schema(child) for name, child in field.fields.items() if not child.read_only
                },
            }
        if isinstance(field, EnumListField):
            return {"type": "array", "items": {"type": "string", "enum": list(field.choices)}}
        schema = self._map_serializer_field(field, "request")
        return _without_nullable(schema)


def _without_nullable(schema):
    if isinstance(schema, dict):
        return {key: _without_nullable(value) for key, value in schema.items() if key != "nullable"}
    if isinstance(schema, list):
        return [_without_nullable(value) for value in schema]
    return schema


def postprocess_medusa_components(result, generator, request, public):
    """Adds v1's `Error` schema and the shared error responses every operation refers to."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    components["schemas"] = dict(sorted(components["schemas"].items()))
    components["responses"] = dict(SHARED_RESPONSES)
    return result
