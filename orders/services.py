"""What Mark Paid does on the orders side: the system payment, the order made from the cart, the capture."""

from django.db import transaction
from django.utils import timezone

from carts.selectors import CartInfo
from orders.models import Order, OrderDisplayId, Payment, PaymentSession

SYSTEM_PROVIDER = "system"


@transaction.atomic
def order_place_from_cart(*, info: CartInfo, draft_order_id: str, no_notification: bool | None) -> Order:
    """v1's Mark Paid steps 3–9 for the priced cart of an already locked, open draft order.

    A `system` session is selected; a payment is made only when the total is above 0 (v1: a 0 total makes
    none yet still reads `captured`); the order takes the cart's data, and the cart's lines and shipping
    methods become the order's.
    """
    cart, total = info.cart, info.totals.total
    now = timezone.now()
    PaymentSession.objects.filter(cart=cart).update(is_selected=None, is_initiated=False)
    PaymentSession.objects.create(
        cart=cart,
        provider_id=SYSTEM_PROVIDER,
        is_selected=True,
        is_initiated=True,
        status=PaymentSession.Status.AUTHORIZED,
        data={},
        amount=total,
        payment_authorized_at=now,
    )
    payment = None
    if total > 0:
        payment = Payment.objects.create(
            cart=cart, amount=total, currency_id=cart.region.currency_id, provider_id=SYSTEM_PROVIDER, data={}
        )
    order = Order.objects.create(
        display_id=OrderDisplayId.next_value(),
        status=Order.Status.PENDING,
        fulfillment_status=Order.FulfillmentStatus.NOT_FULFILLED,
        payment_status=Order.PaymentStatus.AWAITING,
        cart=cart,
        customer_id=cart.customer_id,
        email=cart.email,
        billing_address_id=cart.billing_address_id,
        shipping_address_id=cart.shipping_address_id,
        region_id=cart.region_id,
        currency_id=cart.region.currency_id,
        draft_order_id=draft_order_id,
        metadata=cart.metadata or {},
        no_notification=no_notification,
        sales_channel_id=cart.sales_channel_id,
    )
    order.discounts.set(info.discounts)
    cart.items.update(order_id=order.id)
    cart.shipping_methods.update(order_id=order.id)
    if payment is not None:
        payment.order = order
        payment.captured_at = timezone.now()
        payment.save(update_fields=["order", "captured_at", "updated_at"])
    # every payment captured (none at all counts, as v1's `[].every()`)
    order.payment_status = Order.PaymentStatus.CAPTURED
    order.save(update_fields=["payment_status", "updated_at"])
    cart.payment_id = payment.id if payment is not None else None
    cart.payment_authorized_at = now
    cart.completed_at = now
    cart.save(update_fields=["payment_id", "payment_authorized_at", "completed_at", "updated_at"])
    return order
