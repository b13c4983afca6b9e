"""API paths answer in JSON even when something fails outside a DRF view."""

import logging

from django.http import JsonResponse

from config.api.exceptions import UNKNOWN_ERROR_BODY

logger = logging.getLogger("config.api")

API_PREFIXES = ("/admin/", "/api/")


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIXES) or path in ("/admin", "/api")


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_api_path(request.path):
            return None
        logger.error("Unexpected error on %s %s", request.method, request.path, exc_info=exception)
        return JsonResponse(UNKNOWN_ERROR_BODY, status=500)
