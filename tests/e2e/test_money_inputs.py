"""Staff see beside each money box the currency it is typed in, as they choose a region or a currency."""

import pytest

from products.models import MoneyAmount
from regions.models import ShippingOption
from tests.e2e.helpers import log_in
from tests.factories import (
    ProductFactory,
    ProductVariantFactory,
    RegionFactory,
    UserFactory,
    currency,
    default_profile,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def currency_beside(page, input_id: str) -> str:
    return page.inner_text(f"#{input_id} + .money-currency")


def test_shipping_option_amounts_show_the_chosen_regions_currency(live_server, page):
    # given
    japan = RegionFactory(name="Japan", currency=currency("jpy"))
    europe = RegionFactory(name="Europe", currency=currency("eur"))
    log_in(page, live_server, UserFactory(is_superuser=True))
    page.goto(f"{live_server.url}/staff/regions/shippingoption/add/")
    # then: no region, no currency yet
    assert currency_beside(page, "id_amount") == ""

    # when: staff choose a region, then add a requirement row
    page.select_option("#id_region", japan.pk)
    page.click("#requirements-group .add-row a")
    page.wait_for_selector("#id_requirements-0-amount")
    # then
    assert currency_beside(page, "id_amount") == "JPY"
    assert currency_beside(page, "id_requirements-0-amount") == "JPY"

    # when: they change their mind and save amounts typed in euros
    page.select_option("#id_region", europe.pk)
    page.fill("#id_name", "Express")
    page.select_option("#id_profile", default_profile().pk)
    page.select_option("#id_provider", "manual")
    page.fill("#id_amount", "1,234.50")
    page.select_option("#id_requirements-0-type", "min_subtotal")
    page.fill("#id_requirements-0-amount", "100")
    # then
    assert currency_beside(page, "id_amount") == "EUR"
    assert currency_beside(page, "id_requirements-0-amount") == "EUR"

    # when
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    # then
    option = ShippingOption.objects.get()
    assert (option.region_id, option.amount, option.requirements.get().amount) == (europe.pk, 123450, 10000)


def test_a_price_row_shows_its_regions_currency_else_its_own(live_server, page):
    # given
    japan = RegionFactory(name="Japan", currency=currency("jpy"))
    variant = ProductVariantFactory(product=ProductFactory(title="Shirt"), prices=[("usd", 8000)])
    log_in(page, live_server, UserFactory(is_superuser=True))
    # when
    page.goto(f"{live_server.url}/staff/products/productvariant/{variant.pk}/change/")
    # then: the stored price reads in its currency
    assert page.input_value("#id_prices-0-amount") == "80.00"
    assert currency_beside(page, "id_prices-0-amount") == "USD"

    # when: a new row gets a currency, then a region (whose currency wins), then loses the region
    page.select_option("#id_prices-1-currency", "kwd")
    shown_for_currency = currency_beside(page, "id_prices-1-amount")
    page.select_option("#id_prices-1-region", japan.pk)
    shown_for_region = currency_beside(page, "id_prices-1-amount")
    page.select_option("#id_prices-1-region", "")
    # then
    assert (shown_for_currency, shown_for_region, currency_beside(page, "id_prices-1-amount")) == ("KWD", "JPY", "KWD")

    # when: it is saved in KWD's three decimals
    page.fill("#id_prices-1-amount", "12.345")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    # then
    assert sorted(MoneyAmount.objects.filter(variant=variant).values_list("currency_id", "amount")) == [
        ("kwd", 12345),
        ("usd", 8000),
    ]
