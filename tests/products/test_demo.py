import pytest

from products import demo
from products.models import MoneyAmount, Product, ProductVariant

pytestmark = pytest.mark.django_db


def test_demo_products_load_once():
    # given
    assert not demo.has_data()
    # when
    demo.load()
    demo.load()
    # then
    assert demo.has_data()
    assert Product.objects.count() == 12
    assert not Product.objects.exclude(status="published").exists()
    assert set(MoneyAmount.objects.values_list("currency_id", flat=True)) == {"usd", "eur"}


def test_demo_products_cover_the_cases_draft_orders_need():
    # when
    demo.load()
    # then
    without_eur = Product.objects.exclude(variants__prices__currency_id="eur")
    assert list(without_eur.values_list("handle", flat=True)) == ["scented-candle"]
    assert (
        ProductVariant.objects.filter(inventory_quantity=0, manage_inventory=True, allow_backorder=False).count() >= 3
    )
    tier = MoneyAmount.objects.get(min_quantity=10, currency_id="eur")
    assert tier.variant.product.handle == "canvas-tote-bag"
    assert tier.amount < MoneyAmount.objects.get(variant=tier.variant, currency_id="eur", min_quantity=None).amount
    assert Product.objects.get(handle="gift-card").profile.type == "gift_card"
