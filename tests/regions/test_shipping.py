import pytest

from regions.selectors import shipping_option_get
from regions.shipping import fulfillment_options, shipping_option_list_prices, shipping_option_requirements_met
from tests.factories import ShippingOptionFactory, ShippingOptionRequirementFactory


@pytest.fixture
def option_with(db):
    def build(*requirements):
        option = ShippingOptionFactory()
        for requirement_type, amount in requirements:
            ShippingOptionRequirementFactory(shipping_option=option, type=requirement_type, amount=amount)
        return shipping_option_get(option_id=option.id)

    return build


@pytest.mark.parametrize(
    ("requirements", "subtotal", "met"),
    [
        ((), 0, True),
        ((("min_subtotal", 10000),), 9999, False),
        ((("min_subtotal", 10000),), 10000, True),
        ((("max_subtotal", 5000),), 4999, True),
        ((("max_subtotal", 5000),), 5000, False),
        ((("min_subtotal", 100), ("max_subtotal", 500)), 300, True),
        ((("min_subtotal", 100), ("max_subtotal", 500)), 50, False),
    ],
)
def test_requirements_met_as_v1_validate_cart_option(
    option_with, django_assert_num_queries, requirements, subtotal, met
):
    # given
    option = option_with(*requirements)
    # then: the prefetched requirements answer without a query
    with django_assert_num_queries(0):
        assert shipping_option_requirements_met(option, subtotal) is met


def test_deleted_requirements_do_not_count(option_with):
    # given
    option = ShippingOptionFactory()
    ShippingOptionRequirementFactory(shipping_option=option, amount=10000, deleted_at="2020-01-01T00:00:00Z")
    # then
    assert shipping_option_requirements_met(shipping_option_get(option_id=option.id), 0) is True


def test_list_prices_add_the_region_default_rate_rounded_as_javascript():
    # then
    assert shipping_option_list_prices(amount=1000, tax_rate=25, automatic_taxes=True) == {
        "price_incl_tax": 1250,
        "tax_rates": [{"rate": 25, "name": "default", "code": "default"}],
        "tax_amount": 250,
    }
    assert shipping_option_list_prices(amount=5, tax_rate=10, automatic_taxes=True)["tax_amount"] == 1  # 0.5 rounds up
    assert shipping_option_list_prices(amount=None, tax_rate=10, automatic_taxes=True)["price_incl_tax"] == 0
    assert shipping_option_list_prices(amount=1000, tax_rate=25, automatic_taxes=False) == {
        "price_incl_tax": 1000,
        "tax_rates": [],
        "tax_amount": 0,
    }


def test_fulfillment_options_of_unknown_providers_are_empty():
    assert fulfillment_options(["manual", "other"])[1] == {"provider_id": "other", "options": []}
