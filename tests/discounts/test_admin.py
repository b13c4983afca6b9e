import pytest

from discounts.models import Discount, DiscountCondition, DiscountRule
from tests.factories import DiscountFactory, DiscountRuleFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def admin_form(region, product, **overrides):
    return {
        "code": "welcome10",
        "is_disabled": "",
        "regions": [region.id],
        "starts_at_0": "2026-01-01",
        "starts_at_1": "00:00:00",
        "ends_at_0": "",
        "ends_at_1": "",
        "valid_duration": "",
        "usage_limit": "5",
        "metadata": "",
        "rule_type": "percentage",
        "rule_value": "10",
        "rule_allocation": "total",
        "rule_description": "welcome",
        "only_products": [product.id],
        "excluded_products": [],
        "_save": "Save",
        **overrides,
    }


def stored(discount_id):
    """The rows a discount is made of, without ids and timestamps."""
    discount = Discount.objects.get(pk=discount_id)
    rule = DiscountRule.objects.values("type", "value", "allocation", "description").get(pk=discount.rule_id)
    conditions = [
        (condition.operator, sorted(condition.products.values_list("id", flat=True)))
        for condition in DiscountCondition.objects.filter(discount_rule_id=discount.rule_id)
    ]
    regions = sorted(discount.regions.values_list("id", flat=True))
    columns = (discount.code, discount.is_dynamic, discount.is_disabled, discount.usage_limit, discount.metadata)
    return columns, discount.starts_at, rule, conditions, regions


def test_changelist_renders_with_filters_and_search(staff_client, region):
    # given
    DiscountFactory(code="FIXED", rule=DiscountRuleFactory(type="fixed", value=1000), regions=[region], usage_limit=5)
    DiscountFactory(code="FREE", rule=DiscountRuleFactory(type="free_shipping", value=100), regions=[region])
    # when
    response = staff_client.get("/staff/discounts/discount/?q=fix&rule_type=fixed&is_disabled__exact=0")
    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert "FIXED" in content
    assert "$10.00<" in content
    assert "(1000)" not in content
    assert "0 / 5" in content
    assert "FREE<" not in content


def test_add_page_renders(staff_client):
    assert staff_client.get("/staff/discounts/discount/add/").status_code == 200


def test_change_page_renders_with_the_rule_and_conditions(staff_client, region):
    # given
    product = ProductFactory(title="Conditioned shirt")
    discount = DiscountFactory(regions=[region])
    DiscountCondition.objects.create(discount_rule=discount.rule, operator="in").products.add(product)
    # when
    response = staff_client.get(f"/staff/discounts/discount/{discount.pk}/change/")
    # then
    assert response.status_code == 200
    assert response.context["adminform"].form.fields["only_products"].initial == [product.pk]


def test_add_through_the_admin_creates_the_same_rows_as_the_api(staff_client, api, region):
    # given
    product = ProductFactory()
    # when
    response = staff_client.post("/staff/discounts/discount/add/", admin_form(region, product))
    api_response = api.post(
        "/admin/discounts",
        {
            "code": "welcome11",
            "starts_at": "2026-01-01T00:00:00Z",
            "usage_limit": 5,
            "regions": [region.id],
            "rule": {
                "type": "percentage",
                "value": 10,
                "allocation": "total",
                "description": "welcome",
                "conditions": [{"operator": "in", "products": [product.id]}],
            },
        },
        format="json",
    )
    # then
    assert response.status_code == 302, response.context["adminform"].form.errors
    from_admin = stored(Discount.objects.get(code="WELCOME10").pk)
    from_api = stored(api_response.json()["discount"]["id"])
    assert from_admin[1:] == from_api[1:]
    assert from_admin[0] == ("WELCOME10", False, False, 5, None)
    assert from_api[0] == ("WELCOME11", False, False, 5, None)


def test_admin_refusal_shows_the_services_message_and_saves_nothing(staff_client, region):
    # given
    product = ProductFactory()
    # when
    response = staff_client.post(
        "/staff/discounts/discount/add/", admin_form(region, product, rule_value="101"), follow=True
    )
    # then
    assert "Discount value above 100 is not allowed when type is percentage" in response.content.decode()
    assert not Discount.all_objects.exists()
    assert not DiscountRule.objects.exists()


def test_change_through_the_admin_updates_through_the_services(staff_client, region, other_region):
    # given
    kept, dropped, excluded = ProductFactory(), ProductFactory(), ProductFactory()
    discount = DiscountFactory(code="CHANGE", regions=[region], metadata={"a": 1, "b": 2})
    DiscountCondition.objects.create(discount_rule=discount.rule, operator="in").products.add(kept, dropped)
    form = admin_form(
        region,
        kept,
        code="changed",
        regions=[other_region.id],
        rule_value="20",
        metadata='{"a": 1}',
        excluded_products=[excluded.id],
    )
    # when
    response = staff_client.post(f"/staff/discounts/discount/{discount.pk}/change/", form)
    # then
    assert response.status_code == 302, response.context["adminform"].form.errors
    columns, _, rule, conditions, regions = stored(discount.pk)
    assert columns == ("CHANGED", False, False, 5, {"a": 1})
    assert (rule["type"], rule["value"]) == ("percentage", 20)
    assert sorted(conditions) == [("in", [kept.id]), ("not_in", [excluded.id])]
    assert regions == [other_region.id]


def test_delete_through_the_admin_soft_deletes(staff_client, region):
    # given
    discount = DiscountFactory(regions=[region])
    # when
    response = staff_client.post(f"/staff/discounts/discount/{discount.pk}/delete/", {"post": "yes"})
    # then
    assert response.status_code == 302
    assert Discount.all_objects.get(pk=discount.pk).deleted_at is not None


def test_a_fixed_discount_is_typed_in_its_regions_currency(staff_client, other_region):
    # given: other_region is in EUR
    form = admin_form(other_region, ProductFactory(), rule_type="fixed", rule_value="10.50", rule_allocation="total")
    # when
    response = staff_client.post("/staff/discounts/discount/add/", form)
    listed = staff_client.get("/staff/discounts/discount/")
    changing = staff_client.get(f"/staff/discounts/discount/{Discount.objects.get().pk}/change/")
    # then
    assert response.status_code == 302, response.context["adminform"].form.errors
    _, _, rule, _, _ = stored(Discount.objects.get().pk)
    assert (rule["type"], rule["value"]) == ("fixed", 1050)
    assert "€10.50<" in listed.content.decode()
    page = changing.content.decode()
    assert 'name="rule_value" value="10.50"' in page
    assert "In EUR, e.g. 1,234.50." in page


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"rule_type": "fixed", "rule_value": "10.505"}, {"rule_value": ["EUR amounts have at most 2 decimals."]}),
        (
            {"rule_type": "fixed", "rule_value": "10", "regions": []},
            {"rule_value": ["A fixed amount is in its region's currency: choose the discount's region."]},
        ),
        ({"rule_type": "percentage", "rule_value": "12.5"}, {"rule_value": ["Enter a whole number."]}),
        ({"rule_type": "percentage", "rule_value": "ten"}, {"rule_value": ["Enter an amount such as 1,234.50."]}),
    ],
)
def test_a_mistyped_discount_value_is_shown_on_its_box_and_nothing_is_saved(
    staff_client, other_region, overrides, errors
):
    # given
    form = admin_form(other_region, ProductFactory(), **overrides)
    # when
    response = staff_client.post("/staff/discounts/discount/add/", form)
    # then
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == errors
    assert not Discount.all_objects.exists()


def test_a_fixed_discount_over_regions_of_two_currencies_is_refused(staff_client, region, other_region):
    # given: USD and EUR
    form = admin_form(
        region, ProductFactory(), rule_type="fixed", rule_value="10", regions=[region.pk, other_region.pk]
    )
    # when
    response = staff_client.post("/staff/discounts/discount/add/", form)
    # then
    assert response.context["adminform"].form.errors == {
        "rule_value": ["A fixed amount is in its region's currency: choose regions of one currency."]
    }
    assert not Discount.all_objects.exists()


def test_a_percentage_discount_shows_its_value_as_a_plain_number(staff_client, region):
    # given
    discount = DiscountFactory(regions=[region], rule=DiscountRuleFactory(type="percentage", value=15))
    # when
    page = staff_client.get(f"/staff/discounts/discount/{discount.pk}/change/").content.decode()
    # then
    assert 'name="rule_value" value="15"' in page
    assert "A percentage (0-100)." in page
