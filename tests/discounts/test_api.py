from datetime import UTC, datetime

import pytest
from django.utils import timezone

from discounts.models import Discount, DiscountCondition, DiscountRule
from tests.factories import DiscountFactory, DiscountRuleFactory, ProductFactory, RegionFactory

pytestmark = pytest.mark.django_db

DISCOUNT_KEYS = [
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "code",
    "is_dynamic",
    "rule_id",
    "is_disabled",
    "parent_discount_id",
    "starts_at",
    "ends_at",
    "valid_duration",
    "usage_limit",
    "usage_count",
    "metadata",
    "rule",
    "parent_discount",
    "regions",
]
RULE_KEYS = ["id", "created_at", "updated_at", "deleted_at", "description", "type", "value", "allocation", "metadata"]
CONDITION_KEYS = ["id", "created_at", "updated_at", "deleted_at", "type", "operator", "discount_rule_id", "metadata"]


def create_body(region, **overrides):
    return {
        "code": "HELLOWORLD",
        "rule": {"description": "test", "type": "percentage", "value": 10, "allocation": "total"},
        "regions": [region.id],
        **overrides,
    }


def counts():
    return Discount.all_objects.count(), DiscountRule.objects.count(), DiscountCondition.objects.count()


# --- POST /admin/discounts -----------------------------------------------------------------------------------


def test_create_returns_the_discount_with_rule_conditions_and_regions(api, region):
    # given
    product = ProductFactory()
    body = create_body(
        region,
        code=" helloWorld ",
        usage_limit=10,
        metadata={"source": "test"},
        rule={
            "description": "test",
            "type": "percentage",
            "value": 10,
            "allocation": "total",
            "conditions": [{"operator": "in", "products": [product.id]}],
        },
    )
    # when
    response = api.post("/admin/discounts", body, format="json")
    # then
    assert response.status_code == 200
    discount = response.json()["discount"]
    assert list(discount) == DISCOUNT_KEYS
    assert discount["id"].startswith("disc_")
    assert discount["code"] == "HELLOWORLD"
    assert (discount["is_dynamic"], discount["is_disabled"]) == (False, False)
    assert (discount["usage_limit"], discount["usage_count"]) == (10, 0)
    assert discount["metadata"] == {"source": "test"}
    assert discount["parent_discount"] is None
    assert [r["id"] for r in discount["regions"]] == [region.id]
    assert discount["regions"][0]["currency_code"] == "usd"
    rule = discount["rule"]
    assert list(rule) == [*RULE_KEYS, "conditions"]
    assert discount["rule_id"] == rule["id"]
    assert (rule["type"], rule["value"], rule["allocation"], rule["description"]) == ("percentage", 10, "total", "test")
    assert [list(c) for c in rule["conditions"]] == [CONDITION_KEYS]
    assert rule["conditions"][0]["type"] == "products"
    assert rule["conditions"][0]["operator"] == "in"
    assert rule["conditions"][0]["discount_rule_id"] == rule["id"]
    stored = DiscountCondition.objects.get(discount_rule_id=rule["id"])
    assert list(stored.products.values_list("id", flat=True)) == [product.id]


def test_create_keeps_dates_and_duration(api, region):
    # given
    body = create_body(
        region, starts_at="2021-09-15T11:50:00.000Z", ends_at="2021-09-15T17:50:00.000Z", valid_duration="P2Y"
    )
    # when
    response = api.post("/admin/discounts", body, format="json")
    # then
    assert response.status_code == 200
    discount = response.json()["discount"]
    assert (discount["starts_at"], discount["ends_at"]) == ("2021-09-15T11:50:00.000Z", "2021-09-15T17:50:00.000Z")
    assert discount["valid_duration"] == "P2Y"


def test_create_with_a_live_discounts_code_is_a_duplicate_error(api, region):
    # given
    DiscountFactory(code="TESTING", regions=[region])
    before = counts()
    # when
    response = api.post("/admin/discounts", create_body(region, code="testing"), format="json")
    # then
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid_request_error",
        "type": "duplicate_error",
        "message": "Discount with code TESTING already exists.",
    }
    assert counts() == before


def test_create_reuses_the_code_of_a_deleted_discount(api, region):
    # given
    discount = DiscountFactory(code="TESTING", regions=[region])
    api.delete(f"/admin/discounts/{discount.id}")
    # when
    response = api.post("/admin/discounts", create_body(region, code="TESTING"), format="json")
    # then
    assert response.status_code == 200
    assert response.json()["discount"]["code"] == "TESTING"


def test_create_percentage_above_100_is_refused(api, region):
    # given
    body = create_body(region, rule={"type": "percentage", "value": 101, "allocation": "total"})
    # when
    response = api.post("/admin/discounts", body, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": "Discount value above 100 is not allowed when type is percentage",
    }
    assert counts() == (0, 0, 0)


def test_create_fixed_discount_with_two_regions_is_refused(api, region, other_region):
    # given
    body = create_body(
        region, rule={"type": "fixed", "value": 1000, "allocation": "total"}, regions=[region.id, other_region.id]
    )
    # when
    response = api.post("/admin/discounts", body, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": "Fixed discounts can have one region"}
    assert counts() == (0, 0, 0)


def test_create_with_an_unknown_region_is_not_found(api, region):
    # when
    response = api.post("/admin/discounts", create_body(region, regions=[region.id, "reg_nope"]), format="json")
    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Region with reg_nope was not found"}
    assert counts() == (0, 0, 0)


def test_create_without_regions_is_refused(api, region):
    # when
    response = api.post("/admin/discounts", create_body(region, regions=[]), format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": "Discount must have atleast 1 region"}
    assert counts() == (0, 0, 0)


def test_create_with_an_unknown_product_in_a_condition_changes_nothing(api, region):
    # given
    rule = {
        "type": "percentage",
        "value": 10,
        "allocation": "total",
        "conditions": [{"operator": "in", "products": ["prod_nope"]}],
    }
    # when
    response = api.post("/admin/discounts", create_body(region, rule=rule), format="json")
    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Product with product_id prod_nope does not exist."}
    assert counts() == (0, 0, 0)


def test_create_with_two_conditions_of_one_operator_is_a_duplicate_error(api, region):
    # given
    first, second = ProductFactory(), ProductFactory()
    conditions = [{"operator": "in", "products": [first.id]}, {"operator": "in", "products": [second.id]}]
    rule = {"type": "percentage", "value": 10, "allocation": "total", "conditions": conditions}
    # when
    response = api.post("/admin/discounts", create_body(region, rule=rule), format="json")
    # then
    assert response.status_code == 422
    assert response.json()["message"] == (
        "Discount Condition with operator 'in' and type 'products' already exist on a Discount Rule"
    )
    assert counts() == (0, 0, 0)


def test_create_with_a_condition_without_products_is_refused(api, region):
    # given
    rule = {"type": "percentage", "value": 10, "allocation": "total", "conditions": [{"operator": "in"}]}
    # when
    response = api.post("/admin/discounts", create_body(region, rule=rule), format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": "Missing one of products, collections, tags, types or customer groups in data",
    }
    assert counts() == (0, 0, 0)


def test_create_with_an_empty_body_lists_every_violation_in_v1_order(api):
    # when
    response = api.post("/admin/discounts", {}, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": "code should not be empty, code must be a string, rule should not be empty, "
        "each value in regions must be a string, regions must be an array",
    }


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            {"type": "bogus", "value": 10, "allocation": "total"},
            'Invalid rule type, must be one of "fixed", "percentage" or "free_shipping"',
        ),
        (
            {"type": "fixed", "value": "10", "allocation": "total"},
            "value must be a number conforming to the specified constraints",
        ),
        (
            {"type": "fixed", "value": 10, "allocation": "all"},
            'Invalid allocation type, must be one of "total" or "item"',
        ),
        (
            {"type": "fixed", "value": 10, "allocation": "total", "product_types": []},
            "property product_types should not exist",
        ),
        (
            {
                "type": "fixed",
                "value": 10,
                "allocation": "total",
                "conditions": [{"operator": "in", "product_tags": ["t"]}],
            },
            "property product_tags should not exist",
        ),
        ("percentage", "nested property rule must be either object or array"),
        ({"type": "fixed", "value": -1, "allocation": "total"}, "value must not be less than 0"),
        ({"type": "fixed", "value": 9.5, "allocation": "total"}, "value must be an integer number"),
    ],
)
def test_create_rule_validation_messages(api, region, rule, message):
    # when
    response = api.post("/admin/discounts", create_body(region, rule=rule), format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": message}
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"usage_limit": 0}, "usage_limit must be a positive number"),
        (
            {"usage_limit": "ten"},
            "usage_limit must be a positive number, "
            "usage_limit must be a number conforming to the specified constraints",
        ),
        ({"valid_duration": "two years"}, '"valid_duration" must be a valid ISO 8601 duration'),
        ({"starts_at": "yesterday"}, "starts_at must be a Date instance"),
        (
            {"starts_at": "2021-09-15T11:50:00Z", "ends_at": "2021-09-14T17:50:00Z"},
            '"ends_at" must be greater than "starts_at"',
        ),
        ({"is_dynamic": "yes"}, "is_dynamic must be a boolean value"),
        ({"regions": "reg_1"}, "regions must be an array"),
        ({"regions": [1]}, "each value in regions must be a string"),
        ({"metadata": []}, "metadata must be an object"),
        ({"code": ""}, "code should not be empty"),
        ({"usage_count": 3}, "property usage_count should not exist"),
    ],
)
def test_create_validation_messages(api, region, overrides, message):
    # when
    response = api.post("/admin/discounts", create_body(region, **overrides), format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": message}
    assert counts() == (0, 0, 0)


# --- GET /admin/discounts/{id}, /admin/discounts/code/{code} ---------------------------------------------------


def test_retrieve_returns_the_discount_with_its_parent(api, region):
    # given
    parent = DiscountFactory(code="PARENT", is_dynamic=True, regions=[region])
    child = DiscountFactory(code="CHILD", is_dynamic=True, rule=parent.rule, parent_discount=parent)
    # when
    response = api.get(f"/admin/discounts/{child.id}")
    # then
    assert response.status_code == 200
    discount = response.json()["discount"]
    assert discount["id"] == child.id
    assert discount["parent_discount_id"] == parent.id
    assert discount["parent_discount"]["code"] == "PARENT"
    assert "rule" not in discount["parent_discount"]
    assert discount["regions"] == []


def test_retrieve_unknown_or_deleted_discount_is_not_found(api, region):
    # given
    deleted = DiscountFactory(regions=[region], deleted_at=timezone.now())
    for discount_id in ("disc_nope", deleted.id):
        # when
        response = api.get(f"/admin/discounts/{discount_id}")
        # then
        assert response.status_code == 404
        assert response.json() == {"type": "not_found", "message": f"Discount with id {discount_id} was not found"}


def test_retrieve_refuses_unknown_query_keys(api, region):
    # given
    discount = DiscountFactory(regions=[region])
    # when
    response = api.get(f"/admin/discounts/{discount.id}?expand=rule&foo=1")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": "property foo should not exist"}


def test_retrieve_by_code_normalises_the_code(api, region):
    # given
    discount = DiscountFactory(code="TESTCODE", regions=[region])
    # when
    response = api.get("/admin/discounts/code/testcode")
    # then
    assert response.status_code == 200
    assert response.json()["discount"]["id"] == discount.id
    assert list(response.json()["discount"]) == DISCOUNT_KEYS


def test_retrieve_by_unknown_code_quotes_the_code_as_given(api):
    # when
    response = api.get("/admin/discounts/code/nope")
    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Discounts with code nope was not found"}


# --- GET /admin/discounts --------------------------------------------------------------------------------------


@pytest.fixture
def listed(region):
    percentage = DiscountRuleFactory(type="percentage", value=10)
    fixed = DiscountRuleFactory(type="fixed", value=10, allocation="item")
    return {
        "testing": DiscountFactory(code="TESTING", rule=percentage),
        "barca": DiscountFactory(code="BARCA100", rule=percentage),
        "dynamic": DiscountFactory(code="DYN100", rule=percentage, is_dynamic=True),
        "disabled": DiscountFactory(code="DIS100", rule=percentage, is_disabled=True),
        "fixed": DiscountFactory(code="FIXED100", rule=fixed),
    }


def listed_codes(response):
    assert response.status_code == 200, response.json()
    return [discount["code"] for discount in response.json()["discounts"]]


def test_list_is_newest_first_with_v1s_envelope_and_default_limit_20(api, listed):
    # when
    response = api.get("/admin/discounts")
    # then
    assert listed_codes(response) == ["FIXED100", "DIS100", "DYN100", "BARCA100", "TESTING"]
    body = response.json()
    assert (body["count"], body["offset"], body["limit"]) == (5, 0, 20)
    assert list(body) == ["discounts", "count", "offset", "limit"]
    assert list(body["discounts"][0]) == DISCOUNT_KEYS


def test_list_q_matches_part_of_the_code_case_insensitively(api, listed):
    assert listed_codes(api.get("/admin/discounts?q=barca")) == ["BARCA100"]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("is_dynamic=true", ["DYN100"]),
        ("is_disabled=true", ["DIS100"]),
        ("is_disabled=false&is_dynamic=false", ["FIXED100", "BARCA100", "TESTING"]),
        ("is_dynamic=maybe", ["FIXED100", "DIS100", "DYN100", "BARCA100", "TESTING"]),
        ("rule[type]=fixed", ["FIXED100"]),
        ("rule[allocation]=item", ["FIXED100"]),
        ("order=code", ["BARCA100", "DIS100", "DYN100", "FIXED100", "TESTING"]),
        ("limit=2&offset=1", ["DIS100", "DYN100"]),
        ("expand=rule,regions&fields=id", ["FIXED100", "DIS100", "DYN100", "BARCA100", "TESTING"]),
    ],
)
def test_list_filters(api, listed, query, codes):
    assert listed_codes(api.get(f"/admin/discounts?{query}")) == codes


def test_list_filters_by_creation_date(api, listed):
    # given
    Discount.objects.filter(pk=listed["testing"].pk).update(created_at=datetime(2020, 1, 1, tzinfo=UTC))
    # when
    response = api.get("/admin/discounts?created_at[lt]=2021-01-01")
    # then
    assert listed_codes(response) == ["TESTING"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("rule[type]=blah", "type must be a valid enum value"),
        ("rule[allocation]=blah", "allocation must be a valid enum value"),
        ("rule=fixed", "nested property rule must be either object or array"),
        ("limit=ten", "limit must be a number conforming to the specified constraints"),
        ("order=nope", "Order field nope is not valid"),
        ("foo=1", "property foo should not exist"),
    ],
)
def test_list_refuses_bad_queries(api, query, message):
    # when
    response = api.get(f"/admin/discounts?{query}")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": message}


def test_list_query_budget_does_not_grow_with_the_page(api, django_assert_max_num_queries):
    def make(count):
        for _ in range(count):
            product = ProductFactory()
            discount = DiscountFactory(regions=RegionFactory.create_batch(2), parent_discount=DiscountFactory())
            DiscountCondition.objects.create(discount_rule=discount.rule, operator="in").products.add(product)

    # authentication (1) + count + page + conditions + regions
    for count in (3, 30):
        # given
        make(count)
        # when
        with django_assert_max_num_queries(5):
            response = api.get("/admin/discounts?limit=100")
        # then
        assert response.status_code == 200
        assert all(d["rule"]["conditions"] for d in response.json()["discounts"] if d["parent_discount_id"])


# --- POST /admin/discounts/{id} --------------------------------------------------------------------------------


@pytest.fixture
def discount(region):
    return DiscountFactory(
        code="HELLOWORLD",
        rule=DiscountRuleFactory(type="percentage", value=10, description="test"),
        regions=[region],
        starts_at=datetime(2021, 9, 15, 11, 50, tzinfo=UTC),
        metadata={"keep": 1, "drop": 2},
    )


def test_update_changes_only_the_given_fields(api, discount, other_region):
    # when
    response = api.post(
        f"/admin/discounts/{discount.id}",
        {
            "code": "helloworld_test",
            "usage_limit": 20,
            "is_disabled": True,
            "ends_at": "2021-09-17T17:50:00.000Z",
            "regions": [other_region.id],
            "metadata": {"drop": "", "new": "x"},
            "rule": {"id": discount.rule_id, "value": 15, "description": "new"},
        },
        format="json",
    )
    # then
    assert response.status_code == 200
    body = response.json()["discount"]
    assert body["code"] == "HELLOWORLD_TEST"
    assert (body["usage_limit"], body["is_disabled"]) == (20, True)
    assert body["ends_at"] == "2021-09-17T17:50:00.000Z"
    assert body["starts_at"] == "2021-09-15T11:50:00.000Z"
    assert [r["id"] for r in body["regions"]] == [other_region.id]
    assert body["metadata"] == {"keep": 1, "new": "x"}
    assert (body["rule"]["value"], body["rule"]["description"], body["rule"]["type"]) == (15, "new", "percentage")


def test_update_with_null_clears_nullable_fields(api, discount):
    # given
    Discount.objects.filter(pk=discount.pk).update(usage_limit=5, ends_at=timezone.now(), valid_duration="P1D")
    # when
    response = api.post(
        f"/admin/discounts/{discount.id}", {"usage_limit": None, "ends_at": None, "valid_duration": None}, format="json"
    )
    # then
    assert response.status_code == 200
    body = response.json()["discount"]
    assert (body["usage_limit"], body["ends_at"], body["valid_duration"]) == (None, None, None)


def test_update_upserts_conditions(api, discount):
    # given
    first, second, third = ProductFactory(), ProductFactory(), ProductFactory()
    condition = DiscountCondition.objects.create(discount_rule=discount.rule, operator="in")
    condition.products.add(first)
    # when
    response = api.post(
        f"/admin/discounts/{discount.id}",
        {
            "rule": {
                "id": discount.rule_id,
                "conditions": [
                    {"id": condition.id, "operator": "not_in", "products": [second.id, third.id]},
                    {"operator": "in", "products": [first.id]},
                ],
            }
        },
        format="json",
    )
    # then
    assert response.status_code == 200
    conditions = response.json()["discount"]["rule"]["conditions"]
    assert sorted((c["id"] == condition.id, c["operator"]) for c in conditions) == [(False, "in"), (True, "not_in")]
    condition.refresh_from_db()
    assert set(condition.products.values_list("id", flat=True)) == {second.id, third.id}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"rule": {"type": "fixed"}}, "property type should not exist, id should not be empty, id must be a string"),
        ({"is_dynamic": True}, "property is_dynamic should not exist"),
        ({"usage_limit": -1}, "usage_limit must be a positive number"),
        ({"ends_at": "2021-09-14T17:50:00.000Z"}, '"ends_at" must be greater than "starts_at"'),
        ({"regions": ["reg_nope"]}, "Region with reg_nope was not found"),
        ({"rule": {"id": "RULE", "value": 101}}, "Discount value above 100 is not allowed when type is percentage"),
        ({"rule": {"id": "RULE", "allocation": "x"}}, 'Invalid allocation type, must be one of "total" or "item"'),
        (
            {"rule": {"id": "RULE", "conditions": [{"id": "discon_nope", "products": ["p"]}]}},
            "DiscountCondition with id discon_nope was not found",
        ),
        (
            {"rule": {"id": "RULE", "conditions": [{"products": ["p"]}]}},
            "Can't insert null value in field operator on insert in table discount_condition",
        ),
    ],
)
def test_update_refusals_change_nothing(api, discount, body, message):
    # given
    if "rule" in body and body["rule"].get("id") == "RULE":
        body["rule"]["id"] = discount.rule_id
    before = Discount.objects.values().get(pk=discount.pk), DiscountRule.objects.values().get(pk=discount.rule_id)
    # when
    response = api.post(f"/admin/discounts/{discount.id}", body, format="json")
    # then
    assert response.status_code in (400, 404)
    assert response.json()["message"] == message
    after = Discount.objects.values().get(pk=discount.pk), DiscountRule.objects.values().get(pk=discount.rule_id)
    assert after == before


def test_update_with_another_discounts_rule_is_refused(api, discount, region):
    # given
    other = DiscountFactory(regions=[region])
    # when
    response = api.post(f"/admin/discounts/{discount.id}", {"rule": {"id": other.rule_id, "value": 50}}, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": f"Discount {discount.id} has rule {discount.rule_id}, not {other.rule_id}",
    }
    assert DiscountRule.objects.get(pk=other.rule_id).value == 10


def test_update_to_a_taken_code_is_a_duplicate_error(api, discount, region):
    # given
    DiscountFactory(code="TAKEN", regions=[region])
    # when
    response = api.post(f"/admin/discounts/{discount.id}", {"code": "taken"}, format="json")
    # then
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid_request_error",
        "type": "duplicate_error",
        "message": "Discount with code TAKEN already exists.",
    }
    assert Discount.objects.get(pk=discount.pk).code == "HELLOWORLD"


def test_update_fixed_discount_to_two_regions_is_refused(api, region, other_region):
    # given
    fixed = DiscountFactory(rule=DiscountRuleFactory(type="fixed", value=1000), regions=[region])
    # when
    response = api.post(f"/admin/discounts/{fixed.id}", {"regions": [region.id, other_region.id]}, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": "Fixed discounts can have one region"}
    assert list(fixed.regions.all()) == [region]


def test_update_unknown_discount_is_not_found(api):
    # when
    response = api.post("/admin/discounts/disc_nope", {"usage_limit": 2}, format="json")
    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Discount with id disc_nope was not found"}


# --- DELETE /admin/discounts/{id} ------------------------------------------------------------------------------


def test_delete_soft_deletes_the_discount(api, discount):
    # when
    response = api.delete(f"/admin/discounts/{discount.id}")
    # then
    assert response.status_code == 200
    assert response.json() == {"id": discount.id, "object": "discount", "deleted": True}
    assert not Discount.objects.filter(pk=discount.pk).exists()
    assert Discount.all_objects.get(pk=discount.pk).deleted_at is not None


def test_delete_unknown_discount_succeeds_as_in_v1(api):
    # when
    response = api.delete("/admin/discounts/disc_nope")
    # then
    assert response.status_code == 200
    assert response.json() == {"id": "disc_nope", "object": "discount", "deleted": True}


# --- POST/DELETE /admin/discounts/{id}/regions/{region_id} -------------------------------------------------------


def test_add_region(api, discount, region, other_region):
    # when
    response = api.post(f"/admin/discounts/{discount.id}/regions/{other_region.id}")
    # then
    assert response.status_code == 200
    assert {r["id"] for r in response.json()["discount"]["regions"]} == {region.id, other_region.id}


def test_add_region_already_there_changes_nothing(api, discount, region):
    # when
    response = api.post(f"/admin/discounts/{discount.id}/regions/{region.id}")
    # then
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["discount"]["regions"]] == [region.id]


def test_add_second_region_to_fixed_discount_is_refused(api, region, other_region):
    # given
    fixed = DiscountFactory(rule=DiscountRuleFactory(type="fixed", value=1000), regions=[region])
    # when
    response = api.post(f"/admin/discounts/{fixed.id}/regions/{other_region.id}")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": "Fixed discounts can have one region"}
    assert list(fixed.regions.all()) == [region]


@pytest.mark.parametrize("method", ["post", "delete"])
def test_region_endpoints_with_unknown_discount_are_not_found(api, region, method):
    # when
    response = getattr(api, method)(f"/admin/discounts/disc_nope/regions/{region.id}")
    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Discount with id disc_nope was not found"}


def test_add_unknown_region_is_not_found(api, discount):
    # when
    response = api.post(f"/admin/discounts/{discount.id}/regions/reg_nope")
    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Region with reg_nope was not found"}


def test_remove_region(api, discount, region):
    # when
    response = api.delete(f"/admin/discounts/{discount.id}/regions/{region.id}")
    # then
    assert response.status_code == 200
    assert response.json()["discount"]["regions"] == []
    assert not discount.regions.exists()


def test_remove_region_the_discount_does_not_have_changes_nothing(api, discount, region):
    # when
    response = api.delete(f"/admin/discounts/{discount.id}/regions/reg_nope")
    # then
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["discount"]["regions"]] == [region.id]


def test_endpoints_need_authentication(anonymous_client):
    assert anonymous_client.get("/admin/discounts").status_code == 401
