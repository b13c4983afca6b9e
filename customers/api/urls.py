from django.urls import path

from customers.api.views import CustomerDetailView, CustomerListView

urlpatterns = [
    path("customers", CustomerListView.as_view(), name="admin-customers"),
    path("customers/<str:id>", CustomerDetailView.as_view(), name="admin-customer"),
]
