"""The orders Mark Paid places, for staff to read: a list and a detail page, nothing to change."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from carts.invoice import invoice_html
from config.admin import EntityAdmin
from config.money import money
from events.timeline import timeline_html
from orders.activity import order_timeline
from orders.models import Order
from orders.selectors import OrdersInfo, order_lines, order_queryset, order_shipping_methods, orders_info


@admin.register(Order)
class OrderAdmin(EntityAdmin):
    list_display = ("display_id", "status", "payment_status", "customer_email", "region_name", "total", "created_at")
    list_filter = ("status", "payment_status", "region", "created_at")
    search_fields = ("=display_id", "email", "customer__first_name", "customer__last_name")
    search_help_text = "An email, a display id or a customer's name."
    ordering = ("-created_at", "-id")
    fieldsets = (
        (None, {"fields": ("id", "display_id", "status", "payment_status", "fulfillment_status", "draft_order_link")}),
        ("Customer", {"fields": ("customer_email", "region_name", "shipping_address_text", "billing_address_text")}),
        ("Summary", {"fields": ("invoice", "paid")}),
        ("More", {"fields": ("note", "tag_list", "no_notification", "metadata", "created_at", "updated_at")}),
        ("Activity", {"fields": ("activity",)}),  # the order's events and its draft order's (issue 14)
    )

    def get_queryset(self, request):
        return order_queryset().order_by(*self.get_ordering(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @staticmethod
    def _info(order) -> OrdersInfo:
        return orders_info([order])

    @admin.display(description="customer email", ordering="email")
    def customer_email(self, order):
        return order.email

    @admin.display(description="region", ordering="region__name")
    def region_name(self, order):
        return order.region.name

    @admin.display(description="tags")
    def tag_list(self, order):
        return ", ".join(order.tags) or "-"

    @admin.display(description="total")
    def total(self, order):
        return money(self._info(order).totals.owners[order.pk].total, order.region.currency)

    @admin.display(description="lines and totals")
    def invoice(self, order):
        info = self._info(order)
        return invoice_html(
            items=order_lines(order),
            shipping_methods=order_shipping_methods(order),
            totals=info.totals,
            owner_id=order.pk,
            currency=order.region.currency,
        )

    @admin.display(description="paid")
    def paid(self, order):
        paid, currency = self._info(order).paid[order.pk], order.region.currency
        return f"{money(paid.paid_total, currency)} paid, {money(paid.refunded_total, currency)} refunded"

    @admin.display(description="activity")
    def activity(self, order):
        return timeline_html(order_timeline(order.pk, order.draft_order_id))

    @admin.display(description="draft order")
    def draft_order_link(self, order):
        if order.draft_order_id is None:
            return "-"
        url = reverse("admin:draft_orders_draftorder_change", args=[order.draft_order_id])
        # the reverse side of draft_orders' foreign key to the order: nothing here imports draft_orders
        return format_html('<a href="{}">{}</a>', url, order.draft_order)

    @admin.display(description="shipping address")
    def shipping_address_text(self, order):
        return str(order.shipping_address or "-")

    @admin.display(description="billing address")
    def billing_address_text(self, order):
        return str(order.billing_address or "-")
