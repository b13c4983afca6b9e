"""Rows the pricing tests build through the services, as the API would."""

from customers.services import customer_group_create
from products.services import product_create
from tests.factories import CustomerFactory


def product_with_prices(title="Shirt", prices=({"currency_code": "usd", "amount": 1000},), **fields):
    """A product with one variant `pv` (100 in stock, as v1's recorded store) and these variant prices; returns the
    variant."""
    variant = {"title": "pv", "prices": list(prices), "inventory_quantity": 100}
    product = product_create(title=title, variants=[variant], **fields)
    return product.variants.get()


def vip_customer(name="VIP"):
    """A customer in a new group; returns (group, customer)."""
    group = customer_group_create(name=name)
    customer = CustomerFactory()
    customer.groups.add(group)
    return group, customer
