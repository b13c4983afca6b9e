from django.urls import path

from products.api.views import ProductDetailView, ProductListView, ProductVariantDetailView, ProductVariantListView

urlpatterns = [
    path("products", ProductListView.as_view(), name="admin-products"),
    path("products/<str:id>", ProductDetailView.as_view(), name="admin-product"),
    path("products/<str:id>/variants", ProductVariantListView.as_view(), name="admin-product-variants"),
    path(
        "products/<str:id>/variants/<str:variant_id>",
        ProductVariantDetailView.as_view(),
        name="admin-product-variant",
    ),
]
