import pytest

from regions.models import Country, Region, ShippingOption
from tests.factories import (
    RegionFactory,
    ShippingOptionFactory,
    ShippingOptionRequirementFactory,
    UserFactory,
    country,
    currency,
    default_profile,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def region_form(**overrides):
    return {
        "name": "Europe",
        "currency": "eur",
        "tax_rate": "25",
        "tax_code": "",
        "gift_cards_taxable": "on",
        "automatic_taxes": "on",
        "payment_providers": ["manual"],
        "fulfillment_providers": ["manual"],
        "countries": [country("dk").pk, country("de").pk],
        "_save": "Save",
        **overrides,
    }


def option_form(region, requirements=(), **overrides):
    form = {
        "name": "Standard",
        "region": region.pk,
        "profile": default_profile().pk,
        "provider": "manual",
        "price_type": "flat_rate",
        "amount": "10.00",
        "data": "{}",
        "requirements-TOTAL_FORMS": str(len(requirements)),
        "requirements-INITIAL_FORMS": "0",
        "requirements-MIN_NUM_FORMS": "0",
        "requirements-MAX_NUM_FORMS": "1000",
        "_save": "Save",
        **overrides,
    }
    for index, (requirement_type, amount) in enumerate(requirements):
        form[f"requirements-{index}-type"] = requirement_type
        form[f"requirements-{index}-amount"] = str(amount)
    return form


@pytest.mark.parametrize(
    "model",
    ["region", "shippingoption", "shippingprofile", "currency", "country", "paymentprovider", "fulfillmentprovider"],
)
def test_changelists_render(staff, model):
    # given
    ShippingOptionRequirementFactory(shipping_option=ShippingOptionFactory(region=RegionFactory(countries=["us"])))
    # when
    response = staff.get(f"/staff/regions/{model}/")
    # then
    assert response.status_code == 200


def test_changelists_search(staff):
    # given
    RegionFactory(name="Nordics")
    # then
    assert b"Nordics" in staff.get("/staff/regions/region/?q=nord").content
    assert b"Denmark" in staff.get("/staff/regions/country/?q=dk").content
    assert b"US Dollar" in staff.get("/staff/regions/currency/?q=usd").content


def test_shipping_option_list_shows_money_as_staff_read_it(staff):
    # given
    ShippingOptionFactory(amount=123450)
    # when
    page = staff.get("/staff/regions/shippingoption/").content.decode()
    # then
    assert "$1,234.50" in page
    assert "123450" not in page


@pytest.mark.parametrize("model", ["region", "shippingoption", "shippingprofile"])
def test_add_pages_render(staff, model):
    assert staff.get(f"/staff/regions/{model}/add/").status_code == 200


def test_change_pages_render(staff):
    # given
    option = ShippingOptionFactory(region=RegionFactory(countries=["us"]))
    ShippingOptionRequirementFactory(shipping_option=option, amount=10000)
    # then
    assert staff.get(f"/staff/regions/region/{option.region_id}/change/").status_code == 200
    page = staff.get(f"/staff/regions/shippingoption/{option.id}/change/")
    assert page.status_code == 200
    assert 'name="requirements-0-amount" value="100.00"' in page.content.decode()


def test_add_region_through_the_admin_creates_what_the_api_creates(staff, api):
    # when
    response = staff.post("/staff/regions/region/add/", region_form())
    api_region = api.post(
        "/admin/regions",
        {
            "name": "Europe",
            "currency_code": "eur",
            "tax_rate": 25,
            "payment_providers": ["manual"],
            "fulfillment_providers": ["manual"],
            "countries": ["se"],
        },
        format="json",
    ).json()["region"]
    # then
    assert response.status_code == 302
    admin_region = Region.objects.exclude(pk=api_region["id"]).get()
    api_row = Region.objects.get(pk=api_region["id"])

    def shape(region):
        return (
            region.name,
            region.currency_id,
            region.tax_rate,
            region.tax_code,
            region.gift_cards_taxable,
            region.automatic_taxes,
            region.metadata,
            list(region.payment_providers.values_list("id", flat=True)),
            list(region.fulfillment_providers.values_list("id", flat=True)),
        )

    assert shape(admin_region) == shape(api_row)
    assert sorted(admin_region.countries.values_list("iso_2", flat=True)) == ["de", "dk"]


def test_admin_region_form_shows_v1_errors_and_changes_nothing(staff):
    # given
    other = RegionFactory(countries=[])
    Country.objects.filter(iso_2="de").update(region=other)
    # when: de is not offered, and a bad tax rate is refused in v1's words
    response = staff.post("/staff/regions/region/add/", region_form(countries=[country("dk").pk], tax_rate="150"))
    # then
    assert response.status_code == 200
    assert "The tax_rate must be between 0 and 1" in response.content.decode()
    assert list(Region.objects.all()) == [other]
    assert country("dk").region_id is None


def test_change_and_delete_region_through_the_admin(staff):
    # given
    region = RegionFactory(name="Old", countries=["us"])
    # when
    changed = staff.post(
        f"/staff/regions/region/{region.pk}/change/",
        region_form(name="New", currency="usd", countries=[country("ca").pk]),
    )
    deleted = staff.post(f"/staff/regions/region/{region.pk}/delete/", {"post": "yes"})
    # then
    assert changed.status_code == 302
    assert deleted.status_code == 302
    row = Region.all_objects.get(pk=region.pk)
    assert row.name == "New"
    assert row.deleted_at is not None
    assert not Country.objects.filter(region=row).exists()


def test_add_shipping_option_with_requirement_through_the_admin(staff):
    # given
    region = RegionFactory()
    # when
    response = staff.post(
        "/staff/regions/shippingoption/add/", option_form(region, requirements=[("min_subtotal", "1,000.50")])
    )
    # then
    assert response.status_code == 302
    option = ShippingOption.objects.get()
    assert (option.name, option.amount, option.provider_id, option.region_id) == ("Standard", 1000, "manual", region.pk)
    assert list(option.requirements.values_list("type", "amount")) == [("min_subtotal", 100050)]


def test_admin_shipping_option_shows_v1_errors_and_changes_nothing(staff):
    # given
    region = RegionFactory()
    # when
    negative = staff.post("/staff/regions/shippingoption/add/", option_form(region, amount="-5"))
    missing = staff.post("/staff/regions/shippingoption/add/", option_form(region, amount=""))
    duplicate = staff.post(
        "/staff/regions/shippingoption/add/",
        option_form(region, requirements=[("min_subtotal", "0.01"), ("min_subtotal", "0.02")]),
    )
    # then
    assert negative.status_code == missing.status_code == duplicate.status_code == 200
    assert negative.context["adminform"].form.errors == {"amount": ["Ensure this value is greater than or equal to 0."]}
    assert "Shipping options of type `flat_rate` must have an `amount`" in missing.content.decode()
    assert "Only one requirement of each type is allowed" in duplicate.content.decode()
    assert not ShippingOption.all_objects.exists()


def test_change_and_delete_shipping_option_through_the_admin(staff):
    # given
    option = ShippingOptionFactory(amount=1000)
    requirement = ShippingOptionRequirementFactory(shipping_option=option, type="min_subtotal", amount=5)
    form = option_form(option.region, name="Renamed", amount="7.00")
    form.update(
        {
            "requirements-TOTAL_FORMS": "1",
            "requirements-INITIAL_FORMS": "1",
            "requirements-0-id": requirement.pk,
            "requirements-0-shipping_option": option.pk,
            "requirements-0-type": "min_subtotal",
            "requirements-0-amount": "0.05",
            "requirements-0-DELETE": "on",
        }
    )
    # when
    changed = staff.post(f"/staff/regions/shippingoption/{option.pk}/change/", form)
    deleted = staff.post(f"/staff/regions/shippingoption/{option.pk}/delete/", {"post": "yes"})
    # then
    assert changed.status_code == 302
    assert deleted.status_code == 302
    row = ShippingOption.all_objects.get(pk=option.pk)
    assert (row.name, row.amount) == ("Renamed", 700)
    assert row.deleted_at is not None
    requirement.refresh_from_db()
    assert requirement.deleted_at is not None


def test_add_shipping_profile_through_the_admin(staff):
    # when
    response = staff.post("/staff/regions/shippingprofile/add/", {"name": "Bulky", "type": "custom", "_save": "Save"})
    # then
    assert response.status_code == 302
    assert b"Bulky" in staff.get("/staff/regions/shippingprofile/").content


def test_region_list_filters_by_the_currencies_that_live_regions_use(staff):
    # given
    RegionFactory(name="Shop US")
    RegionFactory(name="Shop EU", currency=currency("eur"))
    gone = RegionFactory(name="Shop JP", currency=currency("jpy"))
    staff.post(f"/staff/regions/region/{gone.pk}/delete/", {"post": "yes"})
    # when
    page = staff.get("/staff/regions/region/")
    filtered = staff.get("/staff/regions/region/", {"currency__code__exact": "eur"})
    # then
    changelist = page.context["cl"]
    (currency_filter,) = changelist.filter_specs
    offered = [choice["display"] for choice in currency_filter.choices(changelist)]
    assert offered == ["All", "EUR (Euro)", "USD (US Dollar)"]
    assert [region.name for region in filtered.context["cl"].result_list] == ["Shop EU"]


@pytest.mark.parametrize(
    ("code", "price", "minimum", "stored"),
    [
        ("eur", "4.50", "1,000.00", (450, 100000)),
        ("jpy", "1,500", "10,000", (1500, 10000)),
        ("kwd", "1.250", "20", (1250, 20000)),
    ],
)
def test_shipping_option_amounts_are_typed_in_the_regions_currency(staff, code, price, minimum, stored):
    # given
    region = RegionFactory(currency=currency(code))
    # when
    response = staff.post(
        "/staff/regions/shippingoption/add/",
        option_form(region, amount=price, requirements=[("min_subtotal", minimum)]),
    )
    # then
    assert response.status_code == 302
    option = ShippingOption.objects.get()
    assert (option.amount, option.requirements.get().amount) == stored


@pytest.mark.parametrize(
    ("price", "minimum", "option_errors", "requirement_errors"),
    [
        ("5.001", "0", {"amount": ["EUR amounts have at most 2 decimals."]}, {}),
        ("abc", "0", {"amount": ["Enter an amount such as 1,234.50."]}, {}),
        ("5", "4,50", {}, {"amount": ["Enter an amount such as 1,234.50."]}),
        ("5", "-1", {}, {"amount": ["Ensure this value is greater than or equal to 0."]}),
    ],
)
def test_a_mistyped_shipping_amount_is_shown_on_its_box_and_nothing_is_saved(
    staff, price, minimum, option_errors, requirement_errors
):
    # given
    region = RegionFactory(currency=currency("eur"))
    form = option_form(region, amount=price, requirements=[("min_subtotal", minimum)])
    # when
    response = staff.post("/staff/regions/shippingoption/add/", form)
    # then
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == option_errors
    assert response.context["inline_admin_formsets"][0].formset.errors == [requirement_errors]
    assert not ShippingOption.all_objects.exists()


def test_without_a_region_the_amounts_say_they_need_its_currency(staff):
    # given
    form = {**option_form(RegionFactory(), requirements=[("min_subtotal", "10")]), "region": ""}
    # when
    response = staff.post("/staff/regions/shippingoption/add/", form)
    # then
    assert response.status_code == 200
    needs_region = ["Choose the region first: the amount is in its currency."]
    assert response.context["adminform"].form.errors == {"region": ["This field is required."], "amount": needs_region}
    assert response.context["inline_admin_formsets"][0].formset.errors == [{"amount": needs_region}]
    assert not ShippingOption.all_objects.exists()


def test_shipping_option_pages_show_amounts_in_the_regions_currency(staff):
    # given
    region = RegionFactory(name="Japan", currency=currency("jpy"))
    option = ShippingOptionFactory(region=region, amount=1500)
    ShippingOptionRequirementFactory(shipping_option=option, amount=10000)
    # when
    add_page = staff.get("/staff/regions/shippingoption/add/").content.decode()
    change_page = staff.get(f"/staff/regions/shippingoption/{option.pk}/change/").content.decode()
    listed = staff.get("/staff/regions/shippingoption/").content.decode()
    # then: the add page tags each region with its currency for the box beside the amount
    assert f'<option value="{region.pk}" data-currency="JPY">Japan</option>' in add_page
    assert 'data-currency-from="region"' in add_page
    assert "In the region&#x27;s currency, e.g. 1,234.50." in add_page
    assert 'name="amount" value="1500"' in change_page
    assert 'name="requirements-0-amount" value="10000"' in change_page
    assert '<span class="money-currency">JPY</span>' in change_page
    assert "In JPY, e.g. 1,234." in change_page
    assert "¥1,500" in listed
