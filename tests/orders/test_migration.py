"""Splitting shared address rows (orders 0003, departure "a draft's addresses are its own"): a database at the
migrations before it, where carts, orders and customers share address rows as v1 shares them, migrates forward
with every cart and order holding rows of its own, the same values, and no row lost or changed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("orders", "0002_carts"), ("customers", "0002_customer_password_hash")]
KINDS = ("shipping_address", "billing_address")
VALUES = ("first_name", "city", "country_id", "metadata")


def migrate(targets=None):
    """The models of the state the database is then at."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _migrated_forward_afterwards():
    """The other tests need every migration, even when this one fails half way."""
    yield
    migrate()


def holders(apps) -> dict[str, dict[str, str | None]]:
    """Every cart's and order's address ids, by kind."""
    found = {}
    for model in (apps.get_model("carts", "Cart"), apps.get_model("orders", "Order")):
        for row in model.objects.values("pk", *(f"{kind}_id" for kind in KINDS)):
            found[row.pop("pk")] = row
    return found


def values_of(apps, address_id: str | None) -> tuple | None:
    Address = apps.get_model("customers", "Address")
    return None if address_id is None else Address.objects.values_list(*VALUES).get(pk=address_id)


def test_shared_addresses_are_split_into_copies_the_carts_own(seed):
    # given: a database before the split, where one row is oli's saved address, paid order A's (and its cart's)
    # shipping address and open draft B's shipping address; oli's billing address is B's billing address; and
    # one row is both addresses of a cart of its own
    apps = migrate(BEFORE)
    Address = apps.get_model("customers", "Address")
    Customer = apps.get_model("customers", "Customer")
    Cart = apps.get_model("carts", "Cart")
    Order = apps.get_model("orders", "Order")
    oli = Customer.objects.get(pk="oli-test")
    saved = Address.objects.create(id="saved", customer=oli, first_name="oli", city="Aarhus", country_id="us")
    billing = Address.objects.create(id="billing", first_name="oli", city="Odense", metadata={"a": 1})
    oli.billing_address = billing
    oli.save()
    alone = Address.objects.create(id="alone", first_name="kap", country_id="us")

    def cart(cart_id, shipping, billing_address=None):
        return Cart.objects.create(
            id=cart_id,
            region_id="test-region",
            customer=oli,
            shipping_address=shipping,
            billing_address=billing_address,
        )

    cart_a = cart("cart-a", saved)
    Order.objects.create(
        id="order-a",
        display_id=1,
        cart=cart_a,
        customer=oli,
        email="oli@test.dk",
        shipping_address=saved,
        region_id="test-region",
        currency_id="usd",
    )
    cart("cart-b", saved, billing)
    cart("cart-c", alone, alone)
    before_holders = holders(apps)
    before_values = {
        holder: {kind: values_of(apps, ids[f"{kind}_id"]) for kind in KINDS} for holder, ids in before_holders.items()
    }
    rows_before = list(Address.objects.order_by("pk").values())

    # when
    apps = migrate()

    # then: every address row is still there, unchanged but for the new flag
    Address = apps.get_model("customers", "Address")
    assert [
        {key: value for key, value in row.items() if key != "cart_owned"}
        for row in Address.objects.filter(pk__in=[row["id"] for row in rows_before]).order_by("pk").values()
    ] == rows_before
    # every cart and order shows the same address values as before
    after = holders(apps)
    assert {
        holder: {kind: values_of(apps, ids[f"{kind}_id"]) for kind in KINDS} for holder, ids in after.items()
    } == before_values
    # oli keeps his rows; the carts hold copies of them; order A still shares its cart's copy
    assert {after[holder]["shipping_address_id"] for holder in ("cart-a", "cart-b")}.isdisjoint({"saved"})
    assert after["order-a"] == after["cart-a"]
    assert after["cart-b"]["billing_address_id"] != "billing"
    # the seeded cart keeps oli-shipping (nobody else holds it); cart C keeps `alone` once and copies it once
    assert after["test-cart"]["shipping_address_id"] == "oli-shipping"
    assert after["cart-c"]["shipping_address_id"] == "alone" != after["cart-c"]["billing_address_id"]
    # no two holders share a row, but an order and its cart
    held = [ids[f"{kind}_id"] for holder, ids in after.items() if holder != "order-a" for kind in KINDS]
    held = [address_id for address_id in held if address_id]
    assert len(held) == len(set(held)) == Address.objects.filter(cart_owned=True).count()
    assert set(Address.objects.filter(cart_owned=True).values_list("pk", flat=True)) == set(held)
    assert Address.objects.filter(pk__in=held, customer__isnull=False).count() == 0
    assert Address.objects.count() == len(rows_before) + 4  # copies for cart A, cart B (two) and cart C
