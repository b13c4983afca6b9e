"""Reads of regions and shipping options, fetched with the relations their responses and callers need."""

from django.db.models import Prefetch, Q, QuerySet

from config.api.querystring import order_by_fields
from config.errors import ErrorType, MedusaError, not_found
from config.prepared import PreparedQuery, prefetched, run_together
from regions.models import (
    Country,
    FulfillmentProvider,
    PaymentProvider,
    Region,
    ShippingOption,
    ShippingOptionRequirement,
    ShippingProfile,
)

# `order` accepts v1's column names; the value is the field Django orders by.
REGION_ORDER_FIELDS = {
    **{name: name for name in ("id", "name", "tax_rate", "tax_code", "gift_cards_taxable", "automatic_taxes")},
    **{name: name for name in ("tax_provider_id", "created_at", "updated_at", "deleted_at")},
    "currency_code": "currency_id",
}
SHIPPING_OPTION_ORDER_FIELDS = {
    name: name
    for name in (
        "id",
        "name",
        "region_id",
        "profile_id",
        "provider_id",
        "price_type",
        "amount",
        "is_return",
        "admin_only",
        "created_at",
        "updated_at",
        "deleted_at",
    )
}


def region_queryset(*, with_deleted: bool = False) -> QuerySet[Region]:
    """Regions with what `/admin/regions` shows: currency, countries (by id), payment and fulfillment providers."""
    manager = Region.all_objects if with_deleted else Region.objects
    return manager.select_related("currency").prefetch_related(
        Prefetch("countries", queryset=Country.objects.order_by("id")),
        "payment_providers",
        "fulfillment_providers",
    )


# `region_get`'s queries (config.prepared): the live region with its currency, then what `region_queryset()`
# prefetches, sent together
_REGION = PreparedQuery(lambda region_id: Region.objects.select_related("currency").filter(pk=region_id))
_COUNTRIES = PreparedQuery(lambda region_id: Country.objects.filter(region_id=region_id).order_by("id"))
PAYMENT_PROVIDERS_OF_REGION = PreparedQuery(lambda region_id: PaymentProvider.objects.filter(regions=region_id))
_FULFILLMENT_PROVIDERS = PreparedQuery(lambda region_id: FulfillmentProvider.objects.filter(regions=region_id))


def region_get_reads(region_id: str) -> list:
    """What `region_get` reads, for `read_ahead`."""
    return [
        (query, (region_id,)) for query in (_REGION, _COUNTRIES, PAYMENT_PROVIDERS_OF_REGION, _FULFILLMENT_PROVIDERS)
    ]


def region_get(*, region_id: str) -> Region:
    """The live region with what `region_queryset()` loads, or v1's 404."""
    found, countries, payment_providers, fulfillment_providers = run_together(*region_get_reads(region_id))
    if not found:
        raise not_found("Region", region_id)
    (region,) = found
    prefetched([region], "countries", countries)
    prefetched([region], "payment_providers", payment_providers)
    prefetched([region], "fulfillment_providers", fulfillment_providers)
    return region


def region_countries(region: Region) -> list[Country]:
    """The region's countries (by id): those fetched with it, else read once and kept with it."""
    if "countries" not in getattr(region, "_prefetched_objects_cache", {}):
        prefetched([region], "countries", _COUNTRIES(region.pk))
    return list(region.countries.all())


def region_list(*, filters: dict, order: str | None = None) -> QuerySet[Region]:
    """`q` searches the name (case-insensitive); date filters come as `{"created_at__gt": ...}`."""
    filters = dict(filters)
    q = filters.pop("q", None)
    queryset = region_queryset(with_deleted=any(key.startswith("deleted_at") for key in filters))
    if q:
        queryset = queryset.filter(name__icontains=q)
    return queryset.filter(**filters).order_by(*order_by_fields(order, REGION_ORDER_FIELDS))


def shipping_option_queryset(*, with_deleted: bool = False) -> QuerySet[ShippingOption]:
    """Shipping options with their region (and its currency), profile and live requirements."""
    manager = ShippingOption.all_objects if with_deleted else ShippingOption.objects
    return manager.select_related("region__currency", "profile").prefetch_related(
        Prefetch(
            "requirements",
            queryset=ShippingOptionRequirement.objects.filter(deleted_at__isnull=True).order_by("id"),
        )
    )


def shipping_option_get(*, option_id: str) -> ShippingOption:
    option = shipping_option_queryset().filter(pk=option_id).first()
    if option is None:
        raise MedusaError(ErrorType.NOT_FOUND, f"Shipping Option with {option_id} was not found")
    return option


def shipping_option_list(*, filters: dict, order: str | None = None) -> QuerySet[ShippingOption]:
    """Filters: `id` (one or many), `name`, `region_id`, `is_return`, `admin_only`, `q` (name), date ranges."""
    filters = dict(filters)
    q = filters.pop("q", None)
    ids = filters.pop("id", None)
    queryset = shipping_option_queryset(with_deleted=any(key.startswith("deleted_at") for key in filters))
    if ids is not None:
        queryset = queryset.filter(pk__in=[ids] if isinstance(ids, str) else ids)
    if q:
        # v1 replaces an exact `name` filter with `name ILIKE %q%` when both are given.
        filters.pop("name", None)
        queryset = queryset.filter(Q(name__icontains=q))
    return queryset.filter(**filters).order_by(*order_by_fields(order, SHIPPING_OPTION_ORDER_FIELDS))


def default_shipping_profile() -> ShippingProfile:
    """v1's shippingProfileService.retrieveDefault: the profile of type `default` (seeded by migration)."""
    return ShippingProfile.objects.get(type=ShippingProfile.Type.DEFAULT)
