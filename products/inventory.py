"""Stock: what a variant has, what open draft orders hold of it, and taking it when an order is paid (issue 18).

`inventory_quantity` is v1's column. A hold (`InventoryHold`) is what a draft order keeps of a variant for its lines
until a time. What a cart may have of a variant that manages its inventory and allows no backorders is
`inventory_quantity` minus the live holds of every other cart. A check reads those holds with one query;
a write that takes or holds stock first locks the variant rows, in id order, then reads the holds (a statement
after the lock, so it sees what the transactions it waited for committed): concurrent payments and holds wait
for each other rather than deadlock or oversell.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db.models import Case, Prefetch, QuerySet, Value, When

from config.errors import ErrorCode, ErrorType, MedusaError
from config.prepared import PreparedQuery
from config.writes import rows_delete, rows_insert, rows_update
from products.models import InventoryHold, ProductVariant

# v1's words for a line add it refuses (reference "add a line"); Mark Paid and holds refuse with them too
INSUFFICIENT_INVENTORY_MESSAGE = "Variant with id: {variant_id} does not have the required inventory"


def insufficient_inventory(message: str) -> MedusaError:
    return MedusaError(ErrorType.NOT_ALLOWED, message, code=ErrorCode.INSUFFICIENT_INVENTORY)


def holds_live(now: datetime) -> QuerySet[InventoryHold]:
    return InventoryHold.objects.filter(until__gt=now)


def holds_prefetch(now: datetime) -> Prefetch:
    """A variant's live holds, for a page of variants in one query (`variant.holds.all()` then reads them)."""
    return Prefetch("holds", queryset=holds_live(now).order_by("until", "id"))


def held_quantity(variant: ProductVariant) -> int:
    """What the live holds prefetched by `holds_prefetch` keep of the variant."""
    return sum(hold.quantity for hold in variant.holds.all())


# the holds of these variants by carts other than one, live or not (a prepared query takes ids, not times: what is
# live is sorted out in Python); the holds of a variant are one per open draft order holding it at most
_HOLDS_ELSEWHERE = PreparedQuery(
    lambda variant_ids, cart_id: InventoryHold.objects.filter(variant_id__in=variant_ids).exclude(cart_id=cart_id),
    parameters=2,
)


def held_elsewhere_reads(variant_ids: Iterable[str], *, cart_id: str | None) -> list:
    """What `held_elsewhere` reads, for `read_ahead`."""
    return [(_HOLDS_ELSEWHERE, (sorted(set(variant_ids)), cart_id or ""))]


def held_elsewhere(variant_ids: Iterable[str], *, cart_id: str | None, now: datetime) -> dict[str, int]:
    """How much of each variant the live holds of carts other than `cart_id` keep: one query."""
    held: dict[str, int] = {}
    ((query, values),) = held_elsewhere_reads(variant_ids, cart_id=cart_id)
    for hold in query(*values):
        if hold.until > now:
            held[hold.variant_id] = held.get(hold.variant_id, 0) + hold.quantity
    return held


def stock_counted(variant: ProductVariant) -> bool:
    """Whether a shortage refuses: v1 checks a managed variant that allows no backorders."""
    return variant.manage_inventory and not variant.allow_backorder


def stock_covers(variant: ProductVariant, quantity: int, *, held: int) -> bool:
    return not stock_counted(variant) or variant.inventory_quantity - held >= quantity


def _variants_query(*, lock: bool) -> PreparedQuery:
    def build(variant_ids: list[str]) -> QuerySet[ProductVariant]:
        variants = ProductVariant.all_objects.filter(pk__in=variant_ids, manage_inventory=True)
        if lock:
            variants = variants.select_for_update()
        return variants.only("id", "inventory_quantity", "manage_inventory", "allow_backorder").order_by("pk")

    return PreparedQuery(build)


# `stock_check`'s read of the managed variants among some (compiled once for each number of them: config.prepared)
_VARIANTS = _variants_query(lock=False)
_VARIANTS_LOCKED = _variants_query(lock=True)


def stock_check(
    *, quantities: Mapping[str, int], cart_id: str | None, now: datetime, lock: bool = False
) -> list[ProductVariant]:
    """The managed variants among `quantities` (soft-deleted ones too: their stock is real), in id order and locked
    when `lock`; refused as v1 refuses a line add when the stock the live holds of other carts leave does not
    cover a quantity."""
    variants = (_VARIANTS_LOCKED if lock else _VARIANTS)(list(quantities))
    counted = [variant.id for variant in variants if stock_counted(variant)]
    held = held_elsewhere(counted, cart_id=cart_id, now=now) if counted else {}
    for variant in variants:  # in id order: the refusal names the same variant whatever the lines' order
        if not stock_covers(variant, quantities[variant.id], held=held.get(variant.id, 0)):
            raise insufficient_inventory(INSUFFICIENT_INVENTORY_MESSAGE.format(variant_id=variant.id))
    return variants


def stock_take(
    *,
    variants: Iterable[ProductVariant],
    quantities: Mapping[str, int],
    now: datetime,
    fetched: Iterable[ProductVariant] = (),
) -> None:
    """A paid cart takes its stock (departure "Mark Paid takes the stock"): `inventory_quantity` of each managed
    variant goes down by the quantity, below zero only where backorders are allowed. `variants` are the rows
    `stock_check(..., lock=True)` answered for these quantities (it refused a shortage: v1's `insufficient_inventory`,
    nothing moved); the cart pays against its own holds (the caller ends them). `fetched` are the caller's rows of
    these variants (a cart's lines'): they then hold what was saved."""
    left = {variant.id: variant.inventory_quantity - quantities[variant.id] for variant in variants}
    if left:
        # one statement, lighter than bulk_update's CASE on every field; the rows are locked, so the values read are
        # current
        rows_update(
            ProductVariant.all_objects.filter(pk__in=list(left)),
            inventory_quantity=Case(*(When(pk=pk, then=Value(quantity)) for pk, quantity in left.items())),
            updated_at=now,
        )
    for row in fetched:
        if row.id in left:
            row.inventory_quantity, row.updated_at = left[row.id], now


def stock_hold(
    *, quantities: Mapping[str, int], cart_id: str, draft_order_id: str, until: datetime, now: datetime
) -> None:
    """The cart holds `quantities` of its managed variants until `until` (addition "stock holds"), replacing what it
    held: refused as a payment would be when the stock others leave does not cover it."""
    variants = stock_check(quantities=quantities, cart_id=cart_id, now=now, lock=True)
    stock_release(cart_ids=[cart_id])
    rows_insert(
        [
            InventoryHold(
                variant_id=variant.id,
                quantity=quantities[variant.id],
                until=until,
                cart_id=cart_id,
                draft_order_id=draft_order_id,
            )
            for variant in variants
        ]
    )


def stock_release(*, cart_ids: Iterable[str]) -> None:
    """These carts hold nothing any more."""
    rows_delete(InventoryHold.objects.filter(cart_id__in=list(cart_ids)))  # nothing refers to a hold
