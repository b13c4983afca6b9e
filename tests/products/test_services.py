import pytest

from config.errors import ErrorType, MedusaError
from products.models import MoneyAmount
from products.selectors import variant_price_for_region, variant_queryset
from products.services import kebab_case, product_create, variant_update
from tests.factories import ProductVariantFactory, RegionFactory, currency

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "handle"),
    [
        ("Medusa Sweater", "medusa-sweater"),
        ("Men's T-Shirt 2XL", "mens-t-shirt-2-xl"),
        ("Große Tasche", "grosse-tasche"),
        ("Crème brûlée mug", "creme-brulee-mug"),
        ("iPhone case", "i-phone-case"),
        ("  100% cotton -- tee ", "100-cotton-tee"),
    ],
)
def test_kebab_case_follows_lodash(title, handle):
    assert kebab_case(title) == handle


def test_variant_price_for_region_uses_prefetched_prices_and_ignores_deleted_ones(django_assert_num_queries):
    # given
    eu = RegionFactory(currency=currency("eur"))
    us = RegionFactory()
    variant = ProductVariantFactory(prices=[("usd", 8000), ("eur", 7000), ("eur", 6500, eu)])
    MoneyAmount.objects.filter(variant=variant, region=eu).update(deleted_at="2024-01-01T00:00:00Z")
    loaded = variant_queryset().get(pk=variant.id)
    elsewhere = RegionFactory.build(currency=currency("dkk"))
    # then
    with django_assert_num_queries(0):
        assert variant_price_for_region(loaded, eu, 1) == 7000
        assert variant_price_for_region(loaded, us, 1) == 8000
        assert variant_price_for_region(loaded, elsewhere, 1) is None


def test_quantity_tier_price_through_the_services():
    # given
    eu = RegionFactory(currency=currency("eur"))
    product = product_create(
        title="Mug",
        variants=[
            {
                "title": "Mug",
                "prices": [
                    {"currency_code": "eur", "amount": 1500},
                    {"currency_code": "eur", "amount": 1200, "min_quantity": 10},
                ],
            }
        ],
    )
    (loaded,) = variant_queryset().filter(product=product)
    # then
    assert variant_price_for_region(loaded, eu, 9) == 1500
    assert variant_price_for_region(loaded, eu, 10) == 1200


def test_variant_update_with_an_unknown_price_id_alone_is_refused_and_changes_nothing():
    # given
    variant = ProductVariantFactory(prices=[("usd", 100)])
    # when
    with pytest.raises(MedusaError) as error:
        variant_update(variant_id=variant.pk, data={"title": "Changed", "prices": [{"id": "ma_nope", "amount": 5}]})
    # then
    assert (error.value.type, error.value.message) == (
        ErrorType.NOT_FOUND,
        "Money amount with id: ma_nope was not found",
    )
    assert list(MoneyAmount.objects.filter(variant=variant).values_list("amount", flat=True)) == [100]
