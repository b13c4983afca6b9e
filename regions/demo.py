"""Demo regions and their shipping options, looked up by name so loading twice changes nothing."""

from regions import services
from regions.models import Region, ShippingOption

FREE_SHIPPING_THRESHOLD = [{"type": "min_subtotal", "amount": 10000}]

REGIONS = [
    {
        "name": "North America",
        "currency_code": "usd",
        "tax_rate": 0,
        "countries": ["us", "ca"],
        "shipping_options": [
            ("Standard Shipping", 500, []),
            ("Express Shipping", 1500, []),
            ("Free Shipping over $100", 0, FREE_SHIPPING_THRESHOLD),
        ],
    },
    {
        "name": "Europe",
        "currency_code": "eur",
        "tax_rate": 25,
        "countries": ["de", "fr", "dk", "se", "nl", "it", "es"],
        "shipping_options": [
            ("Standard Shipping", 450, []),
            ("Express Shipping", 1200, []),
        ],
    },
]


def has_data() -> bool:
    return Region.objects.filter(name__in=[spec["name"] for spec in REGIONS]).exists()


def load() -> None:
    for spec in REGIONS:
        region = Region.objects.filter(name=spec["name"]).first() or services.region_create(
            name=spec["name"],
            currency_code=spec["currency_code"],
            tax_rate=spec["tax_rate"],
            countries=spec["countries"],
            payment_providers=["manual"],
            fulfillment_providers=["manual"],
        )
        for name, amount, requirements in spec["shipping_options"]:
            if not ShippingOption.objects.filter(region=region, name=name).exists():
                services.shipping_option_create(
                    name=name,
                    region_id=region.pk,
                    provider_id="manual",
                    data={},
                    price_type=ShippingOption.PriceType.FLAT_RATE,
                    amount=amount,
                    requirements=requirements,
                )
