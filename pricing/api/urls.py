from django.urls import path

from pricing.api import views

urlpatterns = [
    path("price-lists", views.PriceListListView.as_view(), name="admin-price-lists"),
    path("price-lists/<str:id>", views.PriceListDetailView.as_view(), name="admin-price-list"),
    path("price-lists/<str:id>/prices/batch", views.PriceListPricesBatchView.as_view(), name="admin-price-list-prices"),
    path(
        "price-lists/<str:id>/products/<str:product_id>/prices",
        views.PriceListProductPricesView.as_view(),
        name="admin-price-list-product-prices",
    ),
    path(
        "price-lists/<str:id>/variants/<str:variant_id>/prices",
        views.PriceListVariantPricesView.as_view(),
        name="admin-price-list-variant-prices",
    ),
    path("tax-rates", views.TaxRateListView.as_view(), name="admin-tax-rates"),
    path("tax-rates/<str:id>", views.TaxRateDetailView.as_view(), name="admin-tax-rate"),
    path("tax-rates/<str:id>/products/batch", views.TaxRateProductsView.as_view(), name="admin-tax-rate-products"),
    path(
        "tax-rates/<str:id>/product-types/batch",
        views.TaxRateProductTypesView.as_view(),
        name="admin-tax-rate-product-types",
    ),
    path(
        "tax-rates/<str:id>/shipping-options/batch",
        views.TaxRateShippingOptionsView.as_view(),
        name="admin-tax-rate-shipping-options",
    ),
    path("variants", views.VariantListView.as_view(), name="admin-variants"),
]
