"""The cart engine: lines, shipping methods, discounts and their adjustments, addresses, region, tax lines.

These functions change a cart inside the caller's transaction; the caller (a draft order's service) has locked
the row that owns the cart. Each one leaves what the next step reads consistent, and `cart_recompute` is run
once after a change to bring adjustments, shipping prices and `has_shipping` in line with the lines.

A new cart is decided first and saved after (`cart_new`, then `cart_new_save`), so the same rules can also price
one without saving anything (`cart_new_as_fetched`, then `cart_info`: the quote behind
`POST /admin/draft-orders/calculate`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from django.utils import timezone

from carts.models import (
    Cart,
    CustomShippingOption,
    LineItem,
    LineItemAdjustment,
    LineItemTaxLine,
    ShippingMethod,
    ShippingMethodTaxLine,
)
from carts.selectors import CartInfo, variants_tax_rates_prefetched, variants_tax_rates_reads
from carts.totals import ManualDiscount, ManualLineInput, manual_adjustments
from config.errors import ErrorType, MedusaError, not_found, refusals_named
from config.models import metadata_merged, stored_json
from config.money import json_number
from config.prepared import PreparedQuery, fetched, prefetched, run_together
from config.writes import row_save, rows_delete, rows_insert, rows_update_each
from customers.models import Address
from customers.selectors import address_get
from customers.services import (
    address_copy,
    address_create,
    address_new,
    address_new_copy,
    address_update_owned,
    customer_guest_save,
)
from discounts.calculations import line_adjustments, select_cart_discounts
from discounts.models import Discount
from discounts.selectors import (
    discount_conditions_fetch,
    discount_regions_and_conditions_fetch,
    discount_rule_data,
    discount_validate_for_cart,
    discounts_by_codes,
    discounts_by_codes_reads,
)
from pricing.selectors import VariantPricing, variant_pricing, variant_pricing_reads
from products.inventory import (
    INSUFFICIENT_INVENTORY_MESSAGE,
    held_elsewhere,
    held_elsewhere_reads,
    insufficient_inventory,
    stock_counted,
    stock_covers,
)
from products.models import ProductVariant
from products.selectors import default_sales_channel
from regions.models import Region, ShippingOption, ShippingOptionRequirement
from regions.selectors import region_countries
from regions.shipping import shipping_option_requirements_met

CUSTOM_ITEM_TITLE = "Custom item"


@dataclass(frozen=True)
class ItemInput:
    """One requested line: a variant (priced from the region unless `unit_price`) or a custom line.

    Whole numbers: the request's fields refuse a fraction (config.api.validation.WholeNumberInputField).
    """

    quantity: int
    variant_id: str | None = None
    unit_price: int | None = None
    title: str | None = None
    metadata: dict = field(default_factory=dict)
    manual_discount: ManualDiscount | None = None


@dataclass(frozen=True)
class ShippingMethodInput:
    option_id: str
    price: int | None = None
    data: dict = field(default_factory=dict)


class Unchanged(Enum):
    UNCHANGED = "unchanged"


# a `manual_discount` argument that leaves the discount as it is (None removes it)
UNCHANGED = Unchanged.UNCHANGED


@dataclass(frozen=True)
class LineChange:
    """Changes to one existing line (`line_item_update`'s arguments); None leaves a value as it is, except
    `manual_discount`, which None removes and UNCHANGED leaves."""

    line_id: str
    title: str | None = None
    unit_price: int | None = None
    quantity: int | None = None
    metadata: dict | None = None
    manual_discount: ManualDiscount | None | Unchanged = UNCHANGED


@dataclass(frozen=True)
class LinesChange:
    """Several line changes made at once (the admin's line-items table): removals, then changes, then additions."""

    removed: Sequence[str] = ()
    changed: Sequence[LineChange] = ()
    added: Sequence[ItemInput] = ()

    def __bool__(self):
        return bool(self.removed or self.changed or self.added)

    @property
    def sets_manual_discount(self) -> bool:
        return any(change.manual_discount is not UNCHANGED for change in self.changed) or any(
            item.manual_discount is not None for item in self.added
        )


MANUAL_DISCOUNT_COLUMNS = ["manual_discount_type", "manual_discount_value", "manual_discount_reason"]
NEGATIVE_PRICE_MESSAGE = "unit_price must not be less than 0"
INVENTORY_NOT_COVERED_MESSAGE = "Inventory doesn't cover the desired quantity"


# --- reads inside a write ------------------------------------------------------------------------------------


# A write reads the cart as a read does (carts.selectors.cart_relations_fetch, through the draft order locked for
# it), and each step below keeps the fetched rows what the database holds, so the next step, the recompute and
# the answer read them without a query.


def cart_lines(cart: Cart) -> list[LineItem]:
    """The cart's fetched lines with their variants and products, in v1's order."""
    return list(cart.items.all())


def _cart_discounts(cart: Cart) -> list[Discount]:
    """The cart's fetched discounts (in id order) with their rules' conditions."""
    discounts = list(cart.discounts.all())
    discount_conditions_fetch([discount.rule for discount in discounts])
    return discounts


def region_country_codes(region: Region) -> set[str]:
    return {country.iso_2 for country in region_countries(region)}


def _subtotal(items: Iterable[LineItem]) -> int:
    return sum(item.unit_price * item.quantity for item in items)


# --- addresses -----------------------------------------------------------------------------------------------


def _existing_address(address_id: str, field_name: str) -> Address:
    with refusals_named(field_name):
        return address_get(address_id)


def cart_address_for_create(value: str | dict | None, *, region: Region, message: str, field_name: str):
    """A new cart's own address: a copy of an existing one (given by id) or a new one from fields, not saved yet
    (`cart_new_save` saves it); its country must be one of the region's (as v1)."""
    if value is None:
        return None
    source = _existing_address(value, field_name) if isinstance(value, str) else None
    country_code = source.country_id if source is not None else value.get("country_code")
    # v1 compares case-sensitively; ISO codes are stored lower case
    if country_code and country_code not in region_country_codes(region):
        raise MedusaError(ErrorType.NOT_ALLOWED, message, field=field_name)
    # departure "a draft's addresses are its own": v1 points the cart at the given row itself
    if source is not None:
        return address_new_copy(address=source)
    return address_new(data=value, cart_owned=True, countries=region_countries(region))


def cart_address_set(cart: Cart, attribute: str, value: str | dict, *, check_region: bool) -> None:
    """A string gives the cart a copy of that address; an object is merged into the cart's own (or makes one)."""
    if isinstance(value, str):
        # departure "unknown addresses": a 404 for an unknown id, where v1 fails with a TypeError;
        # departure "a draft's addresses are its own": a copy, where v1 points the cart at the given row
        setattr(cart, attribute, address_copy(address=_existing_address(value, attribute)))
        return
    if check_region and value.get("country_code") and value["country_code"] not in region_country_codes(cart.region):
        raise MedusaError(ErrorType.INVALID_DATA, "Shipping country must be in the cart region", field=attribute)
    current = getattr(cart, attribute)
    if current is not None:
        setattr(
            cart, attribute, address_update_owned(address=current, data=value, countries=region_countries(cart.region))
        )
    else:
        setattr(cart, attribute, address_create(data=value, cart_owned=True, countries=region_countries(cart.region)))


def cart_region_set(cart: Cart, region: Region, *, country_code: str | None) -> None:
    """v1's `setRegion_`: the shipping country must be in the new region; methods and foreign discounts go."""
    countries = region_country_codes(region)
    if country_code and country_code not in countries:
        raise MedusaError(ErrorType.NOT_ALLOWED, "Country not available in region", field="country_code")
    cart.region = region
    rows = region_countries(region)
    if cart.shipping_address is not None:
        code = country_code if country_code else (next(iter(countries)) if len(countries) == 1 else None)
        cart.shipping_address = address_update_owned(
            address=cart.shipping_address, data={"country_code": code}, countries=rows
        )
    elif len(countries) == 1:
        cart.shipping_address = address_create(
            data={"country_code": next(iter(countries))}, cart_owned=True, countries=rows
        )
    _shipping_cleared(cart)
    discounts = list(cart.discounts.all())
    discount_regions_and_conditions_fetch(discounts)
    _discounts_replace(cart, [discount for discount in discounts if region in discount.regions.all()])
    prefetched([cart], "shipping_methods", [])
    prefetched([cart], "custom_shipping_options", [])


# --- sales channel -------------------------------------------------------------------------------------------


def cart_sales_channel_id() -> str:
    """v1's `getValidatedSalesChannel` for a cart made without a channel (every draft order's, issue 12): the store's
    default channel, refused while it is disabled."""
    channel = default_sales_channel()
    if channel.is_disabled:
        raise MedusaError(
            ErrorType.INVALID_DATA, f'Unable to assign the cart to a disabled Sales Channel "{channel.name}"'
        )
    return channel.id


# --- lines ---------------------------------------------------------------------------------------------------


def _check_inventory(cart: Cart, variant, quantity: int, message: str, *, now: datetime) -> None:
    """v1 without an inventory module: a managed variant that disallows backorders needs the stock; what other open
    drafts hold of it until after `now` is not there for this cart (addition "stock holds")."""
    held = 0
    if stock_counted(variant) and variant.inventory_quantity >= quantity:  # short already: no need to read holds
        held = held_elsewhere([variant.id], cart_id=cart.id, now=now).get(variant.id, 0)
    if not stock_covers(variant, quantity, held=held):
        raise insufficient_inventory(message)


def cart_variant_pricing(cart: Cart, variant_ids: Iterable[str]) -> VariantPricing:
    """The price candidates of these variants in the cart's region, for the cart's customer (departure "group
    prices at once": v1 prices a new line without the customer, so a group's list applies only after a reprice).
    A guest customer made for a new cart belongs to no group."""
    customer_id = cart.customer_id
    if Cart.customer.is_cached(cart) and cart.customer is not None and cart.customer._state.adding:
        customer_id = None
    region = cart.region
    return variant_pricing(variant_ids, region_id=region.id, currency_code=region.currency_id, customer_id=customer_id)


def _priced(line: LineItem, pricing: VariantPricing, quantity: int) -> bool:
    """Give the variant line v1's `calculated_price` for the quantity, and the price list it comes from (the row
    fetched with the candidates: no query); False when the variant has no price."""
    winner = pricing.select(line.variant_id, quantity).price
    if winner is None:
        return False
    line.unit_price = winner.amount
    line.price_list = pricing.rows[winner.id].price_list if winner.price_list is not None else None
    return True


def _unpriced(variant: ProductVariant) -> MedusaError:
    title = variant.title or variant.product.title or variant.id
    return MedusaError(
        ErrorType.INVALID_DATA, f'Cannot generate line item for variant "{title}" without a price', field="items"
    )


_VARIANTS = PreparedQuery(
    lambda variant_ids: ProductVariant.objects.filter(pk__in=variant_ids).select_related(
        "product__profile", "product__type"
    )
)


def _variants_reads(variant_ids: Iterable[str]) -> list:
    ids = list(dict.fromkeys(variant_ids))
    return [(_VARIANTS, (ids,)), *variants_tax_rates_reads(ids)]


def _variants(variant_ids: Iterable[str]) -> dict[str, ProductVariant]:
    """The live variants among these ids, with their product (its profile and type) and the tax rates of the
    product and its type: one statement."""
    variants, product_links, type_links = run_together(*_variants_reads(variant_ids))
    variants_tax_rates_prefetched(variants, product_links, type_links)
    return {variant.id: variant for variant in variants}


def _variant_lines(
    cart: Cart, items: Sequence[ItemInput], *, at_create: bool, pricing: VariantPricing | None = None
) -> list[LineItem]:
    """v1's `lineItemService.generate` for variant items: priced for the cart (`cart_variant_pricing`, or the given
    `pricing` of these variants) unless a unit price is given.

    At create v1 turns a quantity 0 into 1.
    """
    variants = _variants(item.variant_id for item in items)
    missing = [item.variant_id for item in items if item.variant_id not in variants]
    if missing:
        raise MedusaError(
            ErrorType.INVALID_DATA,
            f"Unable to generate the line items, some variant has not been found: {', '.join(missing)}",
            field="items",
        )
    if pricing is None:
        pricing = cart_variant_pricing(cart, [item.variant_id for item in items if item.unit_price is None])
    lines = []
    for item in items:
        variant = variants[item.variant_id]
        # v1 turns a variant item's quantity 0 into 1 at create (`quantity || 1`)
        quantity = item.quantity or 1 if at_create else item.quantity
        if quantity < 0:
            raise MedusaError(ErrorType.INVALID_DATA, "quantity must be a positive number", field="quantity")
        product = variant.product
        line = LineItem(
            cart=cart,
            title=product.title,
            description=variant.title,
            thumbnail=product.thumbnail,
            allow_discounts=product.discountable,
            is_giftcard=product.is_giftcard,
            should_merge=item.unit_price is None,
            has_shipping=False,
            # v1 clamps a negative variant price to 0 (create and add)
            unit_price=max(item.unit_price or 0, 0),
            variant=variant,
            quantity=quantity,
            metadata=stored_json(item.metadata or {}),
            manual_discount=item.manual_discount,
        )
        if item.unit_price is None and not _priced(line, pricing, quantity):
            raise _unpriced(variant)
        lines.append(line)
    return lines


def _custom_line(cart: Cart, item: ItemInput, *, at_create: bool) -> LineItem:
    if item.quantity <= 0:
        raise MedusaError(ErrorType.INVALID_DATA, "quantity must be a positive number", field="quantity")
    unit_price = item.unit_price or 0
    if unit_price < 0:
        if not at_create:
            raise MedusaError(ErrorType.INVALID_DATA, NEGATIVE_PRICE_MESSAGE, field="unit_price")
        unit_price = 0  # v1 clamps a negative custom price to 0 at create
    return LineItem(
        cart=cart,
        title=item.title or CUSTOM_ITEM_TITLE,
        has_shipping=True,
        allow_discounts=False,
        unit_price=unit_price,
        quantity=item.quantity,
        metadata=stored_json(item.metadata or {}),
        manual_discount=item.manual_discount,  # custom lines take manual discounts (not code ones)
    )


def _new_lines(cart: Cart, items: Sequence[ItemInput]) -> list[LineItem]:
    """A new cart's lines, not saved yet (v1's create clamps: a variant quantity 0 is 1, a negative custom price 0);
    variant lines first, as v1 generates them."""
    variant_items = [item for item in items if item.variant_id]
    lines = _variant_lines(cart, variant_items, at_create=True) if variant_items else []
    return lines + [_custom_line(cart, item, at_create=True) for item in items if not item.variant_id]


def cart_line_add_reads(cart: Cart, item: ItemInput) -> list:
    """What `cart_line_add` reads for a variant line, for `read_ahead`: the variant with its tax rates, its prices
    in the cart's region (`cart.region` is joined to the cart) and what other carts hold of it."""
    if not item.variant_id:
        return []
    reads = _variants_reads([item.variant_id]) + held_elsewhere_reads([item.variant_id], cart_id=cart.id)
    if item.unit_price is None:
        region = cart.region
        reads += variant_pricing_reads([item.variant_id], region_id=region.id, currency_code=region.currency_id)
    return reads


def cart_line_add(cart: Cart, item: ItemInput, *, lines: list[LineItem], now: datetime) -> list[LineItem]:
    """v1's `POST /admin/draft-orders/:id/line-items` (reference "add a line") on the cart's current `lines`; a
    variant line merges into an equal one. Returns the lines after the change."""
    if not item.variant_id:
        # departure "line refusals": v1 stores a negative custom price, and 500s on quantity <= 0
        line = _custom_line(cart, item, at_create=False)
        rows_insert([line])
        return [*lines, line]
    if not item.quantity:
        raise MedusaError(
            ErrorType.INVALID_DATA,
            "Unable to generate the line item because one or more required argument(s) are missing. "
            "Ensure quantity, regionId, and variantId are passed",
        )
    # one pricing for the new line and, when it merges, the merged one
    pricing = cart_variant_pricing(cart, [item.variant_id] if item.unit_price is None else [])
    (line,) = _variant_lines(cart, [item], at_create=False, pricing=pricing)
    existing = None
    if line.should_merge:
        existing = next(
            (
                current
                for current in lines
                if current.should_merge and current.variant_id == line.variant_id and current.metadata == line.metadata
            ),
            None,
        )
    quantity = line.quantity + (existing.quantity if existing else 0)
    message = INSUFFICIENT_INVENTORY_MESSAGE.format(variant_id=line.variant_id)
    _check_inventory(cart, line.variant, quantity, message, now=now)
    if existing is None:
        line.has_shipping = _shipped(line, _profiles(cart.shipping_methods.all()))  # as the recompute will find it
        rows_insert([line])
        return [*lines, line]
    existing.quantity = quantity
    # v1 re-prices the merged line for its new quantity, for the cart's customer
    if not _priced(existing, pricing, quantity):
        raise _unpriced(line.variant)
    changed = ["quantity", "unit_price", "price_list", "updated_at"]
    if item.manual_discount is not None:  # the merged line takes the one asked for
        existing.manual_discount = item.manual_discount
        changed += MANUAL_DISCOUNT_COLUMNS
    row_save(existing, changed)
    return lines


def cart_line_update(cart: Cart, change: LineChange, *, lines: list[LineItem], now: datetime) -> list[LineItem]:
    """v1's `POST /admin/draft-orders/:id/line-items/:line_id` (reference "update a line") on the cart's current
    `lines`; quantity 0 removes the line. Returns the lines after the change."""
    line = next((current for current in lines if current.id == change.line_id), None)
    if line is None:
        # departure "line refusals": v1 answers 200 and does nothing for an unknown line with quantity 0
        raise MedusaError(ErrorType.INVALID_DATA, "Could not find the line item")
    if change.quantity == 0:
        return cart_line_delete(cart, change.line_id, lines=lines)
    if change.quantity is not None and change.quantity < 0:
        raise MedusaError(ErrorType.INVALID_DATA, "quantity must be a positive number", field="quantity")
    if change.unit_price is not None and change.unit_price < 0:
        raise MedusaError(ErrorType.INVALID_DATA, NEGATIVE_PRICE_MESSAGE, field="unit_price")
    if change.quantity and line.variant_id:
        _check_inventory(cart, line.variant, change.quantity, INVENTORY_NOT_COVERED_MESSAGE, now=now)
    if change.title is not None:
        line.title = change.title
    if change.unit_price is not None:
        line.unit_price, line.price_list = change.unit_price, None  # typed in: no list priced it
    if change.quantity is not None:
        line.quantity = change.quantity  # v1 does not re-price on a quantity change
    if change.metadata is not None:
        line.metadata = metadata_merged(line.metadata, change.metadata)
    if change.manual_discount is not UNCHANGED:
        line.manual_discount = change.manual_discount
    row_save(line)
    return lines


def cart_line_delete(cart: Cart, line_id: str, *, lines: list[LineItem]) -> list[LineItem]:
    """Remove one of the cart's current `lines`; an unknown line changes nothing (as v1's delete)."""
    if not any(line.id == line_id for line in lines):
        return lines
    _lines_deleted(cart, [line_id])
    return [line for line in lines if line.id != line_id]


def _lines_deleted(cart: Cart, line_ids: list[str]) -> None:
    """The cart's lines of these ids are deleted with their adjustments and tax lines, the only rows that refer to a
    line: by id, without the ORM reading them to collect them."""
    rows_delete(LineItemAdjustment.objects.filter(item_id__in=line_ids))
    rows_delete(LineItemTaxLine.objects.filter(item_id__in=line_ids))
    rows_delete(LineItem.objects.filter(pk__in=line_ids, cart=cart))


def cart_lines_change(cart: Cart, change: LinesChange, *, lines: list[LineItem], now: datetime) -> list[LineItem]:
    """Several line changes in one go, each as its own endpoint would make it."""
    for line_id in change.removed:
        lines = cart_line_delete(cart, line_id, lines=lines)
    for line_change in change.changed:
        lines = cart_line_update(cart, line_change, lines=lines, now=now)
    for item in change.added:
        lines = cart_line_add(cart, item, lines=lines, now=now)
    return lines


def cart_reprice(cart: Cart) -> None:
    """v1's `updateUnitPrices_`: variant lines re-priced for the cart's region and customer, each for its quantity
    (a price typed in by hand too, as v1); those without a price go. Custom lines are never touched."""
    lines = [line for line in cart_lines(cart) if line.variant_id]
    pricing = cart_variant_pricing(cart, [line.variant_id for line in lines])
    priced, unpriced = [], []
    for line in lines:
        (priced if _priced(line, pricing, line.quantity) else unpriced).append(line)
    rows_update_each(priced, ["unit_price", "price_list"])
    gone = {line.id for line in unpriced}
    _lines_deleted(cart, sorted(gone))
    prefetched([cart], "items", [line for line in cart_lines(cart) if line.id not in gone])


# --- shipping ------------------------------------------------------------------------------------------------


_SHIPPING_OPTIONS = PreparedQuery(lambda ids: ShippingOption.objects.filter(pk__in=ids).select_related("profile"))
_REQUIREMENTS = PreparedQuery(
    lambda option_ids: ShippingOptionRequirement.objects.filter(shipping_option_id__in=option_ids).order_by("id")
)


def shipping_options_reads(option_ids: Iterable[str]) -> list:
    """What `_shipping_options_get` reads (the options with their requirements), for `read_ahead`."""
    ids = sorted(set(option_ids))
    return [(_SHIPPING_OPTIONS, (ids,)), (_REQUIREMENTS, (ids,))]


def _shipping_options_get(option_ids: Sequence[str]) -> dict[str, ShippingOption]:
    """The live options of these ids with their profile and requirements (prepared queries sent together), or v1's
    404 for the first unknown one."""
    options, requirements = run_together(*shipping_options_reads(option_ids))
    prefetched(options, "requirements", requirements, key="shipping_option_id")
    found = {option.id: option for option in options}
    for option_id in option_ids:
        if option_id not in found:
            raise not_found("Shipping Option", option_id)
    return found


def _shipping_method_price(option: ShippingOption, custom_price: int | None) -> int:
    if custom_price is not None:
        return custom_price
    return option.amount or 0


def _check_shipping_option(option: ShippingOption, *, cart: Cart, subtotal: int) -> None:
    """v1's `validateCartOption` for options without a custom price."""
    if option.region_id != cart.region_id:
        raise MedusaError(
            ErrorType.INVALID_DATA,
            "The shipping option is not available in the cart's region",
            field="shipping_methods",
        )
    if not shipping_option_requirements_met(option, subtotal):
        raise MedusaError(
            ErrorType.NOT_ALLOWED,
            "The Cart does not satisfy the shipping option's requirements",
            field="shipping_methods",
        )


def _new_shipping_methods(
    cart: Cart, methods: Sequence[ShippingMethodInput], *, lines: Sequence[LineItem]
) -> tuple[list[CustomShippingOption], list[ShippingMethod]]:
    """The cart's new shipping methods, checked, and the custom shipping options their prices make, not saved yet;
    priced ones skip the option's requirements (as v1)."""
    for method in methods:
        if method.price is not None and method.price < 0:
            # v1: a CHECK violation and a 500; here a 400 naming the field (departure "bad numbers")
            raise MedusaError(ErrorType.INVALID_DATA, "price must not be less than 0", field="price")
    if not methods:
        return [], []
    options = _shipping_options_get([method.option_id for method in methods])
    custom = {method.option_id: method.price for method in methods if method.price is not None}
    custom_options = [
        CustomShippingOption(cart=cart, shipping_option=options[option_id], price=price)
        for option_id, price in custom.items()
    ]
    subtotal = _subtotal(lines)
    created = []
    for method in methods:
        option = options[method.option_id]
        # v1: once a cart has custom options, only those options may be added
        if custom and method.option_id not in custom:
            raise MedusaError(ErrorType.INVALID_DATA, "Wrong shipping option", field="shipping_methods")
        if method.option_id not in custom:
            _check_shipping_option(option, cart=cart, subtotal=subtotal)
        created.append(
            ShippingMethod(
                cart=cart,
                shipping_option=option,
                price=_shipping_method_price(option, custom.get(method.option_id)),
                data=stored_json(method.data or {}),
            )
        )
    return custom_options, created


def cart_shipping_methods_set(
    cart: Cart, methods: Sequence[ShippingMethodInput], *, lines: Sequence[LineItem], replace: bool
) -> list[ShippingMethod]:
    """The cart's shipping methods (after removing the current ones when `replace`); priced ones become custom
    shipping options, which skip the option's requirements (as v1)."""
    custom_options, created = _new_shipping_methods(cart, methods, lines=lines)
    kept_methods, kept_custom = [], []
    if replace:
        _shipping_cleared(cart)
    else:
        kept_methods, kept_custom = fetched(cart, "shipping_methods"), fetched(cart, "custom_shipping_options")
    rows_insert(custom_options)
    rows_insert(created)
    prefetched(created, "tax_lines", [], key="shipping_method_id")
    prefetched([cart], "shipping_methods", sorted([*kept_methods, *created], key=lambda method: method.id))
    prefetched([cart], "custom_shipping_options", [*kept_custom, *custom_options])
    return created


def _shipping_cleared(cart: Cart) -> None:
    """The cart's shipping methods (their tax lines first) and custom shipping options are deleted. Those its read
    under the draft's lock fetched are all there are (a cart not read so fails here: KeyError): deleted by id,
    without the ORM reading them again to collect them (a statement a kind that has rows, none for a kind
    without)."""
    held = cart._prefetched_objects_cache
    method_ids = [method.pk for method in held["shipping_methods"]]
    # their tax lines, the only rows that refer to the methods, go with them: nothing to collect; nothing refers to a
    # custom option
    rows_delete(ShippingMethodTaxLine.objects.filter(shipping_method_id__in=method_ids))
    rows_delete(ShippingMethod.objects.filter(pk__in=method_ids))
    rows_delete(CustomShippingOption.objects.filter(pk__in=[custom.pk for custom in held["custom_shipping_options"]]))


# --- discounts -----------------------------------------------------------------------------------------------


def _discounts_for_cart(cart: Cart, codes: Sequence[str] | Sequence[Discount]) -> list[Discount]:
    """v1's `applyDiscounts` without the write: look up, validate, keep one free shipping + one other. `codes` may be
    the discounts themselves, as `discount_codes_checked` found them (a duplicate's)."""
    now = timezone.now()
    with refusals_named("discounts"):  # the admin form shows it on the codes
        discounts = discounts_by_codes(list(codes)) if codes and isinstance(codes[0], str) else list(codes)
        for discount in discounts:
            discount_validate_for_cart(discount, region_id=cart.region_id, now=now)
    ordered = sorted(discounts, key=lambda discount: (discount.created_at, discount.id))
    return select_cart_discounts(ordered, type_of=lambda discount: discount.rule.type)


def cart_discounts_set(cart: Cart, codes: Sequence[str]) -> list[Discount]:
    """v1's `applyDiscounts` with replace semantics."""
    kept = _discounts_for_cart(cart, codes)
    _discounts_replace(cart, kept)
    return kept


def _discounts_replace(cart: Cart, discounts: list[Discount]) -> None:
    """The cart's discounts are these, in the database and in its fetched rows (in id order, as a read has them):
    the links that go and those that come, against the rows the cart was fetched with (under its draft's lock)."""
    held = {discount.pk for discount in cart.discounts.all()}
    wanted = {discount.pk for discount in discounts}
    links = Cart.discounts.through
    rows_delete(links.objects.filter(cart_id=cart.pk, discount_id__in=sorted(held - wanted)))
    rows_insert([links(cart_id=cart.pk, discount_id=pk) for pk in sorted(wanted - held)])
    prefetched([cart], "discounts", sorted(discounts, key=lambda discount: discount.id))


def _discount_adjustments(items: Sequence[LineItem], discounts: Sequence[Discount]) -> list[LineItemAdjustment]:
    """v1's `refreshAdjustments_`: the discount adjustments of every line, from the first non-free-shipping discount
    (reference "adjustment refresh"), not saved yet."""
    discount = next((d for d in discounts if d.rule.type != "free_shipping"), None)
    if discount is None or not items:
        return []
    for item in items:
        item.product_id = item.variant.product_id if item.variant_id else None
    amounts = line_adjustments(rule=discount_rule_data(discount), lines=items)
    return [
        LineItemAdjustment(item_id=item_id, discount=discount, description="discount", amount=amount)
        for item_id, amount in amounts.items()
    ]


# --- after any change ----------------------------------------------------------------------------------------


MANUAL_LINE_TOO_LARGE_MESSAGE = (
    "manual_discount.value {value} is more than line item {line_id} comes to after its discounts ({remaining})"
)
MANUAL_ORDER_TOO_LARGE_MESSAGE = (
    "manual_discount.value {value} is more than the draft order comes to after its discounts ({remaining})"
)


def _manual_adjustments(
    cart: Cart, lines: Sequence[LineItem], code_adjustments: Sequence[LineItemAdjustment], *, check: bool
) -> list[LineItemAdjustment]:
    """The adjustments of the lines' and the cart's manual discounts (addition "manual discounts"), taken from
    what remains after the code discounts, not saved. A fixed amount larger than what it applies to is cut to it
    (a reprice never takes a line below zero) or, when `check` (the request sets a manual discount), refused."""
    code = {}
    for adjustment in code_adjustments:
        code.setdefault(adjustment.item_id, []).append(adjustment.amount)
    inputs = [
        ManualLineInput(
            id=line.id,
            # what the totals engine takes off for codes; lines that do not allow discounts have no code adjustments
            remaining=line.unit_price * line.quantity - sum(code.get(line.id, ())),
            discount=line.manual_discount,
        )
        for line in lines
    ]
    result = manual_adjustments(inputs, cart.manual_discount)
    if check and result.lines_cut:
        line = next(line for line in inputs if line.id in result.lines_cut)
        raise MedusaError(
            ErrorType.INVALID_DATA,
            MANUAL_LINE_TOO_LARGE_MESSAGE.format(
                value=line.discount.value, line_id=line.id, remaining=json_number(line.remaining)
            ),
            field="items",  # where the admin shows a line's refusal
        )
    if check and result.order_cut:
        remaining = json_number(result.order_base)
        raise MedusaError(
            ErrorType.INVALID_DATA,
            MANUAL_ORDER_TOO_LARGE_MESSAGE.format(value=cart.manual_discount.value, remaining=remaining),
            field="manual_discount",
        )
    return [
        LineItemAdjustment(
            item_id=adjustment.item_id,
            discount=None,
            description=adjustment.description,
            amount=adjustment.amount,
            metadata={"manual_discount": adjustment.scope},  # which of the two it comes from
        )
        for adjustment in result.adjustments
    ]


def _recomputed(
    cart: Cart,
    *,
    lines: Sequence[LineItem],
    methods: Sequence[ShippingMethod],
    custom_prices: dict[str, int],
    discounts: Sequence[Discount],
    check_manual: bool = False,
) -> list[LineItemAdjustment]:
    """A recompute's rules over rows in memory, writing nothing: each shipping method's requirements checked again
    (unless it has a custom price) and its price set, each line's `has_shipping` set, and the lines' discount
    adjustments, code ones then manual ones, returned (not saved)."""
    subtotal = _subtotal(lines)
    for method in methods:
        if method.shipping_option_id not in custom_prices:
            _check_shipping_option(method.shipping_option, cart=cart, subtotal=subtotal)
    # v1 stores 0 as the price of every method while a free-shipping discount is on the cart, and restores the
    # option's (or the custom) price when it goes
    free = any(discount.rule.type == "free_shipping" for discount in discounts)
    for method in methods:
        custom_price = custom_prices.get(method.shipping_option_id)
        method.price = 0 if free else _shipping_method_price(method.shipping_option, custom_price)
    profiles = _profiles(methods)
    for line in lines:
        line.has_shipping = _shipped(line, profiles)
    code_adjustments = _discount_adjustments(lines, discounts)
    return code_adjustments + _manual_adjustments(cart, lines, code_adjustments, check=check_manual)


def _profiles(methods: Iterable[ShippingMethod]) -> set[str]:
    return {method.shipping_option.profile_id for method in methods}


def _shipped(line: LineItem, profiles: set[str]) -> bool:
    """An item is shipped when its product's profile is among the shipping methods' profiles; custom items always
    are."""
    return line.variant_id is None or line.variant.product.profile_id in profiles


def _same_adjustments(current: Iterable[LineItemAdjustment], new: Iterable[LineItemAdjustment]) -> bool:
    def key(adjustment: LineItemAdjustment):
        scope = (adjustment.metadata or {}).get("manual_discount")  # a manual one's: "line" or "order"
        return (adjustment.discount_id or "", scope or "", adjustment.description, adjustment.amount)

    return sorted(map(key, current)) == sorted(map(key, new))


def cart_recompute(cart: Cart, *, lines: list[LineItem] | None = None, check_manual: bool = False) -> None:
    """After any change to a cart: adjustments refreshed, shipping methods kept but re-priced and their
    requirements checked again (departure "shipping methods are kept": v1 deletes them, medusa#4821). A
    requirement that no longer holds refuses the whole change, and so does, with `check_manual` (the change sets
    a manual discount), a fixed manual discount larger than what it applies to. Only what changed is written, and
    the fetched rows are left as saved."""
    lines = cart_lines(cart) if lines is None else lines
    methods = list(cart.shipping_methods.all())
    prices = {method.id: method.price for method in methods}
    shipped = {line.id: line.has_shipping for line in lines}
    custom_prices = {custom.shipping_option_id: custom.price for custom in cart.custom_shipping_options.all()}
    adjustments = _recomputed(
        cart,
        lines=lines,
        methods=methods,
        custom_prices=custom_prices,
        discounts=_cart_discounts(cart),
        check_manual=check_manual,
    )
    new_by_line: dict[str, list[LineItemAdjustment]] = {line.id: [] for line in lines}
    for adjustment in adjustments:
        new_by_line[adjustment.item_id].append(adjustment)
    replaced, inserted = [], []
    for line in lines:
        # every adjustment is derived: code ones from the cart's discounts, manual ones from its manual discounts
        current = fetched(line, "adjustments")
        if _same_adjustments(current, new_by_line[line.id]):
            continue
        if current:
            replaced.append(line.id)
        inserted += new_by_line[line.id]
        prefetched([line], "adjustments", sorted(new_by_line[line.id], key=lambda row: row.id))
    rows_delete(LineItemAdjustment.objects.filter(item__in=replaced))  # nothing refers to them
    rows_insert(inserted)
    rows_update_each([method for method in methods if method.price != prices[method.id]], ["price"])
    rows_update_each([line for line in lines if line.has_shipping != shipped[line.id]], ["has_shipping"])
    for line in lines:
        for relation in ("adjustments", "tax_lines"):  # a line added by this change has none yet
            if relation not in getattr(line, "_prefetched_objects_cache", {}):
                prefetched([line], relation, [])
    prefetched([cart], "items", lines)


# --- a new cart ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewCart:
    """A new cart and its rows as create decides them, checked and priced but not saved: `cart_new_save` saves
    them, `cart_new_as_fetched` gives them to the cart as a read would (to price a quote, or answer
    create). The cart's customer and addresses may be new too."""

    cart: Cart
    items: list[LineItem]
    custom_shipping_options: list[CustomShippingOption]
    shipping_methods: list[ShippingMethod]
    discounts: list[Discount]  # in id order, as a saved cart's are read
    adjustments: list[LineItemAdjustment]

    def generated_ids(self) -> set[str]:
        """The ids generated for the rows saving it would insert."""
        cart = self.cart
        rows = [cart, cart.customer, cart.shipping_address, cart.billing_address]
        rows += [*self.items, *self.custom_shipping_options, *self.shipping_methods, *self.adjustments]
        return {row.pk for row in rows if row is not None and row._state.adding}


def cart_new_reads(
    *,
    items: Sequence[ItemInput],
    shipping_methods: Sequence[ShippingMethodInput],
    discounts: Sequence[str] | Sequence[Discount],
    region_id: str | None = None,
    currency_code: str | None = None,
) -> list:
    """What `cart_new` reads first for these inputs, for `read_ahead`: the variants, the shipping options with their
    requirements, the discounts by code and, given the region's currency, the variants' prices."""
    variant_items = [item for item in items if item.variant_id]
    reads = _variants_reads(item.variant_id for item in variant_items) if variant_items else []
    if shipping_methods:
        reads += shipping_options_reads(method.option_id for method in shipping_methods)
    if discounts and isinstance(discounts[0], str):
        reads += discounts_by_codes_reads(list(discounts))
    if currency_code is not None:
        priced = [item.variant_id for item in variant_items if item.unit_price is None]
        reads += variant_pricing_reads(priced, region_id=region_id, currency_code=currency_code) if priced else []
    return reads


def cart_new(
    cart: Cart,
    *,
    items: Sequence[ItemInput],
    shipping_methods: Sequence[ShippingMethodInput],
    discounts: Sequence[str] | Sequence[Discount],
    manual_discount: ManualDiscount | None = None,
) -> NewCart:
    """v1's create steps on a new `cart` (reference "create"), writing nothing: its lines (create's clamps), its
    shipping methods, its discounts, then what a recompute decides. Every check of create, in create's order."""
    cart.manual_discount = manual_discount
    lines = _new_lines(cart, items)
    custom_options, methods = _new_shipping_methods(cart, shipping_methods, lines=lines)
    kept = sorted(_discounts_for_cart(cart, discounts), key=lambda discount: discount.id) if discounts else []
    custom_prices = {custom.shipping_option_id: custom.price for custom in custom_options}
    adjustments = _recomputed(
        cart, lines=lines, methods=methods, custom_prices=custom_prices, discounts=kept, check_manual=True
    )
    return NewCart(
        cart=cart,
        items=lines,
        custom_shipping_options=custom_options,
        shipping_methods=methods,
        discounts=kept,
        adjustments=adjustments,
    )


def cart_new_save(new: NewCart) -> Cart:
    """Save what `cart_new` decided: a new guest customer (at once: the one a concurrent request made may win), then
    new addresses, the cart and its rows, inserted in bulk (as one statement inside `writes_together`)."""
    cart = new.cart
    if cart.customer._state.adding:
        cart.customer = customer_guest_save(cart.customer)
    for address in (cart.shipping_address, cart.billing_address):
        if address is not None and address._state.adding:
            rows_insert([address])  # checked by customers.services.address_new
    rows_insert([cart])
    rows_insert(new.items)
    rows_insert(new.custom_shipping_options)
    rows_insert(new.shipping_methods)
    rows_insert([Cart.discounts.through(cart_id=cart.pk, discount_id=discount.pk) for discount in new.discounts])
    rows_insert(new.adjustments)
    return cart


def cart_new_as_fetched(new: NewCart) -> None:
    """What `cart_new` decided, in the cart's relations as `cart_relations_fetch` puts a saved cart's rows: no query,
    no write; `cart_info` then prices it."""
    cart, items, methods = new.cart, new.items, new.shipping_methods
    prefetched([cart], "items", items)
    prefetched(items, "adjustments", new.adjustments, key="item_id")
    prefetched(items, "tax_lines", [], key="item_id")
    prefetched([cart], "shipping_methods", methods)
    prefetched(methods, "tax_lines", [], key="shipping_method_id")
    prefetched([cart], "discounts", new.discounts)
    prefetched([cart], "custom_shipping_options", new.custom_shipping_options)


def cart_tax_lines_persist(info: CartInfo) -> None:
    """v1's `createTaxLines`: the tax lines computed for the cart become rows of its lines and methods, replacing
    those the fetched rows hold, which then hold the new ones (in id order, as a read has them)."""
    if any(fetched(item, "tax_lines") for item in info.items):
        rows_delete(LineItemTaxLine.objects.filter(item__cart=info.cart))  # nothing refers to them
    if any(fetched(method, "tax_lines") for method in info.shipping_methods):
        rows_delete(ShippingMethodTaxLine.objects.filter(shipping_method__cart=info.cart))
    item_lines = [
        LineItemTaxLine(item=item, rate=line.rate, name=line.name, code=line.code)
        for item in info.items
        for line in info.computed.tax_lines[item.id]
    ]
    method_lines = [
        ShippingMethodTaxLine(shipping_method=method, rate=line.rate, name=line.name, code=line.code)
        for method in info.shipping_methods
        for line in info.computed.tax_lines[method.id]
    ]
    rows_insert(item_lines)
    rows_insert(method_lines)
    prefetched(info.items, "tax_lines", item_lines, key="item_id")
    prefetched(info.shipping_methods, "tax_lines", method_lines, key="shipping_method_id")
