"""Reads of products, variants and prices, each in a fixed number of queries whatever the page size."""

from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from config.api.querystring import order_by_fields
from config.errors import ErrorType, MedusaError
from config.prepared import PreparedQuery
from products.inventory import holds_prefetch
from products.models import (
    MoneyAmount,
    Product,
    ProductOption,
    ProductOptionValue,
    ProductVariant,
    SalesChannel,
)
from products.pricing import Price, select_price

PRODUCT_ORDER_FIELDS = {
    name: name
    for name in (
        *("id", "title", "subtitle", "description", "handle", "is_giftcard", "status", "thumbnail", "profile_id"),
        *("weight", "length", "height", "width", "hs_code", "origin_country", "mid_code", "material"),
        *("discountable", "external_id", "created_at", "updated_at"),
    )
}
VARIANT_ORDER_FIELDS = {
    name: name
    for name in (
        *("id", "title", "product_id", "sku", "barcode", "ean", "upc", "variant_rank", "inventory_quantity"),
        *("allow_backorder", "manage_inventory", "hs_code", "origin_country", "mid_code", "material"),
        *("weight", "length", "height", "width", "created_at", "updated_at"),
    )
}


def _prices() -> Prefetch:
    return Prefetch("prices", queryset=MoneyAmount.objects.order_by("created_at", "id"))


def variant_queryset(*, now: datetime | None = None) -> QuerySet[ProductVariant]:
    """Variants with what the admin variant JSON embeds: prices and option values, and the holds live at `now`
    (the request's clock; addition "stock holds")."""
    return ProductVariant.objects.prefetch_related(
        _prices(),
        Prefetch("options", queryset=ProductOptionValue.objects.order_by("created_at", "id")),
        holds_prefetch(now or timezone.now()),
    )


def product_queryset(*, now: datetime | None = None) -> QuerySet[Product]:
    """Products with the relations v1's admin product JSON embeds (AdminProductsRes)."""
    values = Prefetch("values", queryset=ProductOptionValue.objects.order_by("created_at", "id"))
    return Product.objects.select_related("profile", "type").prefetch_related(
        Prefetch("options", queryset=ProductOption.objects.prefetch_related(values)),
        Prefetch("variants", queryset=variant_queryset(now=now)),
        Prefetch("sales_channels", queryset=SalesChannel.objects.order_by("created_at", "id")),
    )


def product_list(*, q: str | None = None, filters: dict | None = None, order: str | None = None) -> QuerySet[Product]:
    """v1's list, newest first unless `order` says otherwise: `q` matches the title, the description, or a variant's
    title or SKU (ILIKE)."""
    queryset = product_queryset().filter(**(filters or {}))
    if q:
        by_variant = ProductVariant.objects.filter(Q(title__icontains=q) | Q(sku__icontains=q)).values("product_id")
        queryset = queryset.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(pk__in=by_variant))
    return queryset.order_by(*order_by_fields(order, PRODUCT_ORDER_FIELDS))


def product_get(product_id: str, *, queryset: QuerySet[Product] | None = None) -> Product:
    """The live product or v1's 404 `Product with id: <id> was not found`."""
    product = (queryset if queryset is not None else product_queryset()).filter(pk=product_id).first()
    if product is None:
        raise MedusaError(ErrorType.NOT_FOUND, f"Product with id: {product_id} was not found")
    return product


def variant_list(
    *, product_id: str, q: str | None = None, filters: dict | None = None, order: str | None = None
) -> QuerySet[ProductVariant]:
    """A product's variants in their rank order unless `order` says otherwise; `q` matches title or SKU."""
    queryset = variant_queryset().select_related("product__profile").filter(product_id=product_id, **(filters or {}))
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(sku__icontains=q))
    if order:
        return queryset.order_by(*order_by_fields(order, VARIANT_ORDER_FIELDS))
    return queryset.order_by("variant_rank", "created_at", "id")


def variant_search(
    *, q: str | None = None, filters: dict | None = None, order: str | None = None
) -> QuerySet[ProductVariant]:
    """Variants of every product (`GET /admin/variants`) with their option values and product, newest first unless
    `order` says otherwise; `q` matches the title, the SKU or the product's title."""
    queryset = (
        ProductVariant.objects.filter(**(filters or {}))
        .select_related("product")
        .prefetch_related(Prefetch("options", queryset=ProductOptionValue.objects.order_by("created_at", "id")))
    )
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(sku__icontains=q) | Q(product__title__icontains=q))
    return queryset.order_by(*order_by_fields(order, VARIANT_ORDER_FIELDS))


def variant_get(variant_id: str, *, product_id: str | None = None) -> ProductVariant:
    """The live variant (of that product, when given) or v1's 404 `Variant with id: <id> was not found`."""
    queryset = ProductVariant.objects.filter(pk=variant_id)
    if product_id is not None:
        queryset = queryset.filter(product_id=product_id)
    variant = queryset.first()
    if variant is None:
        raise MedusaError(ErrorType.NOT_FOUND, f"Variant with id: {variant_id} was not found")
    return variant


def variant_price_for_region(variant: ProductVariant, region, quantity: int | None = None) -> int | None:
    """The variant's price in the region for the quantity (v1's calculated_price), from prefetched prices."""
    prices = [
        Price(
            currency_code=price.currency_id,
            amount=price.amount,
            region_id=price.region_id,
            min_quantity=price.min_quantity,
            max_quantity=price.max_quantity,
        )
        for price in variant.prices.all()
    ]
    return select_price(prices, region_id=region.id, currency_code=region.currency_id, quantity=quantity)


# --- sales channels ------------------------------------------------------------------------------------------

SALES_CHANNEL_ORDER_FIELDS = {
    name: name for name in ("id", "name", "description", "is_disabled", "created_at", "updated_at")
}


def sales_channel_not_found(sales_channel_id: str) -> MedusaError:
    return MedusaError(ErrorType.NOT_FOUND, f"Sales channel with id: {sales_channel_id} was not found")


_DEFAULT_SALES_CHANNEL = PreparedQuery(lambda: SalesChannel.all_objects.filter(is_default=True), parameters=0)


def default_sales_channel() -> SalesChannel:
    """The store's default channel (made by a migration; never deleted)."""
    (channel,) = _DEFAULT_SALES_CHANNEL()
    return channel


def default_sales_channel_reads() -> list:
    return [(_DEFAULT_SALES_CHANNEL, ())]


def sales_channel_list(
    *, q: str | None = None, filters: dict | None = None, order: str | None = None
) -> QuerySet[SalesChannel]:
    """v1's list, newest first unless `order` says otherwise; `q` matches name or description (ILIKE)."""
    queryset = SalesChannel.objects.filter(**(filters or {}))
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(description__icontains=q))
    return queryset.order_by(*order_by_fields(order, SALES_CHANNEL_ORDER_FIELDS))


def sales_channel_get(sales_channel_id: str) -> SalesChannel:
    channel = SalesChannel.objects.filter(pk=sales_channel_id).first()
    if channel is None:
        raise sales_channel_not_found(sales_channel_id)
    return channel
