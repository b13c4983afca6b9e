"""API paths answer in JSON even when something fails outside a DRF view; `/health` answers load balancers."""

from django.db import Error, connection
from django.http import JsonResponse

from config.api.exceptions import api_error_response, exception_response, retry_after

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


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Error:
        return False
    return True


class HealthCheckMiddleware:
    """`GET /health`, without credentials: 200 when the database answers, 503 when it does not. First in MIDDLEWARE,
    so that neither ALLOWED_HOSTS nor the HTTPS redirect stands between it and a load balancer's plain probe."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/health" or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        status = 200 if database_reachable() else 503
        body = {"status": "ok" if status == 200 else "unavailable", "database": status == 200}
        return JsonResponse(body, status=status, headers={"Cache-Control": "no-store", **retry_after(status)})
