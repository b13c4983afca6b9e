"""The draft order page's live summary (issue 15): the page as typed, priced as Save would price it, with every
refusal keyed by the input it is about; nothing is stored. And "Mark as paid" after unsaved edits."""

import re

import pytest

from config.money import format_money
from draft_orders.models import DraftOrder
from tests.draft_orders.helpers import create_draft_order, draft_order_body, row_counts
from tests.draft_orders.test_admin import ADD, DRAFT_ORDERS, add_form, change_form, change_url, table_cells
from tests.factories import RegionFactory, UserFactory, currency
from tests.seed import t1_body

pytestmark = pytest.mark.django_db

CALCULATE = f"{DRAFT_ORDERS}calculate/"
TOTALS = ("subtotal", "discount", "shipping", "tax", "total")


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def shown_totals(summary: str) -> dict[str, str]:
    rows = re.findall(r'<tr data-total="([a-z]+)">(.*?)</tr>', summary, re.S)
    return {key: table_cells(cells)[-1] for key, cells in rows}


def api_totals(cart: dict) -> dict[str, str]:
    money = {key: format_money(cart[f"{key}_total"], "usd", "$") for key in ("shipping", "tax")}
    return {
        "subtotal": format_money(cart["subtotal"], "usd", "$"),
        "discount": format_money(-cart["discount_total"], "usd", "$"),
        **money,
        "total": format_money(cart["total"], "usd", "$"),
    }


def test_the_add_page_is_priced_as_post_calculate_prices_its_body_and_nothing_is_stored(staff, api, seed):
    # given: the page as typed, in major units, and the same draft as the API's body in minor units
    rows = ({"variant": "test-variant", "quantity": "2"}, {"title": "Gift wrap", "unit_price": "5.00", "quantity": "1"})
    typed = add_form(*rows, email="oli@test.dk", shipping_option="test-option", shipping_price="2.50", discounts="TEST")
    body = t1_body(
        items=[{"variant_id": "test-variant", "quantity": 2}, {"title": "Gift wrap", "unit_price": 500, "quantity": 1}],
        shipping_methods=[{"option_id": "test-option", "price": 250}],
        discounts=[{"code": "TEST"}],
    )
    before = row_counts()

    # when
    answer = staff.post(CALCULATE, typed).json()
    calculated = api.post("/admin/draft-orders/calculate", body, format="json").json()["draft_order"]["cart"]

    # then
    assert answer["errors"] == {}
    assert shown_totals(answer["summary"]) == api_totals(calculated)
    assert shown_totals(answer["summary"]) == {
        "subtotal": "$165.00",
        "discount": "-$16.00",
        "shipping": "$2.50",
        "tax": "$0.00",
        "total": "$151.50",
    }
    assert row_counts() == before


def test_every_mistake_of_the_page_is_keyed_by_its_input(staff, seed):
    # given: a row without a price in the region, a quantity 0, an amount written the European way, a bad code
    rows = (
        {"variant": "test-variant-without-prices", "quantity": "1"},
        {"title": "Nothing", "unit_price": "1.00", "quantity": "0"},
        {"title": "Wrap", "unit_price": "4,50", "quantity": "1"},
    )

    # when
    answer = staff.post(CALCULATE, add_form(*rows, email="oli@test.dk", shipping_price="1,5")).json()

    # then: all at once, no summary
    assert answer == {
        "summary": None,
        "errors": {
            "id_shipping_price": ["Enter an amount such as 1,234.50."],
            "id_items-0-variant": [
                "test product / test variant without prices / no SKU: "
                'Cannot generate line item for variant "test variant without prices" without a price'
            ],
            "id_items-1-quantity": ["Ensure this value is greater than or equal to 1."],
            "id_items-2-unit_price": ["Enter an amount such as 1,234.50."],
        },
    }


def test_a_service_refusal_is_keyed_by_the_field_it_concerns(staff, seed):
    # when
    answer = staff.post(
        CALCULATE, add_form({"variant": "test-variant", "quantity": "1"}, discounts="NOPE", email="a@b.dk")
    )

    # then
    assert answer.json() == {"summary": None, "errors": {"id_discounts": ["Discounts with code [NOPE] was not found"]}}


def test_a_change_is_priced_as_its_save_would_price_it_and_rolled_back(staff, api, seed):
    # given
    made = create_draft_order(api, t1_body())
    before, counts = draft_order_body(api, made["id"]), row_counts()
    form = change_form(staff, made["id"], discounts="TEST", **{"items-0-quantity": "3"})
    form["items-0-quantity"] = "2"  # test-variant has 2 in stock

    # when
    answer = staff.post(f"{DRAFT_ORDERS}{made['id']}/calculate/", form).json()

    # then: what the save makes, and nothing of it kept
    assert answer["errors"] == {}
    assert shown_totals(answer["summary"])["discount"] == "-$16.00"
    assert draft_order_body(api, made["id"]) == before
    assert row_counts() == counts
    saved = staff.post(change_url(made["id"]), form)
    assert saved.status_code == 302
    assert (
        format_money(draft_order_body(api, made["id"])["draft_order"]["cart"]["total"], "usd", "$")
        == (shown_totals(answer["summary"])["total"])
    )


def test_the_summary_is_a_post_for_staff_only(client, staff, seed):
    assert staff.get(CALCULATE).status_code == 405
    client.logout()
    assert client.post(CALCULATE, add_form()).status_code == 302  # to the login page


def test_the_page_shows_the_summary_box_with_its_address(staff, seed):
    # when
    added, changed = staff.get(ADD).content.decode(), staff.get(change_url("test-draft-order")).content.decode()

    # then
    assert f'data-url="{CALCULATE}"' in added
    assert f'data-url="{DRAFT_ORDERS}test-draft-order/calculate/"' in changed
    assert 'data-total="total"' in changed  # as saved, until staff type


def test_mark_as_paid_with_unsaved_edits_saves_then_asks_with_the_new_total(staff, api, seed):
    # given: staff changed a quantity, then chose "Mark as paid" and agreed to save first (draft_order_form.js)
    form = change_form(staff, "test-draft-order", **{"items-0-quantity": "2", "_continue": "1", "_then_mark_paid": "1"})

    # when
    response = staff.post(change_url("test-draft-order"), form)

    # then: nothing is paid; the confirmation shows the saved total at the saved version
    draft_order = DraftOrder.objects.get(pk="test-draft-order")
    assert draft_order.status == DraftOrder.Status.OPEN
    assert response.status_code == 302
    assert response.url == f"{DRAFT_ORDERS}test-draft-order/mark-paid/?version={draft_order.version}"
    asked = staff.get(response.url).content.decode()
    assert "oli@test.dk, $160.00" in asked


def test_the_customer_picker_can_make_a_customer_in_a_popup(staff, seed):
    # when
    page = staff.get(ADD).content.decode()

    # then: the admin's "+" opens the customer add page as a popup that chooses the new customer here
    assert 'id="add_id_customer"' in page
    assert 'href="/staff/customers/customer/add/?_to_field=id&amp;_popup=1"' in page


def test_a_yen_draft_takes_whole_yen_as_people_write_them(staff, seed):
    # given: a region in yen, which has no decimals
    RegionFactory(id="jp", name="Japan", currency=currency("jpy"), countries=["jp"])
    rows = (
        {"title": "Tea", "unit_price": "1,500", "quantity": "2"},
        {"title": "Cup", "unit_price": "1,500.5", "quantity": "1"},
    )

    # when
    refused = staff.post(ADD, add_form(*rows, region="jp", email="ken@example.jp"))
    saved = staff.post(ADD, add_form(rows[0], region="jp", email="ken@example.jp"))

    # then
    (inline,) = refused.context["inline_admin_formsets"]
    assert inline.formset.forms[1].errors == {"unit_price": ["JPY amounts have no decimals."]}
    assert saved.status_code == 302
    (line,) = DraftOrder.objects.get(cart__email="ken@example.jp").cart.items.all()
    assert (line.unit_price, line.quantity) == (1500, 2)
    assert "¥3,000" in staff.get(saved.url).content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_the_summary_of_a_new_draft_costs_a_query_per_line_more_than_a_fixed_number(
    staff, seed, django_assert_max_num_queries, count
):
    # given: a page with `count` variant lines, shipping and a discount
    rows = [{"variant": "test-variant", "quantity": "1"}] * count
    typed = add_form(*rows, email="oli@test.dk", shipping_option="test-option", discounts="TEST")

    # then: the form's own check of each chosen variant (Django's ModelChoiceField) is the one query per line
    with django_assert_max_num_queries(13 + count):  # 27 before its reads went in one statement
        answer = staff.post(CALCULATE, typed)
    assert answer.json()["errors"] == {}


def test_the_summary_of_a_change_costs_a_fixed_number_of_queries(staff, seed, django_assert_max_num_queries):
    # given
    form = change_form(staff, "test-draft-order", discounts="TEST")

    # then: the save's own update (which answers with the rows it saved) and the rollback
    with django_assert_max_num_queries(34):  # 53 before reads went together in one statement
        answer = staff.post(f"{DRAFT_ORDERS}test-draft-order/calculate/", form)
    assert answer.json()["errors"] == {}


def test_moving_a_draft_to_a_region_of_another_currency_leaves_its_line_prices_alone(staff, api, seed):
    # given: a $5.00 custom line; staff move the draft to a region in yen and change nothing else
    RegionFactory(id="jp", name="Japan", currency=currency("jpy"), countries=["jp"])
    made = create_draft_order(api, t1_body(items=[{"title": "Wrap", "unit_price": 500, "quantity": 1}]))
    form = change_form(staff, made["id"], region="jp", shipping_option="", shipping_country_code="")

    # when
    response = staff.post(change_url(made["id"]), form)

    # then: the line keeps its price (v1 keeps a custom line's price when the region changes)
    assert response.status_code == 302
    (line,) = draft_order_body(api, made["id"])["draft_order"]["cart"]["items"]
    assert line["unit_price"] == 500
