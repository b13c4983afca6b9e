"""The project's URLs plus probe views under /admin/_probe/ that fail on purpose (used with pytest.mark.urls)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from config.api.querystring import DateComparisonSerializer, EnumListField, ListQuerySerializer
from config.api.validation import StringField
from config.api.views import MedusaAPIView
from config.errors import ErrorType, MedusaError
from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as project_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


class ProbeView(MedusaAPIView):
    authentication_classes = []
    permission_classes = [AllowAny]


class RaiseMedusaError(ProbeView):
    def get(self, request, error_type):
        code = request.query_params.get("code")
        raise MedusaError(ErrorType(error_type), f"Probe {error_type}", code=code)


class RaiseUnexpected(ProbeView):
    def get(self, request):
        raise RuntimeError("probe exploded")


class RaiseDrfValidationError(ProbeView):
    def get(self, request):
        raise serializers.ValidationError(
            {"email": ["email must be an email"], "region_id": ["region_id must be a string"]}
        )


class RaiseDjangoErrors(ProbeView):
    def get(self, request, kind):
        raise {"permission-denied": PermissionDenied, "http404": Http404}[kind]()


class Echo(ProbeView):
    """Returns the parsed JSON body: the parser's errors are what the tests look at."""

    def post(self, request):
        return Response({"body": request.data})


class ProbeListQuery(ListQuerySerializer):
    q = StringField()
    status = EnumListField(["open", "completed"])
    created_at = DateComparisonSerializer(required=False)


class ListQuery(ProbeView):
    """Echoes the validated query of a v1-style list endpoint."""

    def get(self, request):
        return Response(self.validated_query(ProbeListQuery))


def plain_django_view_crash(request):
    """A view outside DRF (no exception handler of its own): the middleware must still answer JSON."""
    raise RuntimeError("plain view exploded")


def plain_django_view_http404(request):
    raise Http404("nothing here")


def plain_django_view_post(request):
    """Not CSRF-exempt, unlike DRF's views: a POST without a CSRF token fails in Django's middleware."""
    return Response({})


urlpatterns = [
    path("admin/_probe/medusa-error/<str:error_type>", RaiseMedusaError.as_view()),
    path("admin/_probe/unexpected", RaiseUnexpected.as_view()),
    path("admin/_probe/drf-validation", RaiseDrfValidationError.as_view()),
    path("admin/_probe/django/<str:kind>", RaiseDjangoErrors.as_view()),
    path("admin/_probe/echo", Echo.as_view()),
    path("admin/_probe/list", ListQuery.as_view()),
    path("admin/_probe/plain-crash", plain_django_view_crash),
    path("admin/_probe/plain-404", plain_django_view_http404),
    path("admin/_probe/plain-post", plain_django_view_post),
    *project_urlpatterns,
]
