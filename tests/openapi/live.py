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


@functools.cache
def _operations():
    import schemathesis

    return schemathesis.openapi.from_dict(live_schema())


def assert_answers_as_declared(method: str, path: str, response) -> None:
    """A Django test client's response is one the live schema declares for the operation (as the fuzzing checks)."""
    import requests
    from schemathesis.core.transport import Response

    request = requests.Request(method, f"http://testserver{response.request['PATH_INFO']}").prepare()
    answer = Response(
        status_code=response.status_code,
        headers={"content-type": [response["Content-Type"]]},
        content=response.content,
        request=request,
        elapsed=0.0,
        verify=True,
    )
    _operations()[path][method].validate_response(answer)
