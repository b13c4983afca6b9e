"""The staff pages of price lists and tax rates run the same services as the API."""

import pytest

from pricing.models import PriceList, TaxRate
from pricing.services import price_list_create
from products.services import product_create
from tests.factories import RegionFactory, ShippingOptionFactory, UserFactory
from tests.pricing.helpers import product_with_prices, vip_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def prices_management(total=0, initial=0):
    return {
        "prices-TOTAL_FORMS": str(total),
        "prices-INITIAL_FORMS": str(initial),
        "prices-MIN_NUM_FORMS": "0",
        "prices-MAX_NUM_FORMS": "1000",
    }


@pytest.mark.parametrize("model", ["pricelist", "taxrate"])
def test_changelist_and_add_pages_render(staff, model):
    assert staff.get(f"/staff/pricing/{model}/").status_code == 200
    assert staff.get(f"/staff/pricing/{model}/add/").status_code == 200


def test_add_a_group_price_list_with_a_tiered_price(staff):
    # given
    group, _ = vip_customer()
    variant = product_with_prices()
    form = {
        "name": "VIP",
        "description": "members",
        "type": "override",
        "status": "active",
        "customer_groups": [group.pk],
        **prices_management(total=1),
        "prices-0-variant": variant.pk,
        "prices-0-currency": "usd",
        "prices-0-amount": "6.00",  # major units, as staff write money
        "prices-0-min_quantity": "10",
    }
    # when
    response = staff.post("/staff/pricing/pricelist/add/", form)
    # then
    assert response.status_code == 302
    price_list = PriceList.objects.get()
    assert (price_list.type, price_list.status, list(price_list.customer_groups.all())) == (
        "override",
        "active",
        [group],
    )
    assert list(price_list.prices.values_list("variant_id", "currency_id", "amount", "min_quantity")) == [
        (variant.pk, "usd", 600, 10)
    ]


def test_change_edits_and_removes_prices_and_shows_money(staff):
    # given
    variant = product_with_prices()
    price_list = price_list_create(
        name="Sale", description="", type="sale",
        prices=[{"variant_id": variant.pk, "currency_code": "usd", "amount": a} for a in (900, 800)],
    )  # fmt: skip
    first, second = price_list.prices.order_by("amount").reverse()
    page = staff.get(f"/staff/pricing/pricelist/{price_list.pk}/change/")
    form = {
        "name": "Sale", "description": "", "type": "sale", "status": "draft",
        **prices_management(total=2, initial=2),
        "prices-0-id": first.pk, "prices-0-price_list": price_list.pk, "prices-0-variant": variant.pk,
        "prices-0-currency": "usd", "prices-0-amount": "8.50",
        "prices-1-id": second.pk, "prices-1-price_list": price_list.pk, "prices-1-variant": variant.pk,
        "prices-1-currency": "usd", "prices-1-amount": "8.00", "prices-1-DELETE": "on",
    }  # fmt: skip
    # when
    response = staff.post(f"/staff/pricing/pricelist/{price_list.pk}/change/", form)
    # then
    assert 'value="9.00"' in page.content.decode()  # the stored 900 cents shown as staff write it
    assert response.status_code == 302
    assert list(price_list.prices.values_list("pk", "amount")) == [(first.pk, 850)]


def test_add_a_tax_rate_linked_to_a_product_and_an_option(staff):
    # given
    region = RegionFactory(tax_rate=25)
    product = product_create(title="Book")
    option = ShippingOptionFactory(region=region)
    form = {
        "code": "RED", "name": "reduced", "rate": "12.5", "region": region.pk,
        "products": [product.pk], "shipping_options": [option.pk],
    }  # fmt: skip
    # when
    response = staff.post("/staff/pricing/taxrate/add/", form)
    # then
    assert response.status_code == 302
    rate = TaxRate.objects.get()
    assert (rate.rate, list(rate.products.all()), list(rate.shipping_options.all())) == (12.5, [product], [option])


def test_an_option_of_another_region_is_refused_on_its_field(staff):
    # given
    region, other = RegionFactory(tax_rate=25), RegionFactory()
    option = ShippingOptionFactory(region=other)
    form = {"code": "RED", "name": "reduced", "rate": "5", "region": region.pk, "shipping_options": [option.pk]}
    # when
    response = staff.post("/staff/pricing/taxrate/add/", form)
    # then
    assert response.status_code == 200
    assert "must belong to the same Region" in response.content.decode()
    assert not TaxRate.objects.exists()
