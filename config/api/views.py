"""What every Medusa-compatible view shares: parsing the body and qs-style query against a request serializer,
and the request guard the API_REQUEST_GUARD setting names (the idempotency app's `Idempotency-Key` handling).

Also the views Django itself falls back to (404/400/403/500, CSRF failure): on API paths they answer in the
error shape, so no API path ever answers with an HTML page.
"""

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponse, HttpResponseBase
from django.utils.module_loading import import_string
from django.views import defaults
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from config.api.exceptions import UNKNOWN_ERROR_BODY, api_error_response, error_body, exception_response
from config.api.querystring import parse_query
from config.api.validation import validate_request
from config.errors import ErrorType, MedusaError
from config.ids import can_be_id
from config.middleware import is_api_path


class ImmediateResponse(Exception):
    """Raised by a request guard to answer without running the view (an idempotent replay)."""

    def __init__(self, response: HttpResponseBase):
        super().__init__(response.status_code)
        self.response = response


def request_guard(request):
    """The guard API_REQUEST_GUARD makes for an authenticated request, or None.

    A guard may refuse the request (MedusaError) or answer it (ImmediateResponse) before the view runs; else
    its `finish(response)` gets the view's final answer. config imports no app, so the setting names it.
    """
    factory = settings.API_REQUEST_GUARD
    return import_string(factory)(request) if factory else None


class MedusaAPIView(APIView):
    request_guard = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # no row has an id PostgreSQL cannot compare (NUL, a lone surrogate): departure "NUL characters"
        if not all(can_be_id(value) for value in kwargs.values()):
            raise NotFound()
        # after authentication, permissions and throttling: the guard knows the caller, and a refused request
        # never reaches it
        self.request_guard = request_guard(request)

    def handle_exception(self, exc):
        if isinstance(exc, ImmediateResponse):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.request_guard is not None:
            response = self.request_guard.finish(response)
        return response

    def validated_body(self, serializer_class, **context) -> dict:
        return validate_request(serializer_class, self.request.data, **context)

    def validated_query(self, serializer_class, **context) -> dict:
        return validate_request(serializer_class, parse_query(self.request.query_params), **context)


@csrf_exempt  # it changes nothing, and a POST to an unknown path must get this 404, not Django's HTML CSRF page
def api_not_found(request, *args, **kwargs):
    """Unknown paths under /admin/ answer 404 JSON (v1's Express sends an HTML "Cannot GET …" page)."""
    status, body = error_body(MedusaError(ErrorType.NOT_FOUND, f"Cannot {request.method} {request.path}"))
    return api_error_response(status, body)


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    """handler400: a disallowed Host header, a body too large to read, or another SuspiciousOperation."""
    if is_api_path(request.path):
        if not isinstance(exception, SuspiciousOperation | BadRequest):
            exception = BadRequest()
        return api_error_response(*exception_response(exception, request))
    if isinstance(exception, RequestDataTooBig):
        return HttpResponse("Request body too large", status=413, content_type="text/plain; charset=utf-8")
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    if is_api_path(request.path):
        return api_error_response(403, {"type": ErrorType.NOT_ALLOWED.value, "message": "Forbidden"})
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if is_api_path(request.path):
        return api_not_found(request)
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if is_api_path(request.path):
        return api_error_response(500, dict(UNKNOWN_ERROR_BODY))
    return defaults.server_error(request, template_name)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: DRF's session authentication reports its own CSRF failures; this covers the rest."""
    if is_api_path(request.path):
        return api_error_response(403, {"type": ErrorType.NOT_ALLOWED.value, "message": f"CSRF Failed: {reason}"})
    return django_csrf_failure(request, reason)
