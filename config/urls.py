from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from config.api.views import RedocView, SwaggerView, api_not_found

admin.site.site_header = "Draft orders"
admin.site.site_title = "Draft orders staff"
admin.site.index_title = "Store administration"
admin.site.site_url = None  # no storefront is served here: the staff site shows no "View site" link

# Medusa's paths own /admin/; the Django admin site lives at /staff/.
api_patterns = [
    path("", include("accounts.api.urls")),
    path("", include("regions.api.urls")),
    path("", include("customers.api.urls")),
    path("", include("products.api.urls")),
    path("", include("stores.api.urls")),
    path("", include("pricing.api.urls")),
    path("", include("discounts.api.urls")),
    path("", include("draft_orders.api.urls")),
    path("", include("orders.api.urls")),
    path("", include("webhooks.api.urls")),
]

urlpatterns = [
    path("staff/", admin.site.urls),
    path("admin/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", RedocView.as_view(url_name="schema"), name="redoc"),
    re_path(r"^(admin|api)(/.*)?$", api_not_found),
]

# Django's own error pages, in the error shape on API paths.
handler400 = "config.api.views.bad_request"
handler403 = "config.api.views.permission_denied"
handler404 = "config.api.views.page_not_found"
handler500 = "config.api.views.server_error"
