"""Reads of draft orders and their carts: each in a fixed number of queries, whatever the number of lines."""

from django.db.models import CharField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast

from config.api.querystring import order_by_fields
from config.errors import not_found
from discounts.models import Discount
from discounts.selectors import discount_rule_data
from draft_orders.models import Cart, DraftOrder, LineItem, ShippingMethod
from draft_orders.totals import (
    AdjustmentInput,
    CartInput,
    CartTotals,
    LineInput,
    ShippingInput,
    TaxLine,
    cart_totals,
    default_tax_lines,
)


def cart_queryset() -> QuerySet[Cart]:
    """A cart with every relation v1's full draft-order response embeds (reference section 2)."""
    return Cart.objects.select_related(
        "region__currency", "customer", "billing_address__country", "shipping_address__country", "payment"
    ).prefetch_related(
        "region__payment_providers",
        Prefetch(
            "items",
            queryset=LineItem.objects.select_related("variant__product__profile").prefetch_related(
                "adjustments", "tax_lines"
            ),
        ),
        Prefetch(
            "shipping_methods",
            queryset=ShippingMethod.objects.select_related("shipping_option__profile").prefetch_related(
                "tax_lines", "shipping_option__requirements"
            ),
        ),
        # v1 reads the cart's discounts in id order (observed: FREE-SHIPPING before TEST)
        Prefetch(
            "discounts",
            queryset=Discount.all_objects.select_related("rule")
            .prefetch_related("rule__conditions__products", "regions")
            .order_by("id"),
        ),
        "payment_sessions",
        "custom_shipping_options",
    )


# `order=` takes these (departure 5: v1 passes anything to the database and answers 500)
DRAFT_ORDER_ORDER_FIELDS = {name: name for name in ("created_at", "updated_at", "display_id", "status", "id")}


def draft_order_queryset() -> QuerySet[DraftOrder]:
    return DraftOrder.objects.select_related("order").prefetch_related(Prefetch("cart", queryset=cart_queryset()))


def draft_order_get(draft_order_id: str, *, queryset: QuerySet[DraftOrder] | None = None) -> DraftOrder:
    """The draft order or v1's 404 `Draft order with <id> was not found`."""
    draft_order = (queryset if queryset is not None else draft_order_queryset()).filter(pk=draft_order_id).first()
    if draft_order is None:
        raise not_found("Draft order", draft_order_id)
    return draft_order


def draft_order_list(
    *,
    q: str | None = None,
    statuses: list[str] | None = None,
    filters: dict | None = None,
    order: str | None = None,
    with_cart: bool = True,
    with_order: bool = True,
) -> QuerySet[DraftOrder]:
    """v1's list: `q` matches the cart email or the display id as text, case-insensitively and in part."""
    queryset = DraftOrder.objects.all()
    if with_order:
        queryset = queryset.select_related("order")
    if with_cart:
        queryset = queryset.prefetch_related(
            Prefetch("cart", queryset=Cart.objects.prefetch_related("items__adjustments"))
        )
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    if filters:
        queryset = queryset.filter(**filters)
    if q:
        queryset = queryset.annotate(display_id_text=Cast("display_id", output_field=CharField())).filter(
            Q(cart__isnull=False) & (Q(cart__email__icontains=q) | Q(display_id_text__icontains=q))
        )
    return queryset.order_by(*order_by_fields(order, DRAFT_ORDER_ORDER_FIELDS))


def line_tax_lines(cart: Cart, row) -> tuple[TaxLine, ...]:
    """Tax lines as v1's system provider computes them on the fly: the region's rate when taxes are automatic.

    Custom items are taxed too (departure 3: v1 never taxes them, medusa#5092). Without automatic taxes only
    persisted lines (written at Mark Paid) count.
    """
    if cart.region.automatic_taxes:
        return default_tax_lines(cart.region.tax_rate)
    return persisted_tax_lines(row)


def rows_with_totals(*, items, methods, discounts, gift_cards_taxable: bool, tax_lines_of) -> CartTotals:
    """Compute v1's totals over fetched rows (a cart's or an order's) and attach them to each row as `.totals`.

    `tax_lines_of(row)` gives a line item's or shipping method's tax lines; each row also keeps them as
    `.computed_tax_lines`.
    """
    items, methods = list(items), list(methods)
    for row in [*items, *methods]:
        row.computed_tax_lines = tax_lines_of(row)
    result = cart_totals(
        CartInput(
            items=tuple(
                LineInput(
                    id=item.id,
                    unit_price=item.unit_price,
                    quantity=item.quantity,
                    allow_discounts=item.allow_discounts,
                    tax_lines=item.computed_tax_lines,
                    adjustments=tuple(
                        AdjustmentInput(discount_id=adjustment.discount_id, amount=adjustment.amount)
                        for adjustment in item.adjustments.all()
                    ),
                )
                for item in items
            ),
            shipping_methods=tuple(
                ShippingInput(id=method.id, price=method.price, tax_lines=method.computed_tax_lines)
                for method in methods
            ),
            discounts=tuple(discount_rule_data(discount) for discount in discounts),
            gift_cards_taxable=gift_cards_taxable,
        )
    )
    for item in items:
        item.totals = result.items[item.id]
    for method in methods:
        method.totals = result.shipping_methods[method.id]
    return result.cart


def persisted_tax_lines(row) -> tuple[TaxLine, ...]:
    return tuple(TaxLine(rate=line.rate, name=line.name, code=line.code) for line in row.tax_lines.all())


def cart_with_totals(cart: Cart) -> Cart:
    """Attach v1's computed totals and tax lines to a prefetched cart, its items and its shipping methods."""
    cart.totals = rows_with_totals(
        items=cart.items.all(),
        methods=cart.shipping_methods.all(),
        discounts=cart.discounts.all(),
        gift_cards_taxable=cart.region.gift_cards_taxable,
        tax_lines_of=lambda row: line_tax_lines(cart, row),
    )
    return cart
