"""What draft orders call: `discounts_by_codes`, `discount_validate_for_cart` (reference "discount validity"),
`discount_rule_data`."""

from datetime import UTC, datetime, timedelta

import pytest

from config.errors import ErrorType, MedusaError
from discounts.calculations import DiscountRuleData
from discounts.models import DiscountCondition
from discounts.selectors import discount_rule_data, discount_validate_for_cart, discounts_by_codes
from tests.factories import DiscountFactory, DiscountRuleFactory, ProductFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def raised(discount, region_id):
    with pytest.raises(MedusaError) as caught:
        discount_validate_for_cart(discount, region_id=region_id, now=NOW)
    return caught.value.type, caught.value.message


# --- discounts_by_codes ----------------------------------------------------------------------------------------


def test_codes_are_normalised(region):
    # given
    discount = DiscountFactory(code="TEST", regions=[region])
    # when
    found = discounts_by_codes([" test "])
    # then
    assert found == [discount]


def test_unknown_codes_fail_naming_every_requested_code(region):
    # given
    DiscountFactory(code="TEST", regions=[region])
    # when
    with pytest.raises(MedusaError) as caught:
        discounts_by_codes(["test", " nope "])
    # then
    assert caught.value.type is ErrorType.NOT_FOUND
    assert caught.value.message == "Discounts with code [TEST, NOPE] was not found"


def test_a_code_asked_for_twice_fails_as_v1_does(region):
    # given
    DiscountFactory(code="TEST", regions=[region])
    # when
    with pytest.raises(MedusaError) as caught:
        discounts_by_codes(["TEST", "test"])
    # then
    assert caught.value.type is ErrorType.NOT_FOUND
    assert caught.value.message == "Discounts with code [TEST, TEST] was not found"


def test_deleted_discounts_are_not_found(region):
    # given
    DiscountFactory(code="GONE", regions=[region], deleted_at=NOW)
    # when
    with pytest.raises(MedusaError) as caught:
        discounts_by_codes(["GONE"])
    # then
    assert caught.value.message == "Discounts with code [GONE] was not found"


def test_found_discounts_are_read_in_a_fixed_number_of_queries(region, other_region, django_assert_num_queries):
    # given
    codes = []
    for index in range(4):
        parent = DiscountFactory(regions=[region, other_region])
        discount = DiscountFactory(code=f"CODE-{index}", parent_discount=parent, regions=[region])
        condition = DiscountCondition.objects.create(discount_rule=discount.rule, operator="in")
        condition.products.add(ProductFactory(), ProductFactory())
        codes.append(discount.code)
    # when: discounts with rule and parent; then their and their parents' regions with their conditions (one
    # statement); the conditions' products
    with django_assert_num_queries(3):
        found = discounts_by_codes(codes)
        for discount in found:
            discount_validate_for_cart(discount, region_id=region.id, now=NOW + timedelta(days=1))
            discount_rule_data(discount)
    # then
    assert sorted(d.code for d in found) == codes


# --- discount_validate_for_cart: the checks of reference "discount validity", in order ------------------------


def test_a_valid_discount_passes(region):
    discount = DiscountFactory(code="OK", regions=[region], starts_at=NOW, ends_at=NOW + timedelta(days=1))
    discount_validate_for_cart(discount, region_id=region.id, now=NOW)


def test_usage_limit_reached(region):
    discount = DiscountFactory(code="USED", regions=[region], usage_limit=2, usage_count=2, starts_at=NOW)
    assert raised(discount, region.id) == (ErrorType.NOT_ALLOWED, "Discount USED has been used maximum allowed times")


def test_usage_below_the_limit_passes(region):
    discount = DiscountFactory(code="USED", regions=[region], usage_limit=2, usage_count=1, starts_at=NOW)
    discount_validate_for_cart(discount, region_id=region.id, now=NOW)


def test_not_started(region):
    discount = DiscountFactory(code="SOON", regions=[region], starts_at=NOW + timedelta(seconds=1))
    assert raised(discount, region.id) == (ErrorType.NOT_ALLOWED, "Discount SOON is not valid yet")


def test_expired(region):
    discount = DiscountFactory(
        code="OLD", regions=[region], starts_at=NOW - timedelta(days=2), ends_at=NOW - timedelta(seconds=1)
    )
    assert raised(discount, region.id) == (ErrorType.NOT_ALLOWED, "Discount OLD is expired")


def test_disabled(region):
    discount = DiscountFactory(code="OFF", regions=[region], starts_at=NOW, is_disabled=True)
    assert raised(discount, region.id) == (ErrorType.NOT_ALLOWED, "The discount code OFF is disabled")


def test_other_region(region, other_region):
    discount = DiscountFactory(code="EU", regions=[other_region], starts_at=NOW)
    assert raised(discount, region.id) == (ErrorType.INVALID_DATA, "The discount is not available in current region")


def test_dynamic_child_is_valid_in_its_parents_regions(region, other_region):
    # given
    parent = DiscountFactory(code="PARENT", is_dynamic=True, regions=[region], starts_at=NOW)
    child = DiscountFactory(
        code="CHILD", is_dynamic=True, parent_discount=parent, regions=[other_region], starts_at=NOW
    )
    # then
    discount_validate_for_cart(child, region_id=region.id, now=NOW)
    assert raised(child, other_region.id) == (
        ErrorType.INVALID_DATA,
        "The discount is not available in current region",
    )


def test_checks_run_in_v1s_order(region, other_region):
    # given: every check fails; the usage limit is reported first, then each next one as the previous is fixed
    discount = DiscountFactory(
        code="ALL",
        regions=[other_region],
        usage_limit=1,
        usage_count=1,
        starts_at=NOW + timedelta(days=2),
        ends_at=NOW - timedelta(days=1),
        is_disabled=True,
    )
    messages = []
    for fix in ("usage_limit", "starts_at", "ends_at", "is_disabled", None):
        messages.append(raised(discount, region.id)[1])
        if fix == "usage_limit":
            discount.usage_limit = None
        elif fix == "starts_at":
            discount.starts_at = NOW - timedelta(days=2)
        elif fix == "ends_at":
            discount.ends_at = None
        elif fix == "is_disabled":
            discount.is_disabled = False
    # then
    assert messages == [
        "Discount ALL has been used maximum allowed times",
        "Discount ALL is not valid yet",
        "Discount ALL is expired",
        "The discount code ALL is disabled",
        "The discount is not available in current region",
    ]


# --- discount_rule_data ------------------------------------------------------------------------------------------


def test_rule_data_carries_the_rule_and_its_product_conditions(region):
    # given
    only, excluded = ProductFactory(), ProductFactory()
    discount = DiscountFactory(
        code="COND", rule=DiscountRuleFactory(type="fixed", value=1000, allocation="item"), regions=[region]
    )
    DiscountCondition.objects.create(discount_rule=discount.rule, operator="in").products.add(only)
    DiscountCondition.objects.create(discount_rule=discount.rule, operator="not_in").products.add(excluded)
    # when
    data = discount_rule_data(discounts_by_codes(["COND"])[0])
    # then
    assert data == DiscountRuleData(
        id=discount.id,
        code="COND",
        type="fixed",
        value=1000,
        allocation="item",
        only_products=frozenset({only.id}),
        excluded_products=frozenset({excluded.id}),
    )
    assert data.applies_to(only.id)
    assert not data.applies_to(excluded.id)


def test_rule_data_without_conditions_applies_to_every_product(region):
    # given
    DiscountFactory(code="ALLPRODUCTS", regions=[region])
    # when
    data = discount_rule_data(discounts_by_codes(["ALLPRODUCTS"])[0])
    # then
    assert (data.type, data.value, data.allocation) == ("percentage", 10, "total")
    assert (data.only_products, data.excluded_products) == (None, None)
