"""What Mark Paid does on the orders side (the system payment, the order made from the cart, the capture), and the
changes an order takes afterwards: its contact details."""

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from carts.models import LineItem, ShippingMethod
from carts.selectors import CartInfo
from carts.services import region_country_codes
from config.errors import ErrorType, MedusaError
from config.models import metadata_merged
from config.prepared import fetched, prefetched
from config.writes import row_save, rows_insert, rows_update, writes_together
from customers.models import Address
from customers.services import address_create, address_update_owned
from events.services import events_read_ahead
from orders.activity import order_recorded, order_snapshot
from orders.models import Order, Payment, PaymentSession
from orders.selectors import order_get
from regions.selectors import region_countries

SYSTEM_PROVIDER = "system"


@transaction.atomic(savepoint=False)  # inside Mark Paid's transaction: a refusal rolls all of it back
def order_place_from_cart(
    *,
    info: CartInfo,
    draft_order_id: str,
    display_id: int,
    no_notification: bool | None,
    note: str | None = None,
    tags: list[str] | None = None,
) -> Order:
    """v1's Mark Paid steps 3–9 for the priced cart of an already locked, open draft order, as order `display_id`
    (`OrderDisplayId.next_value()`, taken by the caller before its writes: config.writes).

    A `system` session is selected; a payment is made only when the total is above 0 (v1: a 0 total makes
    none yet still reads `captured`); the order takes the cart's data, and the cart's lines and shipping
    methods become the order's. The cart's fetched rows are kept as saved (its sessions, payments, lines and
    shipping methods), and the order is returned with its rows as `order_get` reads them: both render with no read.
    """
    cart, total = info.cart, info.totals.total
    now = timezone.now()
    sessions = fetched(cart, "payment_sessions")
    if sessions:
        rows_update(PaymentSession.objects.filter(cart=cart), is_selected=None, is_initiated=False)
        for session in sessions:
            session.is_selected, session.is_initiated = None, False
    session = PaymentSession(
        cart=cart,
        provider_id=SYSTEM_PROVIDER,
        is_selected=True,
        is_initiated=True,
        status=PaymentSession.Status.AUTHORIZED,
        data={},
        amount=total,
        payment_authorized_at=now,
    )
    rows_insert([session])
    prefetched([cart], "payment_sessions", [*sessions, session])
    region = cart.region
    # the relations given as the rows fetched with the cart, so the order holds them as `order_get` joins them
    order = Order(
        display_id=display_id,
        status=Order.Status.PENDING,
        fulfillment_status=Order.FulfillmentStatus.NOT_FULFILLED,
        # every payment captured (none at all counts, as v1's `[].every()`): the one made below is
        payment_status=Order.PaymentStatus.CAPTURED,
        cart=cart,
        customer=cart.customer,
        email=cart.email,
        billing_address=cart.billing_address,
        shipping_address=cart.shipping_address,
        region=region,
        currency=region.currency,
        draft_order_id=draft_order_id,
        metadata=cart.metadata or {},
        no_notification=no_notification,
        sales_channel_id=cart.sales_channel_id,
        note=note,
        tags=tags or [],
    )
    rows_insert([order])
    rows_insert([Order.discounts.through(order_id=order.id, discount_id=discount.id) for discount in info.discounts])
    prefetched([order], "discounts", info.discounts)
    rows_update(LineItem.objects.filter(cart=cart), order_id=order.id)
    rows_update(ShippingMethod.objects.filter(cart=cart), order_id=order.id)
    for row in [*info.items, *info.shipping_methods]:
        row.order_id = order.id
    payments = []
    if total > 0:
        payments.append(
            Payment(
                cart=cart,
                order=order,
                amount=total,
                currency_id=region.currency_id,
                provider_id=SYSTEM_PROVIDER,
                data={},
                captured_at=now,
            )
        )
    rows_insert(payments)
    prefetched([cart], "payments", [*fetched(cart, "payments"), *payments])
    prefetched([order], "payments", payments)
    cart.payment_id = payments[0].id if payments else None
    cart.payment_authorized_at = now
    cart.completed_at = now
    row_save(cart, ["payment_id", "payment_authorized_at", "completed_at", "updated_at"])
    return order


def _order_address(order: Order, attribute: str, data: dict) -> Address:
    """v1's `updateShippingAddress` / `updateBillingAddress`: the country must be the order region's, then the fields
    are merged into the order's own row (or make one). v1 words both refusals for the shipping address."""
    code = (data.get("country_code") or "").lower() or None
    # v1 requires the country with every address change: a missing one is not in the region either
    if code not in region_country_codes(order.region):
        raise MedusaError(ErrorType.INVALID_DATA, "Shipping country must be in the order region", field=attribute)
    data = {**data, "country_code": code}
    current = getattr(order, attribute)
    if current is None:
        return address_create(data=data, cart_owned=True, countries=region_countries(order.region))
    return address_update_owned(address=current, data=data, countries=region_countries(order.region))


@events_read_ahead()
@transaction.atomic
@writes_together()
def order_update(
    *,
    order_id: str,
    email: str | None = None,
    billing_address: dict | None = None,
    shipping_address: dict | None = None,
    no_notification: bool | None = None,
    metadata: dict | None = None,
) -> Order:
    """v1's `POST /admin/orders/:id` (OrderService.update) for an order's contact details; the only way an order's
    addresses change, on its own rows (departure "a draft's addresses are its own"). `metadata` and a `false`
    `no_notification` are departure "order contact details"."""
    if Order.objects.select_for_update().filter(pk=order_id).values_list("pk", flat=True).first() is None:
        raise MedusaError(ErrorType.NOT_FOUND, f"Order with id {order_id} was not found")
    order = order_get(order_id)  # under the lock, with its rows: its event and the answer render from them
    if order.status == Order.Status.CANCELED:
        raise MedusaError(ErrorType.NOT_ALLOWED, "A canceled order cannot be updated")
    before = order_snapshot(order)
    if metadata is not None:
        order.metadata = metadata_merged(order.metadata, metadata)
    if shipping_address is not None and billing_address is not None:
        prefetch_related_objects([order.region], "countries")  # both are checked against them: read once
    if shipping_address is not None:
        order.shipping_address = _order_address(order, "shipping_address", shipping_address)
    if billing_address is not None:
        order.billing_address = _order_address(order, "billing_address", billing_address)
    if no_notification is not None:
        order.no_notification = no_notification
    if email is not None:
        order.email = email  # as v1: stored as given, the customer's email unchanged
    row_save(order)
    order_recorded("order.updated", order, before=before)
    return order
