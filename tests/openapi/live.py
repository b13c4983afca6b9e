import copy
import functools
import json

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer


@functools.cache
def _generated() -> str:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return OpenApiJsonRenderer().render(schema, renderer_context={}).decode()


def live_schema() -> dict:
    """The schema /api/schema/ serves, generated in-process (as `manage.py spectacular` does); a fresh copy."""
    return copy.deepcopy(json.loads(_generated()))
