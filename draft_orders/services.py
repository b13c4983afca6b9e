"""Writes of draft orders. Each service is one transaction; those that change an existing draft order lock it first."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from config.errors import ErrorCode, ErrorType, MedusaError, not_found
from config.models import metadata_merged
from customers.models import Address, Customer
from customers.selectors import address_retrieve, customer_retrieve
from customers.services import address_create, address_update, customer_get_or_create_guest
from discounts.calculations import line_adjustments, select_cart_discounts
from discounts.models import Discount
from discounts.selectors import discount_rule_data, discount_validate_for_cart, discounts_by_codes
from discounts.services import discount_usage_increment
from draft_orders.models import (
    Cart,
    CustomShippingOption,
    DraftOrder,
    DraftOrderDisplayId,
    LineItem,
    LineItemAdjustment,
    LineItemTaxLine,
    ShippingMethod,
    ShippingMethodTaxLine,
)
from draft_orders.selectors import cart_queryset, cart_with_totals
from orders.models import Order
from orders.services import order_place_from_cart
from products.selectors import variant_price_for_region, variants_with_prices
from regions.models import Region, ShippingOption
from regions.selectors import region_get
from regions.shipping import shipping_option_requirements_met

CUSTOM_ITEM_TITLE = "Custom item"


@dataclass(frozen=True)
class ItemInput:
    """One requested line: a variant (priced from the region unless `unit_price`) or a custom line."""

    quantity: int | float
    variant_id: str | None = None
    unit_price: int | float | None = None
    title: str | None = None
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ShippingMethodInput:
    option_id: str
    price: int | float | None = None
    data: dict = field(default_factory=dict)


# --- pieces shared by create, update and the line-item services ----------------------------------------------


def _region_country_codes(region: Region) -> set[str]:
    return {country.iso_2 for country in region.countries.all()}


def _existing_address(address_id: str, field_name: str) -> Address:
    try:
        return address_retrieve(address_id)
    except MedusaError as error:
        error.field = field_name
        raise


def _address_for_cart(value: str | dict | None, *, region: Region, message: str, field_name: str) -> Address | None:
    """An address given as an existing id or as fields; its country must be one of the region's (as v1)."""
    if value is None:
        return None
    address = _existing_address(value, field_name) if isinstance(value, str) else None
    country_code = address.country_id if address is not None else value.get("country_code")
    # v1 compares case-sensitively; ISO codes are stored lower case
    if country_code and country_code not in _region_country_codes(region):
        raise MedusaError(ErrorType.NOT_ALLOWED, message, field=field_name)
    return address if address is not None else address_create(data=value)


def _check_integer(value, name: str, *, positive: bool = False) -> None:
    """Departure 1: v1 crashes on these; here they are 400 invalid_data naming the field."""
    if value is None:
        return
    if isinstance(value, float) and not value.is_integer():
        raise MedusaError(ErrorType.INVALID_DATA, f"{name} must be an integer number", field=name)
    if positive and value <= 0:
        raise MedusaError(ErrorType.INVALID_DATA, f"{name} must be a positive number", field=name)


def _variant_lines(cart: Cart, items: Sequence[ItemInput], *, clamp_quantity: bool) -> list[LineItem]:
    """v1's `lineItemService.generate` for variant items: priced from the region unless a unit price is given."""
    variants = variants_with_prices([item.variant_id for item in items])
    missing = [item.variant_id for item in items if item.variant_id not in variants]
    if missing:
        raise MedusaError(
            ErrorType.INVALID_DATA,
            f"Unable to generate the line items, some variant has not been found: {', '.join(missing)}",
            field="items",
        )
    lines = []
    for item in items:
        variant = variants[item.variant_id]
        _check_integer(item.quantity, "quantity")
        _check_integer(item.unit_price, "unit_price")
        # v1 turns a variant item's quantity 0 into 1 at create (`quantity || 1`)
        quantity = int(item.quantity) or 1 if clamp_quantity else int(item.quantity)
        if quantity < 0:
            raise MedusaError(ErrorType.INVALID_DATA, "quantity must be a positive number", field="quantity")
        if item.unit_price is None:
            unit_price = variant_price_for_region(variant, cart.region, quantity)
            if unit_price is None:
                title = variant.title or variant.product.title or variant.id
                raise MedusaError(
                    ErrorType.INVALID_DATA,
                    f'Cannot generate line item for variant "{title}" without a price',
                    field="items",
                )
        else:
            unit_price = max(int(item.unit_price), 0)  # v1 clamps a negative variant price to 0
        product = variant.product
        lines.append(
            LineItem(
                cart=cart,
                title=product.title,
                description=variant.title,
                thumbnail=product.thumbnail,
                allow_discounts=product.discountable,
                is_giftcard=product.is_giftcard,
                should_merge=item.unit_price is None,
                has_shipping=False,
                unit_price=unit_price,
                variant=variant,
                quantity=quantity,
                metadata=item.metadata or {},
            )
        )
    return lines


def _custom_line(cart: Cart, item: ItemInput, *, clamp_price: bool) -> LineItem:
    _check_integer(item.quantity, "quantity", positive=True)
    _check_integer(item.unit_price, "unit_price")
    unit_price = int(item.unit_price or 0)
    if unit_price < 0:
        if not clamp_price:
            raise MedusaError(ErrorType.INVALID_DATA, "unit_price must not be less than 0", field="unit_price")
        unit_price = 0  # v1 clamps a negative custom price to 0 at create
    return LineItem(
        cart=cart,
        title=item.title or CUSTOM_ITEM_TITLE,
        has_shipping=True,
        allow_discounts=False,
        unit_price=unit_price,
        quantity=int(item.quantity),
        metadata=item.metadata or {},
    )


def _cart_subtotal(items: Iterable[LineItem]) -> int:
    return sum(item.unit_price * item.quantity for item in items)


def _shipping_options_get(option_ids: Iterable[str]) -> dict[str, ShippingOption]:
    options = ShippingOption.objects.select_related("profile").prefetch_related("requirements")
    found = {option.id: option for option in options.filter(pk__in=set(option_ids))}
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


def _shipping_methods_add(cart: Cart, methods: Sequence[ShippingMethodInput], *, subtotal: int) -> list[ShippingMethod]:
    """Create the cart's shipping methods; priced ones become custom shipping options that skip requirements."""
    for method in methods:
        _check_integer(method.price, "price")
        if method.price is not None and method.price < 0:
            # v1: a CHECK violation and a 500; here a 400 naming the field (departure 1)
            raise MedusaError(ErrorType.INVALID_DATA, "price must not be less than 0", field="price")
    options = _shipping_options_get([method.option_id for method in methods])
    custom = {method.option_id: int(method.price) for method in methods if method.price is not None}
    CustomShippingOption.objects.bulk_create(
        CustomShippingOption(cart=cart, shipping_option=options[option_id], price=price)
        for option_id, price in custom.items()
    )
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
                data=method.data or {},
            )
        )
    return ShippingMethod.objects.bulk_create(created)


def _items_has_shipping(items: Sequence[LineItem], methods: Sequence[ShippingMethod]) -> None:
    """An item is shipped when its product's profile is among the methods' profiles; custom items always are."""
    profiles = {method.shipping_option.profile_id for method in methods}
    for item in items:
        item.has_shipping = item.variant_id is None or item.variant.product.profile_id in profiles


def _cart_discounts_set(cart: Cart, codes: Sequence[str]) -> list[Discount]:
    """v1's `applyDiscounts` with replace semantics: look up, validate, keep one free shipping + one other."""
    now = timezone.now()
    try:
        discounts = discounts_by_codes(list(codes)) if codes else []
        for discount in discounts:
            discount_validate_for_cart(discount, region_id=cart.region_id, now=now)
    except MedusaError as error:
        error.field = error.field or "discounts"  # the admin form shows it on the codes
        raise
    ordered = sorted(discounts, key=lambda discount: (discount.created_at, discount.id))
    kept = select_cart_discounts(ordered, type_of=lambda discount: discount.rule.type)
    cart.discounts.set(kept)
    return kept


def _adjustments_refresh(items: Sequence[LineItem], discounts: Sequence[Discount]) -> None:
    """v1's `refreshAdjustments_`: replace the discount adjustments of every line from the first non-free-shipping
    discount (reference 8.3)."""
    LineItemAdjustment.objects.filter(item__in=[item.id for item in items], discount__isnull=False).delete()
    discount = next((d for d in discounts if d.rule.type != "free_shipping"), None)
    if discount is None or not items:
        return
    for item in items:
        item.product_id = item.variant.product_id if item.variant_id else None
    amounts = line_adjustments(rule=discount_rule_data(discount), lines=items)
    LineItemAdjustment.objects.bulk_create(
        LineItemAdjustment(item_id=item_id, discount=discount, description="discount", amount=amount)
        for item_id, amount in amounts.items()
    )


def _shipping_prices_for_discounts(methods: Sequence[ShippingMethod], discounts: Sequence[Discount]) -> None:
    """v1 stores 0 as the price of every method while a free-shipping discount is on the cart, and restores
    the option's (or the custom) price when it goes."""
    free = any(discount.rule.type == "free_shipping" for discount in discounts)
    custom = {
        cso.shipping_option_id: cso.price
        for cso in CustomShippingOption.objects.filter(cart_id__in={method.cart_id for method in methods})
    }
    for method in methods:
        method.price = (
            0 if free else _shipping_method_price(method.shipping_option, custom.get(method.shipping_option_id))
        )
    ShippingMethod.objects.bulk_update(methods, ["price"])


OPEN_ONLY_MESSAGE = "You are only allowed to update open draft orders"


def _open_draft_order_locked(draft_order_id: str) -> DraftOrder:
    """Lock the draft order's row, re-read it under the lock, and refuse anything but an open one."""
    # only the draft order's row: PostgreSQL cannot lock the nullable side (the cart) of the outer join
    locked = DraftOrder.objects.select_for_update(of=("self",))
    draft_order = locked.select_related("cart__region").filter(pk=draft_order_id).first()
    if draft_order is None:
        raise not_found("Draft order", draft_order_id)
    if draft_order.status != DraftOrder.Status.OPEN:
        raise MedusaError(ErrorType.NOT_ALLOWED, OPEN_ONLY_MESSAGE)
    return draft_order


def _cart_lines(cart: Cart) -> list[LineItem]:
    return list(cart.items.select_related("variant__product").order_by("created_at", "id"))


def _cart_discounts(cart: Cart) -> list[Discount]:
    return list(cart.discounts.select_related("rule").prefetch_related("rule__conditions__products").order_by("id"))


def _cart_recompute(cart: Cart, *, lines: list[LineItem] | None = None) -> None:
    """After any change to a cart's lines: adjustments refreshed, shipping methods kept but re-priced and their
    requirements checked again (departure 7: v1 deletes them, medusa#4821). A requirement that no longer holds
    refuses the whole change."""
    lines = _cart_lines(cart) if lines is None else lines
    discounts = _cart_discounts(cart)
    _adjustments_refresh(lines, discounts)
    methods = list(
        cart.shipping_methods.select_related("shipping_option__profile").prefetch_related(
            "shipping_option__requirements"
        )
    )
    if not methods:
        LineItem.objects.filter(pk__in=[line.id for line in lines if line.variant_id]).update(has_shipping=False)
        return
    custom = set(cart.custom_shipping_options.values_list("shipping_option_id", flat=True))
    subtotal = _cart_subtotal(lines)
    for method in methods:
        if method.shipping_option_id not in custom:
            _check_shipping_option(method.shipping_option, cart=cart, subtotal=subtotal)
    _shipping_prices_for_discounts(methods, discounts)
    _items_has_shipping(lines, methods)
    LineItem.objects.bulk_update(lines, ["has_shipping"])


def _check_inventory(variant, quantity: int, message: str) -> None:
    """v1 without an inventory module: a managed variant that disallows backorders needs the stock."""
    if variant.manage_inventory and not variant.allow_backorder and variant.inventory_quantity < quantity:
        raise MedusaError(ErrorType.NOT_ALLOWED, message, code=ErrorCode.INSUFFICIENT_INVENTORY)


# --- draft orders --------------------------------------------------------------------------------------------


@transaction.atomic
def draft_order_create(
    *,
    email: str,
    region_id: str,
    shipping_methods: Sequence[ShippingMethodInput],
    items: Sequence[ItemInput] = (),
    billing_address: str | dict | None = None,
    shipping_address: str | dict | None = None,
    discounts: Sequence[str] = (),
    customer_id: str | None = None,
    no_notification_order: bool | None = None,
    metadata: dict | None = None,
) -> DraftOrder:
    """v1's `DraftOrderService.create` (reference 5.1), with the project's departures 1–3."""
    # v1 swallows an unknown customer id at create and falls back to the email
    customer = Customer.objects.filter(pk=customer_id).first() if customer_id else None
    if customer is None:
        customer = customer_get_or_create_guest(email=email)
    region = region_get(region_id=region_id)

    shipping = _address_for_cart(
        shipping_address, region=region, message="Shipping country not in region", field_name="shipping_address"
    )
    countries = _region_country_codes(region)
    if shipping is None and len(countries) == 1:
        shipping = address_create(data={"country_code": next(iter(countries))})
    billing = _address_for_cart(
        billing_address, region=region, message="Billing country not in region", field_name="billing_address"
    )
    cart = Cart.objects.create(
        type=Cart.Type.DRAFT_ORDER,
        email=customer.email,
        customer=customer,
        region=region,
        shipping_address=shipping,
        billing_address=billing,
        context={},
        metadata=metadata or {},
    )
    draft_order = DraftOrder.objects.create(
        cart=cart,
        display_id=DraftOrderDisplayId.next_value(),
        no_notification_order=no_notification_order,
        metadata=metadata,  # departure 2: v1 leaves draft_order.metadata null (medusa#9136)
    )

    variant_items = [item for item in items if item.variant_id]
    lines = _variant_lines(cart, variant_items, clamp_quantity=True) if variant_items else []
    lines += [_custom_line(cart, item, clamp_price=True) for item in items if not item.variant_id]
    _shipping_methods_add(cart, shipping_methods, subtotal=_cart_subtotal(lines))
    LineItem.objects.bulk_create(lines)
    if discounts:
        _cart_discounts_set(cart, discounts)
    _cart_recompute(cart, lines=lines)
    return draft_order


@transaction.atomic
def draft_order_delete(*, draft_order_id: str) -> None:
    """Idempotent as v1: an unknown id is no error. A completed draft order is kept (departure 6)."""
    draft_order = DraftOrder.objects.select_for_update().filter(pk=draft_order_id).first()
    if draft_order is None:
        return
    if draft_order.status == DraftOrder.Status.COMPLETED:
        raise MedusaError(
            ErrorType.NOT_ALLOWED, "A completed draft order cannot be deleted: it is the record of its order"
        )
    draft_order.delete()


# --- changes to an open draft order -------------------------------------------------------------------


@transaction.atomic
def line_item_add(*, draft_order_id: str, item: ItemInput) -> DraftOrder:
    """v1's `POST /admin/draft-orders/:id/line-items` (reference 5.6)."""
    draft_order = _open_draft_order_locked(draft_order_id)
    cart = draft_order.cart
    if not item.variant_id:
        # departure 8: v1 stores a negative custom price, and 500s on quantity <= 0
        line = _custom_line(cart, item, clamp_price=False)
        line.save()
        _cart_recompute(cart)
        return draft_order
    if not item.quantity:
        raise MedusaError(
            ErrorType.INVALID_DATA,
            "Unable to generate the line item because one or more required argument(s) are missing. "
            "Ensure quantity, regionId, and variantId are passed",
        )
    (line,) = _variant_lines(cart, [item], clamp_quantity=False)
    existing = None
    if line.should_merge:
        existing = next(
            (
                current
                for current in _cart_lines(cart)
                if current.should_merge and current.variant_id == line.variant_id and current.metadata == line.metadata
            ),
            None,
        )
    quantity = line.quantity + (existing.quantity if existing else 0)
    _check_inventory(line.variant, quantity, f"Variant with id: {line.variant_id} does not have the required inventory")
    if existing is not None:
        existing.quantity = quantity
        # v1 re-prices the merged line for its new quantity
        existing.unit_price = variant_price_for_region(line.variant, cart.region, quantity)
        existing.save(update_fields=["quantity", "unit_price", "updated_at"])
    else:
        line.save()
    _cart_recompute(cart)
    return draft_order


@transaction.atomic
def line_item_update(
    *,
    draft_order_id: str,
    line_id: str,
    title: str | None = None,
    unit_price: int | None = None,
    quantity: int | None = None,
    metadata: dict | None = None,
) -> DraftOrder:
    """v1's `POST /admin/draft-orders/:id/line-items/:line_id` (reference 5.7); quantity 0 removes the line."""
    draft_order = _open_draft_order_locked(draft_order_id)
    cart = draft_order.cart
    lines = _cart_lines(cart)
    line = next((current for current in lines if current.id == line_id), None)
    if line is None:
        # departure 8: v1 answers 200 and does nothing for an unknown line with quantity 0
        raise MedusaError(ErrorType.INVALID_DATA, "Could not find the line item")
    if quantity == 0:
        # filter first: delete() clears the instance's id, so it would stay among the remaining lines
        remaining = [current for current in lines if current.id != line_id]
        line.delete()
        _cart_recompute(cart, lines=remaining)
        return draft_order
    if quantity is not None and quantity < 0:
        raise MedusaError(ErrorType.INVALID_DATA, "quantity must be a positive number", field="quantity")
    if unit_price is not None and unit_price < 0 and line.variant_id is None:
        raise MedusaError(ErrorType.INVALID_DATA, "unit_price must not be less than 0", field="unit_price")
    if quantity and line.variant_id:
        _check_inventory(line.variant, quantity, "Inventory doesn't cover the desired quantity")
    if title is not None:
        line.title = title
    if unit_price is not None:
        line.unit_price = unit_price
    if quantity is not None:
        line.quantity = quantity  # v1 does not re-price on a quantity change
    if metadata is not None:
        line.metadata = metadata_merged(line.metadata, metadata)
    line.save()
    _cart_recompute(cart, lines=lines)
    return draft_order


@transaction.atomic
def line_item_delete(*, draft_order_id: str, line_id: str) -> DraftOrder:
    """v1's `DELETE /admin/draft-orders/:id/line-items/:line_id`: an unknown line changes nothing (as v1)."""
    draft_order = _open_draft_order_locked(draft_order_id)
    cart = draft_order.cart
    lines = _cart_lines(cart)
    if any(line.id == line_id for line in lines):
        LineItem.objects.filter(pk=line_id).delete()
        _cart_recompute(cart, lines=[line for line in lines if line.id != line_id])
    return draft_order


def _reprice_variant_lines(cart: Cart) -> None:
    """v1's `updateUnitPrices_`: variant lines re-priced for the cart's region; those without a price go."""
    lines = [line for line in _cart_lines(cart) if line.variant_id]
    variants = variants_with_prices([line.variant_id for line in lines])
    priced, unpriced = [], []
    for line in lines:
        price = variant_price_for_region(variants[line.variant_id], cart.region, line.quantity)
        if price is None:
            unpriced.append(line.id)
        else:
            line.unit_price = price
            priced.append(line)
    LineItem.objects.bulk_update(priced, ["unit_price"])
    LineItem.objects.filter(pk__in=unpriced).delete()


def _region_change(cart: Cart, region: Region, *, country_code: str | None) -> None:
    """v1's `setRegion_`: the shipping country must be in the new region; methods and foreign discounts go."""
    countries = _region_country_codes(region)
    if country_code and country_code not in countries:
        raise MedusaError(ErrorType.NOT_ALLOWED, "Country not available in region", field="country_code")
    cart.region = region
    if cart.shipping_address is not None:
        code = country_code if country_code else (next(iter(countries)) if len(countries) == 1 else None)
        address_update(address=cart.shipping_address, data={"country_code": code})
    elif len(countries) == 1:
        cart.shipping_address = address_create(data={"country_code": next(iter(countries))})
    cart.shipping_methods.all().delete()
    cart.custom_shipping_options.all().delete()
    cart.discounts.set([discount for discount in _cart_discounts(cart) if region in discount.regions.all()])


def _cart_address_set(cart: Cart, attribute: str, value: str | dict, *, check_region: bool) -> None:
    """A string assigns an existing address; an object is merged into the current one (or makes a new one)."""
    if isinstance(value, str):
        # v1 fails with a TypeError and a 500 on an unknown id here
        setattr(cart, attribute, _existing_address(value, attribute))
        return
    if check_region and value.get("country_code") and value["country_code"] not in _region_country_codes(cart.region):
        raise MedusaError(ErrorType.INVALID_DATA, "Shipping country must be in the cart region", field=attribute)
    current = getattr(cart, attribute)
    if current is not None:
        address_update(address=current, data=value)
    else:
        setattr(cart, attribute, address_create(data=value))


@transaction.atomic
def draft_order_update(
    *,
    draft_order_id: str,
    region_id: str | None = None,
    country_code: str | None = None,
    email: str | None = None,
    billing_address: str | dict | None = None,
    shipping_address: str | dict | None = None,
    discounts: Sequence[str] | None = None,
    customer_id: str | None = None,
    no_notification_order: bool | None = None,
    shipping_methods: Sequence[ShippingMethodInput] | None = None,
    metadata: dict | None = None,
) -> DraftOrder:
    """v1's `POST /admin/draft-orders/:id` (reference 5.4), plus `shipping_methods` and `metadata` (departure 7)."""
    draft_order = _open_draft_order_locked(draft_order_id)
    cart = Cart.objects.select_related("region", "shipping_address", "billing_address").get(pk=draft_order.cart_id)
    if no_notification_order is not None:
        draft_order.no_notification_order = no_notification_order
    if metadata is not None:
        draft_order.metadata = metadata_merged(draft_order.metadata, metadata)
    draft_order.save()

    if customer_id is not None:
        cart.customer = customer_retrieve(customer_id)
        cart.email = cart.customer.email
    elif email is not None:
        cart.customer = customer_get_or_create_guest(email=email)
        cart.email = cart.customer.email
    if region_id is not None and region_id != cart.region_id:
        address_country = shipping_address.get("country_code") if isinstance(shipping_address, dict) else None
        _region_change(cart, region_get(region_id=region_id), country_code=country_code or address_country)
    if billing_address is not None:
        _cart_address_set(cart, "billing_address", billing_address, check_region=False)
    if shipping_address is not None:
        _cart_address_set(cart, "shipping_address", shipping_address, check_region=True)
    cart.save()
    if customer_id is not None or region_id is not None:
        _reprice_variant_lines(cart)
    if discounts is not None:
        _cart_discounts_set(cart, discounts)
    if shipping_methods is not None:
        cart.shipping_methods.all().delete()
        cart.custom_shipping_options.all().delete()
        _shipping_methods_add(cart, shipping_methods, subtotal=_cart_subtotal(_cart_lines(cart)))
    _cart_recompute(cart)
    return draft_order


PAYMENT_AMOUNT_MAX = 2**31 - 1


@transaction.atomic
def draft_order_mark_paid(*, draft_order_id: str) -> Order:
    """Mark Paid (reference 9) in one transaction. The row lock makes it safe to repeat and to race (departure 9)."""
    draft_order = DraftOrder.objects.select_for_update().filter(pk=draft_order_id).first()
    if draft_order is None:
        raise not_found("Draft order", draft_order_id)
    if draft_order.status == DraftOrder.Status.COMPLETED:
        raise MedusaError(ErrorType.NOT_ALLOWED, "Draft order is already completed")
    cart = cart_with_totals(cart_queryset().get(pk=draft_order.cart_id))
    items = list(cart.items.all())
    if not items:
        raise MedusaError(ErrorType.INVALID_DATA, "Cannot create order from empty cart")
    if cart.totals.total > PAYMENT_AMOUNT_MAX:  # the payment's integer column (PostgreSQL answered 500)
        raise MedusaError(
            ErrorType.INVALID_DATA,
            f"The draft order's total {cart.totals.total} is larger than a payment can hold ({PAYMENT_AMOUNT_MAX})",
        )
    _tax_lines_persist(cart)
    order = order_place_from_cart(cart=cart, draft_order=draft_order, total=cart.totals.total)
    draft_order.status = DraftOrder.Status.COMPLETED
    draft_order.completed_at = timezone.now()
    draft_order.order = order
    draft_order.save(update_fields=["status", "completed_at", "order", "updated_at"])
    discount_usage_increment(discount_ids=[discount.id for discount in cart.discounts.all()])
    return order


def _tax_lines_persist(cart: Cart) -> None:
    """v1's `createTaxLines`: the tax lines computed for the draft become rows of the order's lines."""
    LineItemTaxLine.objects.filter(item__cart=cart).delete()
    ShippingMethodTaxLine.objects.filter(shipping_method__cart=cart).delete()
    LineItemTaxLine.objects.bulk_create(
        LineItemTaxLine(item=item, rate=line.rate, name=line.name, code=line.code)
        for item in cart.items.all()
        for line in item.computed_tax_lines
    )
    ShippingMethodTaxLine.objects.bulk_create(
        ShippingMethodTaxLine(shipping_method=method, rate=line.rate, name=line.name, code=line.code)
        for method in cart.shipping_methods.all()
        for line in method.computed_tax_lines
    )
