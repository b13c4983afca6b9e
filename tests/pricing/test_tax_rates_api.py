"""`/admin/tax-rates` (pricing reference section 6)."""

import pytest

from pricing.models import TaxRate
from products.services import product_create
from tests.factories import RegionFactory, ShippingOptionFactory

pytestmark = pytest.mark.django_db

RATE_KEYS = ["code", "created_at", "id", "name", "rate", "region_id", "updated_at"]


@pytest.fixture
def region():
    return RegionFactory(name="DKK", tax_rate=25)


def create(api, region, **body):
    payload = {"code": "RED", "name": "reduced", "region_id": region.id, "rate": 12.5, **body}
    return api.post("/admin/tax-rates", payload, format="json")


def test_create_answers_v1s_alphabetical_keys_and_links_a_product(api, region):
    # given
    product = product_create(title="Book")
    # when: file 69
    response = create(api, region, products=[product.id])
    # then
    assert response.status_code == 200
    body = response.json()["tax_rate"]
    assert list(body) == RATE_KEYS
    assert body["id"].startswith("txr_")
    assert (body["code"], body["name"], body["rate"], body["region_id"]) == ("RED", "reduced", 12.5, region.id)
    assert list(TaxRate.objects.get().products.all()) == [product]


def test_a_rate_may_be_null(api, region):
    # when: file 72
    response = create(api, region, rate=None)
    # then
    assert response.json()["tax_rate"]["rate"] is None


def test_retrieve_expands_links_and_fields_choose_the_columns(api, region):
    # given
    product = product_create(title="Book", type={"value": "Books"})
    option = ShippingOptionFactory(region=region)
    rate_id = create(
        api, region, products=[product.id], product_types=[product.type_id], shipping_options=[option.id]
    ).json()["tax_rate"]["id"]
    # when: file 78
    expanded = api.get(f"/admin/tax-rates/{rate_id}?expand[]=products&expand[]=product_types&expand[]=shipping_options")
    narrowed = api.get(f"/admin/tax-rates/{rate_id}?fields[]=rate&fields[]=id")
    # then
    body = expanded.json()["tax_rate"]
    assert list(body) == [*RATE_KEYS, "products", "product_types", "shipping_options"]
    assert [entry["id"] for entry in body["products"]] == [product.id]
    assert "profile" not in body["products"][0] and body["products"][0]["type_id"] == product.type_id
    assert [entry["value"] for entry in body["product_types"]] == ["Books"]
    assert [entry["id"] for entry in body["shipping_options"]] == [option.id]
    assert narrowed.json() == {"tax_rate": {"id": rate_id, "rate": 12.5}}


def test_expand_must_be_an_array_of_known_relations(api, region):
    # given
    rate_id = create(api, region).json()["tax_rate"]["id"]
    # when
    plain = api.get(f"/admin/tax-rates/{rate_id}", {"expand": "products"})
    unknown = api.get(f"/admin/tax-rates/{rate_id}?expand[]=region")
    # then
    assert plain.json() == {"type": "invalid_data", "message": "expand must be an array"}
    assert unknown.status_code == 400
    assert unknown.json()["message"] == (
        "each value in expand must be one of the following values: products, product_types, shipping_options"
    )


def test_update_changes_the_rate_and_replaces_the_links(api, region):
    # given
    book, pen = product_create(title="Book"), product_create(title="Pen")
    rate_id = create(api, region, products=[book.id]).json()["tax_rate"]["id"]
    # when: file 79
    response = api.post(f"/admin/tax-rates/{rate_id}", {"rate": 7.5, "products": [pen.id]}, format="json")
    # then
    assert response.status_code == 200
    assert response.json()["tax_rate"]["rate"] == 7.5
    assert list(TaxRate.objects.get().products.all()) == [pen]


def test_batches_add_and_remove_links(api, region):
    # given
    book, pen = product_create(title="Book"), product_create(title="Pen")
    option = ShippingOptionFactory(region=region)
    rate_id = create(api, region).json()["tax_rate"]["id"]
    # when
    api.post(f"/admin/tax-rates/{rate_id}/products/batch", {"products": [book.id, pen.id]}, format="json")
    api.post(f"/admin/tax-rates/{rate_id}/shipping-options/batch", {"shipping_options": [option.id]}, format="json")
    removed = api.delete(
        f"/admin/tax-rates/{rate_id}/products/batch?expand[]=products", {"products": [book.id]}, format="json"
    )
    api.delete(f"/admin/tax-rates/{rate_id}/shipping-options/batch", {"shipping_options": [option.id]}, format="json")
    # then
    assert [entry["id"] for entry in removed.json()["tax_rate"]["products"]] == [pen.id]
    rate = TaxRate.objects.get()
    assert (list(rate.products.all()), list(rate.shipping_options.all())) == ([pen], [])


def test_product_type_batches(api, region):
    # given
    book = product_create(title="Book", type={"value": "Books"})
    rate_id = create(api, region).json()["tax_rate"]["id"]
    # when
    added = api.post(
        f"/admin/tax-rates/{rate_id}/product-types/batch?expand[]=product_types",
        {"product_types": [book.type_id]},
        format="json",
    )
    removed = api.delete(
        f"/admin/tax-rates/{rate_id}/product-types/batch", {"product_types": [book.type_id]}, format="json"
    )
    # then
    assert [entry["value"] for entry in added.json()["tax_rate"]["product_types"]] == ["Books"]
    assert removed.status_code == 200
    assert not TaxRate.objects.get().product_types.exists()


def test_delete(api, region):
    # given
    rate_id = create(api, region).json()["tax_rate"]["id"]
    # when: file 80
    response = api.delete(f"/admin/tax-rates/{rate_id}")
    # then
    assert response.json() == {"id": rate_id, "object": "tax-rate", "deleted": True}
    assert api.get(f"/admin/tax-rates/{rate_id}").status_code == 404


def test_list_filters_by_region_code_and_rate(api, region):
    # given
    other = RegionFactory()
    create(api, region, code="A", rate=5)
    create(api, region, code="B", rate=20)
    create(api, other, code="C", rate=5)
    # when
    by_region = api.get("/admin/tax-rates", {"region_id": region.id}).json()
    by_rate = api.get("/admin/tax-rates?rate[lt]=10").json()
    exact = api.get("/admin/tax-rates", {"rate": "20"}).json()
    # then
    assert sorted(entry["code"] for entry in by_region["tax_rates"]) == ["A", "B"]
    assert (by_region["count"], by_region["limit"]) == (2, 50)
    assert sorted(entry["code"] for entry in by_rate["tax_rates"]) == ["A", "C"]
    assert [entry["code"] for entry in exact["tax_rates"]] == ["B"]


@pytest.mark.parametrize(
    ("body", "status", "error_type", "message"),
    [
        ({"code": None, "name": None, "region_id": None}, 400, "invalid_data",
         "code must be a string, name must be a string, region_id must be a string"),
        ({"rate": "5"}, 400, "invalid_data", "rate must be a number conforming to the specified constraints"),
        ({"products": "x"}, 400, "invalid_data", "products must be an array"),
        ({"foo": 1}, 400, "invalid_data", "property foo should not exist"),
        ({"region_id": "nope"}, 404, "not_found", "Region with region_id nope does not exist."),
        # v1 names the tax rate it rolled back (departure "pricing input refusals")
        ({"products": ["nope"]}, 404, "not_found", "Product with id: nope was not found"),
        ({"product_types": ["nope"]}, 404, "not_found", "Product type with id: nope was not found"),
        ({"shipping_options": ["nope"]}, 404, "not_found", "Shipping Option with nope was not found"),
        ({"rate": -1}, 400, "invalid_data", "rate must not be less than 0"),
        ({"rate": 101}, 400, "invalid_data", "rate must not be greater than 100"),
    ],
)  # fmt: skip
def test_departure_pricing_input_refusals_and_v1s_refusals_create_nothing(
    api, region, body, status, error_type, message
):
    # when
    response = create(api, region, **body)
    # then
    assert (response.status_code, response.json()) == (status, {"type": error_type, "message": message})
    assert not TaxRate.objects.exists()


def test_a_shipping_option_of_another_region_is_not_allowed(api, region):
    # given: file 85
    other = RegionFactory()
    option = ShippingOptionFactory(region=other)
    # when
    response = create(api, region, shipping_options=[option.id])
    # then
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "not_allowed"
    assert body["message"].startswith(
        "Shipping Option and Tax Rate must belong to the same Region to be associated. "
        f"Shipping Option with id: {option.id} belongs to Region with id: {other.id} and Tax Rate with id: txr_"
    )
    assert body["message"].endswith(f"belongs to Region with id: {region.id}")
    assert not TaxRate.objects.exists()


def test_moving_a_rate_to_another_region_keeps_its_options_in_its_region(api, region):
    # given
    option = ShippingOptionFactory(region=region)
    rate_id = create(api, region, shipping_options=[option.id]).json()["tax_rate"]["id"]
    # when
    response = api.post(f"/admin/tax-rates/{rate_id}", {"region_id": RegionFactory().id}, format="json")
    # then
    assert (response.status_code, response.json()["type"]) == (400, "not_allowed")
    assert TaxRate.objects.get().region_id == region.id


def test_list_query_count_does_not_grow_with_the_page(api, region, django_assert_max_num_queries):
    # given
    book = product_create(title="Book")
    for index in range(20):
        create(api, region, code=f"C{index}", products=[book.id])
    # when / then: the user, the page, the count, the products
    with django_assert_max_num_queries(4):
        response = api.get("/admin/tax-rates?expand[]=products")
    assert len(response.json()["tax_rates"]) == 20
