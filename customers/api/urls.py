from django.urls import path

from customers.api import views

urlpatterns = [
    path("customers", views.CustomerListView.as_view(), name="admin-customers"),
    path("customers/<str:id>", views.CustomerDetailView.as_view(), name="admin-customer"),
    path("customer-groups", views.CustomerGroupListView.as_view(), name="admin-customer-groups"),
    path("customer-groups/<str:id>", views.CustomerGroupDetailView.as_view(), name="admin-customer-group"),
    path(
        "customer-groups/<str:id>/customers",
        views.CustomerGroupCustomersView.as_view(),
        name="admin-customer-group-customers",
    ),
    path(
        "customer-groups/<str:id>/customers/batch",
        views.CustomerGroupCustomersBatchView.as_view(),
        name="admin-customer-group-customers-batch",
    ),
]
