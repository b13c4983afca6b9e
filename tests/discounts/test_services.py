import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from config.errors import ErrorType, MedusaError
from config.writes import writes_together
from discounts.models import Discount, DiscountCondition
from discounts.services import discount_product_conditions_set, discount_usage_increment
from tests.factories import DiscountFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_usage_increment_locks_the_discounts_then_counts_in_one_update(region):
    # given
    first = DiscountFactory(regions=[region], usage_count=2)
    second = DiscountFactory(regions=[region])
    untouched = DiscountFactory(regions=[region])
    # when
    with CaptureQueriesContext(connection) as queries:
        discount_usage_increment(discounts=[first, second])
    # then
    statements = [q["sql"] for q in queries.captured_queries if "discount" in q["sql"]]
    assert [sql.split()[0] for sql in statements] == ["SELECT", "UPDATE"]
    assert '"usage_count" + 1' in statements[1]  # counted by the database, not read and written back
    counts = dict(Discount.objects.values_list("id", "usage_count"))
    assert counts == {first.id: 3, second.id: 1, untouched.id: 0}
    assert (first.usage_count, second.usage_count) == (3, 1)  # the rows given hold what was saved


def test_usage_increment_gives_the_rows_the_count_saved_when_they_were_read_before_another_use(region):
    # given: the row held was read before another payment counted a use
    discount = DiscountFactory(regions=[region], usage_count=2)
    Discount.objects.filter(pk=discount.pk).update(usage_count=4)
    # when
    discount_usage_increment(discounts=[discount])
    # then
    assert discount.usage_count == Discount.objects.get(pk=discount.pk).usage_count == 5


def test_usage_increment_locks_at_once_and_counts_with_the_writes_of_the_block_around_it(region):
    # given
    discount = DiscountFactory(regions=[region], usage_count=2, usage_limit=5)
    # when
    with CaptureQueriesContext(connection) as queries, writes_together():
        discount_usage_increment(discounts=[discount])
        sent = [q["sql"].split()[0] for q in queries.captured_queries if "discount" in q["sql"]]
    # then: locked and checked at once; counted with the block's writes on PostgreSQL (config.writes)
    assert sent == (["SELECT"] if connection.vendor == "postgresql" else ["SELECT", "UPDATE"])
    assert discount.usage_count == Discount.objects.get(pk=discount.pk).usage_count == 3


def test_usage_increment_refuses_one_discount_used_up_and_counts_nothing(region):
    # given
    used_up = DiscountFactory(code="ONCE", regions=[region], usage_limit=1, usage_count=1)
    # when
    with pytest.raises(MedusaError) as refused, transaction.atomic():
        discount_usage_increment(discounts=[used_up])
    # then
    assert refused.value.message == "Discount ONCE has been used maximum allowed times"
    assert Discount.objects.get(pk=used_up.pk).usage_count == 1


def test_usage_increment_counts_a_discount_deleted_since_it_was_applied(region):
    # given
    discount = DiscountFactory(regions=[region], deleted_at="2026-01-01T00:00:00Z")
    # when
    discount_usage_increment(discounts=[discount])
    # then
    assert Discount.all_objects.get(pk=discount.pk).usage_count == 1


def test_usage_increment_refuses_a_discount_used_up_and_counts_nothing(region):
    # given
    used_up = DiscountFactory(code="ONCE", regions=[region], usage_limit=1, usage_count=1)
    other = DiscountFactory(regions=[region])
    # when
    with pytest.raises(MedusaError) as refused, transaction.atomic():  # the payment's transaction rolls back
        discount_usage_increment(discounts=[other, used_up])
    # then
    assert (refused.value.type, refused.value.message) == (
        ErrorType.NOT_ALLOWED,
        "Discount ONCE has been used maximum allowed times",
    )
    assert dict(Discount.objects.values_list("id", "usage_count")) == {used_up.id: 1, other.id: 0}


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
