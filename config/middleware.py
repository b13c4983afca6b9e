"""API paths answer in JSON even when something fails outside a DRF view."""

from contextlib import ExitStack

from django.db import connections

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
