from django.urls import path

from webhooks.api.views import WebhookDeliveryListView, WebhookDetailView, WebhookListView

urlpatterns = [
    path("webhooks", WebhookListView.as_view(), name="admin-webhooks"),
    path("webhooks/<str:id>", WebhookDetailView.as_view(), name="admin-webhook"),
    path("webhooks/<str:id>/deliveries", WebhookDeliveryListView.as_view(), name="admin-webhook-deliveries"),
]
