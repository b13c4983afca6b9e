"""A member of staff works a draft order in a real browser, on a desktop screen and on a phone (issue 15, §6): builds
it with live totals (checked against POST /admin/draft-orders/calculate), fixes three mistakes shown at once, sends
the invoice, duplicates it, marks the copy paid with an unsaved edit (asked first) and lands on the order.

With E2E_SCREENSHOTS=<folder> the desktop walk also keeps screenshots of the main screens there (docs/screens/)."""

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from rest_framework.test import APIClient

from carts.services import ItemInput
from config.money import format_money
from draft_orders.models import DraftOrder
from draft_orders.services import draft_order_create
from orders.models import Order
from tests.e2e.helpers import log_in
from tests.factories import (
    DiscountFactory,
    ProductFactory,
    ProductVariantFactory,
    RegionFactory,
    ShippingOptionFactory,
    UserFactory,
    currency,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TOTALS = ("subtotal", "discount", "shipping", "tax", "total")


def choose_in_autocomplete(page, select_id: str, term: str, option_text: str) -> None:
    """Open the select2 box that stands for `<select id=select_id>`, search `term`, pick the result."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", term)
    page.click(f".select2-results__option:has-text('{option_text}')")
    page.wait_for_selector(f"#{select_id} + .select2 .select2-selection__rendered:has-text('{option_text}')")


def add_row(page, index: int) -> None:
    page.click("#items-group .add-row a")
    page.wait_for_selector(f"#id_items-{index}-quantity")


def summary_totals(page) -> dict[str, str]:
    return {key: page.inner_text(f"#draft-order-summary tr[data-total={key}] td") for key in TOTALS}


def wait_for_summary(page, total: str) -> None:
    """The live summary, once the server has priced the page as it now is."""
    page.wait_for_selector(f"#draft-order-summary tr[data-total=total] td:has-text('{total}')")


def calculated_totals(staff, body: dict) -> dict[str, str]:
    """POST /admin/draft-orders/calculate's totals for `body`, written as the page writes money."""
    api = APIClient()
    api.credentials(HTTP_X_MEDUSA_ACCESS_TOKEN=staff.api_token)
    cart = api.post("/admin/draft-orders/calculate", body, format="json").json()["draft_order"]["cart"]
    usd = {
        "subtotal": cart["subtotal"],
        "discount": -cart["discount_total"],
        "shipping": cart["shipping_total"],
        "tax": cart["tax_total"],
        "total": cart["total"],
    }
    return {key: format_money(amount, "usd", "$") for key, amount in usd.items()}


def in_view(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector, "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    )


class Screens:
    """Screenshots of the main screens, kept only when E2E_SCREENSHOTS names a folder (docs/screens/)."""

    def __init__(self, page, suffix: str):
        folder = os.environ.get("E2E_SCREENSHOTS")
        self.folder = Path(folder) if folder else None
        self.page, self.suffix = page, suffix

    def take(self, name: str, *, full_page: bool = False) -> None:
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(self.folder / f"{name}{self.suffix}.png"), full_page=full_page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_staff_build_fix_invoice_duplicate_and_pay_a_draft_order(live_server, page, viewport):
    # given
    region = RegionFactory(name="Shop US", countries=["us", "ca"])
    RegionFactory(name="Shop EU", currency=currency("eur"), countries=["de"])
    shirt = ProductFactory(title="Shirt")
    ProductVariantFactory(product=shirt, title="Large", sku="SHIRT-L", prices=[("usd", 8000)], inventory_quantity=7)
    ProductVariantFactory(product=ProductFactory(title="Mug"), title="Blue", sku="MUG-B", prices=[("eur", 900)])
    option = ShippingOptionFactory(name="Standard", region=region, amount=1000)
    DiscountFactory(code="TEN", regions=[region])  # 10 % of the discountable lines
    staff = UserFactory(email="staff@example.com", is_superuser=True, api_token="e2e-token")
    page.set_viewport_size(viewport)
    screens = Screens(page, "" if viewport is DESKTOP else "-phone")
    log_in(page, live_server, staff)

    # when: staff start a draft order: the customer first, made in the picker's popup
    page.goto(f"{live_server.url}/staff/draft_orders/draftorder/add/")
    page.select_option("#id_region", region.pk)
    with page.expect_popup() as popup_info:
        page.click("#add_id_customer")
    popup = popup_info.value
    popup.fill("#id_email", "ada@example.com")
    popup.fill("#id_first_name", "Ada")
    popup.fill("#id_last_name", "Lovelace")
    popup.click("input[name=_save]")
    page.wait_for_selector("#id_customer + .select2 .select2-selection__rendered:has-text('ada@example.com')")

    # and the lines: a variant picked by its SKU (its price in the region and its stock shown), and a custom line
    # priced in dollars
    choose_in_autocomplete(page, "id_items-0-variant", "SHIRT", "Shirt / Large / SHIRT-L / $80.00 / 7 in stock")
    page.fill("#id_items-0-quantity", "2")
    add_row(page, 1)
    page.fill("#id_items-1-title", "Gift wrap")
    page.fill("#id_items-1-unit_price", "5.00")
    page.select_option("#id_shipping_option", option.pk)
    page.fill("#id_discounts", "TEN")
    # and the shipping address, folded away, in one of the region's countries; billing stays "same as shipping"
    page.click("summary:has-text('Shipping address')")
    offered = page.eval_on_selector_all(
        "#id_shipping_country_code option[data-region]:not([hidden])", "options => options.map(o => o.value)"
    )
    assert sorted(offered) == ["ca", "us"]
    page.fill("#id_shipping_first_name", "Ada")
    page.fill("#id_shipping_address_1", "1 Main Street")
    page.select_option("#id_shipping_country_code", "us")
    assert page.is_checked("#id_billing_same_as_shipping")
    assert not page.is_visible("fieldset.billing-address")

    # then the summary is live, and says what calculate says for the same draft
    wait_for_summary(page, "$159.00")
    body = {
        "email": "ada@example.com",
        "region_id": region.pk,
        "items": [
            {"variant_id": shirt.variants.get().pk, "quantity": 2},
            {"title": "Gift wrap", "unit_price": 500, "quantity": 1},
        ],
        "shipping_methods": [{"option_id": option.pk}],
        "discounts": [{"code": "TEN"}],
    }
    assert summary_totals(page) == calculated_totals(staff, body)
    assert summary_totals(page) == {
        "subtotal": "$165.00",
        "discount": "-$16.00",
        "shipping": "$10.00",
        "tax": "$0.00",
        "total": "$159.00",
    }
    screens.take("draft-order-add", full_page=True)

    # when: a code the store does not have
    page.fill("#id_discounts", "NOPE")

    # then the refusal is shown next to that field as staff type, and the totals say they are out of date
    refusal = page.wait_for_selector(".live-errors[data-for=id_discounts]")
    assert refusal.inner_text() == "Discounts with code [NOPE] was not found"
    assert page.get_attribute("#draft-order-summary", "data-priced") == "no"
    page.fill("#id_discounts", "TEN")
    page.wait_for_selector(".live-errors[data-for=id_discounts]", state="detached")

    # when: three mistakes, saved at once: a variant with no price in the region, a quantity 0, a price in the
    # European way
    add_row(page, 2)
    choose_in_autocomplete(page, "id_items-2-variant", "MUG", "Mug / Blue / MUG-B")
    page.fill("#id_items-1-quantity", "0")
    add_row(page, 3)
    page.fill("#id_items-3-title", "Card")
    page.fill("#id_items-3-unit_price", "4,50")
    page.click("input[name=_continue]")

    # then all three are shown at once, each on its row, the first in view; nothing is saved
    page.wait_for_selector(".errornote")
    errors = page.eval_on_selector_all(
        "#items-group tbody .errorlist li", "items => items.map(item => item.textContent.trim())"
    )
    assert errors == [
        "Ensure this value is greater than or equal to 1.",
        'Mug / Blue / MUG-B: Cannot generate line item for variant "Blue" without a price',
        "Enter an amount such as 1,234.50.",
    ]
    assert in_view(page, "#content-main form .errorlist")
    assert not DraftOrder.objects.exists()
    screens.take("draft-order-errors")

    # when: staff fix them and save
    page.fill("#id_items-1-quantity", "1")
    page.fill("#id_items-3-unit_price", "4.50")
    page.click("#items-2 .inline-deletelink")  # the rows after it are numbered again
    wait_for_summary(page, "$163.50")
    page.click("input[name=_continue]")

    # then the draft order is saved with the totals the page showed
    page.wait_for_selector(".messagelist .success")
    draft_order = DraftOrder.objects.get()
    cart = draft_order.cart
    assert cart.customer.first_name == "Ada"
    assert (cart.billing_address.address_1, cart.shipping_address.address_1) == ("1 Main Street", "1 Main Street")
    assert cart.billing_address_id != cart.shipping_address_id  # each its own copy
    assert page.inner_text("#draft-order-summary tr[data-total=total] td") == "$163.50"
    screens.take("draft-order-change", full_page=True)

    # when: staff send the invoice
    page.click("a.send-invoice-link")
    page.wait_for_selector("input[name=_send]")
    screens.take("send-invoice")
    page.click("input[name=_send]")

    # then the mail outbox holds it
    page.wait_for_selector(".messagelist .success")
    (sent,) = mail.outbox
    assert sent.to == ["ada@example.com"]
    assert "$163.50" in sent.body

    # when: staff duplicate it
    page.click("a.duplicate-link")
    page.click("input[value='Yes, duplicate']")

    # then they are on the copy
    page.wait_for_selector(".messagelist .success")
    copy = DraftOrder.objects.exclude(pk=draft_order.pk).get()
    assert f"/{copy.pk}/change/" in page.url

    # when: staff change a quantity and, before saving, choose "Mark as paid"
    page.fill("#id_items-0-quantity", "3")
    wait_for_summary(page, "$235.50")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.click("a.mark-paid-link")

    # then they were asked; the edit is saved, and the confirmation shows the new total, not yet paid
    page.wait_for_selector("input[value='Yes, mark as paid']")
    assert "not saved" in asked[0]
    assert "ada@example.com, $235.50" in page.inner_text("#content")
    assert not Order.objects.exists()
    screens.take("mark-paid")

    # when: they confirm
    page.click("input[value='Yes, mark as paid']")

    # then they land on the order, which has the total they confirmed
    page.wait_for_selector("tr[data-total=total]")
    order = Order.objects.get()
    assert re.search(rf"/orders/order/{order.pk}/change/$", page.url)
    assert page.inner_text("tr[data-total=total] td") == "$235.50"
    assert DraftOrder.objects.get(pk=copy.pk).order_id == order.pk
    screens.take("order")

    # and the drafts' list names the customer and links the order
    page.goto(f"{live_server.url}/staff/draft_orders/draftorder/")
    assert page.inner_text(f"#result_list tr:has(input[value='{copy.pk}']) td.field-customer_name") == "Ada Lovelace"
    assert page.inner_text(f"#result_list tr:has(input[value='{copy.pk}']) td.field-order_link") == str(order)
    screens.take("draft-order-list")


def test_mark_as_paid_without_edits_does_not_ask(live_server, page):
    # given: a saved draft order, opened and left as it is
    region = RegionFactory(name="Shop US", countries=["us"])
    wrap = ItemInput(title="Wrap", unit_price=500, quantity=1)
    draft_order = draft_order_create(
        email="bo@example.com", region_id=region.pk, shipping_methods=[], items=[wrap]
    ).draft_order
    staff = UserFactory(email="staff@example.com", is_superuser=True)
    log_in(page, live_server, staff)
    page.goto(f"{live_server.url}/staff/draft_orders/draftorder/{draft_order.pk}/change/")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))

    # when
    page.click("a.mark-paid-link")

    # then straight to the confirmation, which shows the saved total
    page.wait_for_selector("input[value='Yes, mark as paid']")
    assert asked == []
    assert "bo@example.com, $5.00" in page.inner_text("#content")
