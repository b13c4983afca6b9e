"""Shared helpers of the draft-order API tests: Medusa v1's observed responses and the parts worth comparing."""

import json
from functools import cache
from pathlib import Path

from carts.models import Cart, CustomShippingOption, LineItem, LineItemAdjustment, ShippingMethod
from customers.api.serializers import AddressSerializer
from customers.models import Address, Customer
from draft_orders.models import DraftOrder

# The real v1 1.20.10 responses (reference "acceptance tests" and "observed probes"), copied into the repository.
OBSERVED_DIR = Path(__file__).resolve().parents[1] / "v1_observed"

CART_TOTALS = (
    "subtotal",
    "tax_total",
    "shipping_total",
    "discount_total",
    "gift_card_total",
    "gift_card_tax_total",
    "total",
    "item_tax_total",
    "shipping_tax_total",
    "raw_discount_total",
)
LINE_TOTALS = ("subtotal", "discount_total", "total", "original_total", "original_tax_total", "tax_total")
METHOD_TOTALS = ("original_total", "total", "subtotal", "original_tax_total", "tax_total")
# Address values that are neither ids nor timestamps.
ADDRESS_VALUES = (
    "customer_id",
    "company",
    "first_name",
    "last_name",
    "address_1",
    "address_2",
    "city",
    "country_code",
    "province",
    "postal_code",
    "phone",
    "metadata",
)


@cache
def _observed_file(name: str) -> dict:
    return json.loads((OBSERVED_DIR / f"{name}.json").read_text())


def observed(name: str):
    """The body v1 answered in the observed run `name` (e.g. "it01_create")."""
    return _observed_file(name)["data"]


def observed_status(name: str) -> int:
    return _observed_file(name)["status"]


def assert_observed_error(response, name: str) -> None:
    """Status and the whole error body are v1's, as observed."""
    assert (response.status_code, response.json()) == (observed_status(name), observed(name))


def line_money(item: dict, *, totals=(*LINE_TOTALS, "raw_discount_total")) -> dict:
    return {
        "title": item["title"],
        "variant_id": item["variant_id"],
        "unit_price": item["unit_price"],
        "quantity": item["quantity"],
        "allow_discounts": item["allow_discounts"],
        "should_merge": item["should_merge"],
        "adjustments": [(adjustment["description"], adjustment["amount"]) for adjustment in item["adjustments"]],
        "tax_rates": [line["rate"] for line in item["tax_lines"]],
        **{name: item[name] for name in totals},
    }


def method_money(method: dict) -> dict:
    return {
        "shipping_option_id": method["shipping_option_id"],
        "price": method["price"],
        "tax_rates": [line["rate"] for line in method["tax_lines"]],
        **{name: method[name] for name in METHOD_TOTALS},
    }


def cart_money(cart: dict) -> dict:
    """Every number of a full cart that must match v1's to the cent, with the lines and methods they come from."""
    return {
        "totals": {name: cart[name] for name in CART_TOTALS},
        "items": [line_money(item) for item in cart["items"]],
        "shipping_methods": [method_money(method) for method in cart["shipping_methods"]],
        "discounts": [discount["code"] for discount in cart["discounts"]],
    }


def address_values(address: dict | None) -> dict | None:
    return None if address is None else {name: address[name] for name in ADDRESS_VALUES}


def assert_own_copy(address: dict, source_id: str) -> None:
    """Departure "a draft's addresses are its own": the response's `address` is a new row, owned by the cart (no
    customer), with the fields of the address `source_id`."""
    source = Address.objects.select_related("country").get(pk=source_id)
    assert address["id"] != source_id and address["id"].startswith("addr_")
    assert address_values(address) == {**address_values(AddressSerializer(source).data), "customer_id": None}
    assert Address.objects.get(pk=address["id"]).cart_owned


# JSON columns: their keys are data, not the shape of the response.
FREE_FORM_KEYS = frozenset({"metadata", "data", "context"})


# The keys additions "manual discounts" and "notes and tags" put on every draft order, line and order, by path ("" is
# a list entry compared on its own).
DRAFT_ORDER_ADDED = {"note", "tags", "manual_discount"}
ADDED_KEYS = {
    "": DRAFT_ORDER_ADDED,
    "draft_order": DRAFT_ORDER_ADDED,
    "draft_orders": DRAFT_ORDER_ADDED,
    "order": {"note", "tags"},
    **dict.fromkeys(
        ("cart.items", "draft_order.cart.items", "draft_orders.cart.items", "order.items"), {"manual_discount"}
    ),
}


def assert_same_key_order(ours, theirs, *, extra: dict[str, set[str]] | None = None, path: str = "") -> None:
    """Every object of `ours` has v1's keys in v1's order, recursively; `extra` maps a path (list indexes left
    out, e.g. "draft_order.cart.items.variant.product") to the keys we add there on purpose (besides
    `ADDED_KEYS`)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        allowed = (extra or {}).get(path, set()) | ADDED_KEYS.get(path, set())
        assert [key for key in ours if key not in allowed] == list(theirs), f"keys of {path or 'the body'}"
        for key, value in theirs.items():
            if key in FREE_FORM_KEYS:
                continue
            assert_same_key_order(ours[key], value, extra=extra, path=f"{path}.{key}" if path else key)
    elif isinstance(ours, list) and isinstance(theirs, list):
        for our_item, their_item in zip(ours, theirs, strict=False):
            assert_same_key_order(our_item, their_item, extra=extra, path=path)


def row_counts() -> dict[str, int]:
    """How many rows a create could have written, to prove a refused one wrote none."""
    models = (DraftOrder, Cart, LineItem, LineItemAdjustment, ShippingMethod, CustomShippingOption, Address, Customer)
    return {model.__name__: model.objects.count() for model in models}


ORDER_TOTALS = (
    "subtotal",
    "discount_total",
    "shipping_total",
    "refunded_total",
    "paid_total",
    "refundable_amount",
    "item_tax_total",
    "shipping_tax_total",
    "tax_total",
    "gift_card_total",
    "gift_card_tax_total",
    "total",
)


def order_money(order: dict) -> dict:
    """Every number of an order (Mark Paid's `{order}`, `GET /admin/orders/:id`) that must match v1's to the cent."""
    return {
        "totals": {name: order[name] for name in ORDER_TOTALS},
        "items": [line_money(item, totals=(*LINE_TOTALS, "refundable")) for item in order["items"]],
        "shipping_methods": [method_money(method) for method in order["shipping_methods"]],
        "discounts": [discount["code"] for discount in order["discounts"]],
        "payments": [
            (payment["provider_id"], payment["amount"], payment["currency_code"]) for payment in order["payments"]
        ],
    }


def draft_order_body(api, draft_order_id: str) -> dict:
    """`GET /admin/draft-orders/:id`: the whole state a refused request must leave exactly as it was."""
    response = api.get(f"/admin/draft-orders/{draft_order_id}")
    assert response.status_code == 200, response.json()
    return response.json()


def custom_items_taxed(money: dict, rate: float = 0) -> dict:
    """v1's `cart_money` as departure "custom lines are taxed" changes it: custom items carry the region's tax
    line (v1 gives them none).

    Only the tax lines: in a 0 % region the totals stay v1's."""
    for item in money["items"]:
        if item["variant_id"] is None:
            item["tax_rates"] = [rate]
    return money


def create_draft_order(api, body: dict) -> dict:
    """`POST /admin/draft-orders`, asserted 200: the created draft order."""
    response = api.post("/admin/draft-orders", body, format="json")
    assert response.status_code == 200, response.json()
    return response.json()["draft_order"]


def lines_sorted(money: dict) -> dict:
    """`cart_money` with its lines in a fixed order: v1 lists a cart's lines in no stable order after a merge."""
    return {**money, "items": sorted(money["items"], key=lambda line: repr(sorted(line.items())))}
