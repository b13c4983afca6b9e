from django.urls import path

from accounts.api.views import AuthView, TokenView

urlpatterns = [
    path("auth", AuthView.as_view(), name="admin-auth"),
    path("auth/token", TokenView.as_view(), name="admin-auth-token"),
]
