"""API paths answer in JSON even when something fails outside a DRF view; `/health` answers load balancers."""

from contextlib import ExitStack

from django.db import DEFAULT_DB_ALIAS, Error, connections
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
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
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


class QueryCountMiddleware:
    """Answers with `X-Query-Count`, the database queries the request ran (`make bench` reads it).

    Only in MIDDLEWARE when DJANGO_QUERY_COUNT_HEADER is on, so the measured path pays nothing when it is off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counted))
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
