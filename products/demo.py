"""A dozen demo products (apparel and homeware) priced in usd and eur; keyed by handle.

Some variants are out of stock (managed inventory 0, no backorder), the scented candle has no EUR price, and the
tote bag is cheaper from 10 pieces. Currencies come from the regions seed migration.
"""

from products.models import Product
from products.services import kebab_case, product_create

# (title, sku, option values, usd, eur or None, stock; None stock = inventory not managed)
PRODUCTS = [
    {
        "title": "Medusa Sweatshirt",
        "description": "Heavyweight organic cotton sweatshirt with a brushed inside.",
        "options": ["Size"],
        "variants": [
            ("S", "SWEAT-S", ["S"], 4500, 4200, 25),
            ("M", "SWEAT-M", ["M"], 4500, 4200, 40),
            ("L", "SWEAT-L", ["L"], 4500, 4200, 12),
            ("XL", "SWEAT-XL", ["XL"], 4500, 4200, 0),
        ],
    },
    {
        "title": "Classic Tee",
        "description": "A soft, everyday crew-neck tee.",
        "options": ["Size", "Color"],
        "variants": [
            ("S / White", "TEE-S-WHITE", ["S", "White"], 2500, 2300, 30),
            ("M / White", "TEE-M-WHITE", ["M", "White"], 2500, 2300, 30),
            ("L / White", "TEE-L-WHITE", ["L", "White"], 2500, 2300, 18),
            ("M / Black", "TEE-M-BLACK", ["M", "Black"], 2500, 2300, 22),
            ("L / Black", "TEE-L-BLACK", ["L", "Black"], 2500, 2300, 0),
        ],
    },
    {
        "title": "Linen Shirt",
        "description": "Relaxed-fit shirt in washed European linen.",
        "options": ["Size"],
        "variants": [
            ("S", "LINEN-S", ["S"], 6800, 6400, 8),
            ("M", "LINEN-M", ["M"], 6800, 6400, 14),
            ("L", "LINEN-L", ["L"], 6800, 6400, 6),
        ],
    },
    {
        "title": "Wool Beanie",
        "description": "Rib-knit merino beanie.",
        "options": ["Color"],
        "variants": [
            ("Grey", "BEANIE-GREY", ["Grey"], 2200, 2000, 50),
            ("Navy", "BEANIE-NAVY", ["Navy"], 2200, 2000, 0),
        ],
    },
    {
        "title": "Canvas Tote Bag",
        "description": "Sturdy cotton canvas tote; cheaper by the ten for events and teams.",
        "options": [],
        "variants": [("Natural", "TOTE-NATURAL", [], 1800, 1700, 200)],
        "tiers": {"usd": 1500, "eur": 1400},
    },
    {
        "title": "Selvedge Denim Jeans",
        "description": "Straight-leg jeans in 13.5 oz selvedge denim.",
        "options": ["Waist"],
        "variants": [
            ("30", "JEANS-30", ["30"], 12000, 11500, 7),
            ("32", "JEANS-32", ["32"], 12000, 11500, 9),
            ("34", "JEANS-34", ["34"], 12000, 11500, 0),
        ],
    },
    {
        "title": "Ceramic Mug",
        "description": "Hand-glazed 350 ml stoneware mug.",
        "options": ["Color"],
        "variants": [
            ("White", "MUG-WHITE", ["White"], 1600, 1500, 60),
            ("Sage", "MUG-SAGE", ["Sage"], 1600, 1500, 35),
        ],
    },
    {
        "title": "Stoneware Plate Set",
        "description": "Reactive-glaze dinner plates.",
        "options": ["Pieces"],
        "variants": [
            ("Set of 4", "PLATES-4", ["4"], 5400, 4900, 15),
            ("Set of 8", "PLATES-8", ["8"], 9800, 9000, 4),
        ],
    },
    {
        "title": "Linen Napkins",
        "description": "Set of four stonewashed linen napkins.",
        "options": ["Color"],
        "variants": [
            ("Natural", "NAPKINS-NATURAL", ["Natural"], 2400, 2200, 40),
            ("Charcoal", "NAPKINS-CHARCOAL", ["Charcoal"], 2400, 2200, 0),
        ],
    },
    {
        "title": "Scented Candle",
        "description": "Soy wax candle, 50 hours. Sold in the US only: it has no EUR price.",
        "options": ["Scent"],
        "variants": [
            ("Cedar", "CANDLE-CEDAR", ["Cedar"], 3200, None, 20),
            ("Fig", "CANDLE-FIG", ["Fig"], 3200, None, 16),
        ],
    },
    {
        "title": "Wool Throw Blanket",
        "description": "Woven lambswool throw, made to order.",
        "options": ["Color"],
        "variants": [("Oat", "THROW-OAT", ["Oat"], 14000, 13000, None)],
    },
    {
        "title": "Gift Card",
        "description": "A gift card for the store.",
        "is_giftcard": True,
        "options": ["Denomination"],
        "variants": [
            ("25", "GIFT-25", ["25"], 2500, 2500, None),
            ("50", "GIFT-50", ["50"], 5000, 5000, None),
            ("100", "GIFT-100", ["100"], 10000, 10000, None),
        ],
    },
]


def _variant(entry: dict, title, sku, values, usd, eur, stock) -> dict:
    prices = [{"currency_code": "usd", "amount": usd}]
    if eur is not None:
        prices.append({"currency_code": "eur", "amount": eur})
    for currency_code, amount in entry.get("tiers", {}).items():
        prices.append({"currency_code": currency_code, "amount": amount, "min_quantity": 10})
    return {
        "title": title,
        "sku": sku,
        "inventory_quantity": stock or 0,
        "manage_inventory": stock is not None,
        "allow_backorder": False,
        "prices": prices,
        "options": [{"value": value} for value in values],
    }


def _handle(entry: dict) -> str:
    return kebab_case(entry["title"])


def has_data() -> bool:
    return Product.objects.filter(handle__in=[_handle(entry) for entry in PRODUCTS]).exists()


def load() -> None:
    for entry in PRODUCTS:
        if Product.objects.filter(handle=_handle(entry)).exists():
            continue
        product_create(
            title=entry["title"],
            handle=_handle(entry),
            description=entry["description"],
            status=Product.Status.PUBLISHED,
            is_giftcard=entry.get("is_giftcard", False),
            options=[{"title": title} for title in entry["options"]],
            variants=[_variant(entry, *variant) for variant in entry["variants"]],
        )
