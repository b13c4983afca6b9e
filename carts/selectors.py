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
)
from config.prepared import PreparedQuery, prefetched, run_together
from discounts.models import Discount
from discounts.selectors import discount_rule_data
from pricing.models import TaxRate
from pricing.selectors import product_tax_rates, tax_rate_data, tax_rates_ordered
from pricing.taxes import item_tax_lines, shipping_tax_lines
from products.models import Product, ProductVariant
from regions.models import ShippingOptionRequirement
from regions.selectors import PAYMENT_PROVIDERS_OF_REGION


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


def cart_tax_lines_of(cart: Cart) -> Callable[[LineItem | ShippingMethod], tuple[TaxLine, ...]]:
    """A cart row's tax lines as v1's system tax provider picks them (pricing/taxes.py): a variant line's from the
    rates of the cart's region linked to its product or its product's type, a shipping method's from its option's,
    else the region's rate; without `automatic_taxes`, the persisted ones. The rates are read from the `tax_rates`
    fetched with the rows (`cart_relations`, `cart_relations_fetch`, `cart_tax_rates_fetch`): no query."""
    region = cart.region
    if not region.automatic_taxes:
        return persisted_tax_lines

    def tax_lines_of(row: LineItem | ShippingMethod) -> tuple[TaxLine, ...]:
        if isinstance(row, ShippingMethod):
            rates = tuple(tax_rate_data(rate) for rate in row.shipping_option.tax_rates.all())
            lines = shipping_tax_lines(automatic_taxes=True, region_tax_rate=region.tax_rate, option_rates=rates)
        else:
            product = row.variant.product if row.variant_id else None
            rates = product_tax_rates(product, region_id=region.id) if product is not None else ()
            lines = item_tax_lines(automatic_taxes=True, region_tax_rate=region.tax_rate, rates=rates)
        return tuple(TaxLine(rate=line.rate, name=line.name, code=line.code) for line in lines)

    return tax_lines_of


def cart_tax_rates_fetch(items: Iterable[LineItem], methods: Iterable[ShippingMethod]) -> None:
    """Fetch the tax rates of these rows' products, product types and shipping options where they were not fetched
    with the rows (as `cart_relations` prefetches them; rows not saved yet included): prepared queries sent
    together, none when every one has them."""
    products = [item.variant.product for item in items if item.variant_id]
    kinds = [
        (products, _PRODUCTS_TAX_RATES, "product_id"),
        ([product.type for product in products if product.type_id], _TYPES_TAX_RATES, "producttype_id"),
        ([method.shipping_option for method in methods], _OPTIONS_TAX_RATES, "shippingoption_id"),
    ]
    lacking = [
        [parent for parent in parents if "tax_rates" not in getattr(parent, "_prefetched_objects_cache", {})]
        for parents, _, _ in kinds
    ]
    if not any(lacking):
        return
    found = run_together(
        *(
            _tax_rates_read(query, [parent.pk for parent in parents])
            for parents, (_, query, _) in zip(lacking, kinds, strict=True)
        )
    )
    for parents, links, (_, _, key) in zip(lacking, found, kinds, strict=True):
        _tax_rates_prefetched(parents, links, key)


def _tax_rates_read(query: PreparedQuery, ids: Iterable[str]) -> tuple:
    return query, (sorted(set(ids)),)


def cart_tax_rates_reads(option_ids: Iterable[str]) -> list:
    """What `cart_tax_rates_fetch` reads for new shipping methods of these options, for `read_ahead` (a new line's
    product and type rates come with its variant: `variants_tax_rates_reads`)."""
    option_ids = list(option_ids)
    return [_tax_rates_read(_OPTIONS_TAX_RATES, option_ids)] if option_ids else []


def cart_relations(prefix: str = "") -> tuple[list[str], list[Prefetch]]:
    """The `select_related` paths and the prefetches of every relation of its own that v1's full draft-order
    response embeds (reference "full cart"), for a cart reached through `prefix` (e.g. `cart__` from a draft
    order, which can then join its cart instead of prefetching it)."""
    joined = ["region__currency", "customer", "billing_address__country", "shipping_address__country"]
    prefetched = [
        Prefetch("region__payment_providers"),
        Prefetch(
            "items",
            queryset=LineItem.objects.select_related(
                "variant__product__profile", "variant__product__type", "price_list"
            )
            .prefetch_related("adjustments", "tax_lines")
            .prefetch_related(
                Prefetch("variant__product__tax_rates", queryset=tax_rates_ordered()),
                Prefetch("variant__product__type__tax_rates", queryset=tax_rates_ordered()),
            ),
        ),
        Prefetch(
            "shipping_methods",
            queryset=ShippingMethod.objects.select_related("shipping_option__profile").prefetch_related(
                "tax_lines",
                "shipping_option__requirements",
                Prefetch("shipping_option__tax_rates", queryset=tax_rates_ordered()),
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
        .select_related("variant__product__profile", "variant__product__type", "price_list")
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


def _cart_products(cart_id: str) -> QuerySet:
    return LineItem.objects.filter(cart_id=cart_id, variant__isnull=False).values("variant__product_id")


def _tax_rate_links(links: QuerySet, column: str, ids) -> QuerySet:
    """The links (of a product, product type or shipping option to a tax rate) of these ids (a list or a subquery),
    with their rate, oldest rate first."""
    return (
        links.filter(**{f"{column}__in": ids}).select_related("taxrate").order_by("taxrate__created_at", "taxrate_id")
    )


_PRODUCT_LINKS, _TYPE_LINKS, _OPTION_LINKS = (
    TaxRate.products.through.objects,
    TaxRate.product_types.through.objects,
    TaxRate.shipping_options.through.objects,
)
# the tax rates linked to the cart's products, their types and its shipping options (every region's: the cart's
# region is picked in `cart_tax_lines_of`)
_PRODUCT_TAX_RATES = PreparedQuery(
    lambda cart_id: _tax_rate_links(_PRODUCT_LINKS, "product_id", _cart_products(cart_id))
)
_TYPE_TAX_RATES = PreparedQuery(
    lambda cart_id: _tax_rate_links(
        _TYPE_LINKS, "producttype_id", Product.all_objects.filter(pk__in=_cart_products(cart_id)).values("type_id")
    )
)
_OPTION_TAX_RATES = PreparedQuery(
    lambda cart_id: _tax_rate_links(
        _OPTION_LINKS,
        "shippingoption_id",
        ShippingMethod.objects.filter(cart_id=cart_id).values("shipping_option_id"),
    )
)
# the same by the ids of products, product types and shipping options (`cart_tax_rates_fetch`)
_PRODUCTS_TAX_RATES = PreparedQuery(lambda ids: _tax_rate_links(_PRODUCT_LINKS, "product_id", ids))
_TYPES_TAX_RATES = PreparedQuery(lambda ids: _tax_rate_links(_TYPE_LINKS, "producttype_id", ids))
_OPTIONS_TAX_RATES = PreparedQuery(lambda ids: _tax_rate_links(_OPTION_LINKS, "shippingoption_id", ids))


# the tax rates of the products of some variants, and of their types (`variants_tax_rates_prefetched`)
_VARIANTS_PRODUCT_TAX_RATES = PreparedQuery(
    lambda variant_ids: _tax_rate_links(
        _PRODUCT_LINKS, "product_id", ProductVariant.all_objects.filter(pk__in=variant_ids).values("product_id")
    )
)
_VARIANTS_TYPE_TAX_RATES = PreparedQuery(
    lambda variant_ids: _tax_rate_links(
        _TYPE_LINKS, "producttype_id", ProductVariant.all_objects.filter(pk__in=variant_ids).values("product__type_id")
    )
)


def variants_tax_rates_reads(variant_ids: list[str]) -> list:
    """The tax rates of these variants' products and product types, read with the variants: then a new line's
    pricing (`cart_tax_rates_fetch`) finds them (`variants_tax_rates_prefetched`)."""
    return [(_VARIANTS_PRODUCT_TAX_RATES, (variant_ids,)), (_VARIANTS_TYPE_TAX_RATES, (variant_ids,))]


def variants_tax_rates_prefetched(variants: Iterable, product_links: list, type_links: list) -> None:
    products = [variant.product for variant in variants]
    _tax_rates_prefetched(products, product_links, "product_id")
    _tax_rates_prefetched([product.type for product in products if product.type_id], type_links, "producttype_id")


def _rates_by(links, key: str) -> dict[str, list[TaxRate]]:
    found: dict[str, list[TaxRate]] = {}
    for link in links:
        found.setdefault(getattr(link, key), []).append(link.taxrate)
    return found


def _tax_rates_prefetched(parents, links, key: str) -> None:
    """Each parent's `tax_rates` as the links found them (a product, type or option may be several parents)."""
    rates = _rates_by(links, key)
    for parent in parents:
        prefetched([parent], "tax_rates", rates.get(parent.pk, []))


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
        _PRODUCT_TAX_RATES,
        _TYPE_TAX_RATES,
        _OPTION_TAX_RATES,
        *(query for query in more),
    ]
    fetched = run_together(
        *((query, (cart.pk,)) for query in queries), (PAYMENT_PROVIDERS_OF_REGION, (cart.region_id,))
    )
    items, adjustments, item_tax_lines, methods, method_tax_lines, requirements, discounts, custom = fetched[:8]
    product_rates, type_rates, option_rates = fetched[8:11]
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
    products = [item.variant.product for item in items if item.variant_id]
    _tax_rates_prefetched(products, product_rates, "product_id")
    _tax_rates_prefetched([product.type for product in products if product.type_id], type_rates, "producttype_id")
    _tax_rates_prefetched(options, option_rates, "shippingoption_id")
    return cart, fetched[11:-1]


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
    """Price a cart fetched with `cart_queryset()` (or a queryset extending it, or `cart_relations_fetch`). The tax
    rates of rows a write added since (a new line's product, a new shipping method's option) are fetched here, a
    query for each kind at most; those fetched with the cart cost none."""
    items, methods, discounts = list(cart.items.all()), list(cart.shipping_methods.all()), list(cart.discounts.all())
    if cart.region.automatic_taxes:
        cart_tax_rates_fetch(items, methods)
    computed = rows_totals(
        owner_id=cart.id,
        items=items,
        methods=methods,
        discounts=discounts,
        gift_cards_taxable=cart.region.gift_cards_taxable,
        tax_lines_of=cart_tax_lines_of(cart),
    )
    return CartInfo(cart=cart, items=items, shipping_methods=methods, discounts=discounts, computed=computed)
