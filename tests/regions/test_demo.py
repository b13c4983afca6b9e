import pytest

from regions import demo
from regions.models import Region, ShippingOption, ShippingOptionRequirement

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Region.objects.values_list("name", "currency_id", "tax_rate")),
        sorted(ShippingOption.objects.values_list("region__name", "name", "amount")),
        list(ShippingOptionRequirement.objects.values_list("shipping_option__name", "type", "amount")),
    )


def test_demo_loads_two_regions_with_shipping_options_once():
    # given
    assert demo.has_data() is False
    # when
    demo.load()
    first = snapshot()
    demo.load()
    # then
    assert demo.has_data() is True
    assert snapshot() == first
    regions, options, requirements = first
    assert regions == [("Europe", "eur", 25.0), ("North America", "usd", 0.0)]
    assert options == [
        ("Europe", "Express Shipping", 1200),
        ("Europe", "Standard Shipping", 450),
        ("North America", "Express Shipping", 1500),
        ("North America", "Free Shipping over $100", 0),
        ("North America", "Standard Shipping", 500),
    ]
    assert requirements == [("Free Shipping over $100", "min_subtotal", 10000)]
    europe = Region.objects.get(name="Europe")
    assert sorted(europe.countries.values_list("iso_2", flat=True)) == ["de", "dk", "es", "fr", "it", "nl", "se"]
    assert list(europe.payment_providers.values_list("id", flat=True)) == ["manual"]
    assert list(europe.fulfillment_providers.values_list("id", flat=True)) == ["manual"]
