"""A draft order's invoice as an email: its lines and totals in the region's currency, from the store (STORE_NAME).

Rendered from a fetched draft order (`DraftOrderInfo`), so the staff site's preview and the mail sent are the same.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from carts.invoice import invoice_summary, money
from draft_orders.models import DraftOrder
from draft_orders.selectors import DraftOrderInfo


@dataclass(frozen=True)
class InvoiceMail:
    to: str
    subject: str
    text: str
    html: str

    def message(self) -> EmailMultiAlternatives:
        """The mail: plain text, with the HTML as its alternative."""
        message = EmailMultiAlternatives(self.subject, self.text, settings.DEFAULT_FROM_EMAIL, [self.to])
        message.attach_alternative(self.html, "text/html")
        return message


def default_subject(draft_order: DraftOrder) -> str:
    return f"Invoice #{draft_order.display_id} from {settings.STORE_NAME}"


def invoice_mail(info: DraftOrderInfo, *, to: str, subject: str | None = None, custom_message: str = "") -> InvoiceMail:
    """The invoice of the draft order; a completed one's says it is paid (a copy for the customer's records)."""
    draft_order, cart = info.draft_order, info.cart
    currency = cart.cart.region.currency
    customer = cart.cart.customer
    subject = subject or default_subject(draft_order)
    context = {
        "store_name": settings.STORE_NAME,
        "subject": subject,
        "number": draft_order.display_id,
        "paid": draft_order.status == DraftOrder.Status.COMPLETED,
        "order": draft_order.order,
        "customer_name": " ".join(filter(None, [customer.first_name, customer.last_name])) if customer else "",
        "custom_message": custom_message,
        "total": money(cart.totals.total, currency),
        "currency_code": currency.code.upper(),
        "shipping_address": cart.cart.shipping_address,
        "billing_address": cart.cart.billing_address,
        **invoice_summary(
            items=cart.items,
            shipping_methods=cart.shipping_methods,
            totals=cart.computed,
            owner_id=cart.cart.id,
            currency=currency,
        ),
    }
    return InvoiceMail(
        to=to,
        subject=subject,
        text=render_to_string("draft_orders/invoice_email.txt", context),
        html=render_to_string("draft_orders/invoice_email.html", context),
    )
