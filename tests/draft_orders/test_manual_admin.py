"""The staff site's manual discounts, notes and tags (issue 18 §3–4): the draft order form's discount per line and for
the order, its note and tags, the same draft orders the API makes, the list's tag column and filter, the invoice."""

import re

import pytest

from tests.draft_orders.helpers import create_draft_order, draft_order_body, row_counts
from tests.draft_orders.test_admin import (
    DRAFT_ORDERS,
    add_form,
    admin_created,
    change_form,
    change_url,
    comparable,
    form_errors,
    line_errors,
    staff,  # noqa: F401 (the fixture)
    table_cells,
)
from tests.seed import t1_body

pytestmark = pytest.mark.django_db


def test_a_draft_added_with_discounts_note_and_tags_is_the_one_the_api_creates(staff, api, seed):  # noqa: F811
    # given
    rows = (
        {"variant": "test-variant", "quantity": "2", "manual_discount": "12.5%"},
        {"title": "Gift wrap", "unit_price": "5.00", "quantity": "1", "manual_discount": "100"},
    )
    items = [
        {"variant_id": "test-variant", "quantity": 2, "manual_discount": {"type": "percentage", "value": 12.5}},
        {"title": "Gift wrap", "unit_price": 500, "quantity": 1, "manual_discount": {"type": "fixed", "value": 100}},
    ]
    fields = {"manual_discount": "1000", "manual_discount_reason": "phone order", "note": "Call first"}
    fields["shipping_address"] = "oli-shipping"

    # when
    from_admin = admin_created(
        staff, add_form(*rows, customer="oli-test", email="oli@test.dk", tags=" vip, phone ,VIP", **fields)
    )
    from_api = create_draft_order(
        api,
        t1_body(
            items=items,
            shipping_methods=[],
            manual_discount={"type": "fixed", "value": 1000, "reason": "phone order"},
            note="Call first",
            tags=["vip", "phone"],
        ),
    )["id"]

    # then
    admin_body = draft_order_body(api, from_admin)
    assert comparable(admin_body) == comparable(draft_order_body(api, from_api))
    draft_order = admin_body["draft_order"]
    assert (draft_order["note"], draft_order["tags"]) == ("Call first", ["vip", "phone"])
    # 16000 less 2000 (12.5 %) and 500 less 100, then 1000 spread over 14000 and 400: 972 and 28
    assert draft_order["cart"]["discount_total"] == 2000 + 100 + 1000
    assert draft_order["cart"]["total"] == 16500 - 3100


def test_discounts_note_and_tags_changed_in_the_admin_are_the_ones_the_api_makes(staff, api, seed):  # noqa: F811
    # given: two equal drafts with a note and tags
    body = t1_body(note="first", tags=["a"], manual_discount={"type": "percentage", "value": 5})
    in_admin, over_api = create_draft_order(api, body), create_draft_order(api, body)
    form = change_form(
        staff,
        in_admin["id"],
        note="",
        tags="b, c",
        manual_discount="",
        **{"items-0-manual_discount": "10%"},
    )
    # the page shows what is set
    assert (form["note"], form["tags"], form.get("manual_discount_reason")) == ("", "b, c", "")

    # when
    response = staff.post(change_url(in_admin["id"]), form)
    url = f"/admin/draft-orders/{over_api['id']}"
    api.post(url, {"note": None, "tags": ["b", "c"], "manual_discount": None}, format="json")
    line_id = over_api["cart"]["items"][0]["id"]
    api.post(f"{url}/line-items/{line_id}", {"manual_discount": {"type": "percentage", "value": 10}}, format="json")

    # then
    assert response.status_code == 302, form_errors(response)
    changed = draft_order_body(api, in_admin["id"])
    assert comparable(changed) == comparable(draft_order_body(api, over_api["id"]))
    assert (changed["draft_order"]["note"], changed["draft_order"]["tags"]) == (None, ["b", "c"])
    assert changed["draft_order"]["cart"]["discount_total"] == 1600


def test_the_change_page_shows_the_current_discounts(staff, api, seed):  # noqa: F811
    draft_order = create_draft_order(
        api,
        t1_body(
            items=[
                {"variant_id": "test-variant", "quantity": 1, "manual_discount": {"type": "percentage", "value": 7.5}}
            ],
            manual_discount={"type": "fixed", "value": 300, "reason": "late delivery"},
            tags=["vip"],
        ),
    )
    form = change_form(staff, draft_order["id"])
    assert (form["manual_discount"], form["manual_discount_reason"], form["tags"]) == ("300", "late delivery", "vip")
    assert form["items-0-manual_discount"] == "7.5%"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"manual_discount": "150%"},
            "manual_discount",
            "The value must be more than 0 and at most 100 for a percentage.",
        ),
        (
            {"manual_discount": "ten"},
            "manual_discount",
            "Type a percentage (10%) or an amount in the smallest unit (500).",
        ),
        (
            {"manual_discount": "99999"},
            "manual_discount",
            "manual_discount.value 99999 is more than the draft order comes to after its discounts (16000)",
        ),
        ({"tags": "x" * 41}, "tags", "each value in tags must be 1 to 40 characters long once trimmed"),
    ],
)
def test_a_refused_discount_or_tag_shows_on_its_field_and_saves_nothing(staff, seed, fields, field, message):  # noqa: F811
    # given
    before = row_counts()
    # when
    response = staff.post(
        DRAFT_ORDERS + "add/",
        add_form({"variant": "test-variant", "quantity": "2"}, customer="oli-test", **fields),
    )
    # then
    assert form_errors(response)[field] == [message]
    assert row_counts() == before


def test_the_list_shows_the_tags_and_filters_by_one(staff, api, seed):  # noqa: F811
    # given
    create_draft_order(api, t1_body(tags=["VIP", "phone"], email="vip@example.com", customer_id=None))
    create_draft_order(api, t1_body(tags=["vip"], email="second@example.com", customer_id=None))
    create_draft_order(api, t1_body(tags=["other"], email="other@example.com", customer_id=None))

    # when
    response = staff.get(DRAFT_ORDERS, {"tag": "vip"})
    page = response.content.decode()

    # then: the two carrying it in any case, with their tags; the filter offers each tag once
    body = re.search(r'<table id="result_list">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    rows = [table_cells(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    assert sorted((row[4], row[9]) for row in rows) == [
        ("second@example.com", "vip"),
        ("vip@example.com", "VIP, phone"),
    ]
    (tag_filter,) = (
        spec for spec in response.context["cl"].filter_specs if getattr(spec, "parameter_name", None) == "tag"
    )
    assert [value for value, _label in tag_filter.lookup_choices] == ["other", "phone", "VIP"]


def test_the_invoice_shows_the_manual_discounts(staff, api, seed):  # noqa: F811
    # given: 2 x $80.00 less 10 % by code TEST, then 5 % by hand, then $10.00 off the order
    draft_order = create_draft_order(
        api,
        t1_body(
            items=[
                {"variant_id": "test-variant", "quantity": 2, "manual_discount": {"type": "percentage", "value": 5}}
            ],
            discounts=[{"code": "TEST"}],
            manual_discount={"type": "fixed", "value": 1000, "reason": "phone order"},
        ),
    )

    # when
    page = staff.get(change_url(draft_order["id"])).content.decode()

    # then
    cells = [
        table_cells(row)
        for row in re.findall(r'<tr (?:class="invoice-[a-z]+"|data-total="[a-z]+")>(.*?)</tr>', page, re.S)
    ]
    assert cells == [
        ["test product test variant", "2", "$80.00", "$33.20Manual discount -$7.20phone order -$10.00", "$126.80"],
        ["Shipping: test-option incl. tax", "$10.00"],
        ["Subtotal excl. tax", "$160.00"],
        ["Discount", "-$16.00"],
        ["Manual discount", "-$17.20"],
        ["Shipping excl. tax", "$10.00"],
        ["Tax", "$0.00"],
        ["Total", "$136.80"],
    ]


def test_a_line_discount_larger_than_its_line_shows_on_its_row_and_saves_nothing(staff, seed):  # noqa: F811
    # given
    before = row_counts()
    rows = ({"variant": "test-variant", "quantity": "1", "manual_discount": "8001"},)
    # when
    response = staff.post(DRAFT_ORDERS + "add/", add_form(*rows, customer="oli-test"))
    # then: on its row, naming the variant (the form checks each new line as create would)
    assert line_errors(response) == []
    (inline,) = response.context["inline_admin_formsets"]
    (errors,) = [form.errors for form in inline.formset.forms]
    (field, (message,)), *others = errors.items()
    assert others == []
    assert message.startswith("test product / test variant / no SKU: manual_discount.value 8001 is more than line")
    assert row_counts() == before


def test_the_order_page_shows_the_note_and_tags_copied_at_mark_paid(staff, api, seed):  # noqa: F811
    # given
    draft_order = create_draft_order(api, t1_body(note="Gift: no prices on the slip", tags=["vip", "gift"]))
    order_id = api.post(f"/admin/draft-orders/{draft_order['id']}/pay").json()["order"]["id"]
    # when
    page = staff.get(f"/staff/orders/order/{order_id}/change/").content.decode()
    # then
    assert "Gift: no prices on the slip" in page
    assert re.search(r"<div class=\"readonly\">vip, gift</div>", page)
