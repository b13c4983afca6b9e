"""Reads of orders, with v1's totals computed from the fetched rows (persisted tax lines, adjustments)."""

from dataclasses import dataclass

from django.db.models import CharField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast

from carts.models import LineItem, LineItemAdjustment, LineItemTaxLine, ShippingMethod, ShippingMethodTaxLine
from carts.selectors import Totals, persisted_tax_lines, rows_totals
from config.errors import not_found
from config.prepared import PreparedQuery, prefetched, run_together
from discounts.models import Discount
from orders.models import Order, Payment


@dataclass(frozen=True)
class Paid:
    """What was paid for an order and refunded: its captured, not canceled payments."""

    paid_total: int
    refunded_total: int
    refundable_amount: int


@dataclass(frozen=True)
class OrdersInfo:
    """Fetched orders and what was computed from their rows: every order's totals in one `Totals`, and what was
    paid, by order id."""

    orders: list[Order]
    totals: Totals
    paid: dict[str, Paid]


def order_lines(order: Order) -> list[LineItem]:
    """An order's lines: the lines of the cart it was placed from, which Mark Paid gave to it (as v1)."""
    return list(order.cart.items.all())


def order_shipping_methods(order: Order) -> list[ShippingMethod]:
    return list(order.cart.shipping_methods.all())


def order_queryset() -> QuerySet[Order]:
    """An order with every relation v1's order response embeds; its lines and shipping methods are those of its
    cart that belong to it."""
    return Order.objects.select_related(
        "region__currency", "customer", "billing_address", "shipping_address", "cart"
    ).prefetch_related(
        Prefetch(
            "cart__items",
            queryset=LineItem.objects.filter(order_id__isnull=False)
            .select_related("variant__product__profile")
            .prefetch_related("adjustments", "tax_lines"),
        ),
        Prefetch(
            "cart__shipping_methods",
            queryset=ShippingMethod.objects.filter(order_id__isnull=False)
            .select_related("shipping_option")
            .prefetch_related("tax_lines"),
        ),
        Prefetch("discounts", queryset=Discount.all_objects.select_related("rule").order_by("id")),
        "payments",
    )


def _paid(order: Order) -> Paid:
    payments = [payment for payment in order.payments.all() if payment.captured_at and not payment.canceled_at]
    paid_total = sum(payment.amount for payment in payments)
    refunded_total = sum(payment.amount_refunded for payment in payments)
    return Paid(paid_total=paid_total, refunded_total=refunded_total, refundable_amount=paid_total - refunded_total)


def orders_info(orders) -> OrdersInfo:
    """v1's totals of orders fetched with `order_queryset()`, from their rows (no queries): the cart arithmetic
    over the tax lines persisted at Mark Paid, plus what was paid and refunded."""
    orders = list(orders)
    totals = Totals.merged(
        rows_totals(
            owner_id=order.pk,
            items=order_lines(order),
            methods=order_shipping_methods(order),
            discounts=order.discounts.all(),
            gift_cards_taxable=order.region.gift_cards_taxable,
            tax_lines_of=persisted_tax_lines,
        )
        for order in orders
    )
    return OrdersInfo(orders=orders, totals=totals, paid={order.pk: _paid(order) for order in orders})


# `order_get`'s queries, compiled once (config.prepared): the order with its single relations joined, then the rows
# `order_queryset()` prefetches, by the order's cart or by the order, sent together
_ORDER = PreparedQuery(
    lambda order_id: Order.objects.select_related(
        "region__currency", "customer", "billing_address", "shipping_address", "cart"
    ).filter(pk=order_id)
)
_ITEMS = PreparedQuery(
    lambda cart_id: LineItem.objects.filter(cart_id=cart_id, order_id__isnull=False).select_related(
        "variant__product__profile"
    )
)
_ADJUSTMENTS = PreparedQuery(
    lambda cart_id: LineItemAdjustment.objects.filter(item__cart_id=cart_id, item__order_id__isnull=False)
)
_ITEM_TAX_LINES = PreparedQuery(
    lambda cart_id: LineItemTaxLine.objects.filter(item__cart_id=cart_id, item__order_id__isnull=False).order_by("id")
)
_SHIPPING_METHODS = PreparedQuery(
    lambda cart_id: ShippingMethod.objects.filter(cart_id=cart_id, order_id__isnull=False).select_related(
        "shipping_option"
    )
)
_SHIPPING_TAX_LINES = PreparedQuery(
    lambda cart_id: ShippingMethodTaxLine.objects.filter(
        shipping_method__cart_id=cart_id, shipping_method__order_id__isnull=False
    ).order_by("id")
)
_DISCOUNTS = PreparedQuery(
    lambda order_id: (
        Discount.all_objects.filter(
            pk__in=Order.discounts.through.objects.filter(order_id=order_id).values("discount_id")
        )
        .select_related("rule")
        .order_by("id")
    )
)
_PAYMENTS = PreparedQuery(lambda order_id: Payment.objects.filter(order_id=order_id))


def order_get(order_id: str) -> Order:
    """The order with what `order_queryset()` loads, in prepared queries sent together, or v1's 404."""
    found = _ORDER(order_id)
    if not found:
        raise not_found("Order", order_id)
    (order,) = found
    cart_id = order.cart_id or ""  # an order without a cart has no rows of one: the queries find none
    items, adjustments, item_tax_lines, methods, method_tax_lines, discounts, payments = run_together(
        *((query, (cart_id,)) for query in (_ITEMS, _ADJUSTMENTS, _ITEM_TAX_LINES, _SHIPPING_METHODS)),
        (_SHIPPING_TAX_LINES, (cart_id,)),
        (_DISCOUNTS, (order.pk,)),
        (_PAYMENTS, (order.pk,)),
    )
    if order.cart is not None:
        prefetched([order.cart], "items", items)
        prefetched([order.cart], "shipping_methods", methods)
    prefetched(items, "adjustments", adjustments, key="item_id")
    prefetched(items, "tax_lines", item_tax_lines, key="item_id")
    prefetched(methods, "tax_lines", method_tax_lines, key="shipping_method_id")
    prefetched([order], "discounts", discounts)
    prefetched([order], "payments", payments)
    return order


def order_draft_order_id(order_id: str) -> str | None:
    """The id of the draft order the order was placed from, or v1's 404 for an unknown order."""
    found = Order.objects.filter(pk=order_id).values_list("draft_order_id", flat=True)
    if not found:
        raise not_found("Order", order_id)
    return found[0]


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
