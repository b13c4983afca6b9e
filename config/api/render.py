"""Serializers whose fields are built once, and whose rendering is planned once, not on every response.

A DRF serializer builds its whole tree of fields (deep copies of every declared field, nested serializers
included) each time it is instantiated, and then walks each field through generic machinery for every value.
`rendered` keeps one instance of each serializer per thread, fields built, and a plan of it: for every field
the attribute to read and the conversion to apply, worked out once from the field's class. A plan renders
exactly what `serializer.data` renders (the tests compare both); fields it knows nothing special about go
through their own `get_attribute` / `to_representation`. A model serializer's plan renders an instance of its
model in shorter steps: a column is read straight off the instance, and rows prefetched for a relation are read
without making its manager. The serializers stay the one declaration of a
response: the OpenAPI schema comes from the same classes.
"""

import functools
import operator
import threading
import types
from collections.abc import Hashable, Iterable

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import BooleanField, Manager
from rest_framework import fields, serializers

_built = threading.local()
_CALLABLES = (types.FunctionType, types.MethodType, functools.partial)

# to_representation functions that are a plain conversion of a value that is not None
_CONVERSIONS = {
    fields.CharField.to_representation: str,
    fields.IntegerField.to_representation: int,
    fields.FloatField.to_representation: float,
    fields.ReadOnlyField.to_representation: None,
}


def _serializer(serializer_class: type[serializers.Serializer], variant: Hashable, context: dict):
    cache = _built.__dict__.setdefault("serializers", {})
    built = cache.get((serializer_class, variant))
    if built is None:
        # a serializer whose fields depend on the context (`expand`, `fields`) is built once per `variant`
        serializer = serializer_class(context=context)
        built = cache[(serializer_class, variant)] = (serializer, _plan(serializer))
    return built


def rendered(serializer_class, instance, *, context: dict | None = None, variant: Hashable = None) -> dict:
    """`serializer_class(instance, context=context).data`, with the serializer's fields and plan built once.

    `variant` names what of the context the serializer's `get_fields` reads (None: nothing).
    """
    context = context if context is not None else {}
    serializer, plan = _serializer(serializer_class, variant, context)
    serializer._context = context
    return plan(instance)


def rendered_many(serializer_class, instances: Iterable, *, context: dict | None = None, variant: Hashable = None):
    context = context if context is not None else {}
    serializer, plan = _serializer(serializer_class, variant, context)
    serializer._context = context
    return [plan(instance) for instance in instances]


def _plain_to_representation(serializer) -> bool:
    method = type(serializer).to_representation
    return method is serializers.Serializer.to_representation or getattr(method, "plain_representation", False)


def _plan(serializer):
    """A function rendering an instance as `serializer.to_representation` does."""
    if not _plain_to_representation(serializer):
        return serializer.to_representation
    readable = list(serializer._readable_fields)
    steps = [(field.field_name, _field_plan(serializer, field)) for field in readable]
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if isinstance(serializer, serializers.ModelSerializer) and model is not None:
        columns = {field.attname: field for field in model._meta.concrete_fields}
        model_steps = [
            (name, _model_field_plan(field, columns, produce) or produce)
            for field, (name, produce) in zip(readable, steps, strict=True)
        ]
    else:
        model_steps = steps
    finish = getattr(serializer, "finish_representation", None)

    def render(instance):
        data = {}
        for name, produce in model_steps if type(instance) is model else steps:
            try:
                data[name] = produce(instance)
            except fields.SkipField:
                continue
        return data if finish is None else finish(instance, data)

    return render


def _model_field_plan(field, columns: dict, usual):
    """A shorter step for a field reading one attribute of an instance of the serializer's model, or None (the
    usual step): a column's value read directly (it is never callable nor missing), the rows prefetched for a
    relation read from the prefetch cache instead of through a manager made for the purpose."""
    if (
        field.source == "*"
        or len(field.source_attrs) != 1
        or type(field).get_attribute is not fields.Field.get_attribute
    ):
        return None
    attribute = field.source_attrs[0]
    if isinstance(field, serializers.ListSerializer):
        child = _plan(field.child)

        def produce_prefetched(instance):
            rows = instance.__dict__.get("_prefetched_objects_cache", {}).get(attribute)
            return usual(instance) if rows is None else [child(row) for row in rows]

        return produce_prefetched
    if attribute not in columns or isinstance(field, serializers.BaseSerializer | serializers.RelatedField):
        return None
    get = operator.attrgetter(attribute)
    representation = type(field).to_representation
    if representation is fields.ReadOnlyField.to_representation or (
        representation is fields.JSONField.to_representation and not field.binary
    ):
        return get
    if representation is fields.BooleanField.to_representation and isinstance(columns[attribute], BooleanField):
        convert = bool  # what DRF's answers for the column's values (True, False)
    else:
        convert = _CONVERSIONS.get(representation) or field.to_representation

    def produce_column(instance):
        value = get(instance)
        return None if value is None else convert(value)

    return produce_column


def _getter(field):
    """The field's attribute as DRF's `Field.get_attribute` reads it, reading a plain attribute directly."""
    if field.source == "*":
        return lambda instance: instance
    if len(field.source_attrs) != 1:
        return field.get_attribute
    attribute = field.source_attrs[0]

    def get(instance):
        try:
            value = getattr(instance, attribute)
        except ObjectDoesNotExist:
            return None
        except AttributeError:
            return field.get_attribute(instance)  # DRF's answer: a default, None, a skip, or a clear error
        return value() if isinstance(value, _CALLABLES) else value

    return get


def _drf_field_value(field, instance):
    """What `Serializer.to_representation` does for one field, step by step (a related field's pk-only value)."""
    attribute = field.get_attribute(instance)
    value = attribute.pk if isinstance(attribute, serializers.PKOnlyObject) else attribute
    return None if value is None else field.to_representation(attribute)


def _field_plan(serializer, field):
    get = _getter(field)
    if isinstance(field, serializers.ListSerializer):
        child = _plan(field.child)

        def produce_list(instance):
            value = get(instance)
            if value is None:
                return None
            return [child(item) for item in (value.all() if isinstance(value, Manager) else value)]

        return produce_list
    if isinstance(field, serializers.BaseSerializer):
        nested = _plan(field)

        def produce_nested(instance):
            value = get(instance)
            return None if value is None else nested(value)

        return produce_nested
    if isinstance(field, serializers.SerializerMethodField):
        return getattr(serializer, field.method_name)
    if isinstance(field, serializers.RelatedField):
        return functools.partial(_drf_field_value, field)
    representation = type(field).to_representation
    if representation in _CONVERSIONS or (representation is fields.JSONField.to_representation and not field.binary):
        convert = _CONVERSIONS.get(representation)

        def produce_plain(instance):
            value = get(instance)
            return value if value is None or convert is None else convert(value)

        return produce_plain
    to_representation = field.to_representation

    def produce(instance):
        value = get(instance)
        return None if value is None else to_representation(value)

    return produce
