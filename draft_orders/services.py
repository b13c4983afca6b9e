"""Writes of draft orders: create, update, the line-item endpoints, delete and Mark Paid.

Each service is one transaction; those that change an existing draft order lock its row first and re-read it
under the lock. The cart under the draft order is changed through the cart engine (carts.services), and
recomputed once per service call.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from carts.models import Cart, LineItem
from carts.selectors import cart_tax_rates_reads
from carts.services import (
    UNCHANGED,
    ItemInput,
    LineChange,
    LinesChange,
    NewCart,
    ShippingMethodInput,
    Unchanged,
    cart_address_for_create,
    cart_address_set,
    cart_discounts_set,
    cart_line_add,
    cart_line_add_reads,
    cart_line_delete,
    cart_line_update,
    cart_lines,
    cart_lines_change,
    cart_new,
    cart_new_as_fetched,
    cart_new_reads,
    cart_new_save,
    cart_recompute,
    cart_region_set,
    cart_reprice,
    cart_sales_channel_id,
    cart_shipping_methods_set,
    cart_tax_lines_persist,
    region_country_codes,
    shipping_options_reads,
)
from carts.totals import ManualDiscount
from config.errors import ErrorCode, ErrorType, MedusaError, not_found, refusals_named
from config.models import metadata_merged, stored_json
from config.prepared import prefetched, read_ahead
from config.writes import column_saved, row_save, rows_delete, rows_insert, writes_together
from customers.selectors import address_get_reads, customer_find, customer_find_reads, customer_get
from customers.services import (
    address_new,
    customer_get_or_create_guest,
    customer_guest_find,
    customer_guest_find_reads,
)
from discounts.models import Discount
from discounts.selectors import discount_codes_checked, discounts_by_codes_reads
from discounts.services import discount_usage_increment
from draft_orders.activity import draft_order_recorded, draft_order_rendered, draft_order_snapshot
from draft_orders.invoice import invoice_mail
from draft_orders.models import DraftOrder, DraftOrderDisplayId, DraftOrderTag
from draft_orders.selectors import DraftOrderInfo, draft_order_get, draft_order_info
from events.services import events_read_ahead, events_together
from orders.activity import order_recorded
from orders.models import Order, OrderDisplayId
from orders.services import order_place_from_cart
from products.inventory import stock_check, stock_hold, stock_release, stock_take
from products.selectors import default_sales_channel_reads
from regions.selectors import region_countries, region_get, region_get_reads

OPEN_ONLY_MESSAGE = "You are only allowed to update open draft orders"
CHANGED_SINCE_READ_MESSAGE = "The draft order was changed since you read it: its ETag no longer matches If-Match"
# the payment's integer column
PAYMENT_AMOUNT_MAX = 2**31 - 1


@dataclass(frozen=True)
class DraftOrderWritten:
    """A draft order as a write left it (its rows as saved) and as the API answers it: the state its event recorded,
    rendered once for both."""

    draft_order: DraftOrder
    state: dict


def _check_version(draft_order: DraftOrder, expected_versions: frozenset[int] | None) -> None:
    """A conditional write (`If-Match`, or the version an admin page was opened at) on a draft changed since."""
    if expected_versions is not None and draft_order.version not in expected_versions:
        raise MedusaError(ErrorType.NOT_ALLOWED, CHANGED_SINCE_READ_MESSAGE, code=ErrorCode.PRECONDITION_FAILED)


def _changed(draft_order: DraftOrder) -> None:
    """One more version: the draft order's ETag changes with anything in it (its lock is held)."""
    draft_order.version += 1
    column_saved(draft_order, "version")


def _open_draft_order_locked(
    draft_order_id: str,
    expected_versions: frozenset[int] | None = None,
    reads: Callable[[DraftOrder], list] | None = None,
) -> DraftOrder:
    """Lock the draft order's row, read it and its cart's rows under the lock (`draft_order_get`, with `reads`), and
    refuse anything but an open one at the expected version (when one is expected)."""
    draft_order = draft_order_get(draft_order_id, for_update=True, reads=reads)
    _check_version(draft_order, expected_versions)
    if draft_order.status != DraftOrder.Status.OPEN:
        raise MedusaError(ErrorType.NOT_ALLOWED, OPEN_ONLY_MESSAGE)
    return draft_order


# --- notes and tags (addition "notes and tags") --------------------------------------------------------------


def tags_cleaned(tags: Sequence[str]) -> list[str]:
    """A draft order's tags as given, trimmed, each once whatever its case (the first spelling kept); refused when
    a tag is empty or longer than 40 characters, or there are more than 50."""
    cleaned, seen = [], set()
    for tag in tags:
        tag = tag.strip()
        if not 1 <= len(tag) <= DraftOrderTag.NAME_MAX_LENGTH:
            raise MedusaError(
                ErrorType.INVALID_DATA,
                f"each value in tags must be 1 to {DraftOrderTag.NAME_MAX_LENGTH} characters long once trimmed",
                field="tags",
            )
        if tag.lower() not in seen:
            seen.add(tag.lower())
            cleaned.append(tag)
    if len(cleaned) > DraftOrderTag.PER_DRAFT_ORDER_MAX:
        raise MedusaError(
            ErrorType.INVALID_DATA,
            f"tags must contain no more than {DraftOrderTag.PER_DRAFT_ORDER_MAX} elements",
            field="tags",
        )
    return cleaned


def _tag_rows(draft_order: DraftOrder, tags: Sequence[str]) -> list[DraftOrderTag]:
    return [DraftOrderTag(draft_order=draft_order, name=tag) for tag in tags_cleaned(tags)]


def _tags_replace(draft_order: DraftOrder, tags: Sequence[str]) -> None:
    rows = _tag_rows(draft_order, tags)
    rows_delete(DraftOrderTag.objects.filter(draft_order=draft_order))
    rows_insert(rows)
    prefetched([draft_order], "tags", rows)  # the answer is rendered from the rows in hand


# --- stock holds (addition "stock holds") --------------------------------------------------------------------

RESERVE_IN_PAST_MESSAGE = "reserve_inventory_until must be a date in the future"


def _check_reserve_until(until: datetime | None, *, now: datetime) -> None:
    if until is not None and until <= now:
        raise MedusaError(ErrorType.INVALID_DATA, RESERVE_IN_PAST_MESSAGE, field="reserve_inventory_until")


def _variant_quantities(lines: Iterable[LineItem]) -> dict[str, int]:
    """How much of each variant the lines carry (two lines may share one)."""
    quantities: dict[str, int] = {}
    for line in lines:
        if line.variant_id:
            quantities[line.variant_id] = quantities.get(line.variant_id, 0) + line.quantity
    return quantities


def _stock_held(draft_order: DraftOrder, lines: Iterable[LineItem], *, now: datetime) -> None:
    """A draft's holds follow its lines while `reserve_inventory_until` is ahead, and end once it is not; called
    after a change to a draft that holds or held (a draft that never held has no hold rows to release)."""
    until = draft_order.reserve_inventory_until
    if until is not None and until > now:
        quantities = _variant_quantities(lines)
        stock_hold(
            quantities=quantities, cart_id=draft_order.cart_id, draft_order_id=draft_order.id, until=until, now=now
        )
    else:
        stock_release(cart_ids=[draft_order.cart_id])


# --- draft orders --------------------------------------------------------------------------------------------


def draft_order_new_reads(
    *,
    email: str,
    region_id: str,
    customer_id: str | None,
    addresses: Sequence[str | dict | None],
    items: Sequence[ItemInput],
    shipping_methods: Sequence[ShippingMethodInput],
    discounts: Sequence[str] | Sequence[Discount],
    currency_code: str | None = None,
) -> list:
    """What `draft_order_new` reads before it decides anything, for `read_ahead`: the customer (by id, and the guest
    of the email), the region, the default sales channel, the addresses given by id, the variants, the shipping
    options, the discounts by code and, given the region's currency, the variants' prices."""
    return [
        *customer_find_reads(customer_id),
        *customer_guest_find_reads(email),
        *region_get_reads(region_id),
        *default_sales_channel_reads(),
        *address_get_reads(address for address in addresses if isinstance(address, str)),
        *cart_new_reads(
            items=items,
            shipping_methods=shipping_methods,
            discounts=discounts,
            region_id=region_id,
            currency_code=currency_code,
        ),
        # the options' tax rates, which the new cart's pricing reads where the region's taxes are automatic
        *cart_tax_rates_reads(method.option_id for method in shipping_methods),
    ]


def draft_order_new(
    *,
    email: str,
    region_id: str,
    shipping_methods: Sequence[ShippingMethodInput],
    items: Sequence[ItemInput] = (),
    billing_address: str | dict | None = None,
    shipping_address: str | dict | None = None,
    discounts: Sequence[str] | Sequence[Discount] = (),
    customer_id: str | None = None,
    no_notification_order: bool | None = None,
    metadata: dict | None = None,
    manual_discount: ManualDiscount | None = None,
    note: str | None = None,
    reserve_inventory_until: datetime | None = None,
    now: datetime,
) -> tuple[DraftOrder, NewCart]:
    """v1's `DraftOrderService.create` (reference "create"), with the project's departures, decided and checked in
    create's order but not saved: `draft_order_create` saves it, `draft_order_calculate` prices it."""
    reads = draft_order_new_reads(
        email=email,
        region_id=region_id,
        customer_id=customer_id,
        addresses=[shipping_address, billing_address],
        items=items,
        shipping_methods=shipping_methods,
        discounts=discounts,
    )
    with read_ahead(*reads):  # inside a write's own block (events_read_ahead), they join it
        _check_reserve_until(reserve_inventory_until, now=now)
        # v1 swallows an unknown customer id at create and falls back to the email
        customer = customer_find(customer_id) if customer_id else None
        if customer is None:
            customer = customer_guest_find(email=email)
        region = region_get(region_id=region_id)
        sales_channel_id = cart_sales_channel_id()

        shipping = cart_address_for_create(
            shipping_address, region=region, message="Shipping country not in region", field_name="shipping_address"
        )
        countries = region_country_codes(region)
        if shipping is None and len(countries) == 1:
            shipping = address_new(
                data={"country_code": next(iter(countries))}, cart_owned=True, countries=region_countries(region)
            )
        billing = cart_address_for_create(
            billing_address, region=region, message="Billing country not in region", field_name="billing_address"
        )
        cart = Cart(
            type=Cart.Type.DRAFT_ORDER,
            email=customer.email,
            customer=customer,
            region=region,
            shipping_address=shipping,
            billing_address=billing,
            sales_channel_id=sales_channel_id,
            context={},
            metadata=stored_json(metadata or {}),
        )
        draft_order = DraftOrder(
            cart=cart,
            no_notification_order=no_notification_order,
            # departure "metadata on create": v1 leaves draft_order.metadata null (medusa#9136)
            metadata=stored_json(metadata),
            note=note,
            reserve_inventory_until=reserve_inventory_until,
        )
        new = cart_new(
            cart, items=items, shipping_methods=shipping_methods, discounts=discounts, manual_discount=manual_discount
        )
        return draft_order, new


@events_read_ahead()
@transaction.atomic
def draft_order_create(*, tags: Sequence[str] = (), **arguments) -> DraftOrderWritten:
    """`draft_order_new(**arguments)`, saved, with the next display id, and its `tags`; holding its stock when asked
    to (addition "stock holds")."""
    return _draft_order_created(tags=tags, **arguments)


def _draft_order_created(*, tags: Sequence[str] = (), **arguments) -> DraftOrderWritten:
    """`draft_order_create` inside its caller's transaction and read-ahead block (a duplicate's: no savepoint)."""
    now = timezone.now()
    draft_order, new = draft_order_new(**arguments, now=now)
    tag_rows = _tag_rows(draft_order, tags)
    # the rows and the event go as one statement (config.writes), after what goes at once: the display id and a new
    # guest customer (a hold's locks send the rows before them)
    with writes_together():
        draft_order.display_id = DraftOrderDisplayId.next_value()
        draft_order.cart = cart_new_save(new)
        rows_insert([draft_order])
        rows_insert(tag_rows)
        prefetched([draft_order], "tags", tag_rows)
        if draft_order.reserve_inventory_until is not None:
            _stock_held(draft_order, new.items, now=now)
        _fetched_as_new(new)
        return DraftOrderWritten(draft_order, draft_order_recorded("draft_order.created", draft_order).data)


def _fetched_as_new(new: NewCart) -> None:
    """A new cart's rows as `draft_order_get` would fetch them, from what create saved: it answers without a read."""
    cart_new_as_fetched(new)
    prefetched([new.cart], "payments", [])  # what sits above the cart: a new one has no payments
    prefetched([new.cart], "payment_sessions", [])


@dataclass(frozen=True)
class DuplicatedDraftOrder:
    written: DraftOrderWritten
    dropped_discounts: dict[str, str]  # code -> why the copy could not keep it


@events_read_ahead()
@transaction.atomic
def draft_order_duplicate(*, draft_order_id: str) -> DuplicatedDraftOrder:
    """A new open draft order like this one, open or completed ("order again"), made by `draft_order_create`
    (addition "duplicate"): its customer, copies of its addresses, its lines (variant lines priced afresh in the
    region, custom lines as they are), its shipping methods with their custom prices, and those of its discount
    codes that are still valid; the others are dropped and said why. What else create refuses, it refuses."""
    source = draft_order_get(draft_order_id)
    cart = source.cart
    codes = [discount.code for discount in cart.discounts.all()]
    custom_prices = {custom.shipping_option_id: custom.price for custom in cart.custom_shipping_options.all()}
    arguments = dict(
        email=cart.email,
        customer_id=cart.customer_id,
        region_id=cart.region_id,
        # by id: create gives the new cart copies of its own (departure "a draft's addresses are its own")
        shipping_address=cart.shipping_address_id,
        billing_address=cart.billing_address_id,
        items=[
            ItemInput(variant_id=line.variant_id, quantity=line.quantity, metadata=line.metadata)
            if line.variant_id
            else ItemInput(title=line.title, unit_price=line.unit_price, quantity=line.quantity, metadata=line.metadata)
            for line in cart.items.all()
        ],
        shipping_methods=[
            ShippingMethodInput(
                option_id=method.shipping_option_id,
                price=custom_prices.get(method.shipping_option_id),
                data=method.data,
            )
            for method in cart.shipping_methods.all()
        ],
        no_notification_order=source.no_notification_order,
    )
    # what create will read goes with the codes' look-up, the prices too: the region's currency is known
    reads = draft_order_new_reads(
        **{key: arguments[key] for key in ("email", "customer_id", "region_id", "items", "shipping_methods")},
        addresses=[cart.shipping_address_id, cart.billing_address_id],
        discounts=[],
        currency_code=cart.region.currency_id,
    )
    with read_ahead(*reads):
        valid, dropped = discount_codes_checked(codes, region_id=cart.region_id, now=timezone.now())
        written = _draft_order_created(**arguments, discounts=valid)
    return DuplicatedDraftOrder(written=written, dropped_discounts=dropped)


@dataclass(frozen=True)
class DraftOrderQuote:
    """What create would make, priced; `generated_ids` are the ids of the rows it would insert (none are)."""

    info: DraftOrderInfo
    generated_ids: frozenset[str]


def draft_order_calculate(*, tags: Sequence[str] = (), **arguments) -> DraftOrderQuote:
    """`draft_order_new(**arguments)` priced as create would price it, saving nothing: no row, no display id, no
    guest customer. The same checks refuse it with the same errors."""
    now = timezone.now()
    draft_order, new = draft_order_new(**arguments, now=now)
    prefetched([draft_order], "tags", _tag_rows(draft_order, tags))
    if draft_order.reserve_inventory_until is not None:  # what create's hold would refuse (nothing is locked)
        stock_check(quantities=_variant_quantities(new.items), cart_id=None, now=now)
    _fetched_as_new(new)
    return DraftOrderQuote(
        info=draft_order_info(draft_order),
        generated_ids=frozenset({draft_order.pk, *new.generated_ids()}),
    )


@events_read_ahead()
@transaction.atomic
@writes_together()
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
    lines: LinesChange | None = None,
    expected_versions: frozenset[int] | None = None,
    manual_discount: ManualDiscount | None | Unchanged = UNCHANGED,
    note: str | None | Unchanged = UNCHANGED,
    tags: Sequence[str] | None = None,
    reserve_inventory_until: datetime | None | Unchanged = UNCHANGED,
) -> DraftOrderWritten:
    """v1's `POST /admin/draft-orders/:id` (reference "update"), plus `shipping_methods` and `metadata`
    (departures "update takes shipping methods" and "update takes metadata"). `lines` makes several line changes
    in the same call (the admin's table): after the draft's own fields and before the shipping methods, whose
    requirements are checked on the new lines; the cart is recomputed once. `manual_discount` and `note` are left
    as they are when UNCHANGED and removed by None (additions "manual discounts" and "notes and tags");
    `reserve_inventory_until` likewise sets or ends the draft's hold on its stock (addition "stock holds")."""
    now = timezone.now()
    # what the change will look up, read with the draft's rows: the region, the shipping options (with their tax
    # rates), the codes, the addresses given by id, the customer or the email's guest
    reads = [
        *(region_get_reads(region_id) if region_id is not None else []),
        *shipping_options_reads(method.option_id for method in shipping_methods or ()),
        *cart_tax_rates_reads(method.option_id for method in shipping_methods or ()),
        *(discounts_by_codes_reads(list(discounts)) if discounts else []),
        *address_get_reads(address for address in (billing_address, shipping_address) if isinstance(address, str)),
        *customer_find_reads(customer_id),
        *(customer_guest_find_reads(email) if email is not None and customer_id is None else []),
    ]
    draft_order = _open_draft_order_locked(draft_order_id, expected_versions, reads=lambda draft_order: reads)
    before = draft_order_snapshot(draft_order)
    cart = draft_order.cart
    held_before = draft_order.reserve_inventory_until is not None
    if reserve_inventory_until is not UNCHANGED:
        _check_reserve_until(reserve_inventory_until, now=now)
        draft_order.reserve_inventory_until = reserve_inventory_until
    if no_notification_order is not None:
        draft_order.no_notification_order = no_notification_order
    if metadata is not None:
        draft_order.metadata = metadata_merged(draft_order.metadata, metadata)
    if note is not UNCHANGED:
        draft_order.note = note
    if tags is not None:
        _tags_replace(draft_order, tags)
    draft_order.version += 1
    row_save(draft_order)

    if customer_id is not None:
        cart.customer = customer_get(customer_id)
        cart.email = cart.customer.email
    elif email is not None:
        cart.customer = customer_get_or_create_guest(email=email)
        cart.email = cart.customer.email
    if region_id is not None and region_id != cart.region_id:
        address_country = shipping_address.get("country_code") if isinstance(shipping_address, dict) else None
        cart_region_set(cart, region_get(region_id=region_id), country_code=country_code or address_country)
    if billing_address is not None:
        cart_address_set(cart, "billing_address", billing_address, check_region=False)
    if shipping_address is not None:
        cart_address_set(cart, "shipping_address", shipping_address, check_region=True)
    if manual_discount is not UNCHANGED:
        cart.manual_discount = manual_discount
    row_save(cart)
    if customer_id is not None or region_id is not None:
        cart_reprice(cart)
    if discounts is not None:
        cart_discounts_set(cart, discounts)
    current = None
    if lines:  # None or an empty change
        with refusals_named("items"):  # where the admin's line-items table shows it
            current = cart_lines_change(cart, lines, lines=cart_lines(cart), now=now)
    if shipping_methods is not None:
        current = cart_lines(cart) if current is None else current
        cart_shipping_methods_set(cart, shipping_methods, lines=current, replace=True)
    check_manual = manual_discount is not UNCHANGED or bool(lines and lines.sets_manual_discount)
    cart_recompute(cart, lines=current, check_manual=check_manual)
    if held_before or draft_order.reserve_inventory_until is not None:
        _stock_held(draft_order, cart_lines(cart) if current is None else current, now=now)
    return DraftOrderWritten(draft_order, draft_order_recorded("draft_order.updated", draft_order, before=before).data)


@events_read_ahead()
@transaction.atomic
@writes_together()
def draft_order_delete(*, draft_order_id: str, expected_versions: frozenset[int] | None = None) -> None:
    """Idempotent as v1: an unknown id is no error. A completed draft order is kept (departure "completed drafts
    stay")."""
    draft_order = DraftOrder.objects.select_for_update().filter(pk=draft_order_id).first()
    if draft_order is None:
        return
    _check_version(draft_order, expected_versions)
    if draft_order.status == DraftOrder.Status.COMPLETED:
        raise MedusaError(
            ErrorType.NOT_ALLOWED, "A completed draft order cannot be deleted: it is the record of its order"
        )
    draft_order_recorded("draft_order.deleted", draft_order_get(draft_order_id))  # what was deleted, read before
    if draft_order.reserve_inventory_until is not None:
        stock_release(cart_ids=[draft_order.cart_id])
    draft_order.delete()


PURGE_BATCH = 500  # drafts deleted per statement: a long list of ids stays under SQLite's variable limit


@transaction.atomic
def draft_orders_purge(*, older_than: timedelta, now: datetime, dry_run: bool = False) -> int:
    """Delete the open draft orders nobody touched for `older_than` (the draft, its cart and its lines all older),
    as `draft_order_delete` does, releasing their holds (issue 18 §5) and recording each one's `draft_order.deleted`
    with the draft as it was (by the system: the command or the task); completed ones are their orders' records and
    stay. A draft being changed right now is skipped. Returns how many were (or with `dry_run` would be) deleted."""
    cutoff = now - older_than
    touched_lines = LineItem.objects.filter(cart_id=OuterRef("cart_id"), updated_at__gte=cutoff)
    stale = (
        DraftOrder.objects.filter(status=DraftOrder.Status.OPEN, updated_at__lt=cutoff)
        .filter(Q(cart__isnull=True) | Q(cart__updated_at__lt=cutoff))
        .exclude(Exists(touched_lines))
    )
    if dry_run:
        return stale.count()
    found = list(stale.select_for_update(skip_locked=True, of=("self",)).values_list("pk", "cart_id"))
    for start in range(0, len(found), PURGE_BATCH):
        batch = found[start : start + PURGE_BATCH]
        with events_together():  # their webhook subscribers look the endpoints up once a batch
            for pk, cart_id in batch:
                # what was deleted, read before; a draft without a cart (none this project makes: only rows written
                # by other means) has no body to render
                if cart_id:
                    draft_order_recorded("draft_order.deleted", draft_order_get(pk))
        stock_release(cart_ids=[cart_id for _, cart_id in batch if cart_id])
        DraftOrder.objects.filter(pk__in=[pk for pk, _ in batch]).delete()
    return len(found)


# --- the line-item endpoints ---------------------------------------------------------------------------------


@events_read_ahead()
@transaction.atomic
@writes_together()
def line_item_add(
    *, draft_order_id: str, item: ItemInput, expected_versions: frozenset[int] | None = None
) -> DraftOrderWritten:
    """v1's `POST /admin/draft-orders/:id/line-items` (reference "add a line")."""
    now = timezone.now()
    draft_order = _open_draft_order_locked(
        draft_order_id, expected_versions, reads=lambda draft_order: cart_line_add_reads(draft_order.cart, item)
    )
    before = draft_order_snapshot(draft_order)
    cart = draft_order.cart
    lines = cart_line_add(cart, item, lines=cart_lines(cart), now=now)
    cart_recompute(cart, lines=lines, check_manual=item.manual_discount is not None)
    if draft_order.reserve_inventory_until is not None:
        _stock_held(draft_order, lines, now=now)
    _changed(draft_order)
    return DraftOrderWritten(draft_order, draft_order_recorded("draft_order.updated", draft_order, before=before).data)


@events_read_ahead()
@transaction.atomic
@writes_together()
def line_item_update(
    *,
    draft_order_id: str,
    line_id: str,
    title: str | None = None,
    unit_price: int | None = None,
    quantity: int | None = None,
    metadata: dict | None = None,
    manual_discount: ManualDiscount | None | Unchanged = UNCHANGED,
    expected_versions: frozenset[int] | None = None,
) -> DraftOrderWritten:
    """v1's `POST /admin/draft-orders/:id/line-items/:line_id` (reference "update a line"); quantity 0 removes the
    line."""
    now = timezone.now()
    draft_order = _open_draft_order_locked(draft_order_id, expected_versions)
    before = draft_order_snapshot(draft_order)
    cart = draft_order.cart
    change = LineChange(
        line_id=line_id,
        title=title,
        unit_price=unit_price,
        quantity=quantity,
        metadata=metadata,
        manual_discount=manual_discount,
    )
    lines = cart_line_update(cart, change, lines=cart_lines(cart), now=now)
    cart_recompute(cart, lines=lines, check_manual=manual_discount is not UNCHANGED)
    if draft_order.reserve_inventory_until is not None:
        _stock_held(draft_order, lines, now=now)
    _changed(draft_order)
    return DraftOrderWritten(draft_order, draft_order_recorded("draft_order.updated", draft_order, before=before).data)


@events_read_ahead()
@transaction.atomic
@writes_together()
def line_item_delete(
    *, draft_order_id: str, line_id: str, expected_versions: frozenset[int] | None = None
) -> DraftOrderWritten:
    """v1's `DELETE /admin/draft-orders/:id/line-items/:line_id`: an unknown line changes nothing (as v1)."""
    draft_order = _open_draft_order_locked(draft_order_id, expected_versions)
    before = draft_order_snapshot(draft_order)
    cart = draft_order.cart
    lines = cart_lines(cart)
    remaining = cart_line_delete(cart, line_id, lines=lines)
    if remaining is not lines:
        cart_recompute(cart, lines=remaining)
        if draft_order.reserve_inventory_until is not None:
            _stock_held(draft_order, remaining, now=timezone.now())
        _changed(draft_order)
        return DraftOrderWritten(
            draft_order, draft_order_recorded("draft_order.updated", draft_order, before=before).data
        )
    return DraftOrderWritten(draft_order, before)  # unchanged


# --- invoices ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentInvoice:
    draft_order_id: str
    to: str
    subject: str
    sent_at: datetime


@events_read_ahead()
@transaction.atomic
def draft_order_send_invoice(
    *,
    draft_order_id: str,
    to: str | None = None,
    subject: str | None = None,
    custom_message: str = "",
    expected_versions: frozenset[int] | None = None,
) -> SentInvoice:
    """Mail the draft order's invoice to `to` (by default the draft order's email) and record when and to whom
    (addition "invoices"), only at the expected version when one is (what the sender saw). A completed draft
    order's invoice says it is paid: a copy for the customer's records."""
    if subject and ("\n" in subject or "\r" in subject):  # a mail header cannot hold them
        raise MedusaError(ErrorType.INVALID_DATA, "subject must not contain line breaks", field="subject")
    draft_order = DraftOrder.objects.select_for_update().filter(pk=draft_order_id).first()
    if draft_order is None:
        raise not_found("Draft order", draft_order_id)
    _check_version(draft_order, expected_versions)
    info = draft_order_info(draft_order_get(draft_order_id))
    to = to or info.cart.cart.email
    if not to:
        raise MedusaError(
            ErrorType.INVALID_DATA, "The draft order has no email: say where to send it in `to`", field="to"
        )
    mail = invoice_mail(info, to=to, subject=subject, custom_message=custom_message)
    draft_order.invoice_sent_at, draft_order.invoice_sent_to = timezone.now(), to
    # not `updated_at` nor `version` (its ETag): the draft order itself is unchanged
    draft_order.save(update_fields=["invoice_sent_at", "invoice_sent_to"])
    draft_order_recorded(
        "draft_order.invoice_sent",
        draft_order,
        state=draft_order_rendered(info),  # the draft the mail shows; sending changes nothing in it
        changes=[{"op": "send", "path": "invoice", "to": to, "subject": mail.subject}],
    )
    # sent last, inside the transaction (not on commit): a mail server's refusal rolls the record back, so a
    # draft order never says it was sent a mail that was not
    try:
        mail.message().send()
    except OSError as error:  # smtplib's errors and refused connections alike
        raise MedusaError(ErrorType.UNEXPECTED_STATE, f"The invoice could not be sent: {error}") from error
    return SentInvoice(draft_order_id=draft_order.id, to=to, subject=mail.subject, sent_at=draft_order.invoice_sent_at)


# --- Mark Paid -----------------------------------------------------------------------------------------------


@events_read_ahead()
@transaction.atomic
def draft_order_mark_paid(*, draft_order_id: str, expected_versions: frozenset[int] | None = None) -> Order:
    """Mark Paid (reference "Mark Paid") in one transaction. The row lock makes it safe to repeat and to race (departure
    "Mark Paid once"). The order takes its stock and the draft's holds end (departure "Mark Paid takes the stock")."""
    now = timezone.now()
    draft_order = draft_order_get(draft_order_id, for_update=True)
    _check_version(draft_order, expected_versions)
    if draft_order.status == DraftOrder.Status.COMPLETED:
        raise MedusaError(ErrorType.NOT_ALLOWED, "Draft order is already completed")
    info = draft_order_info(draft_order).cart
    if not info.items:
        raise MedusaError(ErrorType.INVALID_DATA, "Cannot create order from empty cart")
    total = info.totals.total
    if total > PAYMENT_AMOUNT_MAX:
        raise MedusaError(
            ErrorType.INVALID_DATA,
            f"The draft order's total {total} is larger than a payment can hold ({PAYMENT_AMOUNT_MAX})",
        )
    if total < 0:  # departure "limits hold at pay": v1 reads it captured with no payment
        raise MedusaError(ErrorType.INVALID_DATA, f"The draft order's total {total} is below 0: it cannot be paid")
    holding = draft_order.reserve_inventory_until is not None
    quantities = _variant_quantities(info.items)
    # The order's number goes at once; its rows and the draft completed wait (config.writes) while the rows other
    # payments want are locked, last, until the commit: the variants' stock before the discounts' usage (every payment
    # locks them in that order: no lock cycle between two payments). Then the stock taken, the discounts counted and
    # the events (rendered from what the locks read) go with the order's rows, as one statement. A refusal rolls back
    # all of it.
    with events_together(), writes_together():
        display_id = OrderDisplayId.next_value()
        cart_tax_lines_persist(info)
        order = order_place_from_cart(
            info=info,
            draft_order_id=draft_order.id,
            display_id=display_id,
            no_notification=draft_order.no_notification_order,
            note=draft_order.note,
            tags=[tag.name for tag in draft_order.tags.all()],  # read with the draft
        )
        draft_order.status = DraftOrder.Status.COMPLETED
        draft_order.completed_at = now
        draft_order.order = order
        draft_order.reserve_inventory_until = None  # it holds nothing any more: the order took the stock
        draft_order.version += 1
        row_save(
            draft_order,
            ["status", "completed_at", "order", "reserve_inventory_until", "version", "updated_at"],
        )
        variants = stock_check(quantities=quantities, cart_id=draft_order.cart_id, now=now, lock=True)
        discount_usage_increment(discounts=info.discounts)
        stock_take(
            variants=variants,
            quantities=quantities,
            now=now,
            fetched=[item.variant for item in info.items if item.variant_id],
        )
        if holding:  # after the read of what others hold (config.writes: a change of the holds would send first)
            stock_release(cart_ids=[draft_order.cart_id])
        # both from the rows held, which every step above kept as it saved them: no read (the answer renders the order)
        draft_order_recorded("draft_order.completed", draft_order)
        order_recorded("order.placed", order)
    return order
