"""Writes of products, their options, variants and prices: the only place that changes them."""

import re
import unicodedata

from django.db import transaction
from django.utils import timezone

from config.errors import ErrorType, MedusaError, not_found
from config.models import metadata_merged
from products.models import (
    MoneyAmount,
    Product,
    ProductOption,
    ProductOptionValue,
    ProductType,
    ProductVariant,
    SalesChannel,
)
from products.selectors import default_sales_channel, product_get, sales_channel_not_found, variant_get
from regions.models import Currency, Region, ShippingProfile

PRODUCT_FIELDS = (
    "title",
    "subtitle",
    "description",
    "handle",
    "is_giftcard",
    "discountable",
    "thumbnail",
    "status",
    "weight",
    "length",
    "height",
    "width",
    "hs_code",
    "origin_country",
    "mid_code",
    "material",
)
VARIANT_FIELDS = (
    "title",
    "sku",
    "ean",
    "upc",
    "barcode",
    "hs_code",
    "inventory_quantity",
    "allow_backorder",
    "manage_inventory",
    "weight",
    "length",
    "height",
    "width",
    "origin_country",
    "mid_code",
    "material",
    "variant_rank",
)

# lodash's deburr for the letters NFKD does not decompose
_DEBURR = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "Oe", "þ": "th",
                         "Þ": "Th", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"})  # fmt: skip
_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def kebab_case(text: str) -> str:
    """lodash's kebabCase, which v1's Product gives a missing handle: `Men's T-Shirt 2XL` → `mens-t-shirt-2-xl`."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_DEBURR)).encode("ascii", "ignore").decode()
    return "-".join(word.lower() for word in _WORDS.findall(re.sub(r"['\u2019]", "", ascii_text)))


def _ensure_handle_free(handle: str, *, exclude: str | None = None) -> None:
    if Product.objects.filter(handle=handle).exclude(pk=exclude).exists():
        # v1 lets the unique index fail; its error handler words it so
        raise MedusaError(ErrorType.DUPLICATE_ERROR, f"Product with handle {handle} already exists.", field="handle")


def _ensure_sku_free(sku: str | None, *, exclude: str | None = None) -> None:
    if sku and ProductVariant.objects.filter(sku=sku).exclude(pk=exclude).exists():
        raise MedusaError(ErrorType.DUPLICATE_ERROR, f"Product_variant with sku {sku} already exists.", field="sku")


# --- prices --------------------------------------------------------------------------------------------------


def price_values(price: dict) -> dict:
    """A price as stored: a region price takes the region's currency; the currency must exist; amount ≥ 0."""
    if price["amount"] < 0:
        raise MedusaError(ErrorType.INVALID_DATA, "amount must not be less than 0", field="prices")
    region_id = price.get("region_id") or None
    if region_id:
        region = Region.objects.filter(pk=region_id).first()
        if region is None:
            # departure "product checks": v1 crashes on an unknown region here (TypeError)
            raise not_found("Region", region_id)
        currency_code = region.currency_id
    else:
        currency_code = (price.get("currency_code") or "").lower()
        if not Currency.objects.filter(code=currency_code).exists():
            # v1 lets the foreign key fail; its error handler words it so
            raise MedusaError(
                ErrorType.NOT_FOUND, f"Currency with currency_code {currency_code} does not exist.", field="prices"
            )
    return {
        "currency_id": currency_code,
        "region_id": region_id,
        "amount": price["amount"],
        "min_quantity": price.get("min_quantity"),
        "max_quantity": price.get("max_quantity"),
    }


def _price_key(price: MoneyAmount) -> tuple:
    """Which stored price an incoming one replaces: same region (or same currency), same quantity range."""
    return (price.region_id, None if price.region_id else price.currency_id, price.min_quantity, price.max_quantity)


def _prices_replace(variant: ProductVariant, prices: list[dict]) -> None:
    """The variant's prices become exactly these, as v1's updateVariantPrices: a price given by id, or matching
    an existing one's region or currency, updates it; the others are created; unlisted ones are deleted.

    v1 matches on region or currency alone; the quantity range joins the key here so quantity tiers survive
    (departure "product checks").
    """
    existing = list(MoneyAmount.objects.filter(variant=variant))
    kept: set[str] = set()
    for price in prices:
        candidates = [row for row in existing if row.id not in kept]
        row = next((row for row in candidates if price.get("id") and row.id == price["id"]), None)
        if not price.get("region_id") and not price.get("currency_code"):  # a price given by id alone
            if row is None:
                raise MedusaError(ErrorType.NOT_FOUND, f"Money amount with id: {price.get('id')} was not found")
            price = {**price, "region_id": row.region_id, "currency_code": row.currency_id}
        incoming = MoneyAmount(variant=variant, **price_values(price))
        row = row or next((row for row in candidates if _price_key(row) == _price_key(incoming)), None)
        if row is None:
            incoming.save()
            continue
        kept.add(row.id)
        for field in ("currency_id", "region_id", "amount", "min_quantity", "max_quantity"):
            setattr(row, field, getattr(incoming, field))
        row.save()
    obsolete = [row.id for row in existing if row.id not in kept]
    MoneyAmount.objects.filter(pk__in=obsolete).update(deleted_at=timezone.now())


# --- variants ------------------------------------------------------------------------------------------------


def _variant_create(product: Product, data: dict) -> ProductVariant:
    """v1's ProductVariantService.create: one value per product option, a combination not taken yet."""
    options = data.get("options") or []
    product_options = list(ProductOption.objects.filter(product=product))
    if len(product_options) != len(options):
        raise MedusaError(
            ErrorType.INVALID_DATA,
            "Product options length does not match variant options length. "
            f"Product has {len(product_options)} and variant has {len(options)}.",
        )
    values = {option["option_id"]: option["value"] for option in options}
    for option in product_options:
        if option.id not in values:
            raise MedusaError(ErrorType.INVALID_DATA, f"Variant options do not contain value for {option.title}")
    siblings = list(ProductVariant.objects.filter(product=product).prefetch_related("options"))
    for sibling in siblings:
        # as v1, a variant without option values matches any: a product without options has one variant at most
        if all(values.get(value.option_id) == value.value for value in sibling.options.all()):
            raise MedusaError(
                ErrorType.DUPLICATE_ERROR, f"Variant with title {sibling.title} with provided options already exists"
            )
    _ensure_sku_free(data.get("sku"))
    fields = {field: data[field] for field in VARIANT_FIELDS if data.get(field) is not None}
    fields["variant_rank"] = data.get("variant_rank") or len(siblings)  # v1: `if (!variant_rank)`
    variant = ProductVariant.objects.create(product=product, metadata=data.get("metadata"), **fields)
    ProductOptionValue.objects.bulk_create(
        ProductOptionValue(variant=variant, option_id=option_id, value=value) for option_id, value in values.items()
    )
    _prices_replace(variant, data.get("prices") or [])
    return variant


def _product_locked(product_id: str) -> Product:
    """The live product, its row locked (v1's 404 otherwise)."""
    return product_get(product_id, queryset=Product.objects.select_for_update())


@transaction.atomic
def variant_create(*, product_id: str, data: dict) -> ProductVariant:
    """Adds a variant (AdminPostProductsProductVariantsReq: options as `[{option_id, value}]`, prices)."""
    return _variant_create(_product_locked(product_id), data)


@transaction.atomic
def variant_update(*, variant_id: str, data: dict, product_id: str | None = None) -> ProductVariant:
    """The given fields of the live variant (of that product, when given; v1's 404 otherwise); `prices` replaces
    the prices, `options` sets values of existing options, metadata merges."""
    variant = variant_get(variant_id, product_id=product_id)
    return _variant_update(ProductVariant.objects.select_for_update().get(pk=variant.pk), data)


def _variant_update(variant: ProductVariant, data: dict) -> ProductVariant:
    if data.get("sku") and data["sku"] != variant.sku:
        _ensure_sku_free(data["sku"], exclude=variant.pk)
    for field in VARIANT_FIELDS:
        if field in data:
            setattr(variant, field, data[field])
    if data.get("metadata") is not None:
        variant.metadata = metadata_merged(variant.metadata, data["metadata"])
    variant.save()
    if data.get("prices") is not None:
        _prices_replace(variant, data["prices"])
    for option in data.get("options") or []:
        value = ProductOptionValue.objects.filter(variant=variant, option_id=option["option_id"]).first()
        if value is None:
            raise MedusaError(ErrorType.NOT_FOUND, "Product option value not found")
        value.value = option["value"]
        value.save(update_fields=["value", "updated_at"])
    return variant


def _variant_soft_delete(variant: ProductVariant, now) -> None:
    ProductVariant.objects.filter(pk=variant.pk).update(deleted_at=now)
    ProductOptionValue.objects.filter(variant=variant).update(deleted_at=now)
    MoneyAmount.objects.filter(variant=variant).update(deleted_at=now)


@transaction.atomic
def variant_delete(*, product_id: str, variant_id: str) -> None:
    """Soft delete with its prices and option values; as v1, a variant that is not there is no error."""
    product = _product_locked(product_id)
    variant = ProductVariant.objects.filter(pk=variant_id, product=product).first()
    if variant is not None:
        _variant_soft_delete(variant, timezone.now())


def _variants_replace(product: Product, variants: list[dict]) -> None:
    """v1's product update with `variants`: unlisted variants go, listed ones (by id) change, the rest are added."""
    current = {variant.id: variant for variant in ProductVariant.objects.filter(product=product)}
    listed = {variant["id"] for variant in variants if variant.get("id")}
    now = timezone.now()
    for variant_id, variant in current.items():
        if variant_id not in listed:
            _variant_soft_delete(variant, now)
    for rank, data in enumerate(variants):
        data = {**data, "variant_rank": rank}
        variant_id = data.pop("id", None)
        if variant_id is None:
            _variant_create(product, data)
        elif variant_id in current:
            _variant_update(current[variant_id], data)
        else:
            raise MedusaError(ErrorType.NOT_FOUND, f"Variant with id: {variant_id} is not associated with this product")


# --- options -------------------------------------------------------------------------------------------------


@transaction.atomic
def product_option_add(*, product_id: str, title: str) -> ProductOption:
    """v1's addOption: a new option, valued "Default Value" on every existing variant so they stay complete."""
    product = _product_locked(product_id)
    if ProductOption.objects.filter(product=product, title=title).exists():
        raise MedusaError(ErrorType.DUPLICATE_ERROR, f"An option with the title: {title} already exists", field="title")
    option = ProductOption.objects.create(product=product, title=title)
    ProductOptionValue.objects.bulk_create(
        ProductOptionValue(variant=variant, option=option, value="Default Value")
        for variant in ProductVariant.objects.filter(product=product)
    )
    return option


@transaction.atomic
def product_option_update(*, option_id: str, title: str) -> ProductOption:
    """v1's updateOption: a new title, unique among the product's options regardless of case."""
    option = ProductOption.objects.select_for_update().filter(pk=option_id).first()
    if option is None:
        raise MedusaError(ErrorType.NOT_FOUND, f"Option with id {option_id} does not exist")
    siblings = ProductOption.objects.filter(product_id=option.product_id, title__iexact=title).exclude(pk=option.pk)
    if siblings.exists():  # v1's type for this refusal is not_found
        raise MedusaError(ErrorType.NOT_FOUND, f"An option with title {title} already exists", field="title")
    option.title = title
    option.save(update_fields=["title", "updated_at"])
    return option


# --- types and sales channels --------------------------------------------------------------------------------


def _product_type(value: dict | None) -> ProductType | None:
    """v1's upsertType_: the live type of that `value`, made when there is none; None unsets the type."""
    if value is None:
        return None
    existing = ProductType.objects.filter(value=value["value"]).first()
    return existing or ProductType.objects.create(value=value["value"])


def _sales_channels(channel_ids: list[str]) -> list[SalesChannel]:
    channels = {channel.pk: channel for channel in SalesChannel.objects.filter(pk__in=channel_ids)}
    missing = next((channel_id for channel_id in channel_ids if channel_id not in channels), None)
    if missing is not None:
        raise sales_channel_not_found(missing)
    return list(channels.values())


@transaction.atomic
def sales_channel_create(
    *, name: str, description: str | None = None, is_disabled: bool = False, metadata: dict | None = None
) -> SalesChannel:
    return SalesChannel.objects.create(
        name=name, description=description, is_disabled=bool(is_disabled), metadata=metadata
    )


@transaction.atomic
def sales_channel_update(*, sales_channel_id: str, data: dict) -> SalesChannel:
    """The given `name`, `description` and `is_disabled`; metadata merges (v1's setMetadata)."""
    channel = SalesChannel.objects.select_for_update().filter(pk=sales_channel_id).first()
    if channel is None:
        raise sales_channel_not_found(sales_channel_id)
    for field in ("name", "description", "is_disabled"):
        if data.get(field) is not None:
            setattr(channel, field, data[field])
    if data.get("metadata") is not None:
        channel.metadata = metadata_merged(channel.metadata, data["metadata"])
    channel.save()
    return channel


@transaction.atomic
def sales_channel_delete(*, sales_channel_id: str) -> None:
    """v1's soft delete; the default channel cannot go; an unknown id is no error."""
    channel = SalesChannel.objects.select_for_update().filter(pk=sales_channel_id).first()
    if channel is None:
        return
    if channel.is_default:
        raise MedusaError(ErrorType.NOT_ALLOWED, "You cannot delete the default sales channel")
    channel.deleted_at = timezone.now()
    channel.save(update_fields=["deleted_at", "updated_at"])


# --- products ------------------------------------------------------------------------------------------------


@transaction.atomic
def product_create(
    *,
    title: str,
    options: list[dict] = (),
    variants: list[dict] = (),
    type: dict | None = None,
    sales_channels: list[str] | None = None,
    **fields,
) -> Product:
    """v1's create: the product, its options (`[{title}]`) and variants with prices, in one transaction.

    A variant's `options` are `[{value}]` in the order of the product's options. The shipping profile is the
    default one (the gift card one for a gift card); a missing handle is the title in kebab case. `type`
    (`{value}`) makes or reuses a product type; without `sales_channels` (ids) the product is in the default one.
    """
    fields = {field: value for field, value in fields.items() if value is not None}
    metadata = fields.pop("metadata", None)
    if fields.get("is_giftcard"):
        fields["discountable"] = False  # v1: a gift card is never discountable
    fields["handle"] = fields.get("handle") or kebab_case(title)
    _ensure_handle_free(fields["handle"])
    profile = ShippingProfile.objects.get(
        type=ShippingProfile.Type.GIFT_CARD if fields.get("is_giftcard") else ShippingProfile.Type.DEFAULT
    )
    product = Product.objects.create(
        title=title, profile=profile, metadata=metadata, type=_product_type(type), **fields
    )
    product.sales_channels.set(_sales_channels(sales_channels) if sales_channels else [default_sales_channel()])
    option_ids = [ProductOption.objects.create(product=product, title=option["title"]).id for option in options]
    for rank, variant in enumerate(variants):
        values = variant.get("options") or []
        by_position = [
            {"option_id": option_ids[index] if index < len(option_ids) else None, "value": value["value"]}
            for index, value in enumerate(values)
        ]
        _variant_create(product, {**variant, "options": by_position, "variant_rank": rank})
    return product


@transaction.atomic
def product_update(*, product_id: str, data: dict) -> Product:
    """The given fields; metadata merges; `type` (`{value}`, or None) sets the type; `sales_channels` (ids) and
    `variants` replace the channels and the variants as v1 does."""
    product = _product_locked(product_id)
    if data.get("handle") and data["handle"] != product.handle:
        _ensure_handle_free(data["handle"], exclude=product.pk)
    for field in PRODUCT_FIELDS:
        if field in data and field != "is_giftcard":
            setattr(product, field, data[field])
    if data.get("metadata") is not None:
        product.metadata = metadata_merged(product.metadata, data["metadata"])
    if "type" in data:
        product.type = _product_type(data["type"])
    product.save()
    if data.get("sales_channels") is not None:
        product.sales_channels.set(_sales_channels(data["sales_channels"]))
    if data.get("variants") is not None:
        _variants_replace(product, data["variants"])
    return product


@transaction.atomic
def product_delete(*, product_id: str) -> None:
    """Soft delete with options, variants, prices and option values; as v1, an unknown id is no error."""
    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        return
    now = timezone.now()
    for variant in ProductVariant.objects.filter(product=product):
        _variant_soft_delete(variant, now)
    ProductOption.objects.filter(product=product).update(deleted_at=now)
    Product.objects.filter(pk=product.pk).update(deleted_at=now)
