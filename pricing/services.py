"""Writes of price lists, their prices and tax rates: the only place that changes them, for the API and the admin.

Nothing here caches: the next pricing reads what was written (departure "no stale prices"; v1 keeps prices and
tax rates for 30 seconds).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from config.errors import ErrorType, MedusaError, not_found
from customers.models import CustomerGroup
from customers.selectors import customer_group_not_found
from pricing.models import PriceList, PriceListPrice, TaxRate
from pricing.selectors import price_list_not_found
from products.models import Product, ProductType, ProductVariant
from products.services import price_values
from regions.models import Region, ShippingOption

# --- price lists ---------------------------------------------------------------------------------------------

PRICE_LIST_FIELDS = ("name", "description", "type", "status")


def _price_list_locked(price_list_id: str) -> PriceList:
    price_list = PriceList.objects.select_for_update().filter(pk=price_list_id).first()
    if price_list is None:
        raise price_list_not_found(price_list_id)
    return price_list


def _set_customer_groups(price_list: PriceList, group_ids: list[str]) -> None:
    """The list's groups become exactly these live groups (`[]`: everyone), deleted ones' links included."""
    found = set(CustomerGroup.objects.filter(pk__in=group_ids).values_list("pk", flat=True))
    missing = next((group_id for group_id in group_ids if group_id not in found), None)
    if missing is not None:
        raise customer_group_not_found(missing)
    links = PriceList.customer_groups.through
    # through the join table: the related manager would not see the links of soft-deleted groups
    links.objects.filter(pricelist_id=price_list.pk).delete()
    links.objects.bulk_create(links(pricelist_id=price_list.pk, customergroup_id=group_id) for group_id in found)


def _price_row(price_list: PriceList, price: dict) -> PriceListPrice:
    """A new price of the list; the variant must exist (v1 stores a price for an unknown one and never uses it)."""
    if not ProductVariant.objects.filter(pk=price["variant_id"]).exists():
        raise MedusaError(ErrorType.NOT_FOUND, f"Variant with id: {price['variant_id']} was not found")
    return PriceListPrice(price_list=price_list, variant_id=price["variant_id"], **price_values(price))


def _price_update(price_list: PriceList, price: dict) -> None:
    """A price given with its `id`: the given amount, quantity range and (with either) region or currency."""
    row = PriceListPrice.objects.filter(pk=price["id"], price_list=price_list).first()
    if row is None:
        raise MedusaError(ErrorType.NOT_FOUND, f"Money amount with id: {price['id']} was not found")
    located = price.get("region_id") or price.get("currency_code")
    values = price_values(
        {
            "region_id": row.region_id,
            "currency_code": row.currency_id,
            "min_quantity": row.min_quantity,
            "max_quantity": row.max_quantity,
            **({"region_id": None, "currency_code": None} if located else {}),
            **{key: value for key, value in price.items() if key != "id"},
        }
    )
    for field, value in values.items():
        setattr(row, field, value)
    row.save()


def _add_prices(price_list: PriceList, prices: list[dict]) -> None:
    PriceListPrice.objects.bulk_create([_price_row(price_list, price) for price in prices])


@transaction.atomic
def price_list_create(
    *,
    name: str,
    description: str,
    type: str,
    prices: list[dict],
    status: str = PriceList.Status.DRAFT,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    customer_groups: list[str] | None = None,
) -> PriceList:
    """v1's create: a draft unless `status` says otherwise; `prices` as `{variant_id, amount, currency_code or
    region_id, min_quantity?, max_quantity?}`; `customer_groups` (ids) restrict it to their members."""
    price_list = PriceList.objects.create(
        name=name, description=description, type=type, status=status, starts_at=starts_at, ends_at=ends_at
    )
    _set_customer_groups(price_list, customer_groups or [])
    _add_prices(price_list, prices)
    return price_list


@transaction.atomic
def price_list_update(*, price_list_id: str, data: dict) -> PriceList:
    """The given fields (`starts_at`/`ends_at` None clears them); `customer_groups` replaces the groups; a price
    with `id` changes that price, one without is added (v1's upsert)."""
    price_list = _price_list_locked(price_list_id)
    for field in PRICE_LIST_FIELDS:
        if data.get(field) is not None:
            setattr(price_list, field, data[field])
    for field in ("starts_at", "ends_at"):
        if field in data:
            setattr(price_list, field, data[field])
    price_list.save()
    if data.get("customer_groups") is not None:
        _set_customer_groups(price_list, data["customer_groups"])
    for price in data.get("prices") or []:
        if price.get("id"):
            _price_update(price_list, price)
        else:
            _add_prices(price_list, [price])
    return price_list


@transaction.atomic
def price_list_add_prices(*, price_list_id: str, prices: list[dict], override: bool = False) -> PriceList:
    """v1's prices batch: adds the prices; `override` first removes every price the list had."""
    price_list = _price_list_locked(price_list_id)
    if override:
        PriceListPrice.objects.filter(price_list=price_list).update(deleted_at=timezone.now())
    _add_prices(price_list, prices)
    return price_list


def _delete_prices(price_list_id: str, **filters) -> list[str]:
    price_list = _price_list_locked(price_list_id)
    prices = PriceListPrice.objects.filter(price_list=price_list, **filters)
    ids = list(prices.order_by("created_at", "id").values_list("pk", flat=True))
    prices.update(deleted_at=timezone.now())
    return ids


@transaction.atomic
def price_list_delete_prices(*, price_list_id: str, price_ids: list[str]) -> list[str]:
    """Removes these prices of the list (others' ids are ignored); v1 answers the ids it was given."""
    _delete_prices(price_list_id, pk__in=price_ids)
    return price_ids


@transaction.atomic
def price_list_delete_product_prices(*, price_list_id: str, product_id: str) -> list[str]:
    """Removes the list's prices of every variant of the product; the ids removed."""
    return _delete_prices(price_list_id, variant__product_id=product_id)


@transaction.atomic
def price_list_delete_variant_prices(*, price_list_id: str, variant_id: str) -> list[str]:
    """Removes the list's prices of the variant; the ids removed."""
    return _delete_prices(price_list_id, variant_id=variant_id)


@transaction.atomic
def price_list_delete(*, price_list_id: str) -> None:
    """Soft delete with its prices; as v1, an unknown id is no error."""
    now = timezone.now()
    PriceListPrice.objects.filter(price_list_id=price_list_id).update(deleted_at=now)
    PriceList.objects.filter(pk=price_list_id).update(deleted_at=now)


# --- tax rates -----------------------------------------------------------------------------------------------

TAX_RATE_FIELDS = ("code", "name", "rate")


def _tax_rate_locked(tax_rate_id: str) -> TaxRate:
    rate = TaxRate.objects.select_for_update().filter(pk=tax_rate_id).first()
    if rate is None:
        raise not_found("TaxRate", tax_rate_id)
    return rate


def _existing(model, ids: list[str], message: str) -> list:
    """The live rows of these ids, or a 404 naming the first missing one (v1 names the tax rate: departure
    "pricing input refusals")."""
    rows = {row.pk: row for row in model.objects.filter(pk__in=ids)}
    missing = next((row_id for row_id in ids if row_id not in rows), None)
    if missing is not None:
        raise MedusaError(ErrorType.NOT_FOUND, message.format(id=missing))
    return list(rows.values())


def _products(ids: list[str]) -> list[Product]:
    return _existing(Product, ids, "Product with id: {id} was not found")


def _product_types(ids: list[str]) -> list[ProductType]:
    return _existing(ProductType, ids, "Product type with id: {id} was not found")


def _shipping_options(rate: TaxRate, ids: list[str]) -> list[ShippingOption]:
    """The options, all of the rate's region (v1's refusal otherwise)."""
    options = _existing(ShippingOption, ids, "Shipping Option with {id} was not found")
    for option in options:
        if option.region_id != rate.region_id:
            raise MedusaError(
                ErrorType.NOT_ALLOWED,
                "Shipping Option and Tax Rate must belong to the same Region to be associated. "
                f"Shipping Option with id: {option.id} belongs to Region with id: {option.region_id} "
                f"and Tax Rate with id: {rate.id} belongs to Region with id: {rate.region_id}",
                field="shipping_options",
            )
    return options


def _checked_rate(rate: float | None) -> float | None:
    """A percentage, or null (v1 takes any number: a negative rate would pay the customer tax)."""
    if rate is not None and rate < 0:
        raise MedusaError(ErrorType.INVALID_DATA, "rate must not be less than 0", field="rate")
    if rate is not None and rate > 100:
        raise MedusaError(ErrorType.INVALID_DATA, "rate must not be greater than 100", field="rate")
    return rate


def _region(region_id: str) -> Region:
    region = Region.objects.filter(pk=region_id).first()
    if region is None:
        # v1 lets the foreign key fail; its error handler words it so
        raise MedusaError(ErrorType.NOT_FOUND, f"Region with region_id {region_id} does not exist.", field="region")
    return region


def _set_links(rate: TaxRate, *, products=None, product_types=None, shipping_options=None, add: bool) -> None:
    """Replaces (or, with `add`, extends) the given kinds of links; a kind not given is left alone."""
    for relation, rows in (
        ("products", None if products is None else _products(products)),
        ("product_types", None if product_types is None else _product_types(product_types)),
        ("shipping_options", None if shipping_options is None else _shipping_options(rate, shipping_options)),
    ):
        if rows is not None:
            manager = getattr(rate, relation)
            if add:
                manager.add(*rows)
            else:
                manager.set(rows)


@transaction.atomic
def tax_rate_create(
    *,
    code: str,
    name: str,
    region_id: str,
    rate: float | None = None,
    products: list[str] | None = None,
    product_types: list[str] | None = None,
    shipping_options: list[str] | None = None,
) -> TaxRate:
    """v1's create: a rate of the region (null is allowed and taxes at 0), linked to products, product types and
    shipping options (these of the same region only). A refusal creates nothing."""
    tax_rate = TaxRate.objects.create(code=code, name=name, rate=_checked_rate(rate), region=_region(region_id))
    _set_links(tax_rate, products=products, product_types=product_types, shipping_options=shipping_options, add=False)
    return tax_rate


@transaction.atomic
def tax_rate_update(*, tax_rate_id: str, data: dict) -> TaxRate:
    """The given `code`, `name`, `rate` (None clears it) and `region_id`; the given link kinds replace the links."""
    tax_rate = _tax_rate_locked(tax_rate_id)
    for field in TAX_RATE_FIELDS:
        if field in data and (field == "rate" or data[field] is not None):
            setattr(tax_rate, field, data[field])
    _checked_rate(tax_rate.rate)
    if data.get("region_id") is not None:
        tax_rate.region = _region(data["region_id"])
        if data.get("shipping_options") is None:  # the options it keeps must still be of its region
            _shipping_options(tax_rate, list(tax_rate.shipping_options.values_list("pk", flat=True)))
    tax_rate.save()
    _set_links(
        tax_rate,
        products=data.get("products"),
        product_types=data.get("product_types"),
        shipping_options=data.get("shipping_options"),
        add=False,
    )
    return tax_rate


@transaction.atomic
def tax_rate_add_links(*, tax_rate_id: str, **links: list[str]) -> TaxRate:
    """v1's `…/products/batch`, `…/product-types/batch`, `…/shipping-options/batch` (POST): adds links."""
    tax_rate = _tax_rate_locked(tax_rate_id)
    _set_links(tax_rate, **links, add=True)
    return tax_rate


@transaction.atomic
def tax_rate_remove_links(
    *,
    tax_rate_id: str,
    products: list[str] = (),
    product_types: list[str] = (),
    shipping_options: list[str] = (),
) -> TaxRate:
    """The same batches (DELETE): removes links; ids that are not linked are ignored."""
    tax_rate = _tax_rate_locked(tax_rate_id)
    tax_rate.products.through.objects.filter(taxrate=tax_rate, product_id__in=products).delete()
    tax_rate.product_types.through.objects.filter(taxrate=tax_rate, producttype_id__in=product_types).delete()
    tax_rate.shipping_options.through.objects.filter(taxrate=tax_rate, shippingoption_id__in=shipping_options).delete()
    return tax_rate


@transaction.atomic
def tax_rate_delete(*, tax_rate_id: str) -> None:
    """Removes the rate and its links (v1); an unknown id is no error. Paid orders keep their copied tax lines."""
    TaxRate.objects.filter(pk=tax_rate_id).delete()
