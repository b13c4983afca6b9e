"""Reads of carts: a cart fetched in a fixed number of queries and priced once, as one `CartInfo`.

As Saleor's `checkout/fetch.py` returns line infos, `cart_info` returns the fetched rows together with what the
pure totals engine computed from them (totals and tax lines, by row id). Services and renderers read that
object; nothing is attached to the model instances.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from carts.models import (
    Cart,
    CustomShippingOption,
    LineItem,
    LineItemAdjustment,
    LineItemTaxLine,
    ShippingMethod,
    ShippingMethodTaxLine,
)
from carts.totals import (
    AdjustmentInput,
    CartInput,
    CartTotals,
    CartTotalsResult,
    LineInput,
    LineTotals,
    ShippingInput,
    ShippingTotals,
    TaxLine,
    cart_totals,
    region_tax_lines,
)
from config.prepared import PreparedQuery, prefetched, run_together
from discounts.models import Discount
from discounts.selectors import discount_rule_data
from regions.models import PaymentProvider, ShippingOptionRequirement


@dataclass(frozen=True)
class Totals:
    """What the totals engine computed over fetched rows, by row id: every line's and shipping method's totals and
    tax lines, and the owner's (a cart's or an order's) totals. Several owners' totals can be merged into one, so a
    page of orders renders from a single object."""

    owners: dict[str, CartTotals]
    items: dict[str, LineTotals]
    shipping_methods: dict[str, ShippingTotals]
    tax_lines: dict[str, tuple[TaxLine, ...]]

    @classmethod
    def merged(cls, many: Iterable["Totals"]) -> "Totals":
        merged = cls(owners={}, items={}, shipping_methods={}, tax_lines={})
        for totals in many:
            merged.owners.update(totals.owners)
            merged.items.update(totals.items)
            merged.shipping_methods.update(totals.shipping_methods)
            merged.tax_lines.update(totals.tax_lines)
        return merged


def rows_totals(
    *,
    owner_id: str,
    items: Iterable[LineItem],
    methods: Iterable[ShippingMethod],
    discounts: Iterable[Discount],
    gift_cards_taxable: bool,
    tax_lines_of: Callable[[LineItem | ShippingMethod], tuple[TaxLine, ...]],
) -> Totals:
    """v1's totals over fetched rows (a cart's or an order's); `tax_lines_of(row)` gives a row's tax lines."""
    items, methods = list(items), list(methods)
    tax_lines = {row.id: tax_lines_of(row) for row in [*items, *methods]}
    result: CartTotalsResult = cart_totals(
        CartInput(
            items=tuple(
                LineInput(
                    id=item.id,
                    unit_price=item.unit_price,
                    quantity=item.quantity,
                    allow_discounts=item.allow_discounts,
                    tax_lines=tax_lines[item.id],
                    adjustments=tuple(
                        AdjustmentInput(discount_id=adjustment.discount_id, amount=adjustment.amount)
                        for adjustment in item.adjustments.all()
                    ),
                )
                for item in items
            ),
            shipping_methods=tuple(
                ShippingInput(id=method.id, price=method.price, tax_lines=tax_lines[method.id]) for method in methods
            ),
            discounts=tuple(discount_rule_data(discount, with_conditions=False) for discount in discounts),
            gift_cards_taxable=gift_cards_taxable,
        )
    )
    return Totals(
        owners={owner_id: result.cart},
        items=result.items,
        shipping_methods=result.shipping_methods,
        tax_lines=tax_lines,
    )


def persisted_tax_lines(row: LineItem | ShippingMethod) -> tuple[TaxLine, ...]:
    return tuple(TaxLine(rate=line.rate, name=line.name, code=line.code) for line in row.tax_lines.all())


def cart_relations(prefix: str = "") -> tuple[list[str], list[Prefetch]]:
    """The `select_related` paths and the prefetches of every relation of its own that v1's full draft-order
    response embeds (reference "full cart"), for a cart reached through `prefix` (e.g. `cart__` from a draft
    order, which can then join its cart instead of prefetching it)."""
    joined = ["region__currency", "customer", "billing_address__country", "shipping_address__country"]
    prefetched = [
        Prefetch("region__payment_providers"),
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
        Prefetch("discounts", queryset=Discount.all_objects.select_related("rule").order_by("id")),
        Prefetch("custom_shipping_options"),
    ]
    if prefix:
        for prefetch in prefetched:
            prefetch.add_prefix(prefix.removesuffix("__"))
    return [f"{prefix}{path}" for path in joined], prefetched


def cart_queryset() -> QuerySet[Cart]:
    """A cart with every relation of its own that v1's full draft-order response embeds."""
    joined, prefetched = cart_relations()
    return Cart.objects.select_related(*joined).prefetch_related(*prefetched)


# The queries of `cart_relations_fetch`, each by the cart's id (one parameter, so their SQL is compiled once).
_ITEMS = PreparedQuery(
    lambda cart_id: (
        LineItem.objects.filter(cart_id=cart_id)
        .select_related("variant__product__profile")
        .order_by("created_at", "id")
    )
)
_ADJUSTMENTS = PreparedQuery(lambda cart_id: LineItemAdjustment.objects.filter(item__cart_id=cart_id).order_by("id"))
_ITEM_TAX_LINES = PreparedQuery(lambda cart_id: LineItemTaxLine.objects.filter(item__cart_id=cart_id).order_by("id"))
_SHIPPING_METHODS = PreparedQuery(
    lambda cart_id: (
        ShippingMethod.objects.filter(cart_id=cart_id).select_related("shipping_option__profile").order_by("id")
    )
)
_SHIPPING_TAX_LINES = PreparedQuery(
    lambda cart_id: ShippingMethodTaxLine.objects.filter(shipping_method__cart_id=cart_id).order_by("id")
)
_REQUIREMENTS = PreparedQuery(
    lambda cart_id: ShippingOptionRequirement.objects.filter(
        shipping_option__in=ShippingMethod.objects.filter(cart_id=cart_id).values("shipping_option_id")
    ).order_by("id")
)
_DISCOUNTS = PreparedQuery(
    lambda cart_id: (
        Discount.all_objects.filter(pk__in=Cart.discounts.through.objects.filter(cart_id=cart_id).values("discount_id"))
        .select_related("rule")
        .order_by("id")
    )
)
_CUSTOM_SHIPPING_OPTIONS = PreparedQuery(lambda cart_id: CustomShippingOption.objects.filter(cart_id=cart_id))
_PAYMENT_PROVIDERS = PreparedQuery(lambda region_id: PaymentProvider.objects.filter(regions=region_id))


def cart_relations_fetch(cart: Cart, *more: PreparedQuery) -> tuple[Cart, list]:
    """Fetch what `cart_relations` prefetches for one cart whose joined relations are loaded (a draft order's read):
    the same rows in the same order, with prepared queries sent together. `more` are further queries by the cart's
    id, run with them; their rows are returned in that order."""
    queries = [
        _ITEMS,
        _ADJUSTMENTS,
        _ITEM_TAX_LINES,
        _SHIPPING_METHODS,
        _SHIPPING_TAX_LINES,
        _REQUIREMENTS,
        _DISCOUNTS,
        _CUSTOM_SHIPPING_OPTIONS,
        *(query for query in more),
    ]
    fetched = run_together(*((query, (cart.pk,)) for query in queries), (_PAYMENT_PROVIDERS, (cart.region_id,)))
    items, adjustments, item_tax_lines, methods, method_tax_lines, requirements, discounts, custom = fetched[:8]
    prefetched([cart], "items", items)
    prefetched(items, "adjustments", adjustments, key="item_id")
    prefetched(items, "tax_lines", item_tax_lines, key="item_id")
    prefetched([cart], "shipping_methods", methods)
    prefetched(methods, "tax_lines", method_tax_lines, key="shipping_method_id")
    options = [method.shipping_option for method in methods]
    prefetched(options, "requirements", requirements, key="shipping_option_id")
    prefetched([cart], "discounts", discounts)
    prefetched([cart], "custom_shipping_options", custom)
    prefetched([cart.region], "payment_providers", fetched[-1])
    return cart, fetched[8:-1]


@dataclass(frozen=True)
class CartInfo:
    """A fetched cart, its rows in v1's order, and their totals."""

    cart: Cart
    items: list[LineItem]
    shipping_methods: list[ShippingMethod]
    discounts: list[Discount]
    computed: Totals

    @property
    def totals(self) -> CartTotals:
        return self.computed.owners[self.cart.id]


def cart_info(cart: Cart) -> CartInfo:
    """Price a cart fetched with `cart_queryset()` (or a queryset extending it)."""
    region = cart.region
    items, methods, discounts = list(cart.items.all()), list(cart.shipping_methods.all()), list(cart.discounts.all())
    computed = rows_totals(
        owner_id=cart.id,
        items=items,
        methods=methods,
        discounts=discounts,
        gift_cards_taxable=region.gift_cards_taxable,
        tax_lines_of=lambda row: region_tax_lines(
            automatic_taxes=region.automatic_taxes, tax_rate=region.tax_rate, persisted=persisted_tax_lines(row)
        ),
    )
    return CartInfo(cart=cart, items=items, shipping_methods=methods, discounts=discounts, computed=computed)
