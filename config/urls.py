from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from config.api.views import api_not_found

admin.site.site_header = "Draft orders"
admin.site.site_title = "Draft orders staff"
admin.site.index_title = "Store administration"
admin.site.site_url = None  # no storefront is served here: the staff site shows no "View site" link

# Medusa's paths own /admin/; the Django admin site lives at /staff/.
# the hot paths first: a request's path is tried against each app's patterns in this order
api_patterns = [
    path("", include("draft_orders.api.urls")),
    path("", include("orders.api.urls")),
    path("", include("accounts.api.urls")),
    path("", include("regions.api.urls")),
    path("", include("customers.api.urls")),
    path("", include("products.api.urls")),
    path("", include("stores.api.urls")),
    path("", include("pricing.api.urls")),
    path("", include("discounts.api.urls")),
    path("", include("webhooks.api.urls")),
]

# The docs pages load nothing from outside this server either. Both have an inline <style> and draw with inline
# styles and data: images; ReDoc searches in a blob: worker. Swagger UI's start script comes from its own URL (the
# split view), so scripts stay the project's own. ReDoc's sidebar footer shows cdn.redoc.ly's logo through an
# <img> that no setting removes: the browser refuses it, and ReDoc hides the image when it fails to load.
docs_csp = csp_update(
    {"style-src": [UNSAFE_INLINE], "img-src": ["data:"], "font-src": ["data:"], "worker-src": ["blob:"]}
)

urlpatterns = [
    path("staff/", admin.site.urls),
    path("admin/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", docs_csp(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="swagger-ui"),
    path("api/redoc/", docs_csp(SpectacularRedocView.as_view(url_name="schema")), name="redoc"),
    re_path(r"^(admin|api)(/.*)?$", api_not_found),
]

# Django's own error pages, in the error shape on API paths.
handler400 = "config.api.views.bad_request"
handler403 = "config.api.views.permission_denied"
handler404 = "config.api.views.page_not_found"
handler500 = "config.api.views.server_error"
