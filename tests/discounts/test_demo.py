import pytest
from django.utils import timezone

from discounts import demo
from discounts.models import Discount
from discounts.selectors import discount_validate_for_cart, discounts_by_codes

pytestmark = pytest.mark.django_db


def test_load_creates_the_demo_discounts_once(region, other_region):
    # given
    assert not demo.has_data()
    # when
    demo.load()
    demo.load()
    # then
    assert demo.has_data()
    discounts = {d.code: d for d in discounts_by_codes(["WELCOME10", "FREESHIP", "TENOFF", "SUMMER2024", "STAFF50"])}
    assert Discount.objects.count() == 5
    assert {code: d.rule.type for code, d in discounts.items()} == {
        "WELCOME10": "percentage",
        "FREESHIP": "free_shipping",
        "TENOFF": "fixed",
        "SUMMER2024": "percentage",
        "STAFF50": "percentage",
    }
    assert [r.name for r in discounts["TENOFF"].regions.all()] == ["North America"]
    assert discounts["TENOFF"].rule.value == 1000
    assert {r.name for r in discounts["WELCOME10"].regions.all()} == {"North America", "Europe"}
    now = timezone.now()
    discount_validate_for_cart(discounts["WELCOME10"], region_id=other_region.id, now=now)
    with pytest.raises(Exception, match="Discount SUMMER2024 is expired"):
        discount_validate_for_cart(discounts["SUMMER2024"], region_id=region.id, now=now)
    with pytest.raises(Exception, match="The discount code STAFF50 is disabled"):
        discount_validate_for_cart(discounts["STAFF50"], region_id=region.id, now=now)
