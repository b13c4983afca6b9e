import pytest

from products.models import MoneyAmount, Product, ProductOptionValue, ProductVariant
from tests.factories import ProductFactory, ProductVariantFactory, RegionFactory, currency

pytestmark = pytest.mark.django_db

PRODUCT_KEYS = [
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "title",
    "subtitle",
    "description",
    "handle",
    "is_giftcard",
    "status",
    "thumbnail",
    "weight",
    "length",
    "height",
    "width",
    "hs_code",
    "origin_country",
    "mid_code",
    "material",
    "collection_id",
    "type_id",
    "discountable",
    "external_id",
    "metadata",
    "profiles",
    "profile",
    "profile_id",
]
ADMIN_PRODUCT_KEYS = [*PRODUCT_KEYS, "variants", "options", "images", "tags", "type", "collection", "sales_channels"]
VARIANT_KEYS = [
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "title",
    "product_id",
    "sku",
    "barcode",
    "ean",
    "upc",
    "variant_rank",
    "inventory_quantity",
    "allow_backorder",
    "manage_inventory",
    "hs_code",
    "origin_country",
    "mid_code",
    "material",
    "weight",
    "length",
    "height",
    "width",
    "metadata",
]
PRICE_KEYS = [
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "currency_code",
    "amount",
    "min_quantity",
    "max_quantity",
    "price_list_id",
    "region_id",
    "variant_id",
]


def sweater(**overrides):
    return {
        "title": "Medusa Sweater",
        "options": [{"title": "Size"}, {"title": "Color"}],
        "variants": [
            {
                "title": "S / Black",
                "sku": "SWEATER-S-BLACK",
                "inventory_quantity": 10,
                "prices": [{"currency_code": "usd", "amount": 8000}, {"currency_code": "EUR", "amount": 7000}],
                "options": [{"value": "S"}, {"value": "Black"}],
            },
            {
                "title": "M / Black",
                "prices": [{"currency_code": "usd", "amount": 8500}],
                "options": [{"value": "M"}, {"value": "Black"}],
            },
        ],
        **overrides,
    }


def create(api, body=None):
    response = api.post("/admin/products", body or sweater(), format="json")
    assert response.status_code == 200, response.json()
    return response.json()["product"]


def error(response):
    return response.status_code, response.json()


# --- POST /admin/products -----------------------------------------------------------------------------------


def test_create_product_with_options_variants_and_prices(api):
    # when
    product = create(api)
    # then
    assert list(product) == ADMIN_PRODUCT_KEYS
    assert product["id"].startswith("prod_")
    assert (product["handle"], product["status"], product["discountable"]) == ("medusa-sweater", "draft", True)
    assert product["profile"]["type"] == "default"
    assert product["profiles"] == [product["profile"]]
    assert product["profile_id"] == product["profile"]["id"]
    assert (product["images"], product["tags"], product["type"], product["collection"]) == ([], [], None, None)
    assert [option["title"] for option in product["options"]] == ["Size", "Color"]
    assert [value["value"] for value in product["options"][0]["values"]] == ["S", "M"]
    small, medium = product["variants"]
    assert list(small) == [*VARIANT_KEYS, "prices", "options", "held_quantity", "held_by"]  # addition "stock holds"
    assert (small["held_quantity"], small["held_by"]) == (0, [])
    assert (small["title"], small["variant_rank"], medium["variant_rank"]) == ("S / Black", 0, 1)
    assert (small["inventory_quantity"], small["manage_inventory"], small["allow_backorder"]) == (10, True, False)
    assert list(small["prices"][0]) == PRICE_KEYS
    assert [(p["currency_code"], p["amount"]) for p in small["prices"]] == [("usd", 8000), ("eur", 7000)]
    assert [value["value"] for value in small["options"]] == ["S", "Black"]
    assert small["options"][0]["option_id"] == product["options"][0]["id"]


def test_create_minimal_product(api):
    # when
    product = create(api, {"title": "Men's T-Shirt 2XL", "images": ["https://img/1.png", "https://img/2.png"]})
    # then
    assert product["handle"] == "mens-t-shirt-2-xl"
    assert product["thumbnail"] == "https://img/1.png"
    assert (product["variants"], product["options"]) == ([], [])


def test_create_gift_card_uses_the_gift_card_profile_and_is_never_discountable(api):
    product = create(api, {"title": "Gift Card", "is_giftcard": True, "discountable": True})
    assert (product["is_giftcard"], product["discountable"], product["profile"]["type"]) == (True, False, "gift_card")


def test_create_region_price_takes_the_regions_currency(api):
    # given
    region = RegionFactory(currency=currency("eur"))
    body = sweater(options=[], variants=[{"title": "One", "prices": [{"region_id": region.id, "amount": 6500}]}])
    # when
    product = create(api, body)
    # then
    price = product["variants"][0]["prices"][0]
    assert (price["region_id"], price["currency_code"], price["amount"]) == (region.id, "eur", 6500)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "title must be a string"),
        ({"title": "X", "foo": 1}, "property foo should not exist"),
        (
            {"title": "X", "status": "live"},
            "status must be one of the following values: draft, proposed, published, rejected",
        ),
        ({"title": "X", "variants": [{"title": "V"}]}, "prices must be an array"),
        (
            {"title": "X", "variants": [{"title": "V", "prices": [{"amount": 1}]}]},
            'Failed XOR relation between "region_id" and "currency_code"., '
            'Failed XOR relation between "currency_code" and "region_id".',
        ),
        (
            {"title": "X", "variants": [{"title": "V", "prices": [{"currency_code": "usd", "amount": 1.5}]}]},
            "amount must be an integer number",
        ),
        ({"title": "X", "options": [{}]}, "title must be a string"),
        ({"title": "X", "variants": [{"title": "V", "prices": [], "options": [{}]}]}, "value must be a string"),
    ],
)
def test_create_product_validation(api, body, message):
    assert error(api.post("/admin/products", body, format="json")) == (
        400,
        {"type": "invalid_data", "message": message},
    )
    assert not Product.all_objects.exists()


@pytest.mark.parametrize(
    ("price", "status", "body"),
    [
        (
            {"currency_code": "xyz", "amount": 1},
            404,
            {"type": "not_found", "message": "Currency with currency_code xyz does not exist."},
        ),
        (
            {"region_id": "reg_nope", "amount": 1},
            404,
            {"type": "not_found", "message": "Region with reg_nope was not found"},
        ),
        (
            {"currency_code": "usd", "amount": -1},
            400,
            {"type": "invalid_data", "message": "amount must not be less than 0"},
        ),
    ],
)
def test_create_product_with_a_bad_price_changes_nothing(api, price, status, body):
    # when
    response = api.post(
        "/admin/products", sweater(options=[], variants=[{"title": "V", "prices": [price]}]), format="json"
    )
    # then
    assert error(response) == (status, body)
    assert not Product.all_objects.exists()
    assert not MoneyAmount.all_objects.exists()


def test_create_product_with_a_taken_handle_or_sku_is_a_duplicate(api):
    # given
    create(api)
    # then
    taken_handle = api.post("/admin/products", {"title": "Medusa Sweater"}, format="json")
    assert error(taken_handle) == (
        422,
        {
            "code": "invalid_request_error",
            "type": "duplicate_error",
            "message": "Product with handle medusa-sweater already exists.",
        },
    )
    taken_sku = api.post("/admin/products", sweater(handle="other"), format="json")
    assert taken_sku.json()["message"] == "Product_variant with sku SWEATER-S-BLACK already exists."
    assert Product.objects.count() == 1


def test_create_variant_options_must_match_the_products_options(api):
    # when
    short = api.post(
        "/admin/products", sweater(variants=[{"title": "V", "prices": [], "options": [{"value": "S"}]}]), format="json"
    )
    same = api.post(
        "/admin/products",
        sweater(variants=[{"title": "A", "prices": [], "options": [{"value": "S"}, {"value": "B"}]}] * 2),
        format="json",
    )
    # then
    assert error(short) == (
        400,
        {
            "type": "invalid_data",
            "message": "Product options length does not match variant options length. Product has 2 and variant has 1.",
        },
    )
    assert error(same) == (
        422,
        {
            "code": "invalid_request_error",
            "type": "duplicate_error",
            "message": "Variant with title A with provided options already exists",
        },
    )
    assert not Product.objects.exists()


# --- GET /admin/products ------------------------------------------------------------------------------------


def test_list_products_newest_first_with_relations(api):
    # given
    older = create(api)
    newer = create(api, {"title": "Cap", "status": "published"})
    # when
    response = api.get("/admin/products")
    # then
    body = response.json()
    assert [p["id"] for p in body["products"]] == [newer["id"], older["id"]]
    assert list(body["products"][1]) == ADMIN_PRODUCT_KEYS
    assert len(body["products"][1]["variants"]) == 2
    assert (body["count"], body["offset"], body["limit"]) == (2, 0, 50)


def test_list_products_q_matches_title_description_and_variant_title_or_sku(api):
    # given
    by_title = ProductFactory(title="Linen Shirt")
    by_description = ProductFactory(title="A", description="pure LINEN")
    by_sku = ProductVariantFactory(product=ProductFactory(title="B"), sku="SKU-LINEN-1").product
    by_variant_title = ProductVariantFactory(product=ProductFactory(title="C"), title="linen blend").product
    ProductFactory(title="D", handle="linen-handle")  # v1's q does not look at the handle
    deleted = ProductVariantFactory(product=ProductFactory(title="E"), sku="LINEN-OLD")
    ProductVariant.objects.filter(pk=deleted.pk).update(deleted_at="2024-01-01T00:00:00Z")
    # when
    response = api.get("/admin/products", {"q": "linen"})
    # then
    assert {p["id"] for p in response.json()["products"]} == {
        by_title.id,
        by_description.id,
        by_sku.id,
        by_variant_title.id,
    }
    assert response.json()["count"] == 4


def test_list_products_filters_status_in_both_forms_and_pages(api):
    # given
    drafts = [ProductFactory(status="draft") for _ in range(2)]
    published = ProductFactory(status="published", handle="cap")
    ProductFactory(status="rejected")
    # then
    assert {p["id"] for p in api.get("/admin/products", {"status[]": ["draft", "published"]}).json()["products"]} == {
        drafts[0].id,
        drafts[1].id,
        published.id,
    }
    page = api.get("/admin/products", {"status": "draft", "limit": 1, "offset": 1}).json()
    assert ([p["id"] for p in page["products"]], page["count"]) == ([drafts[0].id], 2)
    assert api.get("/admin/products", {"id": published.id}).json()["count"] == 1
    assert api.get("/admin/products", {"handle": published.handle or "none"}).json()["count"] == (
        1 if published.handle else 0
    )


def test_list_products_and_variants_in_the_order_asked(api):
    # given
    product = create(api)
    create(api, {"title": "Cap"})
    create(api, {"title": "Bag"})
    # then
    titles = [p["title"] for p in api.get("/admin/products", {"order": "title"}).json()["products"]]
    assert titles == ["Bag", "Cap", "Medusa Sweater"]
    variants = api.get(f"/admin/products/{product['id']}/variants", {"order": "-title", "fields": "title"}).json()
    assert [v["title"] for v in variants["variants"]] == ["S / Black", "M / Black"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"order": "nope"}, "Order field nope is not valid"),
        (
            {"status": "live"},
            "each value in status must be one of the following values: draft, proposed, published, rejected",
        ),
        ({"tags": "x"}, "property tags should not exist"),
        ({"offset": "-1"}, "offset must not be less than 0"),
    ],
)
def test_list_products_rejects_bad_query(api, query, message):
    assert error(api.get("/admin/products", query)) == (400, {"type": "invalid_data", "message": message})


def test_list_products_query_count_does_not_grow_with_the_page(api, django_assert_max_num_queries):
    # given
    def make(count):
        for _ in range(count):
            variants = [{**variant, "sku": None} for variant in sweater()["variants"]]
            create(api, sweater(title=f"Sweater {Product.objects.count()}", variants=variants))

    make(3)
    # then: the user, the page, the count, options, values, variants, prices, option values, live holds (addition
    # "stock holds"), sales channels
    with django_assert_max_num_queries(10):
        assert len(api.get("/admin/products").json()["products"]) == 3
    make(12)
    with django_assert_max_num_queries(10):
        assert len(api.get("/admin/products").json()["products"]) == 15


# --- GET/POST/DELETE /admin/products/{id} -------------------------------------------------------------------


def test_retrieve_product(api):
    # given
    created = create(api)
    # when
    response = api.get(f"/admin/products/{created['id']}")
    # then
    assert response.status_code == 200
    assert response.json()["product"] == created


@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_product_is_v1_404(api, method):
    response = getattr(api, method)("/admin/products/prod_nope", {}, format="json")
    assert error(response) == (404, {"type": "not_found", "message": "Product with id: prod_nope was not found"})


def test_update_product_fields_and_merge_metadata(api):
    # given
    product = create(api, sweater(metadata={"a": 1}))
    # when
    response = api.post(
        f"/admin/products/{product['id']}",
        {
            "title": "Sweater 2",
            "status": "published",
            "handle": "sweater-2",
            "metadata": {"b": 2},
            "discountable": False,
        },
        format="json",
    )
    # then
    assert response.status_code == 200
    updated = response.json()["product"]
    assert (updated["title"], updated["status"], updated["handle"], updated["discountable"]) == (
        "Sweater 2",
        "published",
        "sweater-2",
        False,
    )
    assert updated["metadata"] == {"a": 1, "b": 2}
    assert len(updated["variants"]) == 2


def test_update_product_variants_replaces_them_as_v1(api):
    # given
    product = create(api)
    small, medium = product["variants"]
    size, color = product["options"]
    # when
    response = api.post(
        f"/admin/products/{product['id']}",
        {
            "variants": [
                {"id": medium["id"], "title": "Medium", "prices": [{"currency_code": "usd", "amount": 9000}]},
                {
                    "title": "L / Black",
                    "prices": [{"currency_code": "usd", "amount": 9500}],
                    "options": [{"option_id": size["id"], "value": "L"}, {"option_id": color["id"], "value": "Black"}],
                },
            ]
        },
        format="json",
    )
    # then
    assert response.status_code == 200
    variants = response.json()["product"]["variants"]
    assert [(v["title"], v["variant_rank"]) for v in variants] == [("Medium", 0), ("L / Black", 1)]
    assert [p["amount"] for p in variants[0]["prices"]] == [9000]
    assert ProductVariant.all_objects.get(pk=small["id"]).deleted_at is not None


def test_update_product_with_a_foreign_variant_id_changes_nothing(api):
    # given
    product = create(api)
    # when
    response = api.post(
        f"/admin/products/{product['id']}", {"title": "Changed", "variants": [{"id": "variant_other"}]}, format="json"
    )
    # then
    assert error(response) == (
        404,
        {"type": "not_found", "message": "Variant with id: variant_other is not associated with this product"},
    )
    assert api.get(f"/admin/products/{product['id']}").json()["product"] == product


def test_update_product_to_a_taken_handle_is_a_duplicate(api):
    # given
    create(api)
    other = create(api, {"title": "Cap"})
    # when
    response = api.post(f"/admin/products/{other['id']}", {"handle": "medusa-sweater"}, format="json")
    # then
    assert response.status_code == 422
    assert response.json()["message"] == "Product with handle medusa-sweater already exists."


def test_delete_product_is_soft_and_idempotent(api):
    # given
    product = create(api)
    # when
    response = api.delete(f"/admin/products/{product['id']}")
    again = api.delete(f"/admin/products/{product['id']}")
    # then
    assert response.status_code == again.status_code == 200
    assert response.json() == again.json() == {"id": product["id"], "object": "product", "deleted": True}
    assert api.get(f"/admin/products/{product['id']}").status_code == 404
    assert not ProductVariant.objects.exists()
    assert not MoneyAmount.objects.exists()
    assert Product.all_objects.filter(pk=product["id"]).exists()
    assert create(api)["handle"] == "medusa-sweater"  # handle and SKUs are free again


# --- /admin/products/{id}/variants --------------------------------------------------------------------------


def test_list_variants_answers_only_ids_unless_asked(api):
    # given
    product = create(api)
    # when
    plain = api.get(f"/admin/products/{product['id']}/variants").json()
    asked = api.get(
        f"/admin/products/{product['id']}/variants", {"fields": "title,sku", "expand": "prices,product", "limit": 1}
    ).json()
    # then
    assert plain["variants"] == [{"id": v["id"], "product_id": product["id"]} for v in product["variants"]]
    assert (plain["count"], plain["offset"], plain["limit"]) == (2, 0, 100)
    assert list(asked["variants"][0]) == ["id", "title", "product_id", "sku", "prices", "product"]
    assert asked["variants"][0]["product"]["id"] == product["id"]
    assert asked["count"] == 2


def test_list_variants_rejects_an_unknown_field(api):
    response = api.get("/admin/products/prod_x/variants", {"fields": "title,nope"})
    assert response.status_code == 400
    assert response.json()["message"].startswith("fields must only contain: id, created_at")


def test_list_variants_query_count_does_not_grow(api, django_assert_max_num_queries):
    # given
    product = ProductFactory()
    for _ in range(3):
        ProductVariantFactory(product=product, prices=[("usd", 100)])
    with django_assert_max_num_queries(6):
        api.get(f"/admin/products/{product.id}/variants", {"expand": "prices,options,product"})
    for _ in range(20):
        ProductVariantFactory(product=product, prices=[("usd", 100)])
    # then
    with django_assert_max_num_queries(6):
        assert api.get(f"/admin/products/{product.id}/variants", {"expand": "prices"}).json()["count"] == 23


def test_add_variant_answers_the_product(api):
    # given
    product = create(api)
    size, color = product["options"]
    body = {
        "title": "L / Black",
        "sku": "SWEATER-L",
        "prices": [
            {"currency_code": "eur", "amount": 7500},
            {"currency_code": "eur", "amount": 7000, "min_quantity": 10},
        ],
        "options": [{"option_id": size["id"], "value": "L"}, {"option_id": color["id"], "value": "Black"}],
    }
    # when
    response = api.post(f"/admin/products/{product['id']}/variants", body, format="json")
    # then
    assert response.status_code == 200
    added = response.json()["product"]["variants"][-1]
    assert (added["title"], added["sku"], added["variant_rank"], added["inventory_quantity"]) == (
        "L / Black",
        "SWEATER-L",
        2,
        0,
    )
    assert [(p["amount"], p["min_quantity"]) for p in added["prices"]] == [(7500, None), (7000, 10)]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({}, 400, "title must be a string, prices must be an array"),
        ({"title": "V", "prices": [], "options": [{"value": "L"}]}, 400, "option_id must be a string"),
        (
            {"title": "V", "prices": []},
            400,
            "Product options length does not match variant options length. Product has 2 and variant has 0.",
        ),
    ],
)
def test_add_variant_validation(api, body, status, message):
    # given
    product = create(api)
    # when
    response = api.post(f"/admin/products/{product['id']}/variants", body, format="json")
    # then
    assert (response.status_code, response.json()["message"]) == (status, message)
    assert ProductVariant.objects.count() == 2


def test_add_variant_to_unknown_product_is_404(api):
    response = api.post("/admin/products/prod_nope/variants", {"title": "V", "prices": []}, format="json")
    assert error(response) == (404, {"type": "not_found", "message": "Product with id: prod_nope was not found"})


def test_update_variant_fields_prices_and_options(api):
    # given
    product = create(api)
    small = product["variants"][0]
    usd, eur = small["prices"]
    size = product["options"][0]
    # when
    response = api.post(
        f"/admin/products/{product['id']}/variants/{small['id']}",
        {
            "title": "Small",
            "inventory_quantity": 0,
            "prices": [{"id": usd["id"], "amount": 7900}, {"currency_code": "dkk", "amount": 60000}],
            "options": [{"option_id": size["id"], "value": "XS"}],
        },
        format="json",
    )
    # then
    assert response.status_code == 200
    variant = response.json()["product"]["variants"][0]
    assert (variant["title"], variant["inventory_quantity"]) == ("Small", 0)
    assert [(p["currency_code"], p["amount"]) for p in variant["prices"]] == [("usd", 7900), ("dkk", 60000)]
    assert variant["prices"][0]["id"] == usd["id"]
    assert MoneyAmount.all_objects.get(pk=eur["id"]).deleted_at is not None
    assert [v["value"] for v in variant["options"]] == ["XS", "Black"]


def test_update_variant_of_another_product_is_404(api):
    # given
    product = create(api)
    other = ProductVariantFactory()
    # when
    response = api.post(f"/admin/products/{product['id']}/variants/{other.id}", {"title": "X"}, format="json")
    # then
    assert error(response) == (404, {"type": "not_found", "message": f"Variant with id: {other.id} was not found"})
    other.refresh_from_db()
    assert other.title != "X"


def test_update_variant_price_validation_allows_an_id_instead_of_region_or_currency(api):
    # given
    product = create(api)
    small = product["variants"][0]
    # when
    response = api.post(
        f"/admin/products/{product['id']}/variants/{small['id']}", {"prices": [{"amount": 5}]}, format="json"
    )
    # then
    assert response.status_code == 400
    assert response.json()["message"] == (
        'Failed XOR relation between "region_id" and "currency_code"., '
        'Failed XOR relation between "currency_code" and "region_id".'
    )


def test_delete_variant_answers_v1_body_and_is_idempotent(api):
    # given
    product = create(api)
    small = product["variants"][0]
    # when
    response = api.delete(f"/admin/products/{product['id']}/variants/{small['id']}")
    again = api.delete(f"/admin/products/{product['id']}/variants/{small['id']}")
    # then
    assert response.status_code == again.status_code == 200
    body = response.json()
    assert list(body) == ["variant_id", "object", "deleted", "product"]
    assert (body["variant_id"], body["object"], body["deleted"]) == (small["id"], "product-variant", True)
    assert [v["id"] for v in body["product"]["variants"]] == [product["variants"][1]["id"]]
    assert not MoneyAmount.objects.filter(variant_id=small["id"]).exists()
    assert not ProductOptionValue.objects.filter(variant_id=small["id"]).exists()


def test_delete_variant_of_unknown_product_is_404(api):
    response = api.delete("/admin/products/prod_nope/variants/variant_x")
    assert error(response) == (404, {"type": "not_found", "message": "Product with id: prod_nope was not found"})


def test_retrieve_and_list_accept_expand_and_fields_but_not_unknown_keys(api):
    # given
    product = create(api)
    # then
    assert (
        api.get(f"/admin/products/{product['id']}", {"expand": "variants", "fields": "id"}).json()["product"] == product
    )
    assert api.get("/admin/products", {"expand": "variants"}).json()["count"] == 1
    assert error(api.get(f"/admin/products/{product['id']}", {"foo": "1"})) == (
        400,
        {"type": "invalid_data", "message": "property foo should not exist"},
    )
