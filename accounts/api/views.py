from django.contrib.auth import login, logout
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from accounts.api.serializers import AdminAuthRes, AdminBearerAuthRes, AdminPostAuthReq, UserSerializer
from accounts.services import user_authenticate
from accounts.throttling import LoginThrottled, login_attempt
from config.api.authentication import issue_admin_jwt
from config.api.views import MedusaAPIView


class CredentialsMixin:
    """Checks `{email, password}` for a login, throttling repeated failures per account and per client address."""

    def authenticated_user(self, request):
        credentials = self.validated_body(AdminPostAuthReq)
        try:
            with login_attempt(request, credentials["email"]):
                return user_authenticate(request=request._request, **credentials)
        except LoginThrottled as throttled:
            raise Throttled(wait=throttled.wait, detail=throttled.message) from None


class AuthView(CredentialsMixin, MedusaAPIView):
    """`/admin/auth`: log in (public), read and end the session (authenticated)."""

    def initialize_request(self, request, *args, **kwargs):
        self.is_login = request.method == "POST"
        return super().initialize_request(request, *args, **kwargs)

    def get_authenticators(self):
        return [] if self.is_login else super().get_authenticators()

    def get_permissions(self):
        return [AllowAny()] if self.is_login else [IsAuthenticated()]

    @extend_schema(operation_id="GetAuth", responses={200: AdminAuthRes}, tags=["Auth"])
    def get(self, request):
        return Response({"user": UserSerializer(request.user).data})

    @extend_schema(
        operation_id="PostAuth",
        request=AdminPostAuthReq,
        responses={200: AdminAuthRes},
        tags=["Auth"],
        auth=[],
    )
    def post(self, request):
        user = self.authenticated_user(request)
        login(request._request, user)
        return Response({"user": UserSerializer(user).data})

    @extend_schema(operation_id="DeleteAuth", responses={200: None}, tags=["Auth"])
    def delete(self, request):
        logout(request._request)
        return HttpResponse("OK", content_type="text/plain; charset=utf-8")


class TokenView(CredentialsMixin, MedusaAPIView):
    """`POST /admin/auth/token`: a 24 h JWT for `Authorization: Bearer`."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="PostToken",
        request=AdminPostAuthReq,
        responses={200: AdminBearerAuthRes},
        tags=["Auth"],
        auth=[],
    )
    def post(self, request):
        user = self.authenticated_user(request)
        return Response({"access_token": issue_admin_jwt(user)})
