"""Reads for pricing and taxing: the candidates and tax rates of a whole set of variants, products or shipping
options in a fixed number of queries (never one per line, per variant or per list), and the price list and tax
rate screens.

The cart engine prices a cart with one `variant_pricing(...)` and taxes it with one `tax_rates_for_products(...)`
and one `tax_rates_for_shipping_options(...)`; the pure modules (pricing/selection.py, pricing/taxes.py) decide.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from config.api.querystring import order_by_fields
from config.errors import ErrorType, MedusaError, not_found
from config.prepared import PreparedQuery, run_together
from customers.models import Customer, CustomerGroup
from pricing.models import PriceList, PriceListPrice, TaxRate
from pricing.selection import PriceCandidate, PriceListData, PricingContext, SelectedPrice, select_price
from pricing.taxes import TaxRateData
from products.models import MoneyAmount, Product
from regions.models import Region

# --- candidates ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VariantPricing:
    """Every candidate of some variants in one context, and the rows behind them (to render v1's `prices`)."""

    context: PricingContext
    candidates: dict[str, tuple[PriceCandidate, ...]]
    rows: dict[str, MoneyAmount | PriceListPrice]

    def select(self, variant_id: str, quantity: int | None = None) -> SelectedPrice:
        return select_price(self.candidates.get(variant_id, ()), self.context, quantity=quantity)


def pricing_region(region_id: str) -> Region:
    """The live region alone (its currency, tax rate and automatic_taxes), or v1's 404."""
    region = Region.objects.filter(pk=region_id).first()
    if region is None:
        raise not_found("Region", region_id)
    return region


def customer_group_ids(customer_id: str | None) -> frozenset[str]:
    """The live groups of a live customer (none for no customer or an unknown one)."""
    if not customer_id:
        return frozenset()
    members = Customer.groups.through.objects.filter(
        customer_id=customer_id, customer__deleted_at__isnull=True, customergroup__deleted_at__isnull=True
    )
    return frozenset(members.values_list("customergroup_id", flat=True))


def _where(region_id: str | None, currency_code: str | None) -> Q:
    """The rows that can apply in the context (pricing/selection.py's `applies_in` decides), or every row."""
    if region_id is None and currency_code is None:
        return Q()
    return Q(region_id=region_id) | Q(region_id__isnull=True, currency_id=currency_code)


# `variant_pricing`'s candidates, by variant ids, region and currency (config.prepared)
_OWN_PRICES = PreparedQuery(
    lambda variant_ids, region_id, currency_code: MoneyAmount.objects.filter(
        _where(region_id, currency_code), variant_id__in=variant_ids
    ).order_by("created_at", "id"),
    parameters=3,
)
_LIST_PRICES = PreparedQuery(
    lambda variant_ids, region_id, currency_code: (
        PriceListPrice.objects.filter(
            _where(region_id, currency_code), variant_id__in=variant_ids, price_list__deleted_at__isnull=True
        )
        .select_related("price_list")
        .order_by("created_at", "id")
    ),
    parameters=3,
)


def _candidate(row: MoneyAmount | PriceListPrice, price_list: PriceListData | None = None) -> PriceCandidate:
    return PriceCandidate(
        id=row.id,
        amount=row.amount,
        currency_code=row.currency_id,
        region_id=row.region_id,
        min_quantity=row.min_quantity,
        max_quantity=row.max_quantity,
        price_list=price_list,
    )


def variant_pricing_reads(
    variant_ids: Iterable[str], *, region_id: str | None = None, currency_code: str | None = None
) -> list:
    """The candidates' queries `variant_pricing` sends (together), for `read_ahead`; the lists' groups it may read
    after them are not among them."""
    values = (list(dict.fromkeys(variant_ids)), region_id, currency_code)
    return [(_OWN_PRICES, values), (_LIST_PRICES, values)]


def variant_pricing(
    variant_ids: Iterable[str],
    *,
    region_id: str | None = None,
    currency_code: str | None = None,
    customer_id: str | None = None,
    now: datetime | None = None,
) -> VariantPricing:
    """The candidates of these variants in a region (pass its currency too) or a currency, for a customer: at most
    four queries whatever the number of variants, prices, lists and groups (the variants' own prices, the lists'
    prices with their lists, the lists' groups, the customer's groups), and only two where no list price is in the
    context: the customer's groups are read only when a list names a group.

    Every list price in the context is fetched, drafts and expired ones too: `select_price` decides which count.
    """
    own, listed = run_together(*variant_pricing_reads(variant_ids, region_id=region_id, currency_code=currency_code))
    list_groups: dict[str, set[str]] = defaultdict(set)
    if listed:
        links = PriceList.customer_groups.through.objects.filter(pricelist_id__in={row.price_list_id for row in listed})
        for list_id, group_id in links.values_list("pricelist_id", "customergroup_id"):
            list_groups[list_id].add(group_id)
    groups = customer_group_ids(customer_id) if list_groups else frozenset()
    lists = {
        row.price_list_id: PriceListData(
            id=row.price_list_id,
            type=row.price_list.type,
            status=row.price_list.status,
            starts_at=row.price_list.starts_at,
            ends_at=row.price_list.ends_at,
            customer_group_ids=frozenset(list_groups[row.price_list_id]),
        )
        for row in listed
    }
    candidates: dict[str, list[PriceCandidate]] = defaultdict(list)
    for row in own:  # a variant's own prices first, then the lists', as v1's query returns them
        candidates[row.variant_id].append(_candidate(row))
    for row in listed:
        candidates[row.variant_id].append(_candidate(row, lists[row.price_list_id]))
    return VariantPricing(
        context=PricingContext(
            now=now or timezone.now(), region_id=region_id, currency_code=currency_code, customer_group_ids=groups
        ),
        candidates={variant_id: tuple(found) for variant_id, found in candidates.items()},
        rows={row.id: row for row in [*own, *listed]},
    )


# --- tax rates -----------------------------------------------------------------------------------------------


def tax_rate_data(rate: TaxRate) -> TaxRateData:
    return TaxRateData(id=rate.id, rate=rate.rate, name=rate.name, code=rate.code)


def tax_rates_ordered() -> QuerySet[TaxRate]:
    """Tax rates in the order a row's tax lines list them (oldest first), for the prefetches of a cart's products,
    product types and shipping options."""
    return TaxRate.objects.order_by("created_at", "id")


def product_tax_rates(product: Product, *, region_id: str) -> tuple[TaxRateData, ...]:
    """A product's rates of the region, then its type's, from `tax_rates` prefetched on both (`tax_rates_ordered`):
    no query."""
    linked = [*product.tax_rates.all(), *(product.type.tax_rates.all() if product.type_id else ())]
    return tuple(tax_rate_data(rate) for rate in linked if rate.region_id == region_id)


def tax_rates_for_products(product_ids: Iterable[str], *, region_id: str) -> dict[str, tuple[TaxRateData, ...]]:
    """Per product, the rates of the region linked to it, then those linked to its type (pricing/taxes.py unites
    them): three queries whatever the number of products and rates. A product without any is left out."""
    product_ids = list(dict.fromkeys(product_ids))
    type_of = dict(Product.all_objects.filter(pk__in=product_ids).values_list("id", "type_id"))
    by_product: dict[str, list[TaxRateData]] = defaultdict(list)
    for link in (
        TaxRate.products.through.objects.filter(product_id__in=product_ids, taxrate__region_id=region_id)
        .select_related("taxrate")
        .order_by("taxrate__created_at", "taxrate_id")
    ):
        by_product[link.product_id].append(tax_rate_data(link.taxrate))
    by_type: dict[str, list[TaxRateData]] = defaultdict(list)
    for link in (
        TaxRate.product_types.through.objects.filter(
            producttype_id__in={type_id for type_id in type_of.values() if type_id}, taxrate__region_id=region_id
        )
        .select_related("taxrate")
        .order_by("taxrate__created_at", "taxrate_id")
    ):
        by_type[link.producttype_id].append(tax_rate_data(link.taxrate))
    rates = {
        product_id: (*by_product[product_id], *by_type.get(type_of.get(product_id), ())) for product_id in product_ids
    }
    return {product_id: found for product_id, found in rates.items() if found}


def tax_rates_for_shipping_options(option_ids: Iterable[str]) -> dict[str, tuple[TaxRateData, ...]]:
    """Per shipping option, the rates linked to it (all of its own region, as linking checks): one query."""
    by_option: dict[str, list[TaxRateData]] = defaultdict(list)
    for link in (
        TaxRate.shipping_options.through.objects.filter(shippingoption_id__in=list(option_ids))
        .select_related("taxrate")
        .order_by("taxrate__created_at", "taxrate_id")
    ):
        by_option[link.shippingoption_id].append(tax_rate_data(link.taxrate))
    return {option_id: tuple(found) for option_id, found in by_option.items()}


# --- price lists ---------------------------------------------------------------------------------------------

PRICE_LIST_ORDER_FIELDS = {
    name: name
    for name in ("id", "name", "description", "type", "status", "starts_at", "ends_at", "created_at", "updated_at")
}


def price_list_not_found(price_list_id: str) -> MedusaError:
    return MedusaError(ErrorType.NOT_FOUND, f"Price list with id: {price_list_id} was not found")


def _live_groups() -> Prefetch:
    return Prefetch("customer_groups", queryset=CustomerGroup.objects.order_by("created_at", "id"))


def price_list_queryset(*, with_prices: bool = True) -> QuerySet[PriceList]:
    """Price lists with their live groups and, for the detail, their prices and each price's variant."""
    queryset = PriceList.objects.prefetch_related(_live_groups())
    if with_prices:
        prices = PriceListPrice.objects.select_related("variant").order_by("created_at", "id")
        queryset = queryset.prefetch_related(Prefetch("prices", queryset=prices))
    return queryset


def price_list_get(price_list_id: str) -> PriceList:
    """The live list with its groups and prices, or v1's 404 `Price list with id: <id> was not found`."""
    price_list = price_list_queryset().filter(pk=price_list_id).first()
    if price_list is None:
        raise price_list_not_found(price_list_id)
    return price_list


def price_list_list(
    *,
    q: str | None = None,
    filters: dict | None = None,
    customer_group_ids: list[str] | None = None,
    order: str | None = None,
) -> QuerySet[PriceList]:
    """v1's list, newest first unless `order` says otherwise: `q` matches name or description (ILIKE);
    `customer_group_ids` keeps the lists of any of those groups."""
    queryset = price_list_queryset(with_prices=False).filter(**(filters or {}))
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(description__icontains=q))
    if customer_group_ids is not None:
        links = PriceList.customer_groups.through.objects.filter(customergroup_id__in=customer_group_ids)
        queryset = queryset.filter(pk__in=links.values("pricelist_id"))
    return queryset.order_by(*order_by_fields(order, PRICE_LIST_ORDER_FIELDS))


# --- tax rates (screens) -------------------------------------------------------------------------------------

TAX_RATE_RELATIONS = ("products", "product_types", "shipping_options")
TAX_RATE_ORDER_FIELDS = {name: name for name in ("id", "code", "name", "rate", "region_id", "created_at", "updated_at")}


def tax_rate_queryset(relations=()) -> QuerySet[TaxRate]:
    queryset = TaxRate.objects.all()
    for relation in relations:
        related = TaxRate._meta.get_field(relation).related_model
        queryset = queryset.prefetch_related(Prefetch(relation, queryset=related.objects.order_by("created_at", "id")))
    return queryset


def tax_rate_get(tax_rate_id: str, *, relations=()) -> TaxRate:
    rate = tax_rate_queryset(relations).filter(pk=tax_rate_id).first()
    if rate is None:
        raise not_found("TaxRate", tax_rate_id)
    return rate


def tax_rate_list(*, filters: dict | None = None, q: str | None = None, order: str | None = None, relations=()):
    """v1's list, newest first unless `order` says otherwise; `q` matches name or code (ILIKE)."""
    queryset = tax_rate_queryset(relations).filter(**(filters or {}))
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return queryset.order_by(*order_by_fields(order, TAX_RATE_ORDER_FIELDS))
