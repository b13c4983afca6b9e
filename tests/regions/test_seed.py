import pytest

from regions.models import Country, Currency, FulfillmentProvider, PaymentProvider, ShippingProfile
from tests.factories import RegionFactory, ShippingOptionFactory, ShippingOptionRequirementFactory, country, currency

pytestmark = pytest.mark.django_db


def test_currencies_are_seeded_as_v1_does():
    # then
    assert Currency.objects.count() == 120
    usd = currency("usd")
    assert (usd.code, usd.symbol, usd.symbol_native, usd.name) == ("usd", "$", "$", "US Dollar")
    assert currency("eur").symbol == "€"
    assert currency("inr").symbol_native == "₹"


def test_countries_are_seeded_with_v1_ids_and_names():
    # then
    assert Country.objects.count() == 250
    us = country("us")
    assert (us.id, us.iso_2, us.iso_3, us.num_code, us.name, us.display_name, us.region_id) == (
        236,
        "us",
        "usa",
        840,
        "UNITED STATES",
        "United States",
        None,
    )
    assert country("af").id == 1
    assert country("ax").display_name == "Åland Islands"
    assert country("ci").name == "COTE D'IVOIRE"


def test_providers_and_profiles_are_seeded():
    # then
    assert sorted(PaymentProvider.objects.values_list("id", flat=True)) == ["manual", "system"]
    assert list(FulfillmentProvider.objects.values_list("id", flat=True)) == ["manual"]
    assert sorted(ShippingProfile.objects.values_list("name", "type")) == [
        ("Default Shipping Profile", "default"),
        ("Gift Card Profile", "gift_card"),
    ]


def test_factories_build_on_the_seeds():
    # when
    requirement = ShippingOptionRequirementFactory(
        shipping_option=ShippingOptionFactory(region=RegionFactory(countries=["us", "ca"]))
    )
    # then
    option = requirement.shipping_option
    assert option.profile.type == "default"
    assert option.provider_id == "manual"
    assert sorted(option.region.countries.values_list("iso_2", flat=True)) == ["ca", "us"]
    assert list(option.region.payment_providers.values_list("id", flat=True)) == ["manual"]


def test_a_country_added_later_gets_an_id_after_the_seeded_ones():
    # when
    added = Country.objects.create(iso_2="zz", iso_3="zzz", num_code=999, name="NOWHERE", display_name="Nowhere")
    # then
    assert added.id > 250
