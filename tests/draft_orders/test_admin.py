"""The staff site's draft orders and orders (issue 6): each screen, parity with the API, refusals on the right
field with nothing saved, Mark as paid, and the list's fixed query budget."""

import re

import pytest
from django.contrib.messages import get_messages
from django.forms import NullBooleanSelect

from carts.services import ItemInput, ShippingMethodInput
from config.money import format_money
from customers.models import Customer
from draft_orders.admin import DraftOrderAdmin
from draft_orders.models import DraftOrder
from draft_orders.services import draft_order_create, draft_order_mark_paid
from orders.models import Order
from tests.draft_orders.helpers import create_draft_order, draft_order_body, row_counts
from tests.factories import AddressFactory, CustomerFactory, RegionFactory, UserFactory, currency
from tests.seed import t1_body

pytestmark = pytest.mark.django_db

DRAFT_ORDERS = "/staff/draft_orders/draftorder/"
ADD = f"{DRAFT_ORDERS}add/"
ORDERS = "/staff/orders/order/"
ADDRESS_FIELDS = (
    "address",
    "first_name",
    "last_name",
    "company",
    "address_1",
    "address_2",
    "city",
    "province",
    "postal_code",
    "country_code",
    "phone",
)
GENERATED_ID = re.compile(r"^[a-z]+_[0-9A-HJKMNP-TV-Z]{26}$")


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def change_url(draft_order_id: str) -> str:
    return f"{DRAFT_ORDERS}{draft_order_id}/change/"


def lines(*rows: dict, initial: int = 0) -> dict:
    """The line items inline as posted: its management form and `rows` (variant, title, unit_price, quantity)."""
    data = {
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"items-{index}-{name}": value for name, value in row.items()})
    return data


def add_form(*rows: dict, **fields) -> dict:
    """The add form as a browser posts it: every field present, `fields` filled in."""
    data = {
        "region": "test-region",
        "customer": "",
        "email": "",
        **{f"{kind}_{name}": "" for kind in ("shipping", "billing") for name in ADDRESS_FIELDS},
        "shipping_option": "",
        "shipping_price": "",
        "discounts": "",
        "no_notification_order": "unknown",
        "metadata": "",
        **lines(*rows),
    }
    data.update(fields)
    return data


def posted(form, *, prefix_data: dict | None = None) -> dict:
    """What a browser posts for an unbound form left as it was rendered."""
    data = dict(prefix_data or {})
    for field in form:
        if field.field.disabled:
            continue
        value = field.value()
        if isinstance(field.field.widget, NullBooleanSelect):
            value = {True: "true", False: "false"}.get(value, "unknown")
        data[field.html_name] = "" if value is None else str(value)
    return data


def change_form(staff, draft_order_id: str, **changes) -> dict:
    """The change page's form and its line items as rendered, with `changes` made to it."""
    response = staff.get(change_url(draft_order_id))
    assert response.status_code == 200
    data = posted(response.context["adminform"].form)
    (inline,) = response.context["inline_admin_formsets"]
    formset = inline.formset
    data.update({f"items-{name}": str(value) for name, value in formset.management_form.initial.items()})
    for form in formset.forms:
        data.update(posted(form))
    data.update(changes)
    return data


def form_errors(response) -> dict:
    assert response.status_code == 200, "the form should come back with its errors"
    return dict(response.context["adminform"].form.errors)


def line_errors(response) -> list[str]:
    (inline,) = response.context["inline_admin_formsets"]
    return list(inline.formset.non_form_errors())


def table_cells(row_html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row_html, re.S)]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def comparable(value):
    """An API body without what differs between two equal draft orders: generated ids, timestamps, display ids."""
    if isinstance(value, dict):
        return {
            key: comparable(item)
            for key, item in value.items()
            if key not in {"created_at", "updated_at", "display_id", "completed_at"}
        }
    if isinstance(value, list):
        return [comparable(item) for item in value]
    return "<id>" if isinstance(value, str) and GENERATED_ID.match(value) else value


def admin_created(staff, data) -> str:
    """Post the add form; the new draft order's id."""
    before = set(DraftOrder.objects.values_list("pk", flat=True))
    response = staff.post(ADD, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    (draft_order_id,) = set(DraftOrder.objects.values_list("pk", flat=True)) - before
    return draft_order_id


def services_made(count: int, *, lines_each: int = 2) -> list[DraftOrder]:
    return [
        draft_order_create(
            email=f"buyer{n}@example.com",
            region_id="test-region",
            shipping_methods=[ShippingMethodInput(option_id="test-option")],
            items=[ItemInput(quantity=1, variant_id="test-variant")] * lines_each,
            discounts=["TEST"],
        ).draft_order
        for n in range(count)
    ]


# --- parity with the API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("admin_fields", "api_fields"),
    [
        pytest.param(
            {"shipping_address": "oli-shipping", "shipping_option": "test-option"},
            {"shipping_address": "oli-shipping", "shipping_methods": [{"option_id": "test-option"}]},
            id="addresses by id",
        ),
        pytest.param(
            {
                "shipping_first_name": "Ada",
                "shipping_address_1": "1 Main Street",
                "shipping_city": "Springfield",
                "shipping_country_code": "us",
                "billing_address": "oli-shipping",
                "shipping_option": "test-option",
                "shipping_price": "5.00",
                "discounts": "test",
                "no_notification_order": "true",
                "metadata": '{"source": "phone"}',
            },
            {
                "shipping_address": {
                    "first_name": "Ada",
                    "address_1": "1 Main Street",
                    "city": "Springfield",
                    "country_code": "us",
                },
                "billing_address": "oli-shipping",
                "shipping_methods": [{"option_id": "test-option", "price": 500}],
                "discounts": [{"code": "test"}],
                "no_notification_order": True,
                "metadata": {"source": "phone"},
            },
            id="typed address, custom shipping price, discount, metadata",
        ),
    ],
)
def test_a_draft_order_added_in_the_admin_is_the_one_the_api_creates(staff, api, seed, admin_fields, api_fields):
    # given: the same input for both doors
    rows = (
        {"variant": "test-variant", "quantity": "2"},
        {"variant": "test-variant-2", "unit_price": "90.00", "quantity": "1"},
        {"title": "Gift wrap", "unit_price": "5.00", "quantity": "1"},
    )
    items = [
        {"variant_id": "test-variant", "quantity": 2},
        {"variant_id": "test-variant-2", "unit_price": 9000, "quantity": 1},
        {"title": "Gift wrap", "unit_price": 500, "quantity": 1},
    ]

    # when
    from_admin = admin_created(staff, add_form(*rows, customer="oli-test", email="oli@test.dk", **admin_fields))
    from_api = create_draft_order(api, {**t1_body(items=items, shipping_methods=[]), **api_fields})["id"]

    # then: the same draft order, totals, lines, adjustments, addresses and shipping
    admin_body, api_body = draft_order_body(api, from_admin), draft_order_body(api, from_api)
    assert comparable(admin_body) == comparable(api_body)
    assert admin_body["draft_order"]["cart"]["total"] == api_body["draft_order"]["cart"]["total"] > 0


def test_a_guest_email_alone_makes_the_draft_order_the_api_makes(staff, api, seed):
    # given
    rows = ({"title": "Consulting", "unit_price": "120.00", "quantity": "3"},)

    # when
    from_admin = admin_created(staff, add_form(*rows, email="New.Buyer@Example.com"))
    from_api = create_draft_order(
        api,
        {
            "email": "New.Buyer@Example.com",
            "region_id": "test-region",
            "items": [{"title": "Consulting", "unit_price": 12000, "quantity": 3}],
            "shipping_methods": [],
        },
    )["id"]

    # then
    assert comparable(draft_order_body(api, from_admin)) == comparable(draft_order_body(api, from_api))
    assert draft_order_body(api, from_admin)["draft_order"]["cart"]["email"] == "new.buyer@example.com"


def test_changes_made_in_the_admin_are_the_ones_the_api_makes(staff, api, seed):
    # given: two equal draft orders, one to change in the admin, the other over the API
    body = t1_body(
        items=[{"variant_id": "test-variant", "quantity": 1}, {"title": "Wrap", "unit_price": 300, "quantity": 1}]
    )
    in_admin, over_api = create_draft_order(api, body), create_draft_order(api, body)
    api_variant_line, api_custom_line = (line["id"] for line in over_api["cart"]["items"])
    form = change_form(
        staff,
        in_admin["id"],
        discounts="TEST",
        metadata='{"channel": "phone"}',
        shipping_option="test-option",
        shipping_price="2.50",
        billing_first_name="Bo",
        billing_country_code="us",
        **{"items-0-quantity": "2", "items-1-DELETE": "on", "items-2-title": "Engraving", "items-2-unit_price": "7.00"},
    )

    # when
    response = staff.post(change_url(in_admin["id"]), form)
    url = f"/admin/draft-orders/{over_api['id']}"
    api.post(
        url,
        {
            "discounts": [{"code": "TEST"}],
            "billing_address": {"first_name": "Bo", "country_code": "us"},
            "metadata": {"channel": "phone"},
            "shipping_methods": [],
        },
        format="json",
    )
    api.delete(f"{url}/line-items/{api_custom_line}")
    api.post(f"{url}/line-items/{api_variant_line}", {"quantity": 2}, format="json")
    api.post(f"{url}/line-items", {"title": "Engraving", "unit_price": 700, "quantity": 1}, format="json")
    api.post(url, {"shipping_methods": [{"option_id": "test-option", "price": 250}]}, format="json")

    # then
    assert response.status_code == 302, form_errors(response)
    changed = draft_order_body(api, in_admin["id"])
    assert comparable(changed) == comparable(draft_order_body(api, over_api["id"]))
    assert [(line["title"], line["quantity"]) for line in changed["draft_order"]["cart"]["items"]] == [
        ("test product", 2),
        ("Engraving", 1),
    ]


# --- screens ---------------------------------------------------------------------------------------------------


def test_each_screen_renders(staff, api, seed):
    # given: an open draft order, and one paid into an order
    (paid,) = services_made(1)
    order = draft_order_mark_paid(draft_order_id=paid.pk)

    # then
    pages = {
        DRAFT_ORDERS: ["Test Region", "oli@test.dk", "$80.00"],
        ADD: ["Line items", "Shipping address", "Billing address same as shipping", "Discount codes", "Summary"],
        change_url("test-draft-order"): ["Mark as paid", "Subtotal", "$80.00"],
        f"{DRAFT_ORDERS}test-draft-order/mark-paid/": ["Yes, mark as paid", "oli@test.dk, $80.00"],
        change_url(paid.pk): ["View draft order", str(order), "Completed"],
        ORDERS: [str(order.display_id), "buyer0@example.com", "$154.00"],
        f"{ORDERS}{order.pk}/change/": ["View order", str(paid), "$154.00 paid, $0.00 refunded"],
    }
    for url, texts in pages.items():
        response = staff.get(url)
        assert response.status_code == 200, url
        for text in texts:
            assert text in response.content.decode(), (url, text)


def test_the_list_shows_money_in_the_regions_currency_newest_first(staff, seed):
    # given: a draft order in euros made after the seeded one, whose customer has a name
    Customer.objects.filter(pk="oli-test").update(first_name="Oli", last_name="Test")
    RegionFactory(id="eu", name="Europe", currency=currency("eur"), countries=["fr"])
    euros = draft_order_create(
        email="eu@example.com",
        region_id="eu",
        shipping_methods=[],
        items=[ItemInput(quantity=2, title="Box", unit_price=1250)],
    ).draft_order

    # when
    response = staff.get(DRAFT_ORDERS)

    # then: display id, status, customer, email, region, lines, total, order, tags, created, the newest first
    body = re.search(r'<table id="result_list">.*?<tbody>(.*?)</tbody>', response.content.decode(), re.S).group(1)
    rows = [table_cells(row)[1:-1] for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    assert rows == [
        [str(euros.display_id), "Open", "-", "eu@example.com", "Europe", "1", "€25.00", "-", "-"],
        [str(seed.draft_order.display_id), "Open", "Oli Test", "oli@test.dk", "Test Region", "1", "$80.00", "-", "-"],
    ]


def test_the_list_names_the_customer_and_links_the_order(staff, seed):
    # given
    Customer.objects.filter(pk="oli-test").update(first_name="Oli", last_name="Test")
    order = draft_order_mark_paid(draft_order_id="test-draft-order")

    # when
    page = staff.get(DRAFT_ORDERS, {"o": "-3"}).content.decode()  # by customer, as the column header sorts

    # then
    assert f'<a href="{ORDERS}{order.pk}/change/">{order}</a>' in page
    assert '<td class="field-customer_name">Oli Test</td>' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "oli@"}, ["oli@test.dk"]),
        ({"q": "buyer0"}, ["buyer0@example.com"]),
        ({"q": "Lebron"}, ["lebron@james.com"]),
        ({"status__exact": "completed"}, ["buyer0@example.com"]),
        ({"cart__region__id__exact": "test-region-2"}, []),
    ],
)
def test_the_list_searches_and_filters(staff, seed, query, expected):
    # given: a paid draft order, and one of a customer found by name
    (paid,) = services_made(1)
    draft_order_mark_paid(draft_order_id=paid.pk)
    lebron = seed.lebron
    lebron.first_name = "LeBron"
    lebron.save()
    draft_order_create(email=lebron.email, customer_id=lebron.pk, region_id="test-region", shipping_methods=[])

    # when
    response = staff.get(DRAFT_ORDERS, query)

    # then
    assert response.status_code == 200
    assert [draft_order.cart.email for draft_order in response.context["cl"].result_list] == expected


def test_the_list_searches_by_display_id(staff, seed):
    # given
    (made,) = services_made(1)

    # when
    response = staff.get(DRAFT_ORDERS, {"q": str(made.display_id)})

    # then
    assert [draft_order.pk for draft_order in response.context["cl"].result_list] == [made.pk]


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_a_fixed_number_of_queries(staff, stocked, django_assert_max_num_queries, count):
    # given: draft orders with lines, discounts and shipping, one of them paid
    made = services_made(count, lines_each=3)
    draft_order_mark_paid(draft_order_id=made[0].pk)

    # then
    with django_assert_max_num_queries(19):
        response = staff.get(DRAFT_ORDERS)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count + 1


def test_the_order_list_costs_a_fixed_number_of_queries(staff, stocked, django_assert_max_num_queries):
    # given
    for draft_order in services_made(20):
        draft_order_mark_paid(draft_order_id=draft_order.pk)

    # then
    with django_assert_max_num_queries(13):
        response = staff.get(ORDERS)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 20


def test_the_page_limits_countries_and_shipping_options_to_the_chosen_region(staff, seed):
    # when
    page = staff.get(ADD).content.decode()

    # then: each is tagged with its region, for the page's script to show the chosen region's only
    assert '<option value="us" data-region="test-region">United States</option>' in page
    assert '<option value="de" data-region="test-region-2">Germany</option>' in page
    assert '<option value="fr"' not in page  # in no region
    assert 'value="test-option" data-region="test-region">test-option ($10.00, Test Region)' in page


def test_the_variant_autocomplete_shows_product_variant_sku_price_in_the_region_and_stock(staff, seed):
    # given
    seed.variant.sku = "TV-1"
    seed.variant.save()
    query = {"app_label": "carts", "model_name": "lineitem", "field_name": "variant", "term": "test variant"}

    # when
    in_region = staff.get(f"{DRAFT_ORDERS}autocomplete/", {**query, "region": "test-region"}).json()
    elsewhere = staff.get(f"{DRAFT_ORDERS}autocomplete/", {**query, "region": "test-region-2"}).json()

    # then
    assert sorted(result["text"] for result in in_region["results"]) == [
        "test product / test variant / TV-1 / $80.00 / 2 in stock",
        "test product / test variant without prices / no SKU / no price in Test Region / 1 in stock",
        "test product 2 / test variant-2 / no SKU / $100.00 / 4 in stock",
    ]
    assert "test product / test variant / TV-1 / no price in Test Region 2 / 2 in stock" in [
        result["text"] for result in elsewhere["results"]
    ]


def test_the_address_autocomplete_offers_the_customers_addresses_only(staff, seed):
    # given
    customer = CustomerFactory(email="with.addresses@example.com")
    shipping = AddressFactory(customer=customer, city="Odense")
    customer.billing_address = AddressFactory(city="Aarhus")
    customer.save()
    query = {"app_label": "carts", "model_name": "cart", "field_name": "shipping_address", "term": ""}

    # when
    found = staff.get(f"{DRAFT_ORDERS}autocomplete/", {**query, "customer": customer.pk}).json()
    without_customer = staff.get(f"{DRAFT_ORDERS}autocomplete/", query).json()

    # then
    assert [result["id"] for result in found["results"]] == [shipping.pk, customer.billing_address_id]
    assert without_customer["results"] == []


# --- refusals on the right field, nothing saved ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "rows", "field", "message"),
    [
        (
            {"shipping_first_name": "Max", "shipping_country_code": "de"},
            (),
            "shipping_address",
            "Shipping country not in region",
        ),
        (
            {"billing_address": "oli-shipping", "region": "test-region-2"},
            (),
            "billing_address",
            "Billing country not in region",
        ),
        ({"discounts": "NOPE"}, (), "discounts", "Discounts with code [NOPE] was not found"),
        (
            {"shipping_option": "test-option", "shipping_price": "-1"},
            (),
            "shipping_price",
            "price must not be less than 0",
        ),
        (
            {"shipping_option": "test-option-req"},
            (),
            "shipping_option",
            "The Cart does not satisfy the shipping option's requirements",
        ),
        (
            {"shipping_option": "test-option", "region": "test-region-2"},
            (),
            "shipping_option",
            "The shipping option is not available in the cart's region",
        ),
        ({"email": ""}, (), "email", "Choose a customer or type an email."),
        ({"shipping_price": "100"}, (), "shipping_price", "Choose the shipping option this price is for."),
        (
            {"shipping_address": "oli-shipping", "shipping_city": "Elsewhere"},
            (),
            "shipping_address",
            "Pick one of the customer's addresses or type one, not both.",
        ),
    ],
)
def test_a_refused_add_shows_the_message_on_its_field_and_saves_nothing(staff, seed, fields, rows, field, message):
    # given
    before = row_counts()

    # when
    response = staff.post(ADD, add_form(*rows, **{"email": "oli@test.dk", **fields}))

    # then
    assert form_errors(response) == {field: [message]}
    assert row_counts() == before
    assert {name: response.context["adminform"].form.data[name] for name in fields} == fields  # kept as typed


def row_errors(response) -> list[dict]:
    """Each line row's errors, by field ("__all__" above the row)."""
    (inline,) = response.context["inline_admin_formsets"]
    return [dict(form.errors) for form in inline.formset.forms]


def test_every_refused_line_shows_on_its_row_at_once_naming_the_variant_and_saves_nothing(staff, seed):
    # given: three mistakes in one save, and a good row between them
    before = row_counts()
    rows = (
        {"variant": "test-variant-without-prices", "quantity": "1"},
        {"variant": "test-variant", "quantity": "1"},
        {"title": "Nothing", "unit_price": "1.00", "quantity": "0"},
        {"title": "Wrap", "unit_price": "4,50", "quantity": "1"},
    )

    # when
    response = staff.post(ADD, add_form(*rows, email="oli@test.dk"))

    # then: each on its row, all at once; the API keeps v1's quantities (departure "bad numbers")
    assert form_errors(response) == {}
    assert line_errors(response) == []
    assert row_errors(response) == [
        {
            "variant": [
                "test product / test variant without prices / no SKU: "
                'Cannot generate line item for variant "test variant without prices" without a price'
            ]
        },
        {},
        {"quantity": ["Ensure this value is greater than or equal to 1."]},
        {"unit_price": ["Enter an amount such as 1,234.50."]},
    ]
    assert row_counts() == before


def test_a_refused_change_shows_the_message_above_the_lines_and_changes_nothing(staff, api, seed):
    # given: test-variant has 2 in stock
    before = draft_order_body(api, "test-draft-order")
    form = change_form(staff, "test-draft-order", discounts="TEST", **{"items-0-quantity": "3"})

    # when
    response = staff.post(change_url("test-draft-order"), form)

    # then
    assert line_errors(response) == ["Inventory doesn't cover the desired quantity"]
    assert draft_order_body(api, "test-draft-order") == before


def test_a_refused_shipping_change_shows_on_the_option_and_changes_nothing(staff, api, seed):
    # given: the seeded draft's 8000 meets test-option-req's minimum; deleting its only line would not
    before = draft_order_body(api, "test-draft-order")
    form = change_form(staff, "test-draft-order", shipping_option="test-option-req", **{"items-0-DELETE": "on"})

    # when
    response = staff.post(change_url("test-draft-order"), form)

    # then
    assert form_errors(response) == {
        "shipping_option": ["The Cart does not satisfy the shipping option's requirements"]
    }
    assert draft_order_body(api, "test-draft-order") == before


def test_a_completed_draft_order_is_read_only_and_cannot_be_deleted(staff, seed):
    # given
    order = draft_order_mark_paid(draft_order_id="test-draft-order")
    form = add_form(email="other@example.com")

    # when
    page = staff.get(change_url("test-draft-order"))
    change = staff.post(change_url("test-draft-order"), form)
    delete = staff.post(f"{DRAFT_ORDERS}test-draft-order/delete/", {"post": "yes"})

    # then: shown with a link to its order, never changed or deleted
    assert page.context["title"] == "View draft order"
    assert f'href="{ORDERS}{order.pk}/change/"' in page.content.decode()
    assert "Mark as paid" not in page.content.decode()
    assert (change.status_code, delete.status_code) == (403, 403)
    assert DraftOrder.objects.get(pk="test-draft-order").cart.email == "oli@test.dk"


def test_deleting_an_open_draft_order_runs_the_service(staff, seed):
    # when
    response = staff.post(f"{DRAFT_ORDERS}test-draft-order/delete/", {"post": "yes"})

    # then
    assert response.status_code == 302
    assert not DraftOrder.objects.filter(pk="test-draft-order").exists()


def test_orders_are_read_only(staff, seed):
    # given
    order = draft_order_mark_paid(draft_order_id="test-draft-order")

    # then
    assert staff.get(f"{ORDERS}add/").status_code == 403
    assert staff.post(f"{ORDERS}{order.pk}/change/", {"email": "x@example.com"}).status_code == 403
    assert staff.post(f"{ORDERS}{order.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Order.objects.get().email == "oli@test.dk"


# --- Mark as paid ----------------------------------------------------------------------------------------------


def test_mark_as_paid_from_the_change_page_places_the_order_and_lands_on_it(staff, api, seed):
    # given
    url = f"{DRAFT_ORDERS}test-draft-order/mark-paid/"
    total = draft_order_body(api, "test-draft-order")["draft_order"]["cart"]["total"]

    # when: the button asks first
    asked = staff.get(url)

    # then
    assert "Yes, mark as paid" in asked.content.decode()
    assert not Order.objects.exists()

    # when: staff confirm
    response = staff.post(url)

    # then: staff land on the order
    order = Order.objects.get()
    assert response.status_code == 302
    assert response.url == f"{ORDERS}{order.pk}/change/"
    assert messages_of(response) == [
        f"Draft order #{seed.draft_order.display_id} is marked as paid: "
        f'<a href="{ORDERS}{order.pk}/change/">Order #{order.display_id}</a> is placed.'
    ]
    assert DraftOrder.objects.get(pk="test-draft-order").order_id == order.pk
    assert api.get(f"/admin/orders/{order.pk}").json()["order"]["total"] == total == 8000


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda seed: draft_order_mark_paid(draft_order_id="test-draft-order"), "Draft order is already completed"),
        (lambda seed: seed.item.delete(), "Cannot create order from empty cart"),
    ],
)
def test_mark_as_paid_refused_shows_the_reason(staff, seed, prepare, message):
    # given
    prepare(seed)
    orders_before = Order.objects.count()

    # when
    response = staff.post(f"{DRAFT_ORDERS}test-draft-order/mark-paid/")

    # then
    assert response.status_code == 302
    assert messages_of(response) == [f"Draft order #{seed.draft_order.display_id}: {message}"]
    assert Order.objects.count() == orders_before


def test_mark_as_paid_in_bulk_confirms_then_pays_each_and_reports_each_refusal(staff, seed):
    # given: one payable draft order, one empty
    (payable,) = services_made(1)
    empty = draft_order_create(email="empty@example.com", region_id="test-region", shipping_methods=[]).draft_order
    action = {"action": "mark_paid_selected", "_selected_action": [payable.pk, empty.pk]}

    # when
    asked = staff.post(DRAFT_ORDERS, action)
    done = staff.post(DRAFT_ORDERS, {**action, "post": "yes"})

    # then
    assert asked.status_code == 200
    assert "Yes, mark as paid" in asked.content.decode()
    assert done.status_code == 302
    order = Order.objects.get()
    assert order.draft_order_id == payable.pk
    assert sorted(messages_of(done)) == sorted(
        [
            f'{payable} is marked as paid: <a href="{ORDERS}{order.pk}/change/">{order}</a> is placed.',
            f"{empty}: Cannot create order from empty cart",
        ]
    )


def test_metadata_removed_in_the_admin_is_removed(staff, api, seed):
    # given
    made = create_draft_order(api, t1_body(metadata={"keep": 1, "drop": 2}))

    # when
    response = staff.post(change_url(made["id"]), change_form(staff, made["id"], metadata='{"keep": 1}'))

    # then
    assert response.status_code == 302
    assert draft_order_body(api, made["id"])["draft_order"]["metadata"] == {"keep": 1}


def test_the_change_page_shows_the_invoice_as_money(staff, seed):
    # given: 2 × $80.00 less 10 %, a $5.00 custom line, $10.00 shipping
    made = draft_order_create(
        email="oli@test.dk",
        region_id="test-region",
        shipping_methods=[ShippingMethodInput(option_id="test-option")],
        items=[ItemInput(quantity=2, variant_id="test-variant"), ItemInput(quantity=1, title="Wrap", unit_price=500)],
        discounts=["TEST"],
    ).draft_order

    # when
    page = staff.get(change_url(made.pk)).content.decode()

    # then
    cells = [
        table_cells(row)
        for row in re.findall(r'<tr (?:class="invoice-[a-z]+"|data-total="[a-z]+")>(.*?)</tr>', page, re.S)
    ]
    assert cells == [
        ["test product test variant", "2", "$80.00", "$16.00", "$144.00"],
        ["Wrap", "1", "$5.00", "$0.00", "$5.00"],
        ["Shipping: test-option incl. tax", "$10.00"],
        ["Subtotal excl. tax", "$165.00"],
        ["Discount", "-$16.00"],
        ["Shipping excl. tax", "$10.00"],
        ["Tax", "$0.00"],
        ["Total", "$159.00"],
    ]


def test_the_metadata_box_is_empty_rather_than_null(staff, seed):
    # when
    form = staff.get(ADD).context["adminform"].form

    # then
    assert form["metadata"].value() == ""
    assert change_form(staff, "test-draft-order")["metadata"] == ""


def test_deleting_selected_open_draft_orders_runs_the_service_for_each(staff, seed):
    # given
    made = services_made(2)
    action = {"action": "delete_selected", "_selected_action": [draft_order.pk for draft_order in made]}

    # when
    response = staff.post(DRAFT_ORDERS, {**action, "post": "yes"})

    # then
    assert response.status_code == 302
    assert list(DraftOrder.objects.values_list("pk", flat=True)) == ["test-draft-order"]


def test_deleting_selected_draft_orders_refuses_a_completed_one(staff, seed):
    # given
    (paid,) = services_made(1)
    draft_order_mark_paid(draft_order_id=paid.pk)
    action = {"action": "delete_selected", "_selected_action": [paid.pk, "test-draft-order"], "post": "yes"}

    # when
    response = staff.post(DRAFT_ORDERS, action)

    # then: the admin's "cannot delete" page, and both kept
    assert response.status_code == 200
    assert "Cannot delete draft order" in response.content.decode()
    assert DraftOrder.objects.count() == 2


@pytest.mark.parametrize("count", [2, 6])
def test_the_list_sorts_by_total_in_a_fixed_number_of_queries(staff, seed, django_assert_max_num_queries, count):
    # given: totals of $80.00 (the seeded draft), then $8.00, $16.00, … by line count
    for n in range(count):
        draft_order_create(
            email=f"buyer{n}@example.com",
            region_id="test-region",
            shipping_methods=[],
            items=[ItemInput(quantity=n + 1, title="Box", unit_price=800)],
        )
    column = DraftOrderAdmin.list_display.index("total") + 1

    # when
    with django_assert_max_num_queries(26):
        ascending = staff.get(DRAFT_ORDERS, {"o": str(column)})
    descending = staff.get(DRAFT_ORDERS, {"o": f"-{column}"})

    # then
    def totals(response):
        changelist = response.context["cl"]
        return [changelist.model_admin.total(draft_order) for draft_order in changelist.result_list]

    expected = sorted([8000, *(800 * (n + 1) for n in range(count))])
    assert totals(ascending) == [format_money(amount, "usd", "$") for amount in expected]
    assert totals(descending) == [format_money(amount, "usd", "$") for amount in reversed(expected)]
