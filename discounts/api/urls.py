from django.urls import path

from discounts.api.views import DiscountByCodeView, DiscountDetailView, DiscountListView, DiscountRegionView

urlpatterns = [
    path("discounts", DiscountListView.as_view(), name="admin-discounts"),
    path("discounts/code/<str:code>", DiscountByCodeView.as_view(), name="admin-discount-by-code"),
    path("discounts/<str:id>", DiscountDetailView.as_view(), name="admin-discount"),
    path(
        "discounts/<str:id>/regions/<str:region_id>",
        DiscountRegionView.as_view(),
        name="admin-discount-region",
    ),
]
