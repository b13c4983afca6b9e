from django.urls import path

from draft_orders.api import views

urlpatterns = [
    path("draft-orders", views.DraftOrdersView.as_view(), name="draft-orders"),
    # before `<str:id>`, which would take `calculate` for an id
    path("draft-orders/calculate", views.DraftOrdersCalculateView.as_view(), name="draft-orders-calculate"),
    path("draft-orders/<str:id>", views.DraftOrderView.as_view(), name="draft-order"),
    path("draft-orders/<str:id>/line-items", views.DraftOrderLineItemsView.as_view(), name="draft-order-line-items"),
    path(
        "draft-orders/<str:id>/line-items/<str:line_id>",
        views.DraftOrderLineItemView.as_view(),
        name="draft-order-line-item",
    ),
    path("draft-orders/<str:id>/events", views.DraftOrderEventsView.as_view(), name="draft-order-events"),
    path("draft-orders/<str:id>/pay", views.DraftOrderPayView.as_view(), name="draft-order-pay"),
    path("draft-orders/<str:id>/duplicate", views.DraftOrderDuplicateView.as_view(), name="draft-order-duplicate"),
    path(
        "draft-orders/<str:id>/send-invoice",
        views.DraftOrderSendInvoiceView.as_view(),
        name="draft-order-send-invoice",
    ),
]
