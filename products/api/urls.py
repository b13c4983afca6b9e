from django.urls import path

from products.api.views import (
    ProductDetailView,
    ProductListView,
    ProductVariantDetailView,
    ProductVariantListView,
    SalesChannelDetailView,
    SalesChannelListView,
)

urlpatterns = [
    path("products", ProductListView.as_view(), name="admin-products"),
    path("products/<str:id>", ProductDetailView.as_view(), name="admin-product"),
    path("products/<str:id>/variants", ProductVariantListView.as_view(), name="admin-product-variants"),
    path(
        "products/<str:id>/variants/<str:variant_id>",
        ProductVariantDetailView.as_view(),
        name="admin-product-variant",
    ),
    path("sales-channels", SalesChannelListView.as_view(), name="admin-sales-channels"),
    path("sales-channels/<str:id>", SalesChannelDetailView.as_view(), name="admin-sales-channel"),
]
