from django.urls import path

from stores.api.views import StoreView

urlpatterns = [
    path("store", StoreView.as_view(), name="admin-store"),
]
