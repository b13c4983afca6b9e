"""Demo discounts (after the regions demo): one of each kind, plus an expired and a disabled one."""

from datetime import UTC, datetime

from discounts.models import Discount
from discounts.services import discount_create
from regions.models import Region

NORTH_AMERICA = "North America"
EUROPE = "Europe"

DEMO_DISCOUNTS = [
    {
        "code": "WELCOME10",
        "rule": {"type": "percentage", "value": 10, "allocation": "total", "description": "10 % off the order"},
        "regions": [NORTH_AMERICA, EUROPE],
    },
    {
        "code": "FREESHIP",
        # v1's own fixtures give a free-shipping rule the value 100
        "rule": {"type": "free_shipping", "value": 100, "allocation": "total", "description": "Free shipping"},
        "regions": [NORTH_AMERICA, EUROPE],
    },
    {
        "code": "TENOFF",
        # a fixed discount is in one region's currency, so v1 allows it one region
        "rule": {"type": "fixed", "value": 1000, "allocation": "total", "description": "$10 off the order"},
        "regions": [NORTH_AMERICA],
    },
    {
        "code": "SUMMER2024",
        "rule": {"type": "percentage", "value": 15, "allocation": "total", "description": "Summer sale 2024"},
        "regions": [NORTH_AMERICA, EUROPE],
        "starts_at": datetime(2024, 6, 1, tzinfo=UTC),
        "ends_at": datetime(2024, 8, 31, 23, 59, tzinfo=UTC),
    },
    {
        "code": "STAFF50",
        "rule": {"type": "percentage", "value": 50, "allocation": "total", "description": "Staff discount"},
        "regions": [NORTH_AMERICA, EUROPE],
        "is_disabled": True,
    },
]


def has_data() -> bool:
    return Discount.objects.filter(code__in=[discount["code"] for discount in DEMO_DISCOUNTS]).exists()


def load() -> None:
    """Creates each demo discount whose code is not taken yet, through the same service as the API."""
    regions = {region.name: region.id for region in Region.objects.filter(name__in=[NORTH_AMERICA, EUROPE])}
    for spec in DEMO_DISCOUNTS:
        if Discount.objects.filter(code=spec["code"]).exists():
            continue
        discount_create(**{**spec, "regions": [regions[name] for name in spec["regions"]]})
