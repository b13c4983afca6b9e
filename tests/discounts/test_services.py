import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discounts.models import Discount, DiscountCondition
from discounts.services import discount_product_conditions_set, discount_usage_increment
from tests.factories import DiscountFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_usage_increment_is_one_update_of_each_discount(region):
    # given
    first = DiscountFactory(regions=[region], usage_count=2)
    second = DiscountFactory(regions=[region])
    untouched = DiscountFactory(regions=[region])
    # when
    with CaptureQueriesContext(connection) as queries:
        discount_usage_increment(discount_ids=[first.id, second.id])
    # then
    assert [q["sql"].split()[0] for q in queries.captured_queries if "discount" in q["sql"]] == ["UPDATE"]
    counts = dict(Discount.objects.values_list("id", "usage_count"))
    assert counts == {first.id: 3, second.id: 1, untouched.id: 0}


def test_usage_increment_counts_a_discount_deleted_since_it_was_applied(region):
    # given
    discount = DiscountFactory(regions=[region], deleted_at="2026-01-01T00:00:00Z")
    # when
    discount_usage_increment(discount_ids=[discount.id])
    # then
    assert Discount.all_objects.get(pk=discount.pk).usage_count == 1


def test_product_conditions_set_creates_replaces_and_removes(region):
    # given
    discount = DiscountFactory(regions=[region])
    first, second = ProductFactory(), ProductFactory()

    def conditions():
        return {
            c.operator: sorted(c.products.values_list("id", flat=True))
            for c in DiscountCondition.objects.filter(discount_rule=discount.rule)
        }

    # when / then
    discount_product_conditions_set(discount_id=discount.id, only_products=[first.id], excluded_products=[second.id])
    assert conditions() == {"in": [first.id], "not_in": [second.id]}
    discount_product_conditions_set(discount_id=discount.id, only_products=[second.id], excluded_products=[])
    assert conditions() == {"in": [second.id]}
