"""Reads of draft orders: each in a fixed number of queries, whatever the number of lines."""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import CharField, Count, QuerySet, Window
from django.db.models.functions import Cast, Lower

from carts.models import LineItem, LineItemAdjustment
from carts.selectors import CartInfo, cart_info, cart_relations, cart_relations_fetch
from config.api.querystring import order_by_fields
from config.errors import not_found
from config.prepared import PreparedCount, PreparedQuery, prefetched, read_ahead, run_together
from draft_orders.models import DraftOrder, DraftOrderTag
from orders.models import Payment, PaymentSession

# `order=` takes these (departure "list queries": v1 passes anything to the database and answers 500)
DRAFT_ORDER_ORDER_FIELDS = {name: name for name in ("created_at", "updated_at", "display_id", "status", "id")}


@dataclass(frozen=True)
class DraftOrderInfo:
    """A fetched draft order and its priced cart."""

    draft_order: DraftOrder
    cart: CartInfo


def draft_order_queryset(*, with_payments: bool = True) -> QuerySet[DraftOrder]:
    """A draft order with everything v1's full response embeds: its order, and its cart with the cart's own
    relations and what sits above the cart (its payments and payment sessions, unless `with_payments` is off
    for a page that shows neither)."""
    joined, prefetched = cart_relations("cart__")
    if with_payments:
        prefetched += ["cart__payments", "cart__payment_sessions"]
    return DraftOrder.objects.select_related("order", "cart", *joined).prefetch_related("tags", *prefetched)


def _draft_order_query(*, for_update: bool) -> PreparedQuery:
    def build(draft_order_id: str) -> QuerySet[DraftOrder]:
        queryset = DraftOrder.objects.select_related("order", "cart", *cart_relations("cart__")[0])
        if for_update:
            # only the draft order's row: PostgreSQL cannot lock the nullable side (the cart) of the outer join
            queryset = queryset.select_for_update(of=("self",))
        return queryset.filter(pk=draft_order_id)

    return PreparedQuery(build)


_DRAFT_ORDER = _draft_order_query(for_update=False)
_DRAFT_ORDER_LOCKED = _draft_order_query(for_update=True)
_PAYMENTS = PreparedQuery(lambda cart_id: Payment.objects.filter(cart_id=cart_id))
_PAYMENT_SESSIONS = PreparedQuery(lambda cart_id: PaymentSession.objects.filter(cart_id=cart_id))
# by the cart's id, to go with the cart's queries (a draft order and its cart are one to one)
_TAGS = PreparedQuery(lambda cart_id: DraftOrderTag.objects.filter(draft_order__cart_id=cart_id).order_by("id"))


def draft_order_get(
    draft_order_id: str, *, for_update: bool = False, reads: Callable[[DraftOrder], list] | None = None
) -> DraftOrder:
    """The draft order with what `draft_order_queryset()` loads, in prepared queries (the API's hot read), or
    v1's 404 `Draft order with <id> was not found`. `for_update` locks the draft order's row first (inside a
    write's transaction), so a write reads everything it changes and answers in one go. `reads` gives, from the
    draft order's row, what the caller reads next: sent with the relations, into the caller's `read_ahead` block
    (a write's `events_read_ahead`), which answers them."""
    found = (_DRAFT_ORDER_LOCKED if for_update else _DRAFT_ORDER)(draft_order_id)
    if not found:
        raise not_found("Draft order", draft_order_id)
    (draft_order,) = found
    cart = draft_order.cart
    if cart is not None:
        with read_ahead(*(reads(draft_order) if reads is not None else ())):
            _, (payments, sessions, tags) = cart_relations_fetch(cart, _PAYMENTS, _PAYMENT_SESSIONS, _TAGS)
        prefetched([cart], "payments", payments)
        prefetched([cart], "payment_sessions", sessions)
        prefetched([draft_order], "tags", tags)
    else:
        prefetched([draft_order], "tags", list(DraftOrderTag.objects.filter(draft_order=draft_order)))
    return draft_order


def draft_order_version(draft_order_id: str) -> int | None:
    """The draft order's version (its ETag), or None when there is no such draft order."""
    return DraftOrder.objects.filter(pk=draft_order_id).values_list("version", flat=True).first()


def draft_order_order_id(draft_order_id: str) -> str | None:
    """The id of the order the draft order became (None while open), or v1's 404 for an unknown draft order."""
    found = DraftOrder.objects.filter(pk=draft_order_id).values_list("order_id", flat=True)
    if not found:
        raise not_found("Draft order", draft_order_id)
    return found[0]


def draft_order_info(draft_order: DraftOrder) -> DraftOrderInfo:
    """Price the cart of a draft order fetched with `draft_order_queryset()`."""
    return DraftOrderInfo(draft_order=draft_order, cart=cart_info(draft_order.cart))


def draft_order_ids_tagged(tags: list[str]) -> QuerySet:
    """The ids of the draft orders carrying any of `tags`, in any case (through the index on lower(name))."""
    tagged = DraftOrderTag.objects.annotate(lower_name=Lower("name"))
    return tagged.filter(lower_name__in={tag.strip().lower() for tag in tags}).values("draft_order_id")


def draft_order_tag_names() -> list[str]:
    """Every tag in use, once whatever its case, in alphabetical order (the admin's filter)."""
    names = DraftOrderTag.objects.annotate(lower_name=Lower("name")).order_by("lower_name", "id")
    first_spelling = {}
    for name in names.values_list("name", flat=True):
        first_spelling.setdefault(name.lower(), name)
    return list(first_spelling.values())


def draft_order_list(
    *,
    q: str | None = None,
    statuses: list[str] | None = None,
    tags: list[str] | None = None,
    filters: dict | None = None,
    order: str | None = None,
    with_cart: bool = True,
    with_order: bool = True,
) -> QuerySet[DraftOrder]:
    """v1's list: `q` matches the cart email or the display id as text, case-insensitively and in part; `tags`
    keeps the drafts carrying any of them, in any case (addition "notes and tags")."""
    queryset = DraftOrder.objects.all()
    if with_order:
        queryset = queryset.select_related("order")
    if with_cart:
        queryset = queryset.select_related("cart")
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    if filters:
        queryset = queryset.filter(**filters)
    if tags:
        queryset = queryset.filter(pk__in=draft_order_ids_tagged(tags))
    if q and not (q.isascii() and q.isdigit()):
        # a display id's digits contain nothing else: only the email can match
        queryset = queryset.filter(cart__email__icontains=q)
    elif q:
        # a union of two lookups, each an index scan on PostgreSQL (draft_orders.0005's trigram indexes), where one
        # condition spanning the draft and its cart would scan every draft
        by_email = DraftOrder.objects.filter(cart__email__icontains=q).values("pk").order_by()
        by_display_id = (
            DraftOrder.objects.annotate(display_id_text=Cast("display_id", output_field=CharField()))
            .filter(display_id_text__icontains=q)
            .values("pk")
            .order_by()
        )
        queryset = queryset.filter(cart__isnull=False, pk__in=by_email.union(by_display_id))
    return queryset.order_by(*order_by_fields(order, DRAFT_ORDER_ORDER_FIELDS))


@functools.cache
def _prepared_list(order: str | None, *, with_cart: bool, with_order: bool):
    """The page and the count of `draft_order_list` ordered by `order`, filtered by status (a list) or not (None),
    prepared: one pair for each of the few ways the list is asked for without any other filter."""

    def build(statuses: list[str] | None) -> QuerySet[DraftOrder]:
        return draft_order_list(statuses=statuses, order=order, with_cart=with_cart, with_order=with_order)

    return PreparedQuery(build, paged=True), PreparedCount(build)


# a page's relations, by the ids of its draft orders, carts and lines
_PAGE_TAGS = PreparedQuery(lambda ids: DraftOrderTag.objects.filter(draft_order_id__in=ids).order_by("id"))
_PAGE_ITEMS = PreparedQuery(lambda cart_ids: LineItem.objects.filter(cart_id__in=cart_ids))
_PAGE_ADJUSTMENTS = PreparedQuery(lambda item_ids: LineItemAdjustment.objects.filter(item_id__in=item_ids))


def draft_order_page(
    *,
    offset: int,
    limit: int,
    q: str | None = None,
    statuses: list[str] | None = None,
    tags: list[str] | None = None,
    filters: dict | None = None,
    order: str | None = None,
    with_cart: bool = True,
    with_order: bool = True,
) -> tuple[list[DraftOrder], int]:
    """A page of `draft_order_list` with each draft's tags, and each cart's lines and their adjustments, and the
    count of the whole list, in a fixed number of queries. Without `q`, tags or dates (their values shape the SQL),
    the page and the count are prepared queries sent together; then the page's tags and lines together, then the
    lines' adjustments."""
    if q or tags or filters:
        queryset = draft_order_list(
            q=q, statuses=statuses, tags=tags, filters=filters, order=order, with_cart=with_cart, with_order=with_order
        )
        if q:
            # PostgreSQL finds every match of `q` to sort them anyway: the same statement counts them
            page = list(queryset.annotate(matches=Window(Count("*")))[offset : offset + limit])
            count = page[0].matches if page else queryset.count() if offset else 0
        else:
            page, count = list(queryset[offset : offset + limit]), queryset.count()
    else:
        rows, counted = _prepared_list(order, with_cart=with_cart, with_order=with_order)
        page, count = run_together((rows, (statuses or None, offset, limit)), (counted, (statuses or None,)))
    if not page:
        return page, count
    ids = [draft_order.pk for draft_order in page]
    if not with_cart:
        prefetched(page, "tags", _PAGE_TAGS(ids), key="draft_order_id")
        return page, count
    carts = [draft_order.cart for draft_order in page if draft_order.cart is not None]
    cart_ids = [cart.pk for cart in carts]
    tags, items = run_together((_PAGE_TAGS, (ids,)), (_PAGE_ITEMS, (cart_ids,)))
    # by the lines' ids: joined through the lines by their carts' ids, PostgreSQL scans every adjustment
    adjustments = _PAGE_ADJUSTMENTS([item.pk for item in items])
    prefetched(page, "tags", tags, key="draft_order_id")
    prefetched(carts, "items", items, key="cart_id")
    prefetched(items, "adjustments", adjustments, key="item_id")
    return page, count
