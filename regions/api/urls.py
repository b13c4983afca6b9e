from django.urls import path

from regions.api import views

urlpatterns = [
    path("regions", views.RegionListView.as_view(), name="admin-regions"),
    path("regions/<str:id>", views.RegionDetailView.as_view(), name="admin-region"),
    path("regions/<str:id>/countries", views.RegionCountriesView.as_view(), name="admin-region-countries"),
    path(
        "regions/<str:id>/countries/<str:country_code>",
        views.RegionCountryView.as_view(),
        name="admin-region-country",
    ),
    path(
        "regions/<str:id>/payment-providers",
        views.RegionPaymentProvidersView.as_view(),
        name="admin-region-payment-providers",
    ),
    path(
        "regions/<str:id>/payment-providers/<str:provider_id>",
        views.RegionPaymentProviderView.as_view(),
        name="admin-region-payment-provider",
    ),
    path(
        "regions/<str:id>/fulfillment-providers",
        views.RegionFulfillmentProvidersView.as_view(),
        name="admin-region-fulfillment-providers",
    ),
    path(
        "regions/<str:id>/fulfillment-providers/<str:provider_id>",
        views.RegionFulfillmentProviderView.as_view(),
        name="admin-region-fulfillment-provider",
    ),
    path(
        "regions/<str:id>/fulfillment-options",
        views.RegionFulfillmentOptionsView.as_view(),
        name="admin-region-fulfillment-options",
    ),
    path("shipping-options", views.ShippingOptionListView.as_view(), name="admin-shipping-options"),
    path("shipping-options/<str:id>", views.ShippingOptionDetailView.as_view(), name="admin-shipping-option"),
]
