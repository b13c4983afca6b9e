import pytest

from regions.models import ShippingOption, ShippingOptionRequirement, ShippingProfile
from tests.factories import (
    RegionFactory,
    ShippingOptionFactory,
    ShippingOptionRequirementFactory,
    currency,
    default_profile,
)

pytestmark = pytest.mark.django_db

OPTION_KEYS = [
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "name",
    "region_id",
    "profile_id",
    "provider_id",
    "price_type",
    "amount",
    "is_return",
    "admin_only",
    "data",
    "metadata",
    "region",
    "profile",
    "requirements",
]


@pytest.fixture
def region():
    return RegionFactory(name="Europe", currency=currency("eur"), tax_rate=25, countries=["dk"])


def create_body(region, **overrides):
    return {
        "name": "Standard",
        "region_id": region.id,
        "provider_id": "manual",
        "data": {},
        "price_type": "flat_rate",
        "amount": 1000,
        **overrides,
    }


def option_rows():
    return sorted(ShippingOption.all_objects.values_list("id", "name", "amount", "admin_only", "deleted_at"))


def requirement_rows():
    return sorted(ShippingOptionRequirement.objects.values_list("id", "type", "amount", "deleted_at"))


# --- create ------------------------------------------------------------------------------------------------------


def test_create_shipping_option_with_requirements(api, region):
    # when
    response = api.post(
        "/admin/shipping-options",
        create_body(
            region,
            requirements=[{"type": "min_subtotal", "amount": 100}, {"type": "max_subtotal", "amount": 10000}],
            metadata={"a": "b"},
        ),
        format="json",
    )
    # then
    assert response.status_code == 200
    option = response.json()["shipping_option"]
    assert list(option) == OPTION_KEYS
    assert option["id"].startswith("so_")
    profile = default_profile()
    assert {k: option[k] for k in OPTION_KEYS[4:14]} == {
        "name": "Standard",
        "region_id": region.id,
        "profile_id": profile.id,
        "provider_id": "manual",
        "price_type": "flat_rate",
        "amount": 1000,
        "is_return": False,
        "admin_only": False,
        "data": {},
        "metadata": {"a": "b"},
    }
    assert option["region"]["id"] == region.id
    assert option["region"]["tax_rate"] == 25
    assert "countries" not in option["region"]
    assert option["profile"] == {
        "id": profile.id,
        "created_at": option["profile"]["created_at"],
        "updated_at": option["profile"]["updated_at"],
        "deleted_at": None,
        "name": "Default Shipping Profile",
        "type": "default",
        "metadata": None,
    }
    assert [(r["type"], r["amount"], r["shipping_option_id"], r["deleted_at"]) for r in option["requirements"]] == [
        ("min_subtotal", 100, option["id"], None),
        ("max_subtotal", 10000, option["id"], None),
    ]
    assert list(option["requirements"][0]) == ["id", "shipping_option_id", "type", "amount", "deleted_at"]


def test_create_shipping_option_coerces_flags_as_v1(api, region):
    # when
    response = api.post("/admin/shipping-options", create_body(region, is_return="yes", admin_only=0), format="json")
    # then
    option = response.json()["shipping_option"]
    assert (option["is_return"], option["admin_only"]) == (True, False)


def test_create_shipping_option_with_another_profile(api, region):
    # given
    gift_cards = ShippingProfile.objects.get(type="gift_card")
    # when
    response = api.post("/admin/shipping-options", create_body(region, profile_id=gift_cards.id), format="json")
    # then
    assert response.json()["shipping_option"]["profile"]["name"] == "Gift Card Profile"


def test_create_shipping_option_missing_everything(api):
    # when
    response = api.post("/admin/shipping-options", {}, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": "name must be a string, region_id must be a string, provider_id must be a string, "
        'data must be an object, Invalid price type, must be one of "flat_rate" or "calculated"',
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "10"}, "amount must be a number conforming to the specified constraints"),
        ({"amount": 10.5}, "amount must be an integer number"),
        (
            {"requirements": [{"type": "min", "amount": 1}]},
            'Invalid option type, must be one of "min_subtotal" or "max_subtotal"',
        ),
        (
            {"requirements": [{"type": "min_subtotal"}]},
            "amount must be a number conforming to the specified constraints",
        ),
        ({"requirements": ["x"]}, "nested property requirements must be either object or array"),
        ({"requirements": "x"}, "requirements must be an array"),
        ({"includes_tax": True}, "includes_tax should not exist"),  # tax-inclusive pricing is off, as in v1
    ],
)
def test_create_shipping_option_validation(api, region, overrides, message):
    # when
    response = api.post("/admin/shipping-options", create_body(region, **overrides), format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": message}
    assert option_rows() == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": -1}, "Shipping options of type `flat_rate` must have an `amount`"),
        ({"amount": None}, "Shipping options of type `flat_rate` must have an `amount`"),
        ({"price_type": "calculated"}, "The fulfillment provider cannot calculate prices for this option"),
        ({"provider_id": "dhl"}, "The fulfillment provider is not available in the provided region"),
        (
            {"requirements": [{"type": "min_subtotal", "amount": 1}, {"type": "min_subtotal", "amount": 2}]},
            "Only one requirement of each type is allowed",
        ),
        (
            {"requirements": [{"type": "min_subtotal", "amount": 500}, {"type": "max_subtotal", "amount": 100}]},
            "Max. subtotal must be greater than Min. subtotal",
        ),
        ({"requirements": [{"type": "min_subtotal", "amount": -5}]}, "amount must not be less than 0"),
    ],
)
def test_create_shipping_option_rules_change_nothing(api, region, overrides, message):
    # when
    response = api.post("/admin/shipping-options", create_body(region, **overrides), format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": message}
    assert option_rows() == []
    assert requirement_rows() == []


def test_create_shipping_option_in_unknown_region_is_404(api, region):
    # when
    response = api.post("/admin/shipping-options", create_body(region, region_id="reg_nope"), format="json")
    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Region with reg_nope was not found"}
    assert option_rows() == []


def test_create_shipping_option_with_unknown_profile_is_404(api, region):
    # when
    response = api.post("/admin/shipping-options", create_body(region, profile_id="sp_nope"), format="json")
    # then
    assert response.status_code == 404
    assert response.json() == {
        "type": "not_found",
        "message": "Shipping_profile with profile_id sp_nope does not exist.",
    }
    assert option_rows() == []


def test_create_shipping_option_requires_the_provider_in_the_region(api):
    # given
    region = RegionFactory(fulfillment_providers=[])
    # when
    response = api.post("/admin/shipping-options", create_body(region), format="json")
    # then
    assert response.status_code == 400
    assert response.json()["message"] == "The fulfillment provider is not available in the provided region"


# --- list --------------------------------------------------------------------------------------------------------


def test_list_shipping_options_adds_v1s_prices_with_the_region_tax(api, region):
    # given
    option = ShippingOptionFactory(region=region, amount=1000)
    ShippingOptionRequirementFactory(shipping_option=option, type="min_subtotal", amount=10)
    # when
    response = api.get("/admin/shipping-options")
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["offset"], body["limit"]) == (1, 0, 50)
    listed = body["shipping_options"][0]
    assert list(listed) == [*OPTION_KEYS, "price_incl_tax", "tax_rates", "tax_amount"]
    assert listed["price_incl_tax"] == 1250
    assert listed["tax_amount"] == 250
    assert listed["tax_rates"] == [{"rate": 25, "name": "default", "code": "default"}]
    assert [r["amount"] for r in listed["requirements"]] == [10]


def test_list_shipping_options_without_automatic_taxes_has_no_rates(api):
    # given
    region = RegionFactory(tax_rate=25, automatic_taxes=False)
    ShippingOptionFactory(region=region, amount=999)
    # when
    listed = api.get("/admin/shipping-options").json()["shipping_options"][0]
    # then
    assert (listed["price_incl_tax"], listed["tax_amount"], listed["tax_rates"]) == (999, 0, [])


def test_list_shipping_options_filters(api, region):
    # given
    other_region = RegionFactory()
    standard = ShippingOptionFactory(region=region, name="Standard")
    express = ShippingOptionFactory(region=region, name="Express", admin_only=True)
    returns = ShippingOptionFactory(region=region, name="Returns", is_return=True)
    elsewhere = ShippingOptionFactory(region=other_region, name="Standard elsewhere")
    ShippingOptionFactory(region=region, name="Gone", deleted_at="2020-01-01T00:00:00Z")

    def ids(query):
        response = api.get(f"/admin/shipping-options?{query}")
        assert response.status_code == 200, response.json()
        return {option["id"] for option in response.json()["shipping_options"]}

    # then
    assert ids("") == {standard.id, express.id, returns.id, elsewhere.id}
    assert ids(f"region_id={region.id}") == {standard.id, express.id, returns.id}
    assert ids("is_return=true") == {returns.id}
    assert ids("is_return=false&admin_only=false") == {standard.id, elsewhere.id}
    assert ids("admin_only=true") == {express.id}
    assert ids("admin_only=maybe") == {standard.id, express.id, returns.id, elsewhere.id}
    assert ids("q=standard") == {standard.id, elsewhere.id}
    assert ids("name=Express") == {express.id}
    assert ids(f"id[]={standard.id}&id[]={returns.id}") == {standard.id, returns.id}
    assert ids(f"id={express.id}") == {express.id}


def test_list_shipping_options_order_and_paging(api, region):
    # given
    for name in ("b", "c", "a"):
        ShippingOptionFactory(region=region, name=name)
    # when
    body = api.get("/admin/shipping-options?order=-name&offset=1&limit=1").json()
    # then
    assert [o["name"] for o in body["shipping_options"]] == ["b"]
    assert (body["count"], body["offset"], body["limit"]) == (3, 1, 1)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("region[]=x", "property region should not exist"),
        ("region_id[]=x", "region_id must be a string"),
        ("offset=x", "offset must be a number conforming to the specified constraints"),
        ("order=data", "Order field data is not valid"),
    ],
)
def test_list_shipping_options_rejects_bad_queries(api, query, message):
    # when
    response = api.get(f"/admin/shipping-options?{query}")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": message}


def test_list_shipping_options_query_count_does_not_grow_with_the_page(api, django_assert_max_num_queries):
    # given
    def add_options(count):
        for _ in range(count):
            ShippingOptionRequirementFactory(shipping_option=ShippingOptionFactory(region=RegionFactory()))

    add_options(3)
    # then
    with django_assert_max_num_queries(4):
        assert len(api.get("/admin/shipping-options").json()["shipping_options"]) == 3
    add_options(30)
    with django_assert_max_num_queries(4):
        assert len(api.get("/admin/shipping-options").json()["shipping_options"]) == 33


# --- retrieve / update / delete ----------------------------------------------------------------------------------


def test_retrieve_shipping_option(api, region):
    # given
    option = ShippingOptionFactory(region=region)
    # when
    response = api.get(f"/admin/shipping-options/{option.id}")
    # then
    assert response.status_code == 200
    assert list(response.json()["shipping_option"]) == OPTION_KEYS


@pytest.mark.parametrize(("method", "body"), [("get", None), ("post", {"requirements": []})])
def test_unknown_shipping_option_is_404(api, method, body):
    # when
    response = getattr(api, method)("/admin/shipping-options/so_nope", body, format="json")
    # then
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Shipping Option with so_nope was not found"}


def test_update_shipping_option_replaces_requirements_as_v1(api, region):
    # given
    option = ShippingOptionFactory(region=region, amount=1000, metadata={"keep": 1})
    kept = ShippingOptionRequirementFactory(shipping_option=option, type="min_subtotal", amount=100)
    dropped = ShippingOptionRequirementFactory(shipping_option=option, type="max_subtotal", amount=900)
    # when
    response = api.post(
        f"/admin/shipping-options/{option.id}",
        {
            "name": "Renamed",
            "amount": 0,
            "admin_only": True,
            "metadata": {"new": 2},
            "requirements": [
                {"id": kept.id, "type": "min_subtotal", "amount": 200},
                {"type": "max_subtotal", "amount": 5000},
            ],
        },
        format="json",
    )
    # then
    assert response.status_code == 200
    body = response.json()["shipping_option"]
    assert (body["name"], body["amount"], body["admin_only"], body["metadata"]) == (
        "Renamed",
        0,
        True,
        {"keep": 1, "new": 2},
    )
    assert [(r["type"], r["amount"]) for r in body["requirements"]] == [("min_subtotal", 200), ("max_subtotal", 5000)]
    assert body["requirements"][0]["id"] == kept.id
    assert ShippingOptionRequirement.objects.get(pk=dropped.id).deleted_at is not None


def test_update_shipping_option_with_empty_requirements_removes_them(api, region):
    # given
    option = ShippingOptionFactory(region=region)
    ShippingOptionRequirementFactory(shipping_option=option)
    # when
    response = api.post(f"/admin/shipping-options/{option.id}", {"requirements": []}, format="json")
    # then
    assert response.json()["shipping_option"]["requirements"] == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "requirements must be an array"),
        ({"requirements": [], "amount": -1}, "Shipping options of type `flat_rate` must have an `amount`"),
        (
            {"requirements": [], "price_type": "calculated"},
            "The fulfillment provider cannot calculate prices for this option",
        ),
        ({"requirements": [], "price_type": "free"}, 'Invalid price type, must be one of "flat_rate" or "calculated"'),
        (
            {"requirements": [{"type": "nope", "amount": 1}]},
            "Requirement type must be one of min_subtotal, max_subtotal",
        ),
        (
            {"requirements": [{"id": "sor_nope", "type": "min_subtotal", "amount": 1}]},
            "Shipping option requirement with id sor_nope does not exist",
        ),
        ({"requirements": [], "is_return": True}, "property is_return should not exist"),
        ({"requirements": [], "region_id": "reg_x"}, "property region_id should not exist"),
        ({"requirements": [], "admin_only": "yes"}, "admin_only must be a boolean value"),
    ],
)
def test_update_shipping_option_bad_input_changes_nothing(api, region, body, message):
    # given
    option = ShippingOptionFactory(region=region, amount=1000)
    ShippingOptionRequirementFactory(shipping_option=option, type="min_subtotal", amount=10)
    before = (option_rows(), requirement_rows())
    # when
    response = api.post(f"/admin/shipping-options/{option.id}", {**body, "name": "changed"}, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": message}
    assert (option_rows(), requirement_rows()) == before


def test_update_cannot_take_another_options_requirement(api, region):
    # given
    option = ShippingOptionFactory(region=region)
    foreign = ShippingOptionRequirementFactory(shipping_option=ShippingOptionFactory(region=region))
    # when
    response = api.post(
        f"/admin/shipping-options/{option.id}",
        {"requirements": [{"id": foreign.id, "type": "min_subtotal", "amount": 1}]},
        format="json",
    )
    # then
    assert response.status_code == 400
    assert response.json()["message"] == f"Shipping option requirement with id {foreign.id} does not exist"


def test_delete_shipping_option_is_soft_and_idempotent_as_v1(api, region):
    # given
    option = ShippingOptionFactory(region=region)
    # when
    response = api.delete(f"/admin/shipping-options/{option.id}")
    # then
    assert response.status_code == 200
    assert response.json() == {"id": option.id, "object": "shipping-option", "deleted": True}
    assert ShippingOption.all_objects.get(pk=option.id).deleted_at is not None
    assert api.get(f"/admin/shipping-options/{option.id}").status_code == 404
    # v1 answers 200 for an unknown or already deleted option too.
    assert api.delete(f"/admin/shipping-options/{option.id}").json()["deleted"] is True
    assert api.delete("/admin/shipping-options/so_nope").json() == {
        "id": "so_nope",
        "object": "shipping-option",
        "deleted": True,
    }


def test_includes_tax_is_refused_after_the_other_fields_as_v1(api, region):
    # given
    option = api.post("/admin/shipping-options", create_body(region), format="json").json()["shipping_option"]
    # when
    created = api.post("/admin/shipping-options", create_body(region, includes_tax=True), format="json")
    updated = api.post(f"/admin/shipping-options/{option['id']}", {"includes_tax": True}, format="json")
    # then
    assert (created.status_code, created.json()["message"]) == (400, "includes_tax should not exist")
    assert (updated.status_code, updated.json()["message"]) == (
        400,
        "requirements must be an array, includes_tax should not exist",
    )
    assert len(option_rows()) == 1
