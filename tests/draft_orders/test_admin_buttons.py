"""The staff site's "Send invoice" (with its preview) and "Duplicate" buttons on a draft order's page: each asks
first, then runs the service the API runs."""

import html

import pytest
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import mail

from discounts.models import Discount
from draft_orders.models import DraftOrder
from products.models import MoneyAmount
from tests.draft_orders.helpers import create_draft_order, row_counts
from tests.factories import UserFactory
from tests.seed import t1_body

pytestmark = pytest.mark.django_db

DRAFT_ORDERS = "/staff/draft_orders/draftorder/"


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


@pytest.fixture
def draft_order(api, seed) -> dict:
    """2 × $80.00 less 10 %, $10.00 shipping: $154.00."""
    return create_draft_order(api, t1_body(discounts=[{"code": "TEST"}]))


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def page(draft_order_id: str, name: str) -> str:
    return f"{DRAFT_ORDERS}{draft_order_id}/{name}/"


def preview_of(response) -> str:
    """The mail's HTML in the page's preview frame."""
    content = response.content.decode()
    start = content.index('srcdoc="') + len('srcdoc="')
    return html.unescape(content[start : content.index('"', start)])


@pytest.mark.parametrize("paid", [False, True], ids=["open", "completed"])
def test_the_draft_orders_page_has_both_buttons(staff, api, draft_order, paid):
    # given
    if paid:
        api.post(f"/admin/draft-orders/{draft_order['id']}/pay")

    # when
    response = staff.get(f"{DRAFT_ORDERS}{draft_order['id']}/change/")

    # then: the admin quotes the id in its links
    content, quoted = response.content.decode(), quote(draft_order["id"])
    assert f'href="{page(quoted, "send-invoice")}" class="send-invoice-link">Send invoice</a>' in content
    assert f'href="{page(quoted, "duplicate")}" class="duplicate-link">Duplicate</a>' in content
    assert [staff.get(page(quoted, name)).status_code for name in ("send-invoice", "duplicate")] == [200, 200]


def test_send_invoice_previews_the_mail_as_it_will_be_sent_and_sends_nothing(staff, draft_order):
    # when
    response = staff.get(page(draft_order["id"], "send-invoice"))

    # then: the form filled in with the draft order's email and the default subject, the mail's HTML in the frame
    assert response.status_code == 200
    content = response.content.decode()
    subject = f"Invoice #{draft_order['display_id']} from Draft orders"
    assert 'value="oli@test.dk"' in content and f'value="{subject}"' in content
    assert f"Preview: {subject}, to oli@test.dk" in content
    preview = preview_of(response)
    assert "The total due is <strong>$154.00</strong>." in preview
    assert "<td>$144.00</td>" in preview and '<tr data-total="total">' in preview
    assert '<iframe class="invoice-preview" title="The invoice as it will be mailed" sandbox srcdoc=' in content
    assert mail.outbox == []
    assert DraftOrder.objects.get(pk=draft_order["id"]).invoice_sent_at is None


def test_the_preview_page_allows_the_mails_inline_styles_and_nothing_more(staff, draft_order):
    # when
    response = staff.get(page(draft_order["id"], "send-invoice"))

    # then: the staff site's policy, with inline styles for the mail in the (sandboxed) frame
    policy = dict(
        (name, values) for name, *values in (part.split() for part in response["Content-Security-Policy"].split(";"))
    )
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert (policy["script-src"], policy["frame-ancestors"]) == (["'self'"], ["'none'"])


def test_the_preview_shows_what_staff_typed(staff, draft_order):
    # when
    response = staff.post(
        page(draft_order["id"], "send-invoice"),
        {"to": "ap@example.com", "subject": "Your order", "custom_message": "Pay by Friday", "_preview": "Preview"},
    )

    # then
    assert response.status_code == 200
    assert "Preview: Your order, to ap@example.com" in response.content.decode()
    assert '<p class="custom-message">Pay by Friday</p>' in preview_of(response)
    assert mail.outbox == []


def test_send_mails_the_invoice_records_it_and_goes_back_to_the_draft_order(staff, draft_order):
    # when
    response = staff.post(
        page(draft_order["id"], "send-invoice"),
        {"to": "ap@example.com", "subject": "Your order", "custom_message": "Pay by Friday", "_send": "Send"},
    )

    # then
    assert response.status_code == 302
    assert response.url == f"{DRAFT_ORDERS}{draft_order['id']}/change/"
    sent_message = f"The invoice of Draft order #{draft_order['display_id']} is sent to ap@example.com."
    assert messages_of(response) == [sent_message]
    (sent,) = mail.outbox
    assert (sent.to, sent.subject) == (["ap@example.com"], "Your order")
    assert "Pay by Friday" in sent.body and "Total: $154.00" in sent.body
    assert DraftOrder.objects.get(pk=draft_order["id"]).invoice_sent_to == "ap@example.com"
    # and the page says so next time
    again = staff.get(page(draft_order["id"], "send-invoice")).content.decode()
    assert "The last invoice went to ap@example.com on" in again


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"to": "not-an-email"}, "Enter a valid email address."),
        ({"to": ""}, "This field is required."),
    ],
    ids=["bad-email", "no-email"],
)
def test_a_bad_form_is_shown_again_and_nothing_is_sent(staff, draft_order, fields, error):
    # when
    response = staff.post(
        page(draft_order["id"], "send-invoice"), {"to": "oli@test.dk", "subject": "Hi", "_send": "Send", **fields}
    )

    # then
    assert response.status_code == 200
    assert error in response.content.decode()
    assert mail.outbox == []
    assert DraftOrder.objects.get(pk=draft_order["id"]).invoice_sent_at is None


def test_only_the_draft_order_as_previewed_is_sent(staff, api, draft_order):
    # given: previewed, then changed by someone else
    version = DraftOrder.objects.get(pk=draft_order["id"]).version
    api.post(f"/admin/draft-orders/{draft_order['id']}/line-items", {"quantity": 1, "unit_price": 100}, format="json")
    form = {"to": "oli@test.dk", "subject": "Hi", "version": str(version), "_send": "Send"}

    # when
    response = staff.post(page(draft_order["id"], "send-invoice"), form)

    # then: refused, and the page previews the draft order as it is now
    content = response.content.decode()
    assert response.status_code == 200
    assert "The draft order was changed since this page showed it: the preview is now up to date." in content
    assert f'name="version" value="{version + 1}"' in content
    assert "$155.00" in preview_of(response)
    assert mail.outbox == []


def test_a_mail_server_refusal_is_shown_on_the_form(staff, draft_order, settings):
    # given
    settings.EMAIL_BACKEND = "tests.draft_orders.test_send_invoice.RefusingBackend"

    # when
    form = {"to": "oli@test.dk", "subject": "Hi", "_send": "Send"}
    response = staff.post(page(draft_order["id"], "send-invoice"), form)

    # then
    assert response.status_code == 200
    assert "The invoice could not be sent: Connection unexpectedly closed" in response.content.decode()
    assert DraftOrder.objects.get(pk=draft_order["id"]).invoice_sent_at is None


def test_duplicate_asks_first_then_lands_on_the_new_draft_order(staff, draft_order):
    # given
    Discount.objects.filter(code="TEST").update(is_disabled=True)

    # when: the button asks first
    asked = staff.get(page(draft_order["id"], "duplicate"))

    # then
    content = asked.content.decode()
    assert "Yes, duplicate" in content and "2 × test product" in content and "Discount codes: TEST" in content
    assert DraftOrder.objects.count() == 2  # the seeded one and this one

    # when: staff confirm
    response = staff.post(page(draft_order["id"], "duplicate"))

    # then: on the copy's page, told what was dropped
    copy = DraftOrder.objects.exclude(pk__in=["test-draft-order", draft_order["id"]]).get()
    assert response.status_code == 302
    assert response.url == f"{DRAFT_ORDERS}{copy.pk}/change/"
    assert messages_of(response) == [
        f'Draft order #{copy.display_id} is a copy of <a href="{DRAFT_ORDERS}{draft_order["id"]}/change/">'
        f"Draft order #{draft_order['display_id']}</a>.",
        "The discount code TEST is not kept: The discount code TEST is disabled",
    ]
    assert copy.cart.items.count() == 1 and copy.status == "open"


def test_a_refused_duplicate_says_why_and_makes_nothing(staff, draft_order):
    # given
    MoneyAmount.objects.filter(variant_id="test-variant").delete()
    counts = row_counts()

    # when
    response = staff.post(page(draft_order["id"], "duplicate"))

    # then
    assert response.status_code == 302
    assert response.url == f"{DRAFT_ORDERS}{draft_order['id']}/change/"
    assert messages_of(response) == [
        f"Draft order #{draft_order['display_id']} cannot be duplicated: "
        'Cannot generate line item for variant "test variant" without a price'
    ]
    assert row_counts() == counts


def test_staff_who_may_only_view_draft_orders_can_neither_send_nor_duplicate(client, draft_order):
    # given
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_draftorder"))
    client.force_login(viewer)

    # when / then
    for name in ("send-invoice", "duplicate"):
        assert client.post(page(draft_order["id"], name), {"_send": "Send"}).status_code == 403
    assert mail.outbox == []
