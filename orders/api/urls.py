from django.urls import path

from orders.api import views

urlpatterns = [
    path("orders", views.OrdersView.as_view(), name="orders"),
    path("orders/<str:id>", views.OrderView.as_view(), name="order"),
    path("orders/<str:id>/events", views.OrderEventsView.as_view(), name="order-events"),
]
