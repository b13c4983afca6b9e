"""Query strings as Express's `qs` parses them, so medusa-js's `status[0]=open` and `created_at[gt]=…` work."""

import re
from datetime import UTC, datetime

from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.validation import INT_MAX, ArrayField, ClassValidatorField, RequestSerializer, StringField
from config.errors import ErrorType, MedusaError

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def _assign(target: dict, path: list[str], value: str) -> None:
    key, rest = path[0], path[1:]
    if not rest:
        if key in target:
            existing = target[key]
            target[key] = (existing if isinstance(existing, list) else [existing]) + [value]
        else:
            target[key] = value
        return
    if rest[0] == "" or rest[0].isdigit():
        items = target.setdefault(key, [])
        if isinstance(items, str):
            items = target[key] = [items]
        if isinstance(items, list):
            items.append(value)
        return
    child = target.setdefault(key, {})
    if isinstance(child, dict):
        _assign(child, rest, value)


def parse_query(query_dict) -> dict:
    """`a=1&s[]=x&s[1]=y&d[gt]=z` becomes `{"a": "1", "s": ["x", "y"], "d": {"gt": "z"}}`."""
    parsed: dict = {}
    for raw_key, values in query_dict.lists():
        match = _KEY.match(raw_key)
        if not match:
            continue
        path = [match.group(1)] + re.findall(r"\[([^\[\]]*)\]", match.group(2))
        for value in values:
            _assign(parsed, path, value)
    return parsed


class QueryNumberField(ClassValidatorField, serializers.IntegerField):
    """`@IsNumber @Type(Number)`: a query value that must read as a number."""

    messages = ("{name} must be a number conforming to the specified constraints",)

    def __init__(self, *args, minimum: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.minimum = minimum

    def to_internal_value(self, data):
        try:
            number = float(data) if isinstance(data, str) and data.strip() else None
        except ValueError:
            number = None
        if number is None or number != number or abs(number) == float("inf"):
            raise self.invalid()
        if self.minimum is not None and number < self.minimum:
            raise self.invalid((f"{{name}} must not be less than {self.minimum}",))
        if number > INT_MAX:  # an offset past PostgreSQL's bigint answered 500
            raise self.invalid((f"{{name}} must not be greater than {INT_MAX}",))
        return int(number) if number.is_integer() else number


class QueryDateField(ClassValidatorField, serializers.DateTimeField):
    """`@IsDate` after `Date` conversion: `gt must be a Date instance`."""

    messages = ("{name} must be a Date instance",)

    def to_internal_value(self, data):
        value = None
        if isinstance(data, str):
            try:  # both raise ValueError for a well-formed impossible date such as 2020-13-45
                value = parse_datetime(data)
                day = parse_date(data) if value is None else None
            except ValueError:
                value = day = None
            if day is not None:
                value = datetime(day.year, day.month, day.day)
        if value is None:
            raise self.invalid()
        try:  # in UTC: PostgreSQL refuses an offset beyond ±15:59 (departure "query dates")
            return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
        except OverflowError:  # `0001-01-01T00:00+01:00` is before the first UTC datetime
            raise self.invalid() from None


class DateComparisonSerializer(RequestSerializer):
    lt = QueryDateField()
    gt = QueryDateField()
    lte = QueryDateField()
    gte = QueryDateField()


def date_comparison_filters(field: str, comparison: dict | None) -> dict:
    """`{"gt": d}` on `created_at` becomes `{"created_at__gt": d}` for a queryset filter."""
    return {f"{field}__{operator}": value for operator, value in (comparison or {}).items()}


def order_by_fields(order: str | None, allowed: dict[str, str]) -> list[str]:
    """v1's `order=field` / `order=-field` (default `created_at` descending), refusing fields it would not allow."""
    if not order:
        return ["-created_at", "-id"]
    field = order.removeprefix("-")
    if field not in allowed:
        raise MedusaError(ErrorType.INVALID_DATA, f"Order field {field} is not valid")
    return [f"{'-' if order.startswith('-') else ''}{allowed[field]}", "id"]


@extend_schema_field(OpenApiTypes.BOOL)
class QueryBooleanField(ClassValidatorField, serializers.Field):
    """v1's optionalBooleanMapper on a query value: `true`/`false` filter, anything else is ignored."""

    def to_internal_value(self, data):
        if data not in ("true", "false"):
            raise serializers.SkipField()
        return data == "true"

    def to_representation(self, value):
        return value


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})
class IdListField(ClassValidatorField, serializers.Field):
    """`@IsType([String, [String]])`: one id or a list of ids."""

    messages = ("{name} must be one of String or String[]",)

    def to_internal_value(self, data):
        if isinstance(data, str) or (isinstance(data, list) and all(isinstance(item, str) for item in data)):
            return data
        raise self.invalid()

    def to_representation(self, value):
        return value


class ListQuerySerializer(RequestSerializer):
    """What every v1 list endpoint accepts: offset/limit, plus `q` and `order` for those that declare them."""

    offset = QueryNumberField(minimum=0)
    limit = QueryNumberField(minimum=0)


class EnumListField(ArrayField):
    """`@IsArray @IsEnum(each)`: also takes the plain `status=open` form and comma-separated values."""

    def __init__(self, choices, **kwargs):
        super().__init__(child=StringField(), **kwargs)
        self.choices = list(choices)

    def to_internal_value(self, data):
        values = [data] if isinstance(data, str) else data
        if not isinstance(values, list):
            raise self.invalid()
        if len(values) == 1 and isinstance(values[0], str):
            values = values[0].split(",")
        if not all(isinstance(value, str) and value in self.choices for value in values):
            raise self.invalid(
                ("each value in {name} must be one of the following values: " + ", ".join(self.choices),)
            )
        return values


class CommaListField(StringField):
    """`expand=a,b` / `fields=a,b`: names from an allow-list (departure "list queries": v1 passes unknown ones to
    TypeORM and answers 500)."""

    def __init__(self, allowed, **kwargs):
        super().__init__(**kwargs)
        self.allowed = tuple(allowed)

    def to_internal_value(self, data):
        values = [value.strip() for value in super().to_internal_value(data).split(",") if value.strip()]
        unknown = [value for value in values if value not in self.allowed]
        if unknown:
            # the message is a template for the field's name: braces the client sent must stay text
            named = ", ".join(unknown).replace("{", "{{").replace("}", "}}")
            raise self.invalid((f"{{name}} must only contain: {', '.join(self.allowed)} (unknown: {named})",))
        return values
