"""A member of staff builds a draft order in a real browser, reads its totals and marks it paid."""

import re

import pytest

from draft_orders.models import DraftOrder
from orders.models import Order
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


def choose_in_autocomplete(page, select_id: str, term: str, option_text: str) -> None:
    """Open the select2 box that stands for `<select id=select_id>`, search `term`, pick the result."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", term)
    page.click(f".select2-results__option:has-text('{option_text}')")
    page.wait_for_selector(f"#{select_id} + .select2 .select2-selection__rendered:has-text('{option_text}')")


def test_staff_add_a_draft_order_read_its_totals_and_mark_it_paid(live_server, page):
    # given
    region = RegionFactory(name="Shop US", countries=["us", "ca"])
    RegionFactory(name="Shop EU", currency=currency("eur"), countries=["de"])
    shirt = ProductFactory(title="Shirt")
    ProductVariantFactory(product=shirt, title="Large", sku="SHIRT-L", prices=[("usd", 8000)])
    option = ShippingOptionFactory(name="Standard", region=region, amount=1000)
    DiscountFactory(code="TEN", regions=[region])  # 10 % of the discountable lines
    staff = UserFactory(email="staff@example.com", is_superuser=True)

    # when: staff log in
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_username", staff.email)
    page.fill("#id_password", "secret_password")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")

    # and fill in the add form
    page.goto(f"{live_server.url}/staff/draft_orders/draftorder/add/")
    page.select_option("#id_region", region.pk)
    page.fill("#id_email", "buyer@example.com")
    page.fill("#id_shipping_first_name", "Ada")
    page.fill("#id_shipping_address_1", "1 Main Street")
    page.fill("#id_shipping_city", "Springfield")
    page.select_option("#id_shipping_country_code", "us")
    # then only the chosen region's countries are offered
    offered = page.eval_on_selector_all(
        "#id_shipping_country_code option[data-region]:not([hidden])", "options => options.map(o => o.value)"
    )
    assert sorted(offered) == ["ca", "us"]

    # when: a variant line, picked by its SKU, showing its price in the region
    choose_in_autocomplete(page, "id_items-0-variant", "SHIRT", "Shirt / Large / SHIRT-L / $80.00")
    page.fill("#id_items-0-quantity", "2")
    # and a custom line in a row added with "Add another"
    page.click(".add-row a")
    page.wait_for_selector("#id_items-1-title")
    page.fill("#id_items-1-title", "Gift wrap")
    page.fill("#id_items-1-unit_price", "500")
    page.select_option("#id_shipping_option", option.pk)
    page.fill("#id_discounts", "TEN")
    page.click("input[name=_continue]")

    # then the change page sums it up as money
    page.wait_for_selector("tr[data-total=total]")
    totals = {
        key: page.inner_text(f"tr[data-total={key}] td") for key in ("subtotal", "discount", "shipping", "tax", "total")
    }
    assert totals == {
        "subtotal": "$165.00",
        "discount": "-$16.00",
        "shipping": "$10.00",
        "tax": "$0.00",
        "total": "$159.00",
    }
    lines = page.eval_on_selector_all(
        "tr.invoice-line", "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"
    )
    assert lines == [
        ["Shirt Large", "2", "$80.00", "$16.00", "$144.00"],
        ["Gift wrap", "1", "$5.00", "$0.00", "$5.00"],
    ]

    # when: staff mark it paid, confirming
    page.click("a.mark-paid-link")
    page.click("input[value='Yes, mark as paid']")

    # then the new order is linked from the success message, and it has the draft's total
    message = page.wait_for_selector(".messagelist .success")
    assert re.search(r"Draft order #\d+ is marked as paid: Order #\d+ is placed\.", message.inner_text())
    page.click(".messagelist .success a")
    page.wait_for_selector("tr[data-total=total]")
    assert page.inner_text("tr[data-total=total] td") == "$159.00"
    draft_order = DraftOrder.objects.get()
    assert draft_order.status == DraftOrder.Status.COMPLETED
    assert Order.objects.get().draft_order_id == draft_order.pk
