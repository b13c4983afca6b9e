"""POST /admin/draft-orders/calculate: create's answer for the same body, every total as create computes it, with
nothing stored (no row, no display id, no guest customer) and the ids and timestamps of rows not made null."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carts.models import Cart, CustomShippingOption, LineItem, LineItemAdjustment, ShippingMethod
from customers.models import Address, Customer
from discounts.models import DiscountCondition
from draft_orders.models import DraftOrder, DraftOrderDisplayId
from tests.draft_orders.helpers import row_counts
from tests.factories import AddressFactory, DiscountFactory, DiscountRuleFactory, ProductVariantFactory, country
from tests.openapi.live import assert_answers_as_declared
from tests.seed import t1_body, tax_body

pytestmark = pytest.mark.django_db

URL = "/admin/draft-orders"
CALCULATE = f"{URL}/calculate"
TIMESTAMPS = frozenset({"created_at", "updated_at"})
# the token's user; in one statement the customer, the region, the default sales channel, the address given by id,
# the variants with their products' and types' tax rates, options with requirements and tax rates, the discounts by
# code; the variants' own and price-list prices; the discounts' regions and conditions: reads only, whatever the number
# of lines
CALCULATE_BUDGET = 5
ROW_MODELS = (DraftOrder, Cart, LineItem, LineItemAdjustment, ShippingMethod, CustomShippingOption, Address, Customer)


def row_ids() -> set[str]:
    return {pk for model in ROW_MODELS for pk in model.objects.values_list("pk", flat=True)}


def differences(quoted, created, path: str = "body"):
    """Where two answers differ: `(path, key, the created object holding it, quoted value, created value)`; their
    keys must be the same, in the same order, and their lists as long."""
    if isinstance(quoted, dict) and isinstance(created, dict):
        assert list(quoted) == list(created), f"keys of {path}"
        for key in created:
            if isinstance(created[key], dict | list):
                yield from differences(quoted[key], created[key], f"{path}.{key}")
            elif quoted[key] != created[key]:
                yield path, key, created, quoted[key], created[key]
    elif isinstance(quoted, list) and isinstance(created, list):
        assert len(quoted) == len(created), f"length of {path}"
        for index, (one, other) in enumerate(zip(quoted, created, strict=True)):
            yield from differences(one, other, f"{path}[{index}]")
    else:
        assert quoted == created, path


def assert_create_answers_the_same(api, body: dict) -> dict:
    """Calculate, then create with the same body: the answers are equal but where create made a row, whose id
    (wherever it appears) and timestamps calculate answers as null. Returns calculate's draft order."""
    counts, sequence = row_counts(), DraftOrderDisplayId.objects.count()
    quoted = api.post(CALCULATE, body, format="json")
    assert quoted.status_code == 200, quoted.json()
    assert (row_counts(), DraftOrderDisplayId.objects.count()) == (counts, sequence)

    before = row_ids()
    created = api.post(URL, body, format="json")
    assert created.status_code == 200, created.json()
    made = row_ids() - before

    for path, key, holder, ours, theirs in differences(quoted.json(), created.json()):
        assert ours is None, f"{path}.{key}: {ours!r} where create answers {theirs!r}"
        if key in TIMESTAMPS:
            assert holder["id"] in made, f"{path}.{key} of a row that exists"
        elif key != "display_id":
            assert theirs in made, f"{path}.{key}: {theirs!r} is no row create made"
    return quoted.json()["draft_order"]


def fixed_total_discount(seed):
    DiscountFactory(
        code="TEST-FIXED", rule=DiscountRuleFactory(type="fixed", value=1000, allocation="total"), regions=[seed.region]
    )


def product_2_only_discount(seed):
    rule = DiscountRuleFactory(type="percentage", value=10, allocation="total")
    condition = DiscountCondition.objects.create(discount_rule=rule, operator=DiscountCondition.Operator.IN)
    condition.products.set([seed.product_2])
    DiscountFactory(code="ONLY-2", rule=rule, regions=[seed.region])


T8_ITEMS = [{"variant_id": "test-variant", "quantity": 2, "metadata": {}}, {"quantity": 1, "unit_price": 10000}]
NEW_ADDRESS = {"first_name": "new", "address_1": "New place 1", "city": "Copenhagen", "country_code": "us"}

# the create scenarios of tests/draft_orders/test_create.py (v1's T1–T15 and its probes), as (setup, body)
SEED_SCENARIOS = {
    "t1": (
        lambda seed: DiscountFactory(code="TESTYTEST", regions=[seed.region]),
        t1_body(discounts=[{"code": "testytest"}]),
    ),
    "t3-custom-shipping-price": (None, t1_body(shipping_methods=[{"option_id": "test-option", "price": 500}])),
    "t4-billing-payload": (None, t1_body(billing_address={"first_name": "kap", "country_code": "us"})),
    "t5-shipping-payload-billing-id": (
        None,
        t1_body(shipping_address={"first_name": "kap", "country_code": "us"}, billing_address="oli-shipping"),
    ),
    "t6-new-guest": (None, t1_body(email="non-existing@test.dk", customer_id="non-existing")),
    "t8-option-requirement-met": (None, t1_body(items=T8_ITEMS, shipping_methods=[{"option_id": "test-option-req"}])),
    "t9-custom-item": (None, t1_body(items=T8_ITEMS)),
    "t10-no-items": (None, {key: value for key, value in t1_body().items() if key != "items"}),
    "t11-custom-prices-clamped": (
        None,
        t1_body(
            discounts=[{"code": "TEST"}],
            items=[
                {"variant_id": "test-variant", "quantity": 2, "unit_price": 10000000},
                {"quantity": 2, "unit_price": -1000},
            ],
        ),
    ),
    "t12-discount": (None, t1_body(discounts=[{"code": "TEST"}])),
    "t13-fixed-total-fractional": (
        fixed_total_discount,
        t1_body(
            discounts=[{"code": "TEST-FIXED"}],
            items=[{"variant_id": "test-variant", "quantity": 2}, {"variant_id": "test-variant-2", "quantity": 2}],
        ),
    ),
    "t14-free-shipping": (None, t1_body(discounts=[{"code": "TEST"}, {"code": "free-shipping"}])),
    "t15-new-shipping-address": (None, t1_body(shipping_address=NEW_ADDRESS, items=T8_ITEMS)),
    "c01-variant-quantity-0": (None, t1_body(items=[{"variant_id": "test-variant", "quantity": 0}])),
    "c15-two-methods": (
        None,
        t1_body(shipping_methods=[{"option_id": "test-option"}, {"option_id": "test-option-req"}]),
    ),
    "v04-no-methods": (None, t1_body(shipping_methods=[])),
    "v22-metadata": (None, t1_body(no_notification_order=True, metadata={"a": 1})),
    "v26-email-only-new-guest-and-address": (
        None,
        {"email": "Brand.New@X.dk", "region_id": "test-region", "shipping_methods": [{"option_id": "test-option"}]},
    ),
    "existing-guest-by-email": (
        None,
        {"email": "LeBron@James.com", "region_id": "test-region", "shipping_methods": [{"option_id": "test-option"}]},
    ),
    "product-condition": (
        product_2_only_discount,
        t1_body(
            discounts=[{"code": "ONLY-2"}],
            items=[{"variant_id": "test-variant", "quantity": 1}, {"variant_id": "test-variant-2", "quantity": 1}],
        ),
    ),
}
TAX_SCENARIOS = {
    "p13-tax-10-percent": (
        [{"variant_id": "test-variant", "quantity": 1, "unit_price": 3333}, {"quantity": 1, "unit_price": 1001}],
        ["TAX10"],
        [{"option_id": "tax-option"}],
    ),
    "p14-fixed-per-item": (
        [
            {"variant_id": "test-variant", "quantity": 3, "unit_price": 3333},
            {"variant_id": "test-variant-2", "quantity": 1, "unit_price": 100},
        ],
        ["FIXITEM"],
        [{"option_id": "tax-option", "price": 999}],
    ),
    "p15-fixed-total-above-subtotal": (
        [
            {"variant_id": "test-variant", "quantity": 1, "unit_price": 333},
            {"variant_id": "test-variant-2", "quantity": 2, "unit_price": 333},
        ],
        ["FIXTOT"],
        [{"option_id": "tax-option"}],
    ),
    "p16-free-shipping": ([{"variant_id": "test-variant", "quantity": 1}], ["FREESHIP"], [{"option_id": "tax-option"}]),
    "p23-two-percentages": (
        [{"variant_id": "test-variant", "quantity": 1}],
        ["TAX20", "TAX10"],
        [{"option_id": "tax-option"}],
    ),
}


@pytest.mark.parametrize("name", SEED_SCENARIOS)
def test_calculate_answers_what_create_answers_on_the_create_scenarios(api, seed, name):
    # given
    setup, body = SEED_SCENARIOS[name]
    if setup is not None:
        setup(seed)

    # when / then
    assert_create_answers_the_same(api, body)


@pytest.mark.parametrize("name", TAX_SCENARIOS)
def test_calculate_answers_what_create_answers_in_the_25_percent_tax_region(api, tax_region, name):
    # given
    items, discounts, methods = TAX_SCENARIOS[name]

    # when / then
    assert_create_answers_the_same(api, tax_body(items=items, discounts=discounts, shipping_methods=methods))


# --- nothing stored -------------------------------------------------------------------------------------------


def test_calculate_runs_no_write_and_uses_no_display_id(api, seed):
    # given: a body that would make a guest customer, a shipping address, lines, an adjustment and a method
    body = {
        "email": "new.guest@x.dk",
        "region_id": "test-region",
        "items": [{"variant_id": "test-variant", "quantity": 1}, {"quantity": 1, "unit_price": 500}],
        "discounts": [{"code": "TEST"}],
        "shipping_methods": [{"option_id": "test-option", "price": 700}],
    }
    first = api.post(URL, t1_body(), format="json").json()["draft_order"]["display_id"]

    # when
    with CaptureQueriesContext(connection) as queries:
        response = api.post(CALCULATE, body, format="json")

    # then: reads only, and the next create takes the display id right after the last one
    assert response.status_code == 200
    assert response.json()["draft_order"]["cart"]["total"] == 8500 - 800 + 700
    writes = [query["sql"] for query in queries.captured_queries if not query["sql"].lstrip().startswith("SELECT")]
    assert writes == []
    assert not Customer.objects.filter(email="new.guest@x.dk").exists()
    assert api.post(URL, body, format="json").json()["draft_order"]["display_id"] == first + 1


def test_calculate_with_50_lines_costs_about_what_one_line_costs(api, seed):
    # given
    one = [ProductVariantFactory(prices=[("usd", 1000)])]
    fifty = [ProductVariantFactory(prices=[("usd", 1000)]) for _ in range(50)]

    def queries(variants) -> int:
        items = [{"variant_id": variant.id, "quantity": 1} for variant in variants] + [{"quantity": 1}]
        with CaptureQueriesContext(connection) as context:
            response = api.post(CALCULATE, t1_body(items=items, discounts=[{"code": "TEST"}]), format="json")
        assert len(response.json()["draft_order"]["cart"]["items"]) == len(variants) + 1
        return len(context.captured_queries)

    # when
    one_line, fifty_lines = queries(one), queries(fifty)

    # then
    assert fifty_lines == one_line <= CALCULATE_BUDGET


REFUSALS = {
    "invalid-body": {},
    "unknown-region": t1_body(region_id="nope"),
    "bad-variant": t1_body(items=[{"variant_id": "nope", "quantity": 1}]),
    "variant-without-price": t1_body(items=[{"variant_id": "test-variant-without-prices", "quantity": 1}]),
    "custom-quantity-0": t1_body(items=[{"quantity": 0, "unit_price": 100}]),
    "unmet-shipping-requirement": t1_body(
        items=[{"quantity": 1, "unit_price": 1}], shipping_methods=[{"option_id": "test-option-req"}]
    ),
    "unknown-option": t1_body(shipping_methods=[{"option_id": "nope"}]),
    "option-of-another-region": {
        "email": "oli@test.dk",
        "region_id": "test-region-2",
        "shipping_methods": [{"option_id": "test-option"}],
    },
    "unknown-discount": t1_body(discounts=[{"code": "NOPE"}]),
    "disabled-discount": t1_body(discounts=[{"code": "OFF"}]),
    "address-outside-the-region": t1_body(shipping_address={"country_code": "de"}),
    "unknown-address": t1_body(billing_address="nope-address"),
    "new-guest-then-unknown-discount": {
        "email": "new.guest@x.dk",
        "region_id": "test-region",
        "discounts": [{"code": "NOPE"}],
        "shipping_methods": [{"option_id": "test-option"}],
    },
}


@pytest.mark.parametrize("name", REFUSALS)
def test_calculate_refuses_what_create_refuses_with_the_same_error_and_stores_nothing(api, seed, name):
    # given
    DiscountFactory(code="OFF", regions=[seed.region], is_disabled=True)
    counts, sequence = row_counts(), DraftOrderDisplayId.objects.count()

    # when
    quoted = api.post(CALCULATE, REFUSALS[name], format="json")

    # then
    assert 400 <= quoted.status_code < 500
    assert (row_counts(), DraftOrderDisplayId.objects.count()) == (counts, sequence)
    created = api.post(URL, REFUSALS[name], format="json")
    assert (quoted.status_code, quoted.json()) == (created.status_code, created.json())


def test_calculate_answers_the_errors_in_creates_words(api, seed):
    # when
    response = api.post(CALCULATE, t1_body(region_id="nope"), format="json")

    # then
    assert (response.status_code, response.json()) == (
        404,
        {"type": "not_found", "message": "Region with nope was not found"},
    )


def test_existing_rows_keep_their_ids_and_addresses_given_by_id_are_copies_to_be(api, seed):
    # given
    billing = AddressFactory(first_name="bill", country=country("us"))

    # when
    response = api.post(CALCULATE, t1_body(billing_address=billing.id, discounts=[{"code": "TEST"}]), format="json")

    # then: create would copy the addresses (departure "a draft's addresses are its own"): new rows, no ids yet
    cart = response.json()["draft_order"]["cart"]
    assert (cart["customer_id"], cart["customer"]["id"]) == ("oli-test", "oli-test")
    assert (cart["shipping_address_id"], cart["billing_address_id"]) == (None, None)
    assert (cart["shipping_address"]["id"], cart["shipping_address"]["first_name"]) == (None, "oli")
    assert (cart["billing_address"]["id"], cart["billing_address"]["first_name"]) == (None, "bill")
    assert (cart["region_id"], cart["region"]["id"]) == ("test-region", "test-region")
    (item,) = cart["items"]
    assert (item["id"], item["cart_id"], item["variant_id"], item["variant"]["id"]) == (
        None,
        None,
        "test-variant",
        "test-variant",
    )
    assert [(adjustment["id"], adjustment["discount_id"]) for adjustment in item["adjustments"]] == [
        (None, "test-discount")
    ]
    (method,) = cart["shipping_methods"]
    assert (method["id"], method["shipping_option_id"], method["shipping_option"]["id"]) == (
        None,
        "test-option",
        "test-option",
    )
    assert [discount["id"] for discount in cart["discounts"]] == ["test-discount"]


def test_the_answer_is_the_one_the_schema_declares_with_its_nulls(api, seed):
    # when: a new guest, a new shipping address, lines, an adjustment, a method
    response = api.post(
        CALCULATE,
        {
            "email": "new.guest@x.dk",
            "region_id": "test-region",
            "items": [{"variant_id": "test-variant", "quantity": 1}, {"quantity": 1, "unit_price": 500}],
            "discounts": [{"code": "TEST"}],
            "shipping_methods": [{"option_id": "test-option"}],
        },
        format="json",
    )

    # then
    cart = response.json()["draft_order"]["cart"]
    assert (cart["id"], cart["customer"]["id"], cart["shipping_address"]["created_at"]) == (None, None, None)
    assert_answers_as_declared("POST", "/admin/draft-orders/calculate", response)
