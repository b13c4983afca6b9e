"""Seed the benchmark's database: the demo catalogue, a staff token, and N open draft orders in bulk.

`manage.py seed_bench --drafts 10000 --out seed.json`, run by `make bench` (scripts.bench) on the database it made;
a command of draft_orders, because it makes draft orders (the scripts stay above the apps and import none).
A few template drafts are made through the real service, so their adjustments and prices are
what the API makes; the rest are copies of their rows written with bulk_create, which takes seconds where the
service would take minutes. It writes what the load generator needs (token, ids, request bodies) to `--out`.
"""

import json
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, models, transaction

from accounts.services import user_api_token_rotate, user_create
from carts.models import Cart, LineItem, LineItemAdjustment, ShippingMethod
from carts.services import ItemInput, ShippingMethodInput
from config.ids import generate_id
from customers.models import Address, Customer
from draft_orders.models import DraftOrder, DraftOrderDisplayId
from draft_orders.services import draft_order_create
from products.models import ProductVariant
from regions.models import Region, ShippingOption

REGION = "Europe"  # the demo region with a 25 % tax rate, so every total runs the tax arithmetic
SHIPPING_OPTION = "Standard Shipping"
DISCOUNT_CODE = "WELCOME10"  # 10 % off the order
LINE_SKUS = ("SWEAT-M", "MUG-WHITE")  # stocked, priced in eur
ADDED_SKU = "TEE-M-WHITE"  # the add-a-line scenario's variant: on no seeded draft, so a new line each time
TEMPLATES = 4
BATCH = 2000
STAFF_EMAIL = "bench@example.com"
SHIPPING_ADDRESS = {
    "first_name": "Jane",
    "last_name": "Doe",
    "address_1": "Unter den Linden 1",
    "city": "Berlin",
    "postal_code": "10117",
    "country_code": "de",
}


def email_for(number: int) -> str:
    """Seeded emails are numbered, so `q=customer0123` matches ten drafts (01230 to 01239)."""
    return f"customer{number:05d}@bench.example.com"


def copy_row(row: models.Model, prefix: str, **changes) -> models.Model:
    """An unsaved copy of a row with a new prefixed id and the given column values."""
    values = {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}
    values.update(id=generate_id(prefix), **changes)
    return type(row)(**values)


def create_body(*, region_id: str, option_id: str, variant_ids: list[str], email: str) -> dict:
    """The create scenario's body: 2 variant lines, 1 custom line, shipping and the 10 % discount."""
    return {
        "email": email,
        "region_id": region_id,
        "shipping_address": SHIPPING_ADDRESS,
        "items": [
            {"variant_id": variant_ids[0], "quantity": 1},
            {"variant_id": variant_ids[1], "quantity": 2},
            {"title": "Gift wrap", "unit_price": 500, "quantity": 1},
        ],
        "shipping_methods": [{"option_id": option_id}],
        "discounts": [{"code": DISCOUNT_CODE}],
    }


def make_templates(body: dict) -> list[DraftOrder]:
    return [
        draft_order_create(
            email=f"template{number}@bench.example.com",
            region_id=body["region_id"],
            shipping_address=body["shipping_address"],
            items=[ItemInput(**item) for item in body["items"]],
            shipping_methods=[ShippingMethodInput(**method) for method in body["shipping_methods"]],
            discounts=[discount["code"] for discount in body["discounts"]],
        ).draft_order
        for number in range(TEMPLATES)
    ]


def copy_drafts(templates: list[DraftOrder], count: int) -> list[str]:
    """`count` copies of the templates' draft orders, each with its own customer and address, in bulk."""
    carts = {cart.id: cart for cart in Cart.objects.filter(pk__in=[t.cart_id for t in templates])}
    addresses = Address.objects.in_bulk([cart.shipping_address_id for cart in carts.values()])
    items = {cart_id: list(LineItem.objects.filter(cart_id=cart_id)) for cart_id in carts}
    adjustments = {item.id: list(item.adjustments.all()) for lines in items.values() for item in lines}
    methods = {cart_id: list(ShippingMethod.objects.filter(cart_id=cart_id)) for cart_id in carts}
    discount_links = Cart.discounts.through.objects.filter(cart_id__in=carts)
    discounts = {cart_id: [link.discount_id for link in discount_links if link.cart_id == cart_id] for cart_id in carts}

    # parents before children, as they are inserted
    order = (Customer, Address, Cart, DraftOrder, LineItem, LineItemAdjustment, ShippingMethod, Cart.discounts.through)
    rows: dict[type, list] = {model: [] for model in order}
    # the database numbers them (returned by PostgreSQL's INSERT … RETURNING), so later creates go on from there
    sequence = DraftOrderDisplayId.objects.bulk_create(DraftOrderDisplayId() for _ in range(count))
    display_ids = [row.pk for row in sequence]
    draft_ids = []
    for number, display_id in enumerate(display_ids):
        template = templates[number % len(templates)]
        cart = carts[template.cart_id]
        customer = Customer(id=generate_id("cus"), email=email_for(number))
        address = copy_row(addresses[cart.shipping_address_id], "addr")
        new_cart = copy_row(cart, "cart", email=customer.email, customer_id=customer.id, shipping_address_id=address.id)
        draft = copy_row(template, "dorder", cart_id=new_cart.id, display_id=display_id)
        rows[Customer].append(customer)
        rows[Address].append(address)
        rows[Cart].append(new_cart)
        rows[DraftOrder].append(draft)
        for item in items[cart.id]:
            new_item = copy_row(item, "item", cart_id=new_cart.id)
            rows[LineItem].append(new_item)
            rows[LineItemAdjustment] += [copy_row(a, "lia", item_id=new_item.id) for a in adjustments[item.id]]
        rows[ShippingMethod] += [copy_row(method, "sm", cart_id=new_cart.id) for method in methods[cart.id]]
        rows[Cart.discounts.through] += [
            Cart.discounts.through(cart_id=new_cart.id, discount_id=discount_id) for discount_id in discounts[cart.id]
        ]
        draft_ids.append(draft.id)
    for model, objects in rows.items():
        model.objects.bulk_create(objects, batch_size=BATCH)
    return draft_ids


@transaction.atomic
def seed(count: int) -> dict:
    call_command("load_demo", verbosity=0)
    user = user_create(email=STAFF_EMAIL, password=None, role="admin")
    region = Region.objects.get(name=REGION)
    option = ShippingOption.objects.get(region=region, name=SHIPPING_OPTION)
    benched = ProductVariant.objects.filter(sku__in=[*LINE_SKUS, ADDED_SKU])
    # every paid draft takes its stock (departure "Mark Paid takes the stock"): enough for every draft seeded
    benched.update(inventory_quantity=3 * count + 1000)
    variants = {variant.sku: variant.id for variant in benched}
    body = create_body(
        region_id=region.id, option_id=option.id, variant_ids=[variants[sku] for sku in LINE_SKUS], email=""
    )
    draft_ids = copy_drafts(make_templates(body), count)
    return {
        "token": user_api_token_rotate(user_id=user.pk),
        "draft_ids": draft_ids,
        "create_body": body,
        "added_variant_id": variants[ADDED_SKU],
        "q_prefix": "customer",
    }


class Command(BaseCommand):
    help = "Seed make bench's database: the demo catalogue, a staff token and N open draft orders in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--drafts", type=int, default=10_000)
        parser.add_argument("--out", required=True, help="where to write what the load generator needs (JSON)")

    def handle(self, *args, drafts: int, out: str, **options):
        started = time.monotonic()
        seeded = seed(drafts)
        if connection.vendor == "postgresql":
            # the statistics a database of that size has (autovacuum would gather them at some point of the run,
            # on the benchmark's clock): without them the planner takes the tables for empty and scans them whole
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        with open(out, "w") as file:
            json.dump(seeded, file)
        self.stdout.write(f"seeded {drafts} draft orders in {time.monotonic() - started:.1f} s")
