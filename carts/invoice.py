"""A cart's or an order's lines, shipping and totals as an invoice-like summary: on the staff site, and in the
invoice a draft order's customer is mailed (draft_orders.invoice)."""

from django.template.loader import render_to_string

from carts.models import LineItem
from carts.selectors import Totals
from config.money import money


def _price_list_name(item: LineItem) -> str | None:
    """The price list that priced the line (issue 17), where it was fetched with the line (a draft order's rows are,
    `carts.selectors.cart_relations`); never a query."""
    if not LineItem.price_list.is_cached(item) or item.price_list is None:
        return None
    return item.price_list.name


def invoice_summary(*, items, shipping_methods, totals: Totals, owner_id: str, currency) -> dict:
    """The lines, shipping and totals, each amount written in the currency: what `carts/invoice.html` shows.

    `items` and `shipping_methods` are the owner's fetched rows, `totals` what the selector computed for them."""
    owner = totals.owners[owner_id]
    # manual discounts (addition "manual discounts") are whole units, each an adjustment without a discount
    manual = {item.id: [adj for adj in item.adjustments.all() if adj.discount_id is None] for item in items}
    manual_total = sum(adjustment.amount for adjustments in manual.values() for adjustment in adjustments)
    discount_rows = [("discount", "Discount", money(-(owner.discount_total - manual_total), currency))]
    if manual_total:
        discount_rows.append(("manual", "Manual discount", money(-manual_total, currency)))
    return {
        "lines": [
            {
                "title": item.title,
                "description": item.description,
                "quantity": item.quantity,
                "unit_price": money(item.unit_price, currency),
                "price_list": _price_list_name(item),
                "discounted": totals.items[item.id].discount_total != 0,
                "discount": money(totals.items[item.id].discount_total, currency),
                # what each manual discount took off this line, e.g. "loyal customer -$14.40"
                "manual_discounts": [
                    f"{adjustment.description} {money(-adjustment.amount, currency)}" for adjustment in manual[item.id]
                ],
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
            *discount_rows,
            ("shipping", "Shipping", money(owner.shipping_total, currency)),
            ("tax", "Tax", money(owner.tax_total, currency)),
            ("total", "Total", money(owner.total, currency)),
        ],
    }


def invoice_html(**rows) -> str:
    """`invoice_summary(**rows)` as the HTML table the staff site shows."""
    return render_to_string("carts/invoice.html", invoice_summary(**rows))
