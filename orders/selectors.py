"""Reads of orders, with v1's totals computed from the fetched rows (persisted tax lines, adjustments)."""

from django.db.models import CharField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast

from config.errors import not_found
from discounts.models import Discount
from draft_orders.models import LineItem, ShippingMethod
from draft_orders.selectors import persisted_tax_lines, rows_with_totals
from orders.models import Order


def order_queryset() -> QuerySet[Order]:
    return Order.objects.select_related(
        "region__currency", "customer", "billing_address", "shipping_address"
    ).prefetch_related(
        Prefetch(
            "items",
            queryset=LineItem.objects.select_related("variant__product__profile").prefetch_related(
                "adjustments", "tax_lines"
            ),
        ),
        Prefetch(
            "shipping_methods",
            queryset=ShippingMethod.objects.select_related("shipping_option").prefetch_related("tax_lines"),
        ),
        Prefetch(
            "discounts",
            queryset=Discount.all_objects.select_related("rule")
            .prefetch_related("rule__conditions__products")
            .order_by("id"),
        ),
        "payments",
    )


def order_get(order_id: str) -> Order:
    order = order_queryset().filter(pk=order_id).first()
    if order is None:
        raise not_found("Order", order_id)
    return order


def order_list(*, q: str | None = None, statuses: list[str] | None = None) -> QuerySet[Order]:
    queryset = order_queryset()
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    if q:
        queryset = queryset.annotate(display_id_text=Cast("display_id", output_field=CharField())).filter(
            Q(email__icontains=q)
            | Q(display_id_text__icontains=q)
            | Q(customer__first_name__icontains=q)
            | Q(customer__last_name__icontains=q)
        )
    return queryset.order_by("-created_at", "-id")


def order_with_totals(order: Order) -> Order:
    """v1's order totals: the cart arithmetic over the persisted tax lines, plus what was paid and refunded."""
    order.totals = rows_with_totals(
        items=order.items.all(),
        methods=order.shipping_methods.all(),
        discounts=order.discounts.all(),
        gift_cards_taxable=order.region.gift_cards_taxable,
        tax_lines_of=persisted_tax_lines,
    )
    payments = [payment for payment in order.payments.all() if payment.captured_at and not payment.canceled_at]
    order.paid_total = sum(payment.amount for payment in payments)
    order.refunded_total = sum(payment.amount_refunded for payment in payments)
    order.refundable_amount = order.paid_total - order.refunded_total
    return order
