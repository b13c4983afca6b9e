"""Serializers whose fields are built once, not on every response.

A DRF serializer builds its whole tree of fields (deep copies of every declared field, nested serializers
included) each time it is instantiated: most of the time a response costs. `rendered` keeps one instance of each
serializer per thread, fields built, and renders each response with it, setting the request's context first.
The serializers stay the one declaration of a response: the OpenAPI schema comes from the same classes.
"""

import threading
from collections.abc import Hashable, Iterable

from rest_framework import serializers

_built = threading.local()


def _serializer(serializer_class: type[serializers.Serializer], variant: Hashable, context: dict):
    cache = _built.__dict__.setdefault("serializers", {})
    serializer = cache.get((serializer_class, variant))
    if serializer is None:
        # a serializer whose fields depend on the context (`expand`, `fields`) is built once per `variant`
        serializer = cache[(serializer_class, variant)] = serializer_class(context=context)
        serializer.fields  # noqa: B018  (builds them)
    return serializer


def rendered(serializer_class, instance, *, context: dict | None = None, variant: Hashable = None) -> dict:
    """`serializer_class(instance, context=context).data`, without building the serializer's fields again.

    `variant` names what of the context the serializer's `get_fields` reads (None: nothing).
    """
    context = context if context is not None else {}
    serializer = _serializer(serializer_class, variant, context)
    serializer._context = context
    return serializer.to_representation(instance)


def rendered_many(serializer_class, instances: Iterable, *, context: dict | None = None, variant: Hashable = None):
    context = context if context is not None else {}
    serializer = _serializer(serializer_class, variant, context)
    serializer._context = context
    return [serializer.to_representation(instance) for instance in instances]
