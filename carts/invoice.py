"""A cart's or an order's lines, shipping and totals as an invoice-like summary, for the staff site."""

from django.template.loader import render_to_string

from carts.selectors import Totals
from config.money import money


def invoice_html(*, items, shipping_methods, totals: Totals, owner_id: str, currency) -> str:
    """`items` and `shipping_methods` are the owner's fetched rows, `totals` what the selector computed for them."""
    owner = totals.owners[owner_id]
    return render_to_string(
        "carts/invoice.html",
        {
            "lines": [
                {
                    "title": item.title,
                    "description": item.description,
                    "quantity": item.quantity,
                    "unit_price": money(item.unit_price, currency),
                    "discount": money(totals.items[item.id].discount_total, currency),
                    "total": money(totals.items[item.id].total, currency),
                }
                for item in items
            ],
            "shipping": [
                {
                    "name": method.shipping_option.name,
                    "price": money(totals.shipping_methods[method.id].total, currency),
                }
                for method in shipping_methods
            ],
            "totals": [
                ("subtotal", "Subtotal", money(owner.subtotal, currency)),
                ("discount", "Discount", money(-owner.discount_total, currency)),
                ("shipping", "Shipping", money(owner.shipping_total, currency)),
                ("tax", "Tax", money(owner.tax_total, currency)),
                ("total", "Total", money(owner.total, currency)),
            ],
        },
    )
