"""API paths answer in JSON even when something fails outside a DRF view."""

from config.api.exceptions import api_error_response, exception_response

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
        return api_error_response(*exception_response(exception, request))
