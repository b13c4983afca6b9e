"""What every Medusa-compatible view shares: parsing the body and qs-style query against a request serializer."""

from django.http import JsonResponse
from rest_framework.views import APIView

from config.api.exceptions import error_body
from config.api.querystring import parse_query
from config.api.validation import validate_request
from config.errors import ErrorType, MedusaError


class MedusaAPIView(APIView):
    def validated_body(self, serializer_class, **context) -> dict:
        return validate_request(serializer_class, self.request.data, **context)

    def validated_query(self, serializer_class, **context) -> dict:
        return validate_request(serializer_class, parse_query(self.request.query_params), **context)


def api_not_found(request, *args, **kwargs):
    """Unknown paths under /admin/ answer 404 JSON, never Django's HTML page."""
    status, body = error_body(MedusaError(ErrorType.NOT_FOUND, f"Cannot {request.method} {request.path}"))
    return JsonResponse(body, status=status)
