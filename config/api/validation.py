"""Request validation worded as Medusa v1's class-validator: `email must be an email, region_id must be a string`.

Fields check JSON types strictly (no coercion), an optional field skips every check when missing or null
(`@IsOptional`), and unknown keys at any depth give `property X should not exist` before the field errors of
their object, as `whitelist + forbidNonWhitelisted` do. `flatten_messages` joins everything in field order.
"""

import json
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import EmailValidator
from django.core.validators import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField, empty


def flatten_messages(detail) -> list[str]:
    """Depth first, in field order, as class-validator collects child constraint messages."""
    if isinstance(detail, Mapping):
        return [message for value in detail.values() for message in flatten_messages(value)]
    if isinstance(detail, list | tuple):
        return [message for value in detail for message in flatten_messages(value)]
    return [str(detail)]


class ClassValidatorField:
    """Mixin: `messages` are what a wrong value fails with; `missing_messages` what a missing required one does."""

    messages: tuple[str, ...] = ()
    missing_messages: tuple[str, ...] | None = None

    def __init__(self, *args, not_empty: bool = False, null_clears: bool = False, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", not kwargs["required"])
        super().__init__(*args, **kwargs)
        self.not_empty = not_empty  # `@IsNotEmpty`: also refuses ""
        self.null_clears = null_clears  # an update's `null` is kept (it unsets the value) instead of skipped

    def invalid(self, messages=None):
        name = self.field_name or ""
        if not name and isinstance(self.parent, serializers.ListField):  # `@IsString({each: true})` and the like
            name = f"each value in {self.parent.field_name}"
        return serializers.ValidationError([m.format(name=name) for m in (messages or self.messages)])

    def validate_empty_values(self, data):
        if data is None and self.null_clears:
            return True, None
        if data is empty or data is None:
            if self.required:
                if self.not_empty:
                    raise self.invalid(("{name} should not be empty", *self.messages))
                raise self.invalid(self.missing_messages or self.messages)
            raise SkipField()
        if self.not_empty and data == "":
            try:
                self.to_internal_value(data)
            except serializers.ValidationError as exc:
                raise self.invalid(("{name} should not be empty", *exc.detail)) from None
            raise self.invalid(("{name} should not be empty",))
        return False, data

    def run_validation(self, data=empty):
        is_empty, data = self.validate_empty_values(data)
        if is_empty:
            return data
        value = self.to_internal_value(data)
        self.run_validators(value)
        return value


class MaxLengthMixin:
    """`@MaxLength(n)`, in class-validator's words; a RequestSerializer's `writes_to` sets n from the column
    (departure "column lengths")."""

    def __init__(self, *args, max_length: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_length = max_length  # after CharField's __init__, which would add a validator in DRF's words

    def run_validation(self, data=empty):
        value = super().run_validation(data)
        if isinstance(value, str) and self.max_length is not None and len(value) > self.max_length:
            raise self.invalid((f"{{name}} must be shorter than or equal to {self.max_length} characters",))
        return value


def column_max_length(model, name: str) -> int | None:
    """The length of `model`'s string column `name` (None for anything else): longer fails in PostgreSQL."""
    try:
        column = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if column.primary_key else getattr(column, "max_length", None)


class StringField(MaxLengthMixin, ClassValidatorField, serializers.CharField):
    messages = ("{name} must be a string",)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise self.invalid()
        return data


class EmailField(MaxLengthMixin, ClassValidatorField, serializers.EmailField):
    messages = ("{name} must be an email",)
    _validator = EmailValidator()

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise self.invalid()
        try:
            self._validator(data)
        except DjangoValidationError:
            raise self.invalid() from None
        return data


# the integer columns (as v1's in PostgreSQL) hold 32 bits: a larger number is refused here, before any database,
# so that SQLite and PostgreSQL answer alike (departure "32-bit numbers")
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def _out_of_range(value: int) -> tuple[str, ...] | None:
    """class-validator's @Min/@Max wording for a whole number no column can hold."""
    if value > INT_MAX:
        return (f"{{name}} must not be greater than {INT_MAX}",)
    if value < INT_MIN:
        return (f"{{name}} must not be less than {INT_MIN}",)
    return None


def _is_number(data) -> bool:
    return isinstance(data, int | float) and not isinstance(data, bool) and data == data and abs(data) != float("inf")


class NumberField(ClassValidatorField, serializers.FloatField):
    """`@IsNumber`: any finite JSON number; integral values come back as int."""

    messages = ("{name} must be a number conforming to the specified constraints",)

    def to_internal_value(self, data):
        if not _is_number(data):
            raise self.invalid()
        if not float(data).is_integer():
            return data
        value = int(data)
        if _out_of_range(value):
            raise self.invalid(_out_of_range(value))
        return value


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberInputField(NumberField):
    """`@IsNumber` on an integer column (quantities, prices, amounts): checked as any number, in v1's words, and
    a fraction refused here, the one place that decides it (departure "bad numbers": v1 lets it reach the
    database, or crashes). The value comes back as an int; the schema says integer, as v1's spec does for these
    columns.
    """

    def to_internal_value(self, data):
        number = super().to_internal_value(data)
        if not isinstance(number, int):
            raise self.invalid(("{name} must be an integer number",))
        return number


class IntegerField(ClassValidatorField, serializers.IntegerField):
    """`@IsInt`: a JSON number with no fractional part (2.0 is an integer, as in JavaScript)."""

    messages = ("{name} must be an integer number",)

    def to_internal_value(self, data):
        if not _is_number(data) or not float(data).is_integer():
            raise self.invalid()
        value = int(data)
        if _out_of_range(value):
            raise self.invalid(_out_of_range(value))
        return value


class BooleanField(ClassValidatorField, serializers.BooleanField):
    messages = ("{name} must be a boolean value",)

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            raise self.invalid()
        return data


@extend_schema_field(OpenApiTypes.BOOL)
class IncludesTaxField(ClassValidatorField, serializers.Field):
    """`includes_tax`: v1 declares it behind the `tax_inclusive_pricing` flag, which is off here for good
    (config/features.py: prices are tax-exclusive only). With the flag off v1 refuses any non-empty value in its
    own words, without "property": `includes_tax should not exist`, in the property's place among the others."""

    messages = ("{name} should not exist",)

    def validate_empty_values(self, data):
        if data is empty or data is None or data == "":  # v1's @IsEmpty lets these through
            raise SkipField()
        return False, data

    def to_internal_value(self, data):
        raise self.invalid()

    def to_representation(self, value):
        return value


class ObjectField(ClassValidatorField, serializers.DictField):
    """`@IsObject`: a JSON object of anything (metadata, data), as deep and as large as the settings allow
    (departure "metadata limits")."""

    messages = ("{name} must be an object",)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("child", serializers.JSONField())
        kwargs.setdefault(
            "help_text",
            f"A JSON object nested at most {settings.API_MAX_METADATA_DEPTH} levels deep (this object is the first) "
            f"and at most {settings.API_MAX_METADATA_BYTES} bytes as compact JSON.",
        )
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise self.invalid()
        refusal = _unstorable_json(data, max_depth=settings.API_MAX_METADATA_DEPTH)
        if refusal:
            raise self.invalid((refusal,))
        limit = settings.API_MAX_METADATA_BYTES
        if len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()) > limit:
            raise self.invalid((f"{{name}} must be shorter than or equal to {limit} bytes as JSON",))
        return data


NULL_CHARACTER_MESSAGE = "Null characters are not allowed."  # REST framework's wording for a string field


def walk_json(value):
    """Every value inside a parsed JSON value (object keys too), with its depth (the value itself is at 1); without
    recursion, since the depth is the client's to choose."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        yield item, depth
        if isinstance(item, dict | list):
            children = [*item, *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def _unstorable_json(value, *, max_depth: int) -> str | None:
    """Why an object cannot be stored, or None: deeper than allowed (recursing over it overflowed the stack), or a
    string with NUL, which PostgreSQL's jsonb refuses (a 500 before)."""
    for item, depth in walk_json(value):
        if isinstance(item, dict | list) and depth > max_depth:
            return f"{{name}} must not be nested deeper than {max_depth} levels"
        if isinstance(item, str) and "\x00" in item:
            return NULL_CHARACTER_MESSAGE
    return None


class EnumField(ClassValidatorField, serializers.ChoiceField):
    """`@IsEnum`: `status must be one of the following values: open, completed`."""

    def __init__(self, choices, *args, **kwargs):
        super().__init__(choices, *args, **kwargs)
        self.messages = ("{name} must be one of the following values: " + ", ".join(map(str, self.choices)),)

    def to_internal_value(self, data):
        if not isinstance(data, str) or data not in self.choices:
            raise self.invalid()
        return data


class ArrayField(ClassValidatorField, serializers.ListField):
    """`@IsArray` (+ `@IsNotEmpty` when required: a missing list fails both, `[]` passes)."""

    messages = ("{name} must be an array",)
    missing_messages = ("{name} should not be empty", "{name} must be an array")

    def to_internal_value(self, data):
        if not isinstance(data, list):
            raise self.invalid()
        values, errors = [], {}
        for index, item in enumerate(data):
            if isinstance(self.child, serializers.Serializer) and not isinstance(item, Mapping):
                errors[index] = [f"nested property {self.field_name} must be either object or array"]
                continue
            try:
                values.append(self.child.run_validation(item))
            except serializers.ValidationError as exc:
                errors[index] = exc.detail
        if errors and not isinstance(self.child, serializers.Serializer):
            # class-validator reports an `each` constraint once per property, not once per bad value
            raise serializers.ValidationError(list(dict.fromkeys(flatten_messages(errors))))
        if errors:
            raise serializers.ValidationError(errors)
        return values


class NestedArrayField(ArrayField):
    """`@IsArray() @ValidateNested({each: true})` without `@IsNotEmpty`: a missing list only fails IsArray."""

    missing_messages = ("{name} must be an array",)


class RequestSerializer(serializers.Serializer):
    """A request body or query: rejects unknown keys, then validates the declared fields in order.

    Nested as a field (`@ValidateNested`): missing or null fails as class-validator words it, unless declared
    `required=False` (`@IsOptional`), which skips it. `writes_to` names the model whose columns the fields fill: a
    string field named as one of its bounded columns refuses what the column cannot hold.
    """

    writes_to = None

    def get_fields(self):
        fields = super().get_fields()
        if self.writes_to is not None:
            for name, field in fields.items():
                if isinstance(field, MaxLengthMixin) and field.max_length is None:
                    field.max_length = column_max_length(self.writes_to, field.source or name)
        return fields

    def _not_an_object(self):
        return serializers.ValidationError([f"nested property {self.field_name} must be either object or array"])

    def validate_empty_values(self, data):
        if self.parent is not None and data is None and self.allow_null:  # declared nullable: null means "unset"
            return True, None
        if self.parent is not None and (data is empty or data is None):
            if self.required:
                raise self._not_an_object()
            raise SkipField()
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if not isinstance(data, Mapping):
            if self.parent is not None:  # a nested object given a string or a number
                raise self._not_an_object()
            raise serializers.ValidationError({"non_field_errors": ["The request body must be a JSON object"]})
        unknown = [key for key in data if key not in self.fields or self.fields[key].read_only]
        errors = {}
        if unknown:
            errors["__unknown__"] = [f"property {key} should not exist" for key in unknown]
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            errors.update(exc.detail)
        if errors:
            raise serializers.ValidationError(errors)
        return value


class IdObjectReq(RequestSerializer):
    """`{id}`: how v1 names an existing row in a list (`groups: [{id}]`, `sales_channels: [{id}]`)."""

    id = StringField(required=True)


def ids_of(objects: list[dict] | None) -> list[str] | None:
    """`[{"id": "a"}, {"id": "b"}]` → `["a", "b"]`."""
    return None if objects is None else [item["id"] for item in objects]


def validate_request(serializer_class, data, **context) -> dict:
    """Validate `data` with the serializer, raising DRF's ValidationError (which config/api turns into 400)."""
    serializer = serializer_class(data=data, context=context)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
