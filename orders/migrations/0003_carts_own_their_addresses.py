"""Every cart gets address rows of its own (departure "a draft's addresses are its own").

Before, a draft order made from an address id pointed its cart at that row, so one row could be a customer's
saved address, a customer's billing address, and the address of several carts and of orders already paid. Each
cart address that is shared that way becomes a copy the cart owns, and the cart's order (which Mark Paid gave the
cart's address) follows its cart. A customer keeps their rows; of a row that is no customer's, its first holder
(the oldest cart) keeps it and every other holder gets a copy.

Rows are only added and foreign keys re-pointed: no row is deleted or its fields changed, except `cart_owned`,
set on every row a cart or an order now holds. Migrating back leaves the copies where they are.
"""

from django.db import migrations

KINDS = ("shipping_address", "billing_address")
CHUNK = 500  # ids per `IN (…)`: below SQLite's limit on query parameters
# an address's columns a copy takes (not its id, customer, timestamps or soft delete)
COPIED = (
    "company",
    "first_name",
    "last_name",
    "address_1",
    "address_2",
    "city",
    "country_id",
    "province",
    "postal_code",
    "phone",
    "metadata",
)


def _chunks(ids):
    ids = sorted(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _holders(Cart, Order):
    """(address id, kind, [(model, pk)]) for every address a cart or an order holds, oldest cart first; an order
    holding its cart's row is in the same entry as its cart."""
    orders = {order.cart_id: order for order in Order.objects.exclude(cart_id=None).only("id", "cart_id", *KINDS)}
    entries = []
    for cart in Cart.objects.order_by("created_at", "id").only("id", *KINDS).iterator():
        order = orders.pop(cart.id, None)
        for kind in KINDS:
            address_id = getattr(cart, f"{kind}_id")
            order_address_id = getattr(order, f"{kind}_id") if order else None
            if address_id:
                together = order is not None and order_address_id == address_id
                entries.append((address_id, kind, [(Cart, cart.id), *([(Order, order.id)] if together else [])]))
            if order_address_id and order_address_id != address_id:
                entries.append((order_address_id, kind, [(Order, order.id)]))
    for order in Order.objects.filter(cart_id=None).order_by("created_at", "id").only("id", *KINDS):
        for kind in KINDS:
            if getattr(order, f"{kind}_id"):
                entries.append((getattr(order, f"{kind}_id"), kind, [(Order, order.id)]))
    return entries


def split_shared_addresses(apps, schema_editor):
    Address = apps.get_model("customers", "Address")
    Customer = apps.get_model("customers", "Customer")
    Cart = apps.get_model("carts", "Cart")
    Order = apps.get_model("orders", "Order")
    entries = _holders(Cart, Order)
    held = {address_id for address_id, _, _ in entries}
    customers = set()  # rows in a customer's address book, or a customer's billing address
    for ids in _chunks(held):
        customers.update(Address.objects.filter(pk__in=ids, customer__isnull=False).values_list("pk", flat=True))
        billing = Customer.objects.filter(billing_address_id__in=ids).values_list("billing_address_id", flat=True)
        customers.update(billing)
    kept = set()  # rows a first holder keeps
    for address_id, kind, holders in entries:
        if address_id not in customers and address_id not in kept:
            kept.add(address_id)
            continue
        source = Address.objects.get(pk=address_id)
        copy = Address.objects.create(cart_owned=True, **{column: getattr(source, column) for column in COPIED})
        for model, pk in holders:
            model.objects.filter(pk=pk).update(**{f"{kind}_id": copy.pk})
    for ids in _chunks(kept):
        Address.objects.filter(pk__in=ids).update(cart_owned=True)


class Migration(migrations.Migration):

    dependencies = [
        ("carts", "0002_plain_order_and_payment_ids"),
        ("customers", "0003_address_cart_owned"),
        ("orders", "0002_carts"),
    ]

    operations = [migrations.RunPython(split_shared_addresses, migrations.RunPython.noop)]
